"""Subtitles (SubRip `.srt`, WebVTT `.vtt`, Bilibili's JSON) read as a timestamped transcript.

A video's captions are often the only transcript of an interview or a press
conference. Saved as `transcript.txt`, they are told apart by their first cue: an
SRT file opens with a cue number and a timing line (`00:00:01,000 --> 00:00:04,000`),
a WebVTT file with `WEBVTT`, Bilibili's (BCC) with a JSON object listing cues of `from`,
`to` and `content`. Their cues become the lines the plain pipeline reads,
one paragraph each, opening with the first cue's time (`[00:00:01]`), so speaker
labels (`主持人：…`), timestamps and the rest are found as in any transcript:
- cues run on into one paragraph; a pause of `PAUSE` seconds, a cue opening
  with a speaker label or another WebVTT voice (`<v 王教授>`) starts the next, and
  so does a sentence's end once a paragraph is `LONG`;
- where neither side of a joint is punctuation (Chinese captions mark a pause
  with a space and no comma), the cues are joined by a space, as within a cue;
- a WebVTT voice is a speaker's label; markup (`<i>`, `<c.yellow>`, word times,
  `{\\an8}`) is dropped and entities (`&amp;`) read;
- bilingual subtitles (a Chinese line and its translation in each cue): the
  translation's lines run on into a paragraph of their own after the Chinese one;
- a line opening with `>>` or a dialogue dash (`- `), another speaker's, starts a
  paragraph (its mark left out: the speaker is not named);
- a line repeating the cue before's last one above a new one, or alone for an
  instant (rolling captions, as YouTube's automatic ones scroll), is read once;
- WebVTT's `NOTE`, `STYLE` and `REGION` blocks are not speech; the words after
  `WEBVTT` on its first line (`WEBVTT - 记者会`) are the title.
"""
from __future__ import annotations

import html
import json
import re

from . import lines as L
from .language import is_english
from .source import NOT_TEXT, Line

TIMING = re.compile(r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3})\s*-->\s*(?P<end>(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3})")
VOICE = re.compile(r"<v(?:\.[^\s<>]*)?\s+(?P<name>[^<>]+)>")
MARKUP = re.compile(r"<[^<>\n]*>|\{\\[^{}\n]*\}")
"""Tags and `{\\an8}`-style codes; neither crosses the next opening, so a line of `<` without `>` is read
in one pass, not a pass from each."""
SENTENCE_END = re.compile(r"[。？！?!…」”』.]$")
JOINT_MARK = re.compile(r"[\s，。？！、；：,.?!;:…—「」『』“”（）()]")
SPEAKER_CHANGE = re.compile(r"(?:>>+\s*|[-–] +)(?=\S)")
"""A caption line's mark that another speaker talks: `>> ` (broadcast captions), a dialogue dash `- `."""
PAUSE = 2.0
"""Seconds of silence between two cues that end a paragraph."""
FLASH = 0.1
"""Seconds below which a cue repeating the line before is the captions scrolling, not a word said again."""
LONG = 200
"""Characters after which a paragraph ends with the next cue that ends a sentence."""


def is_subtitles(body: list[Line]) -> bool:
    """A WebVTT file, an SRT one (a cue number, then a timing line, as its first lines with words), or
    Bilibili's JSON (`is_bcc`)."""
    texts = [line.text.strip() for line in body[:40] if line.text.strip()][:2]
    if texts and (texts[0] == "WEBVTT" or texts[0].startswith(("WEBVTT ", "WEBVTT\t"))):
        return True
    return len(texts) == 2 and texts[0].isdigit() and TIMING.match(texts[1]) is not None or is_bcc(body)


def is_bcc(body: list[Line]) -> bool:
    """Bilibili's subtitles (BCC): a JSON object whose `body` lists cues of `from`, `to` and `content`."""
    opening = "\n".join(line.text for line in body[:40])
    return opening.lstrip().startswith("{") and all(f'"{key}"' in opening for key in ("body", "from", "content"))


class BadCaptions(ValueError):
    """Captions that cannot be read, at a line of the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class Cue:
    __slots__ = ("start", "end", "voice", "texts", "line")

    def __init__(self, start: float, end: float, line: int) -> None:
        self.start, self.end, self.line = start, end, line
        self.voice = ""
        self.texts: list[str] = []


def blocks(body: list[Line]) -> list[list[Line]]:
    """The file's runs of lines with words, as blank lines part them."""
    found: list[list[Line]] = [[]]
    for line in body:
        if line.text.strip():
            found[-1].append(line)
        elif found[-1]:
            found.append([])
    return [block for block in found if block]


def bcc_cues(body: list[Line]) -> list[Cue]:
    """The cues of Bilibili's JSON, each at the line its `content` stands on (all on one line, as the
    files mostly are, or one a line, pretty-printed)."""
    try:
        data = json.loads("\n".join(line.text for line in body))
    except json.JSONDecodeError as err:
        raise BadCaptions(body[0].number + err.lineno - 1, f"is not valid JSON ({err.msg})") from None
    items = data.get("body") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise BadCaptions(body[0].number, 'Bilibili subtitles hold a "body" list of cues')
    lines = [line.number for line in body for _ in range(line.text.count('"content"'))]
    found: list[Cue] = []
    for n, item in enumerate(items):
        start, end, content = item.get("from"), item.get("to"), item.get("content")
        at = lines[n] if n < len(lines) else body[0].number
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (start, end)) \
                or not isinstance(content, str):
            raise BadCaptions(at, f"cue {n + 1} needs a number `from`, a number `to` and a text `content`")
        if found_control := NOT_TEXT.search(content):  # written as an escape (\u0000), which the file's check let by
            raise BadCaptions(at, f"cue {n + 1} holds the character U+{ord(found_control.group()):04X}, a control "
                                  "character or noncharacter that no page may hold; remove it")
        cue = Cue(float(start), float(end), at)
        words_of(cue, [Line(at, part) for part in content.splitlines()])
        found.append(cue)
    return found


def cues(body: list[Line]) -> list[Cue]:
    """Each cue with its times, its voice and its lines of words, in order. What stands before a cue's
    timing line is its number or id; a block without one is WebVTT's header or a NOTE, STYLE or REGION
    block, or, after a cue, more of its words (a stray blank line inside it)."""
    if is_bcc(body):
        return [cue for cue in bcc_cues(body) if cue.texts]
    found: list[Cue] = []
    for block in blocks(body):
        at, timing = next(((i, m) for i, line in enumerate(block) if (m := TIMING.match(line.text))), (None, None))
        if timing is None:
            first = block[0].text.strip()
            if not found or first.startswith(("WEBVTT", "STYLE", "REGION")) or re.match(r"NOTE(\s|$)", first):
                continue
            words_of(found[-1], block)
            continue
        found.append(Cue(L.seconds(timing["start"]), L.seconds(timing["end"]), block[at].number))
        words_of(found[-1], block[at + 1:])
    shown = ""  # the last line on screen: rolling captions show it again above the next one
    for cue in found:
        while len(cue.texts) > 1 and cue.texts[0] == shown:
            cue.texts.pop(0)
        if cue.texts == [shown] and cue.end - cue.start < FLASH:
            cue.texts = []  # the same line alone for an instant, as the captions scroll
        shown = cue.texts[-1] if cue.texts else shown
    return [cue for cue in found if cue.texts]


def words_of(cue: Cue, lines: list[Line]) -> None:
    """Add the lines' words to the cue, without markup; its voice is the first named."""
    for line in lines:
        if voice := VOICE.search(line.text):
            cue.voice = cue.voice or voice["name"].strip()
        words = " ".join(html.unescape(MARKUP.sub("", line.text)).split())
        if words:
            cue.texts.append(words)


def joint(before: str, after: str) -> str:
    """What joins two runs of captions: a space where neither side of the joint is punctuation."""
    if not before:
        return ""
    if before[-1] < "\x80" and after[0] < "\x80":
        return " "  # English: `sister,` and `once`
    if JOINT_MARK.match(before[-1]) or JOINT_MARK.match(after[0]):
        return L.separator(before, after, False)
    return " "


def stamp(seconds: float) -> str:
    whole = int(seconds)
    return f"[{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}]"


def runs(cue: Cue) -> list[tuple[str, str, bool]]:
    """The cue's lines joined, cut where a line marks another speaker (`>>` in broadcast captions, a
    dialogue dash `- `; the mark left out): each run's Chinese, its lines in another language where the
    cue holds both (bilingual subtitles, a translation under each line: a line the page marks English,
    `language.is_english`), and whether it opens so."""
    bilingual = any(L.HAN_CHAR.search(line) for line in cue.texts) and any(map(is_english, cue.texts))
    found: list[list] = []
    for line in cue.texts:
        mark = SPEAKER_CHANGE.match(line)
        words = line[mark.end():] if mark else line
        if mark or not found:
            found.append(["", "", bool(mark)])
        side = 1 if bilingual and is_english(words) else 0
        found[-1][side] += joint(found[-1][side], words) + words
    return [(words, other, changed) for words, other, changed in found if words or other]


class Paragraph:
    """Captions run on into one paragraph, and their translation into another (bilingual subtitles): the
    pieces of each, joined once at the end (a long paragraph stays linear)."""

    __slots__ = ("pieces", "others", "size", "start", "line")

    def __init__(self, text: str, other: str, start: float, line: int) -> None:
        self.pieces, self.others, self.start, self.line = [], [], start, line
        self.size = 0
        self.add(text, other)

    def add(self, text: str, other: str = "") -> None:
        for pieces, words in ((self.pieces, text), (self.others, other)):
            if words:
                pieces.append(joint(pieces[-1] if pieces else "", words) + words)
                self.size += len(pieces[-1])

    def ended(self) -> bool:
        """Long enough to end with a sentence, or far too long for a paragraph whatever its end
        (captions without punctuation)."""
        last = (self.pieces or self.others)[-1]
        return self.size >= LONG and SENTENCE_END.search(last) is not None or self.size >= 4 * LONG

    def lines(self) -> list[Line]:
        return [line for pieces in (self.pieces, self.others) if pieces
                for line in (Line(self.line, f"{stamp(self.start)} {''.join(pieces)}"), Line(self.line, ""))]


def as_lines(body: list[Line]) -> tuple[list[Line], list[str]]:
    """The cues as the lines of a plain transcript (a paragraph a line, with a blank line between), each
    numbered as its first cue's timing line; and the voices, which are speakers."""
    out: list[Line] = []
    voices: dict[str, None] = {}  # in order of first word, each once (a dict: no list scanned per cue)
    paragraph: Paragraph | None = None
    speaking = ""  # the voice of the turn being written
    last_end = 0.0
    header = next((line for line in body if line.text.strip()), None)
    if header and header.text.startswith("WEBVTT") and (title := header.text[6:].strip(" \t-–—:：")):
        out += [Line(header.number, f"# {title}"), Line(header.number, "")]  # `WEBVTT - 记者会`: its title
    for cue in cues(body):
        for text, other, changed in runs(cue):
            labelled = bool(text) and L.label_candidate(text) is not None
            new_voice = bool(cue.voice) and cue.voice != speaking
            if new_voice:
                speaking = cue.voice
                if text and not labelled:
                    text = f"{cue.voice}：{text}"
                elif not text:
                    other = f"{cue.voice}：{other}"  # a cue of the translation alone: its voice is still the speaker
                voices.setdefault(cue.voice)
            elif labelled:
                speaking = ""  # the words name their speaker now
            if (paragraph is None or new_voice or labelled or changed or cue.start - last_end >= PAUSE
                    or paragraph.ended()):
                out += paragraph.lines() if paragraph else []
                paragraph = Paragraph(text, other, cue.start, cue.line)
            else:
                paragraph.add(text, other)
            last_end = cue.start
        last_end = cue.end
    return out + (paragraph.lines() if paragraph else []), list(voices)
