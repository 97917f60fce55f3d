"""Where a note goes: its quote found in the published text of every script.

Quotes are looked for in what readers see, each paragraph's published text on
each script's page, never by offsets into the source: conversion, overrides and
punctuation may change the text's length. Both sides are folded (fold.py), and
the quote is tried as written and as converted to the page's script, so a
Simplified quote finds Traditional words, and 特朗普 finds 川普 on a Taiwan page.
After `target`, `prefix` and `suffix`, exactly one place must remain, the same
paragraph in every script; anything else is a problem that names the closest
words or the candidate ids, so an editor can fix the note at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher, get_close_matches

from ..scripts.convert import Script
from ..errors import ContentError
from .fold import Folded, FoldedTexts, fold, key
from ..reading.model import Note, Pair, Paragraph, Place, Transcript
from ..scripts.publish import Publisher

SHOWN_CANDIDATES = 6
CLOSE_ENOUGH = 0.5
"""Similarity (0–1) below which a suggestion would only confuse."""


@dataclass(frozen=True, slots=True)
class Candidate:
    paragraph: Paragraph
    start: int
    end: int
    before: str
    """A few published characters before the quote: what a `prefix` could say."""


def scopes(transcript: Transcript) -> dict[str, list[Paragraph]]:
    """Every id a note may target -> its paragraphs in reading order."""
    found: dict[str, list[Paragraph]] = {p.id: [p] for p in transcript.paragraphs()}
    for section in transcript.sections:
        found[section.id] = [p for turn in section.turns for p in turn.paragraphs]
        for item in section.items:
            turns = item.turns if isinstance(item, Pair) else [item]
            found[item.id] = [p for turn in turns for p in turn.paragraphs]
            found.update({turn.id: list(turn.paragraphs) for turn in turns})
    return found


class Locator:
    """Finds the places of a transcript's notes on every script's page."""

    def __init__(self, transcript: Transcript, publisher: Publisher, scripts: tuple[Script, ...]):
        self.transcript = transcript
        self.publisher = publisher
        self.scripts = scripts
        self.scopes = scopes(transcript)
        self.paragraphs = transcript.paragraphs()
        self.order = {p.id: i for i, p in enumerate(self.paragraphs)}
        self._pages: dict[str, FoldedTexts] = {}

    def published(self, paragraph: Paragraph, script: Script) -> str:
        return self.publisher.text(paragraph.text, script)

    def forms(self, words: str, script: Script) -> set[str]:
        """Folded forms of an editor's words to look for on a script's page: as written and as converted."""
        converter = self.publisher.converter
        simplified = converter.to_simplified(words)
        candidates = {words, self.publisher.text(words, script), self.publisher.text(simplified, script)}
        return {key(c) for c in candidates} - {""}

    def place(self, note: Note) -> dict[str, Place]:
        """The note's place in every script, or a ContentError saying why there is none."""
        if note.target and note.target not in self.scopes:
            raise ContentError.at(note.path, note.key_lines["target"], unknown_target(note.target, self.scopes))
        paragraphs = self.scopes[note.target] if note.target else self.paragraphs
        if not note.quote:
            if note.prefix or note.suffix:
                raise ContentError.at(note.path, note.key_lines.get("prefix") or note.key_lines["suffix"],
                                      "prefix and suffix choose among the places of a quote; this note has none")
            first = paragraphs[0]
            return {s.key: Place(first.id, len(self.published(first, s)), len(self.published(first, s)))
                    for s in self.scripts}
        found = {s.key: self.candidates(note, paragraphs, s) for s in self.scripts}
        return self.choose(note, paragraphs, found)

    def page(self, script: Script) -> FoldedTexts:
        """Every paragraph as published in `script`, folded, to search for quotes."""
        if script.key not in self._pages:
            self._pages[script.key] = FoldedTexts([self.published(p, script) for p in self.paragraphs])
        return self._pages[script.key]

    def candidates(self, note: Note, paragraphs: list[Paragraph], script: Script) -> tuple[list[Candidate], int]:
        """Places matching the quote and its prefix and suffix; and how many matched the quote alone."""
        quotes = self.forms(note.quote, script)
        prefixes = self.forms(note.prefix, script) if note.prefix else {""}
        suffixes = self.forms(note.suffix, script) if note.suffix else {""}
        # a note without a target looks in every paragraph: no set of them all for each note and script
        in_scope = None if paragraphs is self.paragraphs else {self.order[p.id] for p in paragraphs}
        page = self.page(script)
        matched, kept = 0, []
        for index, start, end in page.find(quotes):
            if in_scope is not None and index not in in_scope:
                continue
            matched += 1
            folded, text = page.folded[index], page.texts[index]
            if (any(folded.text[:start].endswith(p) for p in prefixes)
                    and any(folded.text.startswith(s, end) for s in suffixes)):
                a, b = folded.span(start, end)
                kept.append(Candidate(self.paragraphs[index], a, b, text[max(0, a - 8):a]))
        return kept, matched

    def choose(self, note: Note, paragraphs: list[Paragraph],
               found: dict[str, tuple[list[Candidate], int]]) -> dict[str, Place]:
        if any(len(found[s.key][0]) != 1 for s in self.scripts):  # a problem: report it in the quote's script
            written_in = self.publisher.converter.detect(note.quote)
            for script in sorted(self.scripts, key=lambda s: s.lang != written_in):
                self.check_one(note, paragraphs, found[script.key], script)
        chosen = {s.key: found[s.key][0][0] for s in self.scripts}
        ids = {c.paragraph.id for c in chosen.values()}
        if len(ids) > 1:
            seen = ", ".join(f"{c.paragraph.id} on {key} pages" for key, c in chosen.items())
            raise ContentError.at(note.path, note.key_lines["quote"],
                                  f"quote {quoted(note.quote)} is found in different places: {seen}; "
                                  "add a target to choose one")
        return {key: Place(c.paragraph.id, c.start, c.end) for key, c in chosen.items()}

    def check_one(self, note: Note, paragraphs: list[Paragraph], found: tuple[list[Candidate], int],
                  script: Script) -> None:
        """Raise why the quote has no single place in `script`, if it has none."""
        kept, matched = found
        line = note.key_lines["quote"]
        where = note.target or "the transcript"
        if not matched:
            raise ContentError.at(note.path, line, self.not_found(note, paragraphs, script, where))
        if not kept:
            raise ContentError.at(note.path, note.key_lines.get("prefix") or note.key_lines["suffix"],
                                  f"quote {quoted(note.quote)} is found {times(matched)} in {where}, but never "
                                  f"with this prefix and suffix")
        if len(kept) > 1:
            listed = ", ".join(f"{c.paragraph.id} (after “…{c.before}”)" for c in kept[:SHOWN_CANDIDATES])
            more = f" and {len(kept) - SHOWN_CANDIDATES} more" if len(kept) > SHOWN_CANDIDATES else ""
            raise ContentError.at(note.path, line, f"quote {quoted(note.quote)} is found {times(len(kept))} in "
                                                   f"{where}: {listed}{more}; add a target, prefix or "
                                                   "suffix to choose one")

    def not_found(self, note: Note, paragraphs: list[Paragraph], script: Script, where: str) -> str:
        others = [s for s in self.scripts if s != script and self.candidates(note, paragraphs, s)[1]]
        on_page = f" on {script.key} pages (it is found on {others[0].key} pages)" if others else ""
        needle = max(self.forms(note.quote, script), key=len)
        best = closest(needle, [(p.id, fold(self.published(p, script)), self.published(p, script))
                                for p in paragraphs])
        hint = (f"; closest: {quoted(best[1])} ({best[0]})" if best else
                "; nothing close either (a quote lies within one paragraph)")
        return f"quote {quoted(note.quote)} not found in {where}{on_page}{hint}"

    def reading_order(self, note: Note) -> tuple[int, int]:
        place = note.places[self.scripts[0].key]
        return self.order[place.paragraph], place.start


def closest(needle: str, paragraphs: list[tuple[str, Folded, str]]) -> tuple[str, str] | None:
    """(paragraph id, published words) most like `needle`, if anything is close enough."""
    best: tuple[float, str, str] | None = None
    for pid, folded, published in paragraphs:
        hay = folded.text
        blocks = SequenceMatcher(None, hay, needle, autojunk=False).get_matching_blocks()
        starts = {max(0, a - b) for a, b, size in blocks if size}
        for s0 in starts:
            for start in range(max(0, s0 - 2), min(len(hay), s0 + 3)):
                for length in (len(needle) - 1, len(needle), len(needle) + 1):
                    window = hay[start:start + length]
                    if not window:
                        continue
                    ratio = SequenceMatcher(None, window, needle, autojunk=False).ratio()
                    if best is None or ratio > best[0]:
                        a, b = folded.span(start, start + len(window))
                        best = (ratio, pid, published[a:b])
    return (best[1], best[2]) if best and best[0] >= CLOSE_ENOUGH else None


def unknown_target(target: str, known: dict[str, list[Paragraph]]) -> str:
    near = get_close_matches(target, list(known), n=3, cutoff=0.6)
    return f"target {quoted(target)} is not an id of this transcript" + (f"; did you mean {', '.join(near)}?" if near
                                                                    else " (ids look like s01-q01 or s01-q01-p2)")


def quoted(text: str) -> str:
    return f'"{text}"'


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")
