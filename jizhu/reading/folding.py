"""One character's folded form: the same for every script, width and spacing it may be written in.

Shared by finding a note's quote in published text (`notes/fold.py`) and by
matching a transcript to its id ledger (`ledger.py`): Han characters go to one
canonical form (OpenCC's character tables, Simplified and back, so 係/系, 麵/面
and 着/著 meet), full-width punctuation becomes half-width, curly and corner
quotes become straight ones, Latin is lower-cased, and white space is dropped.
"""
from __future__ import annotations

import unicodedata
from functools import cache

import opencc

from .opencc_setup import lone_characters_s2t

PUNCTUATION = {c: '"' for c in "“”„‟「」『』〝〞〟＂″"} | {c: "'" for c in "‘’‚‛′"} | {
    "。": ".", "｡": ".", "、": ",", "､": ",", "—": "-", "–": "-", "―": "-", "‐": "-", "‑": "-", "－": "-",
    "〜": "~", "～": "~", "・": "·", "•": "·", "‧": "·",
}
"""Marks that differ between scripts, regions and typists but mean the same."""
SAME_WORD = {"著": "着"}
"""Pairs OpenCC's character tables keep apart but Simplified pages write either way (随着/随著)."""


@cache
def _tables() -> tuple[opencc.OpenCC, opencc.OpenCC]:
    """Created once per process: character folding needs no phrase context, so no per-build state (and
    its characters go through OpenCC one a line: `lone_characters_s2t`)."""
    return opencc.OpenCC("t2s.json"), lone_characters_s2t()


_FOLDED: dict[str, str] = {}
"""Every character folded so far (`fold_char`, `fold_all`), for the life of the process."""


def fold_char(char: str) -> str:
    """One character's folded form: "" for white space, else exactly one character."""
    folded = _FOLDED.get(char)
    if folded is None:
        folded = _FOLDED[char] = _fold(char)
    return folded


def _fold(char: str) -> str:
    if char.isspace():
        return ""
    char = _unified(char)
    if unicodedata.category(char) == "Lo":
        t2s, s2t = _tables()
        char = t2s.convert(s2t.convert(t2s.convert(char)))  # one character in, one out (all of CJK checked)
        char = SAME_WORD.get(char, char)
    return char.lower()


def _unified(char: str) -> str:
    """A mark in its usual form, and a character in its NFKC form where that is one character."""
    char = PUNCTUATION.get(char, char)
    normal = unicodedata.normalize("NFKC", char)
    return normal if len(normal) == 1 else char


def fold_all(text: str) -> None:
    """Fold every character of `text` not folded yet, the Han ones (`fold_char`'s OpenCC round trip)
    through OpenCC together, one per line: a line break never joins a phrase, so each converts as it
    would alone, at a fraction of the cost of three calls each."""
    new = set(text).difference(_FOLDED)  # the dict, not its keys(): looks up each of the text's characters
    # rather than going through every character folded so far (0.7 ms a call once 8,000 are)
    if not new:
        return
    han = []
    for char in new:
        unified = "" if char.isspace() else _unified(char)
        if unified and unicodedata.category(unified) == "Lo":
            han.append((char, unified))
        else:
            _FOLDED[char] = _fold(char)
    if han:
        t2s, s2t = _tables()
        converted = t2s.convert(s2t.convert(t2s.convert("\n".join(u for _, u in han)))).split("\n")
        if len(converted) != len(han) or any(len(c) != 1 for c in converted):
            return  # (never seen) `fold_char` folds them one by one
        for (char, _), folded in zip(han, converted):
            _FOLDED[char] = SAME_WORD.get(folded, folded).lower()


class _Unmet(Exception):
    """A character `KNOWN` has no entry for: not a LookupError, so that `str.translate` stops at it."""


class _Known(dict):
    """FOLDS' entries so far: a `str.translate` table that stops at a character met for the first time."""

    def __missing__(self, code: int) -> str:
        raise _Unmet


class _Folds(dict):
    """{code point: `fold_char` of it}, filled as characters are met: a `str.translate` table, so a
    text is folded in one call rather than one call per character."""

    def __missing__(self, code: int) -> str:
        value = self[code] = KNOWN[code] = fold_char(chr(code))
        return value


class _FoldLengths(dict):
    """{code point: how many characters it folds to, as a character: "\0", "\1" or "\2" (more)}."""

    def __missing__(self, code: int) -> str:
        value = self[code] = chr(min(len(fold_char(chr(code))), 2))
        return value


KNOWN, FOLDS, FOLD_LENGTHS = _Known(), _Folds(), _FoldLengths()


def fold_text(text: str) -> str:
    """Every character of `text` folded (`fold_char`), joined: in one pass when every character has
    been met before, as nearly all have once a worker has read a transcript; else the new ones are
    folded together first (`fold_all`), which costs a set of the text's characters."""
    try:
        return text.translate(KNOWN)
    except _Unmet:
        fold_all(text)
        return text.translate(FOLDS)
