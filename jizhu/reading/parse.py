"""Raw transcript text to a `Transcript`: no I/O, no hand markup needed.

The pipeline, in order, each step one pass over the lines:
1. take the Markdown and HTML apart (`markup.sources`): media, comments, quotes;
2. find the speaker labels the text uses (`lines.find_speakers`);
3. classify lines and rejoin hard-wrapped ones into logical lines (`logical_lines`);
4. split the preamble (cast, intro, headline, key points) from the body;
5. cut the body into sections, turns and question–answer pairs, and give
   every piece its id.
A CHAT file (`@Begin`, `*XXA:` utterances) is read by `chat.py` into the same
logical lines and goes through steps 4 and 5; subtitles (SRT, WebVTT) are read by
`subtitles.py` into the lines of a timestamped transcript, which go through them all.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from . import lines as L
from .language import mark_languages
from .markup import Source, inline, sources
from ..errors import ContentError, Problem
from .aliases import aliases, titled_mention
from .model import Alias, FrontMatter, Inline, KeyPoints, Media, Pair, Paragraph, Role, Section, Skipped, Transcript, Turn
from .source import TIME_OF_DAY, Line, date_of_byline, date_of_dateline, date_of_field, date_of_title, read_lines
from .spans import bracketed_notes, take_links



@dataclass(slots=True)
class Logical:
    """A paragraph-sized line after hard-wrap repair, or a structural line.

    kind: "text", "label", "section", "part" (a part marker in parentheses, which
    may divide a turn), "title", "legend", "marker", "note", "media" or "caption" (a line in
    emphasis that heads what follows, `**总结：…**`: it ends the turn before it).
    """

    kind: str
    text: str
    line: int
    label: L.Label | None = None
    number: str = ""
    depth: int = 0
    """A Markdown heading's number of `#` marks; 0 for other sections."""
    time: float | None = None
    media: Media | None = None
    pieces: list[str] = field(default_factory=list)
    """Hard-wrapped pieces still to be joined onto `text` (joined once, at the end)."""
    spaced: bool = False
    """The paragraph so far spaces Latin from Han somewhere (see `lines.join_wrapped`)."""
    spans: list[Inline] = field(default_factory=list)
    """Links and bracketed notes in the words, found once the paragraph is whole (`clean`)."""
    field: str = ""
    """A record header's field's kind ("when" or "where": `時間：…`, `header`): never the headline."""

    def add(self, piece: str) -> None:
        tail = self.pieces[-1] if self.pieces else self.content
        if not self.pieces:
            self.spaced = bool(L.SPACED_MIX.search(tail))
        self.spaced = self.spaced or bool(L.SPACED_MIX.search(piece))
        self.pieces.append(L.separator(tail, piece, self.spaced) + piece)
        self.spaced = self.spaced or bool(L.SPACED_MIX.search(tail[-2:] + self.pieces[-1][:3]))

    @property
    def content(self) -> str:
        """The words: a label's text after its colon, or the line itself."""
        return self.label.rest if self.kind == "label" and self.label else self.text

    def finish(self) -> None:
        if not self.pieces:
            return
        joined = self.content + "".join(self.pieces)
        self.pieces = []
        if self.kind == "label" and self.label:
            self.label = L.Label(self.label.name, joined, self.label.family)
        else:
            self.text = joined


def parse_file(path: Path, slug: str | None = None) -> Transcript:
    meta, body = read_lines(path)
    return parse(body, meta, path, slug or path.parent.name)


def parse_text(text: str, path: Path = Path("transcript.txt"), slug: str = "transcript") -> Transcript:
    """Parse text already in memory (tests, `parse` on stdin); front matter included."""
    from .source import split_front_matter
    lines = [Line(n, t.rstrip()) for n, t in enumerate(text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n"), 1)]
    meta, body = split_front_matter(lines, path)
    if not any(line.text for line in body):
        raise ContentError.at(path, 1, "the transcript is empty")
    return parse(body, meta, path, slug)


def spoken_by(name: str, logical: list[Logical]) -> list[Logical]:
    """A transcript of one speaker that front matter names and the text never labels (a speech, a
    lecture, one person's captions): the first paragraph, and the first after each section heading,
    opens their turn, which the paragraphs after it continue."""
    out: list[Logical] = []
    opening = True
    for x in logical:
        if x.kind == "section":
            opening = True
        elif x.kind == "text" and opening:
            x.finish()
            x = Logical("label", x.text, x.line, label=L.Label(name, x.text, "declared"), time=x.time, spans=x.spans)
            opening = False
        out.append(x)
    return out


def parse(body: list[Line], meta: FrontMatter, path: Path, slug: str) -> Transcript:
    from . import chat, heads, runon, subtitles, unlabelled
    skipped: list[Skipped] = []
    read_as = ""
    captions = False
    lines: list[Source] = []  # the text's lines, but a chat's
    merged: list[Alias] = []
    if chat.is_chat(body):
        logical, speakers, chat_meta = chat.logical_lines(body, path)
        roles_default: dict[str, Role] = {name: "other" for name in speakers}  # a conversation has no pairs
        meta = chat.merged(meta, chat_meta)
    else:
        voices: list[str] = []
        if captions := subtitles.is_subtitles(body):  # their cues as timestamped paragraphs
            first = next(line.number for line in body if line.text.strip())
            try:
                body, voices = subtitles.as_lines(body)
            except subtitles.BadCaptions as err:
                raise ContentError.at(path, err.line, str(err)) from None
            if not body:
                raise ContentError.at(path, first, "these captions hold no cue with words")
        lines = sources(body if captions else runon.unrun(body))
        if not captions:
            heads.join_numbered_heads(lines)
        L.read_labels(lines)
        speakers = with_titled_mentions(lines, L.find_speakers(lines, list(meta.speakers) + voices))
        roles_default = {}
        if not captions and (read := unlabelled.reading(lines, speakers, meta.speakers)):
            speakers, roles_default, read_as = read.speakers, read.roles, read.how
        logical = logical_lines(lines, set(speakers), skipped, paged=not captions)
        called = [(c.name, c.called) for line in lines if isinstance(c := line.candidate, L.Label) and c.called]
        merged = merge_aliases(logical, speakers, set(meta.speakers), called)
        speakers = [name for name in speakers if name not in {a.label for a in merged}]
        if len(meta.speakers) == 1 and not any(x.kind == "label" for x in logical):
            logical = spoken_by(next(iter(meta.speakers)), logical)
    logical = opening_headings_as_text(without_title_again(logical, skipped))
    logical, (clipped_url, publisher) = without_clipped_source(logical, skipped)
    if clipped_url:  # what front matter says of the source comes first
        meta = replace(meta, source_url=meta.source_url or clipped_url, source=meta.source or publisher)
    logical = without_further_reading(logical, skipped)
    logical, dated = without_dateline(logical, skipped)
    if not meta.date and dated:
        meta = replace(meta, date=dated)
    title = meta.title or next((x.text for x in logical[:first_turn(logical)] if x.kind == "title"), "")
    logical, opening_day = without_opening_dateline(logical, skipped, bool(title))
    start = first_turn(logical)
    cast = [x for x in logical if x.kind == "legend"]
    preamble = [x for x in logical[:start] if x.kind in ("text", "note", "media", "caption")]
    headline, intro, key_points, lead_in = split_preamble(preamble)
    # the title shown, a headline's where there is no other (`2017年12月6日外交部发言人…主持例行记者会`)
    if not meta.date and (day := date_of_title(title or (headline.text if headline else ""))):
        meta = replace(meta, date=day)
    if not meta.date and (day := next(filter(None, (field_day(x) for x in preamble if x.kind == "text")), "")):
        meta = replace(meta, date=day)  # a record's header: `時　　間：中華民國113年3月4日（星期一）…`
    if not meta.date and opening_day:
        meta = replace(meta, date=opening_day)
    sections = build_sections(logical[start:], {**roles_default, **meta.speakers}, path)
    if not sections:
        first_text = next(line.number for line in body if line.text)
        if captions:
            raise ContentError.at(path, first_text, "these captions name no speaker: open the cue where each "
                                                         "speaker starts with `名字：` (WebVTT: `<v 名字>`); for "
                                                         "one speaker, naming them in front matter is enough "
                                                         '(`speakers = { "名字" = "other" }`)')
        raise ContentError.at(path, first_text, "no speaker turns found: label each turn as `名字:` or "
                                                     "`### 名字：`, or set an interview's questions in bold "
                                                     "(`**…？**`) or number them (`1. …？`); for one speaker, "
                                                     "naming them in front matter "
                                                     'is enough (`speakers = { "名字" = "other" }`)'
                                                     + unlabelled.names_alone_hint(lines))
    spoken = {t.speaker for s in sections for t in s.turns}
    transcript = Transcript(
        slug=slug, path=path, meta=meta,
        title=title or (headline.text if headline else "") or slug,
        headline=headline, intro=intro, key_points=key_points, lead_in=lead_in,
        sections=sections, speakers=[name for name in speakers if name in spoken],
        cast=[Paragraph(f"c{n:02d}", x.text, x.line) for n, x in enumerate(cast, 1)],
        skipped=skipped, aliases=merged, read_as=read_as,
    )
    mark_languages(transcript)
    return transcript


def field_day(x: Logical) -> str:
    """The day a record's header field opens with (`時　　間：中華民國113年3月4日…`, `訪談時間：2024年3月4日上午`),
    or ""."""
    if day := date_of_field(x.text):
        return day
    return date_of_title(L.field_value(x.text)) if x.field == "when" else ""


def with_titled_mentions(lines: list[Source], speakers: list[str]) -> list[str]:
    """The speakers, and each label that names someone with an office first (`主持人 寿小丽`) where
    other turns are labelled by the name alone (`寿小丽`), with that name: together they recur, though
    each may be seen once. In order of first use; `merge_aliases` reads the two as one speaker."""
    labels = dict.fromkeys(line.candidate.name for line in lines if isinstance(line.candidate, L.Label))
    known = set(speakers)
    for name in labels:
        if core := titled_mention(name, labels):
            known |= {name, core}
    return [name for name in labels if name in known]


def without_dateline(logical: list[Logical], skipped: list[Skipped]) -> tuple[list[Logical], str]:
    """The lines without a dateline closing the text, and its day: a press release ends with when it
    was said (`2016年6月21日（星期二）` / `香港時間11時05分`, wrapped into one line), which is no
    one's words; it dates the transcript as front matter would. `check` lists it."""
    end = len(logical)
    while end and logical[end - 1].kind == "time":
        end -= 1
    start = end - 1
    if start > 0 and logical[start].kind == "text" and TIME_OF_DAY.fullmatch(logical[start].text.strip()):
        start -= 1  # the time on a line of its own
    first = logical[start] if start >= 0 else None
    day = date_of_dateline(first.text) if first is not None and first.kind == "text" else ""
    if not day:
        return logical, ""
    for x in logical[start:end]:
        skipped.append(Skipped(x.line, x.text, f"a dateline closing the text: read as the date, {day}"))
    return logical[:start] + logical[end:], day


FURTHER_READING = frozenset(("更多閱讀", "更多阅读", "延伸閱讀", "延伸阅读", "推薦閱讀", "推荐阅读", "相關閱讀", "相关阅读",
                             "往期推薦", "往期推荐", "往期回顧", "往期回顾", "大家都在看", "熱門推薦", "热门推荐", "猜你喜歡",
                             "猜你喜欢", "精彩推薦", "精彩推荐"))
"""Reviewed: the headings an article's list of other articles ends the page under (further reading, related,
past issues, what everyone reads, you may like): the page's, not the transcript's."""


def without_further_reading(logical: list[Logical], skipped: list[Skipped]) -> list[Logical]:
    """The lines without the list of other articles a page ends with, after the last turn: from a line of
    one of `FURTHER_READING`'s headings to the end, where every line after it is short (a title, a link, a
    picture, an account's card: twice a headline's length at most, or mostly a link), none a turn. `check`
    lists its first line."""
    start = first_turn(logical)
    for i in range(len(logical) - 1, start, -1):
        x = logical[i]
        if x.kind == "label" or x.kind != "media" and len(x.text) > 2 * L.HEADLINE_MAX and not mostly_link(x):
            return logical
        if x.kind == "text" and x.text.strip(" *_") in FURTHER_READING and i + 1 < len(logical):
            skipped.append(Skipped(x.line, x.text, f"a page's list of other articles, {len(logical) - i - 1} lines "
                                                   "after it: left out"))
            return logical[:i]
    return logical


def mostly_link(x: Logical) -> bool:
    """A paragraph most of whose words are links' (`[对话李小华：设计的十年](https://…)`)."""
    return sum(s.end - s.start for s in x.spans if s.kind == "link") * 2 >= len(x.text)


def without_title_again(logical: list[Logical], skipped: list[Skipped]) -> list[Logical]:
    """The lines without a heading opening the body that says the title again, word for word (a read-later
    app's export writes a saved page's title twice); `check` lists it."""
    start = first_turn(logical)
    title = next((x.text for x in logical[:start] if x.kind == "title"), None)
    if title is None or start == len(logical) or logical[start].kind != "section" or logical[start].text != title:
        return logical
    skipped.append(Skipped(logical[start].line, logical[start].text, "the title again: left out"))
    return logical[:start] + logical[start + 1:]


def opening_headings_as_text(logical: list[Logical]) -> list[Logical]:
    """The logical lines, where headings open the body one straight after another, each but the last read
    as the introduction's text: a page's own heading or credits set as one (`#### 对谈 | 庞颖×詹青云`) above
    its first section's, with nothing under it, is no section. Later, such a heading is still an error."""
    start = first_turn(logical)
    while start + 1 < len(logical) and logical[start].kind == "section" and logical[start + 1].kind == "section":
        logical[start] = Logical("text", logical[start].text, logical[start].line)
        start += 1
    return logical


def without_clipped_source(logical: list[Logical], skipped: list[Skipped]) -> tuple[list[Logical], tuple[str, str]]:
    """The lines without the first line before the first turn that opens with a link whose words are its own
    address's host, then names the publisher (`[mp.weixin.qq.com](https://mp.weixin.qq.com/s/…)晚点团队`), as
    a read-later app heads a saved page; and that link and those words, the source. `check` lists it."""
    for i in range(first_turn(logical)):
        x = logical[i]
        link = x.spans[0] if x.kind == "text" and x.spans else None
        if link is None or link.kind != "link" or link.start != 0 or not link.href.startswith(("http://", "https://")):
            continue
        if x.text[:link.end] == urlsplit(link.href).hostname:
            skipped.append(Skipped(x.line, x.text, "a saved page's address and publisher: read as the source"))
            return logical[:i] + logical[i + 1:], (link.href, x.text[link.end:].strip())
    return logical, ("", "")


def first_turn(logical: list[Logical]) -> int:
    """Where the preamble ends: the first label, section or part, else the end."""
    return next((i for i, x in enumerate(logical) if x.kind in ("label", "section", "part")), len(logical))


def without_opening_dateline(logical: list[Logical], skipped: list[Skipped], titled: bool) -> tuple[list[Logical], str]:
    """The lines without the first line before the first turn that says nothing but when, under a headline
    or a title (`2024年5月3日` under a news interview's headline), or a header's field giving only the day
    (`日期：2024年5月3日`), or a WeChat article's byline (`原创 程曼祺 晚点LatePost 2024年03月21日 08:00`), and its
    day: the page shows the date once, in its place. A first line with no title above it is the headline (a
    day may be all it says), but a byline. `check` lists it."""
    texts = [i for i in range(first_turn(logical)) if logical[i].kind == "text"]
    for n, i in enumerate(texts):
        field = logical[i].field == "when"
        if (titled or n or logical[i].field) \
                and (day := date_of_dateline(L.field_value(logical[i].text) if field else logical[i].text)):
            what = "a header's field of only a day" if field else "a line of only a day before the first turn"
        elif day := date_of_byline(logical[i].text):  # never the headline
            what = "a WeChat article's byline (原创, the author and the account, the day)"
        else:
            continue
        skipped.append(Skipped(logical[i].line, logical[i].text, f"{what}: read as the date, {day}"))
        return logical[:i] + logical[i + 1:], day
    return logical, ""


def merge_aliases(logical: list[Logical], speakers: list[str], declared: set[str],
                  called: list[tuple[str, str]] = ()) -> list[Alias]:
    """Read each label that names a speaker already named otherwise as that speaker (`aliases.py`); `called`:
    labels and what the text calls each below (`訪問者（以下簡稱「問」）`: 訪問者, 問)."""
    first_line: dict[str, int] = {}
    for x in logical:
        if x.kind == "label" and x.label:
            first_line.setdefault(x.label.name, x.line)
    found = aliases(sorted(first_line, key=first_line.__getitem__), [x.text for x in logical if x.kind == "legend"],
                    declared, first_line, called)
    speaker_of = {a.label: a.speaker for a in found}
    for x in logical:
        if x.kind == "label" and x.label and x.label.name in speaker_of:
            x.label = L.Label(speaker_of[x.label.name], x.label.rest, x.label.family)
    return found


def logical_lines(lines: list[Source], speakers: set[str], skipped: list[Skipped], paged: bool = True) -> list[Logical]:
    """Classify lines and rejoin hard wraps.

    Two layouts exist in the wild: one paragraph per line (news sites), and
    paragraphs separated by blank lines (Markdown). In the first, only a line
    that stops on a Latin letter or digit continues on the next ("RTX" / "Pro");
    in the second, adjacent text lines always belong together. A third is a copy of
    a page (a PDF): where `paged` may be so and lines are cut at one width
    (`lines.wrap_width`), a line running to it mid-sentence goes on in the next, and a
    line of a page's number is left out.
    """
    blank_separated = uses_blank_lines(lines, speakers)
    width = L.wrap_width(lines) if paged else 0
    previous_cut = False
    quotes_hold_speech = blockquotes_hold_speech(lines, speakers)
    repeated = Counter(line.text for line in lines if line.text and L.part_marker(line.text))
    # the label styles the file uses: a one-off `名字：` in one of them is worth a look in `check`
    styles = {label.family for line in lines if (label := L.spoken_label(line, speakers))}
    styles.add("heading")
    opens_part = before_structure(lines, speakers)
    opens_turns = before_label(lines, speakers)
    fields = header(lines, speakers)
    out: list[Logical] = []
    previous_blank = True
    opening = True  # no turn yet: where a legend line stands
    titled = False  # a title line came: a header's title field is then the header's, not the title
    pending_time: float | None = None
    for index, line in enumerate(lines):
        if not line.text and not line.media:
            previous_blank = True
            continue
        if width and L.PAGE_NUMBER.fullmatch(line.text):
            skipped.append(Skipped(line.number, line.text, "a page's number, as a copy of a PDF has: left out"))
            continue  # the words cut there go on after it
        if not line.media and (L.is_navigation(line.text) if opening else L.links_only(line.text)):
            skipped.append(Skipped(line.number, line.text, "a web page's navigation, copied with the text: left out"))
            continue
        if index in fields:
            x = header_line(line, fields[index], titled, speakers, skipped)
        else:
            x = classify(line, speakers, first=not out, opening=opening, skipped=skipped, styles=styles)
        if x.kind == "text" and opens_turns[index] and (numbered := L.chinese_section(line.words)):
            x = Logical("section", inline(numbered[1]), line.number, number=numbered[0], depth=0)
        if x.kind == "time":  # a timestamp on a line of its own belongs to what follows it
            pending_time, previous_blank = x.time, True
            continue
        if pending_time is not None and x.time is None and x.kind in ("text", "label", "note", "media"):
            x.time = pending_time
        pending_time = None
        opening = opening and x.kind != "label"
        titled = titled or x.kind == "title"
        # A parenthesized line said again and again (`（與會者皆無意見）`), inside speech written as
        # blockquotes, or standing unquoted amid a turn's text (`（眾人笑）`) is a stage note, not a heading.
        if x.kind == "part" and (repeated[line.text] > 1 or (quotes_hold_speech and line.quoted)
                                 or (not line.quoted and not opens_part[index])):
            x.kind, x.text = "note", line.text
        last = out[-1] if out else None
        if x.kind == "text" and last and last.kind in ("text", "label") and not previous_blank and not line.item \
                and not L.link_heading(line.text) \
                and (last.content or last.pieces) and x.time is None \
                and (blank_separated or previous_cut or L.ends_open(last.pieces[-1] if last.pieces else last.content)):
            last.add(x.text)  # a wrapped line; after a heading-style label the text stands on its own
        else:
            if last:
                last.finish()
            out.append(x)
        previous_blank = False
        previous_cut = L.cut_at(line.text, width)
    if out:
        out[-1].finish()
    numbered_lists(out, lines)
    # a line of markup only (`**`, `<u></u>`) leaves no words: nothing to publish
    out = [clean(x, speakers, skipped) for x in out]
    return [x for x in out if x.text or x.kind not in ("text", "note", "title", "section", "part")]


def numbered_lists(logical: list[Logical], lines: list[Source]) -> None:
    """Numbered lines one straight after another from 1 (`1.降低成本` then `2.提高效率`: a list of points in
    an answer, or of an editor's remarks before the text) are text, each its own paragraph, not sections with
    nothing under them. A run that goes on from the sections before it (`02 空的` then `03 再來`) is sections."""
    listed: set[int] = set()
    run: list[Logical] = []
    for x in logical + [Logical("text", "", 0)]:
        if run and numbered_heading(x) and int(x.number) == int(run[-1].number) + 1:
            run.append(x)
            continue
        if len(run) >= 2:
            listed |= {id(item) for item in run}
        run = [x] if numbered_heading(x) and int(x.number) == 1 else []
    if not listed:
        return
    words: dict[int, str] = {}  # each heading's line as written: the first piece of a line `runon` cut apart
    for line in lines:
        words.setdefault(line.number, line.words)
    for index, x in enumerate(logical):
        if id(x) in listed:
            logical[index] = Logical("text", words[x.line], x.line, time=x.time)


def numbered_heading(x: Logical) -> bool:
    return x.kind == "section" and x.depth == 0 and x.number.isdigit()


def header(lines: list[Source], speakers: set[str]) -> dict[int, str]:
    """The lines (by index) of a record's header, with each one's kind of field (`lines.header_field`): runs
    of field lines, blank lines between them, before the first turn. A run counts when one of its fields
    labels no turn: `記者：林小華` then says who the reporter is, while `主持人：…` then `嘉賓：…`, both
    speakers', may be the first turns."""
    found: dict[int, str] = {}
    run: dict[int, str] = {}

    def close() -> None:
        if any(lines[i].candidate.name not in speakers for i in run):
            found.update(run)
        run.clear()
    for index, line in enumerate(lines):
        if not line.text:
            continue
        label = line.candidate
        kind = L.header_field(label) if isinstance(label, L.Label) and not line.media else None
        if kind is None:
            close()
            if L.spoken_label(line, speakers):
                break  # the first turn
            continue
        run[index] = kind
    close()
    return found


def header_line(line: Source, kind: str, titled: bool, speakers: set[str], skipped: list[Skipped]) -> Logical:
    """A header's line: the title (`標題：…`, where no title came before), the cast (who is recorded, and by
    whom), or text (when and where: the intro shows it, the date is read from it, it is never the headline).
    A line of the cast whose field labels turns too is listed by `check`: it opens no turn."""
    label = line.candidate
    assert isinstance(label, L.Label)
    if kind == "title" and not titled:
        return Logical("title", inline(label.rest), line.number)
    if kind == "people":
        if label.name in speakers:
            skipped.append(Skipped(line.number, line.words, f"a header line naming who {label.name} is: "
                                                            "shown with the cast, not a turn"))
        return Logical("legend", inline(line.words), line.number)
    return Logical("text", line.words, line.number, field=kind)


def clean(x: Logical, speakers: set[str], skipped: list[Skipped]) -> Logical:
    """Inline markup off the words, once the paragraph is whole; links and bracketed notes in
    speech and notes become spans (a link that may not be published keeps its words, for `check`)."""
    if x.kind not in ("text", "label", "note", "caption"):
        x.text = inline(x.text)
        return x
    links: list[str] = []
    words, x.spans, refused = take_links(inline(x.content, links), links)
    skipped += [Skipped(x.line, x.content[:60], f"{why}: shown as its words") for why in refused]
    if x.kind in ("text", "label"):
        x.spans = sorted(x.spans + bracketed_notes(words, speakers, x.spans))
    if x.kind == "label" and x.label:
        x.label = L.Label(x.label.name, words, x.label.family)
    else:
        x.text = words
    return x


def classify(line: Source, speakers: set[str], first: bool, opening: bool, skipped: list[Skipped],
             styles: frozenset[str] | set[str] = frozenset()) -> Logical:
    """What one line is; `first` when nothing came before it (a `# title` there is the title),
    `opening` when no turn came before it (a legend of who the speakers are stands there)."""
    if line.media:
        return Logical("media", line.text, line.number, media=line.media)
    time, text = line.time, line.words
    if not text.strip():
        return Logical("time", "", line.number, time=time)
    if line.underline:
        return Logical("title" if first and line.underline == "=" else "section", inline(text), line.number)
    if label := L.spoken_label(line, speakers):
        if L.TIMES_ONLY.match(label.rest) or not label.rest and time is not None \
                and label.family not in ("heading", "alone"):
            # `**Jingle:** [52:00] to [52:16]`: the first time is the marker's, the rest stays as written
            rest_time, after = L.take_time(label.rest)
            return Logical("marker", f"{label.name} {after}".strip(), line.number,
                           time=time if time is not None else rest_time)
        if opening and L.is_legend(label):
            return Logical("legend", inline(text), line.number)
        rest_time, rest = L.take_time(label.rest)
        label = L.Label(label.name, rest, label.family)
        return Logical("label", text, line.number, label=label, time=time if time is not None else rest_time)
    if isinstance(candidate := line.candidate, L.Label) and L.is_caption(candidate):
        skipped.append(Skipped(line.number, text, "a word and a title, all in emphasis, and never a turn: "
                                                  "read as a caption"))
        return Logical("caption", text, line.number, time=time)
    if isinstance(candidate, L.Label) and candidate.family in styles:
        why = "label seen only once" if candidate.family != "heading" else "the only heading label in the file"
        skipped.append(Skipped(line.number, text, f"{why}: read as {'a section' if text.startswith('#') else 'text'}"))
    if first and (title := L.markdown_title(text)):
        return Logical("title", inline(title), line.number)
    if link := L.link_heading(text):
        return Logical("text", link, line.number, time=time)
    if heading := L.section_heading(text):
        depth = len(text) - len(text.lstrip("#"))
        return Logical("section", inline(heading[1]), line.number, number=heading[0], depth=depth)
    if title := L.part_marker(text):
        return Logical("part", inline(title), line.number)
    if L.is_aside(text.replace("\\[", "[").replace("\\]", "]")):
        return Logical("note", text, line.number, time=time)
    if text.startswith("#"):
        skipped.append(Skipped(line.number, text, "a heading mark with no title: read as text"))
    if line.item:
        text = "• " + re.sub(r"^[-+*]\s+", "", text) if text[0] in "-+*" else text  # numbered items keep their number
    return Logical("text", text, line.number, time=time)


def uses_blank_lines(lines: list[Source], speakers: set[str]) -> bool:
    """True when paragraphs are separated by blank lines, as in Markdown.

    Markdown-style labels (`### 唐鳳：`) with blank lines settle it; otherwise
    most neighbouring text lines must have a blank line between them.
    """
    adjacent = separated = 0
    markdown_labels = blanks = False
    previous: str | None = None  # kind of the previous non-blank line, "" after a blank
    for line in lines:
        text = line.text
        if not text:
            blanks = True
            previous = "" if previous is not None else None
            continue
        label = line.candidate
        markdown_labels |= isinstance(label, L.Label) and label.family in ("heading", "bold")
        is_text = L.spoken_label(line, speakers) is None and not text.startswith("#") and not line.item
        if is_text and previous == "":
            separated += 1
        elif is_text and previous == "text":
            adjacent += 1
        previous = "text" if is_text else "structure"
    return (markdown_labels and blanks) or (separated > 0 and separated >= 4 * adjacent)


def before_structure(lines: list[Source], speakers: set[str]) -> list[bool]:
    """For each line, whether the next non-blank line is a label, a heading or a part marker (or
    nothing): where an unquoted part marker (`（英文採訪）`) opens a part."""
    return next_line_is(lines, lambda line: bool(L.spoken_label(line, speakers) or line.words.startswith("#")
                                                 or L.section_heading(line.words) or L.part_marker(line.words)),
                        at_end=True)


def before_label(lines: list[Source], speakers: set[str]) -> list[bool]:
    """For each line, whether the next non-blank line is a speaker's label."""
    return next_line_is(lines, lambda line: L.spoken_label(line, speakers) is not None, at_end=False)


def next_line_is(lines: list[Source], test: Callable[[Source], bool], at_end: bool) -> list[bool]:
    """For each line, whether the next non-blank line (not a picture) passes `test`; `at_end` after the
    last one. One backward pass."""
    found = [at_end] * len(lines)
    following = at_end
    for index in range(len(lines) - 1, -1, -1):
        found[index] = following
        line = lines[index]
        if line.text or line.media:
            following = not line.media and test(line)
    return found


def blockquotes_hold_speech(lines: list[Source], speakers: set[str]) -> bool:
    """True when turns are written as blockquotes (`**名字**：` then `> …`): then a quoted line
    is just speech, and a quoted note in parentheses is a stage direction, not a heading."""
    quoted = plain = 0
    for line in lines:
        if line.text and not line.media and not L.spoken_label(line, speakers):
            quoted += line.quoted
            plain += not line.quoted
    return quoted > plain


def split_preamble(preamble: list[Logical]) -> tuple[Paragraph | None, list[Paragraph], KeyPoints | None, list[Paragraph]]:
    """Headline, intro paragraphs, key points and lead-in lines of the text before the first turn.

    Key points are the lines after a lead line ending in a colon, up to the next
    line ending in a colon; the headline is the first short line with no
    sentence-ending punctuation. Intro ids run through the preamble in order.
    """
    headline: Paragraph | None = None
    intro: list[Paragraph] = []
    lead_in: list[Paragraph] = []
    key_points: KeyPoints | None = None
    # next_colon[i]: the first line after i that ends in a colon, found in one backward pass
    next_colon = [len(preamble)] * len(preamble)
    for i in range(len(preamble) - 2, -1, -1):
        next_colon[i] = i + 1 if ends_with_colon(preamble[i + 1].text) else next_colon[i + 1]
    count = 0
    i = 0
    while i < len(preamble):
        x = preamble[i]
        list_end = next_colon[i]
        if key_points is None and x.kind == "text" and ends_with_colon(x.text) and list_end - i > 2:
            count += 1
            lead = paragraph_of(x, f"i{count:02d}")
            points = [paragraph_of(p, f"k{n:02d}") for n, p in enumerate(preamble[i + 1:list_end], 1)]
            key_points = KeyPoints(lead, points)
            i = list_end
            continue
        if headline is None and key_points is None and x.kind == "text" and not x.field and is_headline(x.text):
            headline = paragraph_of(x, "headline")
        else:
            count += 1
            (lead_in if key_points else intro).append(paragraph_of(x, f"i{count:02d}"))
        i += 1
    return headline, intro, key_points, lead_in


def paragraph_of(x: Logical, pid: str = "") -> Paragraph:
    kind = {"note": "note", "media": "media", "marker": "marker"}.get(x.kind, "text")
    return Paragraph(pid, x.text, x.line, kind=kind, time=x.time, media=x.media, spans=x.spans)


def ends_with_colon(text: str) -> bool:
    return text.endswith((":", "："))


def is_headline(text: str) -> bool:
    """A short line ending no sentence; tags in brackets after it (`…談話全文（只有中文）（附短片）`) are
    part of it, while a line that is only an aside, or closes one after a sentence (`…。（笑）`), is none. A
    quotation closing it ends a sentence only with the sentence's mark inside it (`…需“港人優先”` is a
    headline, `他說：“我們會努力。”` none)."""
    if len(text) > L.HEADLINE_MAX:
        return False
    bare = TRAILING_TAGS.sub("", text)
    if bare[-1:] in ("”", "」", "』") and len(bare) > 2 and bare[-2] not in L.TERMINAL + "”」』":
        bare = bare[:-1]
    return bool(bare) and bare[-1] not in L.TERMINAL + "”」』）)" and not ends_with_colon(text)


TRAILING_TAGS = re.compile(r"(?:\s*[（(][^（()）]*[)）])+$")


def build_sections(body: list[Logical], declared: dict[str, Role], path: Path) -> list[Section]:
    """Sections of pairs and turns, ids included; every problem is collected before raising.

    A part marker in parentheses divides the turn it stands in: the speaker goes
    on in the new section (a speech with headed parts). A heading ends the turn.
    """
    problems: list[Problem] = []
    raw: list[tuple[Logical | None, list[Turn]]] = []
    turn: Turn | None = None
    label_time: float | None = None
    for x in body:
        if x.kind in ("section", "part"):
            raw.append((x, []))
            label_time = None
            if x.kind == "section" or turn is None:
                turn = None
            else:
                turn = Turn("", turn.speaker, "other", [], x.line, continued=True)
                raw[-1][1].append(turn)
            continue
        if not raw:
            raw.append((None, []))
        turns = raw[-1][1]
        if x.kind == "label":
            assert x.label is not None
            turn = Turn("", x.label.name, "other", [], x.line)
            if x.label.rest:
                turn.paragraphs.append(Paragraph("", x.label.rest, x.line, time=x.time, spans=x.spans))
            label_time = None if x.label.rest else x.time  # `说话人 1 00:12`: the time of the words after it
            turns.append(turn)
        elif x.kind in ("text", "note", "media", "marker", "legend", "caption"):
            if turn is None or x.kind == "caption":  # narration before the first label of a section
                turn = Turn("", "", "other", [], x.line)
                turns.append(turn)
            if label_time is not None and not turn.paragraphs and x.time is None:
                x.time = label_time
            turn.paragraphs.append(paragraph_of(x))
    for n, (heading, turns) in enumerate(raw):
        # a continued turn that a marker cut before anything was said is dropped, not reported
        raw[n] = (heading, [t for t in turns if t.paragraphs or not t.continued])
        if heading is not None and not raw[n][1]:
            problems.append(Problem(path, heading.line, f"section heading {heading.text!r} has nothing under it"))
        for t in raw[n][1]:
            if not t.paragraphs:
                problems.append(Problem(path, t.line, f"speaker label {t.speaker!r} has no text"))
    if problems:
        raise ContentError(problems)
    all_turns = [t for _, turns in raw for t in turns]
    passing = handing_over(all_turns)
    roles = speaker_roles(all_turns, declared, passing)
    sections = [group(n, heading, turns, roles, passing) for n, (heading, turns) in enumerate(raw, 1)]
    for section, level in zip(sections, levels([heading for heading, _ in raw])):
        section.level = level
    return sections


def levels(headings: list[Logical | None]) -> list[int]:
    """Each section's level: Markdown headings nest by their `#` marks, counted from the shallowest
    the body uses (`###` then `####`: a section, then its sub-sections); at most three levels. A
    numbered heading or a part marker is a section. A level is never more than one below the section
    before it, so headings on the page never skip one."""
    depths = sorted({h.depth for h in headings if h is not None and h.depth})
    found: list[int] = []
    for h in headings:
        wanted = min(depths.index(h.depth) + 1, 3) if h is not None and h.depth else 1
        found.append(min(wanted, (found[-1] if found else 0) + 1))
    return found


def handing_over(turns: list[Turn]) -> set[int]:
    """The turns (by `id`) that only give the word to whoever speaks next, as a chair does at question
    time: the text is the next turn's label, maybe after 請 (`立法會主席：何議員。` before `何議員：`)."""
    return {id(t) for t, following in zip(turns, turns[1:])
            if following.speaker and len(t.paragraphs) == 1 and t.paragraphs[0].kind == "text"
            and word_given(t.paragraphs[0].text) == following.speaker}


def word_given(text: str) -> str:
    """Whom a turn's words give the word to, if that is all they say: `請乙議員。` → `乙議員`."""
    return text.removeprefix("請").removeprefix("请").rstrip("。.．!！ \t\u3000")


def speaker_roles(turns: list[Turn], declared: dict[str, Role], passing: set[int]) -> dict[str, Role]:
    """The role of each speaker's turns, unless the editor declared it.

    Questioners are the speakers most of whose turns ask something (carry a
    question mark). A speaker who speaks right after a question answers, and so
    does one who, once questions are asked, more often goes on from one answer to
    another than hands on to the next question; anyone else (a moderator, 司儀)
    speaks outside the pairs. A turn that only gives the word to the next speaker (`passing`,
    `handing_over`) is looked through: the one who speaks after a question through a chair's
    `行政長官。` answers it, and a chair who only gives the word is no one's answerer.
    """
    asked: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for t in turns:
        if t.continued or id(t) in passing:
            continue
        total[t.speaker] += 1
        asked[t.speaker] += asks(t)
    roles: dict[str, Role] = {}
    for name in total:
        if name in declared:
            roles[name] = declared[name]
        elif name and asked[name] * 2 >= total[name] * 1 and asked[name] > 0:
            roles[name] = "question"
    spoken = [t for t in turns if not t.continued and id(t) not in passing]
    follows_question = {b.speaker for a, b in zip(spoken, spoken[1:]) if roles.get(a.speaker) == "question"}
    # A panel's second and third voices answer too: after a question has been asked, they speak
    # after another answer and hand on to another answer, where a moderator hands on to the next question.
    added: dict[str, int] = defaultdict(int)
    handed_over: dict[str, int] = defaultdict(int)
    asked_yet = False
    for a, b in zip(spoken, spoken[1:] + [None]):
        asked_yet = asked_yet or roles.get(a.speaker) == "question"
        if asked_yet and roles.get(a.speaker) != "question" and a.speaker not in roles:
            if b is None or roles.get(b.speaker) == "question":
                handed_over[a.speaker] += 1
            else:
                added[a.speaker] += 1
    for name in total:
        if name not in roles:
            joins = name and added[name] > handed_over[name]
            roles[name] = "answer" if name in follows_question or joins else "other"
    for t in turns:  # a chair who only ever gives the word
        roles.setdefault(t.speaker, declared.get(t.speaker, "other"))
    return roles


def group(n: int, heading: Logical | None, turns: list[Turn], roles: dict[str, Role], passing: set[int]) -> Section:
    """Group turns into pairs (a question and the answers after it) and assign every id. A turn that
    only gives the word (`passing`) is neither question nor answer: it stays in the pair it comes in,
    unless it gives the word to the next question, which it comes before."""
    sid = f"s{n:02d}"
    items: list[Pair | Turn] = []
    pair: Pair | None = None
    pairs = 0
    for index, t in enumerate(turns):
        if id(t) in passing:
            t.role = "other"
            if index + 1 < len(turns) and roles[turns[index + 1].speaker] == "question":
                pair = None
            (pair.turns if pair is not None else items).append(t)
            continue
        role = roles[t.speaker]
        if role == "question" and not t.continued and not asks(t) and not answered(turns, index, roles, passing):
            role = "other"  # a questioner's closing words (`感謝各位`) that no one answers open no pair
        if role == "question" and not t.continued:
            pairs += 1
            pair = Pair(f"{sid}-q{pairs:02d}", [], t.line)
            items.append(pair)
        if role == "answer" and pair is not None:
            t.role = "answer"
        elif role == "question" and pair is not None:
            t.role = "question"
        else:
            t.role = "other"  # an answerer before any question, a moderator, narration
            pair = None
        if pair is not None:
            pair.turns.append(t)
        else:
            items.append(t)
    outside = 0
    for item in items:
        if isinstance(item, Pair):
            number_pair(item)
        else:
            outside += 1
            item.id = f"{sid}-t{outside:02d}"
            for k, p in enumerate(item.paragraphs, 1):
                p.id = f"{item.id}-p{k}"
    return Section(sid, heading.text if heading else "", heading.number if heading else "", items,
                   heading.line if heading else turns[0].line)


def asks(turn: Turn) -> bool:
    """Whether the speaker asks something: a question mark in their own words, not in a note or in
    someone's words breaking in (`（記者：三月？）`)."""
    return any(L.ASKING.search(own_words(p)) for p in turn.paragraphs if p.kind == "text")


def own_words(p: Paragraph) -> str:
    notes = [s for s in p.spans if s.kind != "link"]
    if not notes:
        return p.text
    kept, position = [], 0
    for s in notes:
        kept.append(p.text[position:s.start])
        position = s.end
    return "".join(kept) + p.text[position:]


def answered(turns: list[Turn], index: int, roles: dict[str, Role], passing: set[int]) -> bool:
    """Whether an answer follows the turn at `index` before anything else is said (a chair giving
    the word is looked through)."""
    following = next((t for t in turns[index + 1:] if not t.continued and id(t) not in passing), None)
    return following is not None and roles[following.speaker] == "answer"


def number_pair(pair: Pair) -> None:
    """Question turn `-q`, answer turns `-a1`, `-a2`…; paragraphs numbered through the pair."""
    k = 0
    for index, t in enumerate(pair.turns):
        t.id = f"{pair.id}-q" if index == 0 else f"{pair.id}-a{index}"
        for p in t.paragraphs:
            k += 1
            p.id = f"{pair.id}-p{k}"
