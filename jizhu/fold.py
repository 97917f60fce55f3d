"""Finding words in published text whatever script, width or spacing they were written in.

A note's quote and a glossary term are compared with a page's text after both
are *folded*, character by character: Han characters go to one canonical form
(OpenCC's character tables, Simplified and back, so 係/系, 麵/面 and 着/著
meet), full-width punctuation becomes half-width, curly and corner quotes
become straight ones, Latin is lower-cased, and white space is dropped (the
hard-wrap repair may have added or removed a space). Because folding goes one
character at a time, every folded character remembers where it came from, and
a match in folded text is a span of the published text, the text a page shows.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import opencc

PUNCTUATION = {c: '"' for c in "“”„‟「」『』〝〞〟＂″"} | {c: "'" for c in "‘’‚‛′"} | {
    "。": ".", "｡": ".", "、": ",", "､": ",", "—": "-", "–": "-", "―": "-", "‐": "-", "‑": "-", "－": "-",
    "〜": "~", "～": "~", "・": "·", "•": "·", "‧": "·",
}
"""Marks that differ between scripts, regions and typists but mean the same."""
SAME_WORD = {"著": "着"}
"""Pairs OpenCC's character tables keep apart but Simplified pages write either way (随着/随著)."""


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text and, for each of its characters, the index of the published character it came from."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The published span behind folded characters start..end (end exclusive, end > start)."""
        return self.origin[start], self.origin[end - 1] + 1

    def find_all(self, needle: str) -> list[int]:
        """Every folded offset where `needle` starts, overlapping matches included."""
        found, i = [], self.text.find(needle) if needle else -1
        while i >= 0:
            found.append(i)
            i = self.text.find(needle, i + 1)
        return found


@cache
def _tables() -> tuple[opencc.OpenCC, opencc.OpenCC]:
    """Created once per process: character folding needs no phrase context, so no per-build state."""
    return opencc.OpenCC("t2s.json"), opencc.OpenCC("s2t.json")


@lru_cache(maxsize=None)
def fold_char(char: str) -> str:
    """One character's folded form: "" for white space, else exactly one character."""
    if char.isspace():
        return ""
    char = PUNCTUATION.get(char, char)
    normal = unicodedata.normalize("NFKC", char)
    if len(normal) == 1:
        char = normal
    if unicodedata.category(char) == "Lo":
        t2s, s2t = _tables()
        char = t2s.convert(s2t.convert(t2s.convert(char)))  # one character in, one out (all of CJK checked)
        char = SAME_WORD.get(char, char)
    return char.lower()


@lru_cache(maxsize=8192)
def fold(text: str) -> Folded:
    chars, origin = [], []
    for i, char in enumerate(text):
        folded = fold_char(char)
        if folded:
            chars.append(folded)
            origin.append(i)
    return Folded("".join(chars), tuple(origin))


def key(text: str) -> str:
    """The folded form alone, for comparing two strings."""
    return fold(text).text
