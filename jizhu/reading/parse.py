"""Raw transcript text to a `Transcript`: no I/O, no hand markup needed.

The pipeline, in order:
1. find the speaker labels the text uses (`lines.find_speakers`);
2. rejoin hard-wrapped lines into logical lines (`logical_lines`);
3. split the preamble (intro, headline, key points) from the body;
4. cut the body into sections, turns and question–answer pairs, and give
   every piece its id.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import lines as L
from ..errors import ContentError, Problem
from .model import FrontMatter, KeyPoints, Pair, Paragraph, Role, Section, Transcript, Turn
from .source import Line, read_lines

HEADLINE_MAX = 40
"""A headline is a short line; longer unpunctuated lines are ordinary intro text."""
ASKING = re.compile(r"[?？]")


@dataclass(slots=True)
class Logical:
    """A paragraph-sized line after hard-wrap repair, or a structural line."""

    kind: str  # "text", "label", "section", "title"
    text: str
    line: int
    label: L.Label | None = None
    number: str = ""


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


def parse(body: list[Line], meta: FrontMatter, path: Path, slug: str) -> Transcript:
    speakers = L.find_speakers(body, list(meta.speakers))
    logical = logical_lines(body, set(speakers), path)
    title = next((x.text for x in logical[:1] if x.kind == "title"), "")
    start = next((i for i, x in enumerate(logical) if x.kind in ("label", "section")), len(logical))
    preamble = [x for x in logical[:start] if x.kind == "text"]
    headline, intro, key_points, lead_in = split_preamble(preamble)
    sections = build_sections(logical[start:], meta, path)
    if not sections:
        first_text = next(line.number for line in body if line.text)
        raise ContentError.at(path, first_text, "no speaker turns found: label each turn as "
                                                     "`名字:` or `### 名字：`, or declare speakers in front matter")
    return Transcript(
        slug=slug, path=path, meta=meta,
        title=meta.title or title or (headline.text if headline else "") or slug,
        headline=headline, intro=intro, key_points=key_points, lead_in=lead_in,
        sections=sections, speakers=speakers,
    )


def logical_lines(body: list[Line], speakers: set[str], path: Path) -> list[Logical]:
    """Classify lines and rejoin hard wraps.

    Two layouts exist in the wild: one paragraph per line (news sites), and
    paragraphs separated by blank lines (Markdown). In the first, only a line
    that stops on a Latin letter or digit continues on the next ("RTX" / "Pro");
    in the second, adjacent text lines always belong together.
    """
    blank_separated = uses_blank_lines(body, speakers)
    out: list[Logical] = []
    previous_blank = True
    for line in body:
        text = line.text.strip()
        if not text:
            previous_blank = True
            continue
        kind, label, number, content = classify(text, speakers, first=not out)
        if kind == "text" and out and out[-1].kind in ("text", "label") and not previous_blank:
            last = out[-1]
            tail = last.label.rest if last.kind == "label" and last.label else last.text
            if last.kind == "label" and not tail:
                out.append(Logical("text", text, line.number))  # heading-style label: text on its own line
            elif blank_separated or L.ends_open(tail):
                joined = L.join_wrapped(tail, text)
                if last.kind == "label":
                    last.label = L.Label(last.label.name, joined)
                else:
                    last.text = joined
            else:
                out.append(Logical("text", text, line.number))
        else:
            out.append(Logical(kind, content, line.number, label, number))
        previous_blank = False
    return out


def classify(text: str, speakers: set[str], first: bool) -> tuple[str, L.Label | None, str, str]:
    if label := L.speaker_label(text, speakers):
        return "label", label, "", text
    if first and (title := L.markdown_title(text)):
        return "title", None, "", title
    if heading := L.section_heading(text):
        return "section", None, heading[0], heading[1]
    return "text", None, "", text


def uses_blank_lines(body: list[Line], speakers: set[str]) -> bool:
    """True when paragraphs are separated by blank lines, as in Markdown.

    Markdown-style labels (`### 唐鳳：`) with blank lines settle it; otherwise
    most neighbouring text lines must have a blank line between them.
    """
    adjacent = separated = 0
    markdown_labels = blanks = False
    previous: str | None = None  # kind of the previous non-blank line, "" after a blank
    for line in body:
        text = line.text.strip()
        if not text:
            blanks = True
            previous = "" if previous is not None else None
            continue
        label = L.label_candidate(text)
        markdown_labels |= bool(label and label[1])
        is_text = L.speaker_label(text, speakers) is None and not text.startswith("#")
        if is_text and previous == "":
            separated += 1
        elif is_text and previous == "text":
            adjacent += 1
        previous = "text" if is_text else "structure"
    return (markdown_labels and blanks) or (separated > 0 and separated >= 4 * adjacent)


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
    counter = iter(range(1, 10_000))
    i = 0
    while i < len(preamble):
        x = preamble[i]
        list_end = next((j for j in range(i + 1, len(preamble)) if ends_with_colon(preamble[j].text)), len(preamble))
        if key_points is None and ends_with_colon(x.text) and list_end - i > 2:
            lead = Paragraph(f"i{next(counter):02d}", x.text, x.line)
            points = [Paragraph(f"k{n:02d}", p.text, p.line) for n, p in enumerate(preamble[i + 1:list_end], 1)]
            key_points = KeyPoints(lead, points)
            i = list_end
            continue
        if headline is None and key_points is None and is_headline(x.text):
            headline = Paragraph("headline", x.text, x.line)
        else:
            (lead_in if key_points else intro).append(Paragraph(f"i{next(counter):02d}", x.text, x.line))
        i += 1
    return headline, intro, key_points, lead_in


def ends_with_colon(text: str) -> bool:
    return text.endswith((":", "："))


def is_headline(text: str) -> bool:
    return len(text) <= HEADLINE_MAX and text[-1] not in L.TERMINAL + "”」』）)" and not ends_with_colon(text)


def build_sections(body: list[Logical], meta: FrontMatter, path: Path) -> list[Section]:
    """Sections of pairs and turns, ids included; every problem is collected before raising."""
    problems: list[Problem] = []
    raw: list[tuple[Logical | None, list[Turn]]] = []
    turn: Turn | None = None
    for x in body:
        if x.kind == "section":
            raw.append((x, []))
            turn = None
            continue
        if not raw:
            raw.append((None, []))
        turns = raw[-1][1]
        if x.kind == "label":
            assert x.label is not None
            turn = Turn("", x.label.name, "other", [], x.line)
            if x.label.rest:
                turn.paragraphs.append(Paragraph("", x.label.rest, x.line))
            turns.append(turn)
        elif x.kind == "text":
            if turn is None:  # narration before the first label of a section
                turn = Turn("", "", "other", [], x.line)
                turns.append(turn)
            turn.paragraphs.append(Paragraph("", x.text, x.line))
    for heading, turns in raw:
        if heading is not None and not turns:
            problems.append(Problem(path, heading.line, f"section heading {heading.text!r} has nothing under it"))
        for t in turns:
            if not t.paragraphs:
                problems.append(Problem(path, t.line, f"speaker label {t.speaker!r} has no text"))
    if problems:
        raise ContentError(problems)
    all_turns = [t for _, turns in raw for t in turns]
    roles = speaker_roles(all_turns, meta.speakers)
    return [group(n, heading, turns, roles) for n, (heading, turns) in enumerate(raw, 1)]


def speaker_roles(turns: list[Turn], declared: dict[str, Role]) -> dict[str, Role]:
    """The role of each speaker's turns, unless the editor declared it.

    Questioners are the speakers most of whose turns ask something (carry a
    question mark). A speaker who never speaks right after a question (a
    moderator, 司儀) speaks outside the pairs; everyone else answers.
    """
    asked: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for t in turns:
        total[t.speaker] += 1
        asked[t.speaker] += any(ASKING.search(p.text) for p in t.paragraphs)
    roles: dict[str, Role] = {}
    for name in total:
        if name in declared:
            roles[name] = declared[name]
        elif name and asked[name] * 2 >= total[name] * 1 and asked[name] > 0:
            roles[name] = "question"
    follows_question = {b.speaker for a, b in zip(turns, turns[1:]) if roles.get(a.speaker) == "question"}
    for name in total:
        if name not in roles:
            roles[name] = "answer" if name in follows_question else "other"
    return roles


def group(n: int, heading: Logical | None, turns: list[Turn], roles: dict[str, Role]) -> Section:
    """Group turns into pairs (a question and the answers after it) and assign every id."""
    sid = f"s{n:02d}"
    items: list[Pair | Turn] = []
    pair: Pair | None = None
    for t in turns:
        role = roles[t.speaker]
        if role == "question":
            pair = Pair(f"{sid}-q{sum(isinstance(i, Pair) for i in items) + 1:02d}", [], t.line)
            items.append(pair)
        if role == "answer" and pair is not None:
            t.role = "answer"
        elif role == "question":
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


def number_pair(pair: Pair) -> None:
    """Question turn `-q`, answer turns `-a1`, `-a2`…; paragraphs numbered through the pair."""
    k = 0
    for index, t in enumerate(pair.turns):
        t.id = f"{pair.id}-q" if index == 0 else f"{pair.id}-a{index}"
        for p in t.paragraphs:
            k += 1
            p.id = f"{pair.id}-p{k}"
