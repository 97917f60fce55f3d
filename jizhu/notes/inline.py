"""A paragraph's links and bracketed notes (`reading/spans.py`) placed on its published text.

Spans are found in the source text, and a page shows the text of its script, so
each span's edges are moved onto the published text: the pieces between edges
are published one by one, and when together they make the published text (or
one of the same length, conversion being character for character there), the
edges carry over. Otherwise a span is looked up by its own published words; a
span found nowhere is left off, and its words show as plain text.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from ..reading.model import Inline, Paragraph
from ..scripts.convert import Script
from ..scripts.publish import Publisher
LABELLED = {"note": "editor_note", "voice": "voice"}
"""Kinds whose words a screen reader is told the nature of before it reads them (a string key)."""


def placed(paragraph: Paragraph, published: str, publisher: Publisher, script: Script) -> list[tuple[int, int, Inline]]:
    """Each span of the paragraph with its start and end in the published text."""
    text = paragraph.text
    edges = sorted({0, len(text)} | {s.start for s in paragraph.spans} | {s.end for s in paragraph.spans})
    pieces = [publisher.text(text[a:b], script) for a, b in zip(edges, edges[1:])]
    if len("".join(pieces)) == len(published):
        at, total = {}, 0
        for edge, piece in zip(edges, pieces + [""]):
            at[edge] = total
            total += len(piece)
        return [(at[s.start], at[s.end], s) for s in paragraph.spans]
    found, cursor = [], 0
    for s in paragraph.spans:
        words = publisher.text(text[s.start:s.end], script)
        start = published.find(words, cursor) if words else -1
        if start >= 0:
            found.append((start, start + len(words), s))
            cursor = start + len(words)
    return found


def inline_marks(paragraph: Paragraph, published: str, publisher: Publisher, script: Script,
                 strings: dict[str, str], markers: list[int]) -> tuple[list[tuple[int, int, str, Markup]],
                                                                   list[tuple[int, Markup]]]:
    """(start, end, tag, attributes) for a paragraph's links and bracketed notes, and (place, html) of
    the hidden labels before the notes. A link is cut at each of the note `markers` inside it (a
    marker is a link, and links never nest)."""
    spans: list[tuple[int, int, str, Markup]] = []
    labels: list[tuple[int, Markup]] = []
    for start, end, inline in placed(paragraph, published, publisher, script):
        if inline.kind == "link":
            attrs = Markup(' class="text-link" href="{}"').format(inline.href)
            cuts = sorted({start, end} | {at for at in markers if start < at < end})
            spans += [(a, b, "a", attrs) for a, b in zip(cuts, cuts[1:])]
            continue
        spans.append((start, end, "span", Markup(f' class="in-text in-text-{escape(inline.kind)}"')))
        if inline.kind in LABELLED:
            labels.append((start, Markup('<span class="visually-hidden">{}</span>').format(
                strings[LABELLED[inline.kind]])))
    return spans, labels
