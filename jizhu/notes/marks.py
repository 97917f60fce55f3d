"""What notes and the glossary add to one page: marked paragraphs, and the notes and terms it lists.

A paragraph's published text gets three kinds of marks: the words a note
quotes (`<mark>`, the note's back-link target `r-<name>`), the note's
numbered marker right after them (a link to `#n-<name>`), and a link to the
glossary at a term's first occurrence in each pair or turn. Quotes of two
notes may overlap; a glossary link never straddles a quote's edge, so the
HTML always nests.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable
from weakref import WeakKeyDictionary

from markupsafe import Markup, escape

from ..scripts.convert import Script
from .glossary import TermFinder
from .inline import inline_marks
from .markdown import render
from ..reading.lines import HAN
from ..reading.model import Note, Pair, Paragraph, Term, Transcript
from ..scripts.publish import Publisher

WORD_JOINER = "\u2060"
"""Put before each marker, so a line never breaks between the quoted words and their number."""
INLINE_RANK = -1
"""A link or a bracketed note opens before a note's quote that starts with it."""
TERM_RANK = 1_000_000
"""Glossary links rank after every note: a link and a quote starting together nest the link inside."""


@dataclass(frozen=True, slots=True)
class Span:
    """Text wrapped in an element: `attrs` on its first piece, `again` on pieces after a split."""

    start: int
    end: int
    tag: str
    attrs: Markup
    again: Markup
    rank: int
    """Of spans starting together, the longer opens first; then the lower rank."""


@dataclass(frozen=True, slots=True)
class Insert:
    """Markup placed between two characters (a note's marker), after the spans that end there close."""

    at: int
    html: Markup
    rank: int


@dataclass(frozen=True, slots=True)
class NoteView:
    id: str
    number: int
    ref: str
    """Id of the quoted words (or of the marker, for a note on a whole target): the note's back-link."""
    quote: str
    body: Markup
    paragraph: str
    """Id of the paragraph holding the quote: share pages show the notes on their own answer."""


@dataclass(frozen=True, slots=True)
class TermView:
    id: str
    name: str
    definition: Markup
    refs: tuple[str, ...]
    """Ids of the term's links in the text, in page order: the entry's ways back."""


@dataclass(slots=True)
class Marks:
    """Everything added to one paragraph."""

    spans: list[Span] = field(default_factory=list)
    inserts: list[Insert] = field(default_factory=list)


class PageMarks:
    """Notes and glossary links on one transcript page in one script."""

    def __init__(self, transcript: Transcript, script: Script, publisher: Publisher, strings: dict[str, str],
                 root: str, link_glossary: bool = True, notes_at: str = ""):
        self.transcript = transcript
        self.notes_at = notes_at
        """Where the notes are, before `#n-…`: "" on the transcript's page, its address from a share page."""
        self.script = script
        self.publisher = publisher
        self.strings = strings
        self.root = root
        self.marks: dict[str, Marks] = defaultdict(Marks)
        self.texts = {p.id: publisher.text(p.text, script) for p in transcript.paragraphs()}
        for note in transcript.notes:
            self.mark_note(note)
        for paragraph in transcript.paragraphs():
            if paragraph.spans:
                self.mark_inline(paragraph)
        self.refs: dict[str, list[str]] = defaultdict(list)
        """Ids of each term's links, by term id."""
        self.linked = self.link_terms() if link_glossary else []

    def mark_note(self, note: Note) -> None:
        place = note.places[self.script.key]
        marks = self.marks[place.paragraph]
        ref = f"r-{note.id[2:]}"
        # f-strings of escaped values: Markup.format costs more than the rest of a page's marks together
        note_id, ref = escape(note.id), escape(ref)
        marker_id = "" if place.end > place.start else f' id="{ref}"'
        marker = Markup(f'{WORD_JOINER}<a class="note-ref" href="{self.notes_at}#{note_id}"{marker_id}>'
                        f'<span class="visually-hidden">{escape(self.strings["note"])}</span>{note.number}</a>')
        marks.inserts.append(Insert(place.end, marker, note.number))
        if place.end > place.start:
            marks.spans.append(Span(place.start, place.end, "mark", Markup(f' class="note-quote" id="{ref}"'),
                                    Markup(' class="note-quote"'), note.number))

    def mark_inline(self, paragraph: Paragraph) -> None:
        """The paragraph's links and bracketed notes (`inline.py`): they open before a quote starting
        with them, and a link is cut where a note's marker falls inside it."""
        marks = self.marks[paragraph.id]
        spans, labels = inline_marks(paragraph, self.texts[paragraph.id], self.publisher, self.script,
                                     self.strings, [i.at for i in marks.inserts])
        marks.spans += [Span(start, end, tag, attrs, attrs, INLINE_RANK) for start, end, tag, attrs in spans]
        marks.inserts += [Insert(at, html, INLINE_RANK) for at, html in labels]

    def link_terms(self) -> list[str]:
        """Link each term at its first occurrence in each pair and each turn outside one; term ids in order."""
        groups = [[p for turn in (item.turns if isinstance(item, Pair) else [item]) for p in turn.paragraphs]
                  for section in self.transcript.sections for item in section.items]
        paragraphs = [p for group in groups for p in group]
        finder = TermFinder(self.transcript.glossary, self.publisher, self.script)
        found = iter(finder.find([self.texts[p.id] for p in paragraphs]))
        linked: list[str] = []
        for group in groups:
            seen: set[str] = set()
            for paragraph in group:
                self.link_in(paragraph, next(found), seen, linked)
        return linked

    def link_in(self, paragraph: Paragraph, terms: list[tuple[int, int, Term]], seen: set[str],
                linked: list[str]) -> None:
        if not terms:  # most paragraphs: no look at their marks
            return
        spans = self.marks[paragraph.id].spans
        quotes = [(s.start, s.end) for s in spans]
        links = [(s.start, s.end) for s in spans if s.tag == "a"]  # a glossary link never sits in a link
        for start, end, term in terms:
            straddles = any(start < q_end and q_start < end and not (q_start <= start and end <= q_end)
                            for q_start, q_end in quotes) or any(start < b and a < end for a, b in links)
            if term.id in seen or straddles:
                continue
            seen.add(term.id)
            if term.id not in linked:
                linked.append(term.id)
            refs = self.refs[term.id]
            refs.append(f"{term_ref(term.id)}-{len(refs) + 1}")
            link = Markup(f' class="term" href="#{escape(term.id)}"')
            self.marks[paragraph.id].spans.append(
                Span(start, end, "a", Markup(f'{link} id="{escape(refs[-1])}"'), link, TERM_RANK))

    def paragraph(self, paragraph: Paragraph, seams: bool = False) -> Markup:
        """A paragraph's published HTML with its marks; with `seams`, a break opportunity wherever a Latin
        word meets Han characters (`seam_inserts`: for text that breaks only between phrases)."""
        marks = self.marks.get(paragraph.id)
        text = self.texts[paragraph.id]
        spans, inserts = (marks.spans, marks.inserts) if marks else ([], [])
        if seams:
            inserts = inserts + seam_inserts(text)
        return marked(text, spans, inserts) if spans or inserts else escape(text)

    @cached_property
    def notes(self) -> list[NoteView]:
        return [note_view(note, self.texts, self.publisher, self.script, self.root) for note in self.transcript.notes]

    @cached_property
    def terms(self) -> list[TermView]:
        convert = editor_words(self.publisher, self.script)
        return [TermView(term.id, convert(term.name),
                         body_html(term.definition, term.id, self.publisher, self.script, {}, self.root),
                         tuple(self.refs[term.id]))
                for term in self.transcript.glossary if term.id in self.linked]


def term_ref(term_id: str) -> str:
    """The stem of the ids of a term's links: g-h20 is linked at gr-h20-1, gr-h20-2 …"""
    return "gr-" + term_id.removeprefix("g-")


def editor_words(publisher: Publisher, script: Script) -> Callable[[str], str]:
    """Converts an editor's words (in either script) for a page; a Simplified source's publisher expects
    Simplified, a Traditional source's takes both."""
    to_simplified = publisher.converter.to_simplified
    simplify = publisher.source_lang == "zh-Hans"
    return lambda text: publisher.text(to_simplified(text) if simplify else text, script)


BODIES_KEPT = 4096
"""Rendered bodies kept per publisher; a long preview session of note edits drops the oldest past this."""
_bodies: WeakKeyDictionary[Publisher, dict[tuple, Markup]] = WeakKeyDictionary()


def body_html(source: str, doc_id: str, publisher: Publisher, script: Script, media: dict[str, str],
              root: str) -> Markup:
    """A note body or definition in one script, rendered once per publisher: the preview renders a
    transcript's pages again after every save, and most bodies have not changed. The cache lives as
    long as the publisher (which the preview keeps while the transcript's dictionaries stay the same),
    so a changed dictionary can never leave a body converted the old way."""
    cache = _bodies.setdefault(publisher, {})
    # `root` matters only to images: a body without any is the same on the page, its share pages and in the JSON
    key = (source, doc_id, script, tuple(sorted(media.items())), root if media else "")
    html = cache.get(key)
    if html is None:
        if len(cache) >= BODIES_KEPT:
            del cache[next(iter(cache))]
        html = cache[key] = render(source, doc_id=doc_id, convert=editor_words(publisher, script), media=media,
                                   root=root)
    return html


def note_view(note: Note, texts: dict[str, str], publisher: Publisher, script: Script, root: str) -> NoteView:
    """A note as one script's page shows it; `texts` are the page's published paragraphs by id."""
    place = note.places[script.key]
    body = body_html(note.body, note.id, publisher, script, note.media, root)
    return NoteView(note.id, note.number, f"r-{note.id[2:]}", texts[place.paragraph][place.start:place.end], body,
                    place.paragraph)


SCRIPT_SEAM = re.compile(f"(?<=[{HAN}])(?=[A-Za-z])|(?<=[A-Za-z])(?=[{HAN}])")
"""Where a Latin word meets Han characters, with no space between (`對話Apache大咖`)."""
SEAM_RANK = TERM_RANK + 1
WBR = Markup("<wbr>")


def seam_inserts(text: str) -> list[Insert]:
    """A break opportunity (`<wbr>`) at each `SCRIPT_SEAM`. A title or headline breaks only between
    phrases (`word-break: keep-all`), and one written without spaces is a single phrase: wider than a
    phone's line, it broke anywhere, inside `Apache` too. Digits are left joined (`第8次`)."""
    return [Insert(seam.start(), WBR, SEAM_RANK) for seam in SCRIPT_SEAM.finditer(text)]


def marked(text: str, spans: list[Span], inserts: list[Insert]) -> Markup:
    """`text` escaped, with every span wrapped and every insert placed; a span that overlaps the end of
    another is closed there and reopened after it, so elements always nest."""
    starting: dict[int, list[Span]] = {}
    for span in sorted((s for s in spans if s.end > s.start), key=lambda s: (-s.end, s.rank)):
        starting.setdefault(span.start, []).append(span)
    placed: dict[int, list[Insert]] = {}
    for insert in sorted(inserts, key=lambda i: i.rank):
        placed.setdefault(insert.at, []).append(insert)
    ends = {s.end for s in spans}
    bounds = sorted({0, len(text)} | starting.keys() | ends | placed.keys())
    out: list[str] = []
    stack: list[Span] = []
    previous = 0
    for bound in bounds:
        if bound > previous:
            out.append(escape(text[previous:bound]))
            previous = bound
        if bound in ends:
            reopen = []
            while any(s.end == bound for s in stack):
                span = stack.pop()
                out.append(f"</{span.tag}>")
                if span.end != bound:
                    reopen.append(span)
            for span in reversed(reopen):
                out.append(f"<{span.tag}{span.again}>")
                stack.append(span)
        if bound in placed:
            out += [insert.html for insert in placed[bound]]
        for span in starting.get(bound, ()):
            out.append(f"<{span.tag}{span.attrs}>")
            stack.append(span)
    return Markup("".join(out))
