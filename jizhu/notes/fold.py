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

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress

from ..reading.folding import FOLD_LENGTHS, fold_char, fold_text

WHITE_SPACE = re.compile(r"\s")
"""What folds to nothing: white space, as `str.isspace` says (the same characters in a str pattern)."""


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text and, for each of its characters, the index of the published character it came from."""

    text: str
    origin: tuple[int, ...] | range
    """A range where each character folds to one (most text): made at once, where a tuple of every
    index cost more than folding the text."""

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


@lru_cache(maxsize=8192)
def fold(text: str) -> Folded:
    folded = fold_text(text)
    if len(folded) == len(text) and not WHITE_SPACE.search(text):
        # no character folds to none (only white space does), so none folds to more: one for one
        return Folded(folded, range(len(text)))
    lengths = text.translate(FOLD_LENGTHS)
    if "\2" not in lengths:  # each character folds to one or none (white space): the whole text at once
        if "\0" not in lengths:
            return Folded(folded, range(len(text)))
        return Folded(folded, tuple(compress(range(len(text)), lengths.encode())))  # "\1" is byte 1: kept
    chars, origin = [], []
    for i, char in enumerate(text):
        folded = fold_char(char)
        chars.append(folded)
        origin.extend([i] * len(folded))  # İ folds to two characters, both from it
    return Folded("".join(chars), tuple(origin))


def key(text: str) -> str:
    """The folded form alone, for comparing two strings."""
    return fold(text).text


class FoldedTexts:
    """Several texts (a page's paragraphs) folded and joined into one string, searched at once: one
    search of the page per quote or term costs far less than one per paragraph, and the preview
    places a transcript's notes and links its terms again after every save. Folded text never
    holds white space, so the line feed joining two texts keeps a match from spanning them."""

    SEPARATOR = "\n"

    def __init__(self, texts: list[str]):
        self.texts = texts
        self.folded = [fold(text) for text in texts]
        self.starts = list(accumulate((len(f.text) + 1 for f in self.folded[:-1]), initial=0))
        self.joined = self.SEPARATOR.join(f.text for f in self.folded)

    def find(self, needles: set[str]) -> list[tuple[int, int, int]]:
        """(text index, folded start, folded end) of every match of any folded needle, overlapping
        ones included, in reading order."""
        spans = set()
        for needle in needles:
            i = self.joined.find(needle) if needle else -1
            while i >= 0:
                index = bisect_right(self.starts, i) - 1
                offset = i - self.starts[index]
                spans.add((index, offset, offset + len(needle)))
                i = self.joined.find(needle, i + 1)
        return sorted(spans)
