"""What search compares: a text as folded tokens, whatever script, width or case it was written in.

A token is one Han character, one word of letters and digits, or one mark of
punctuation; white space makes no token. Every character is folded first:
NFKC (full-width Ｈ２０ is H20), lower case, and Han characters through OpenCC's
character tables (notes/fold.py: 黃 and 黄, 發 and 髮 and 发 meet). A token's
position is its index, so two Han characters are a phrase when their positions
follow, and a comma between them keeps them apart.

templates/assets/search.js folds queries and page text with the same rules; the
Han table it needs (`fold_table`) is exported with the index.
"""
from __future__ import annotations

import re
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import opencc

from ..reading import folding
from ..reading.folding import SAME_WORD, fold_char
from ..reading.opencc_setup import lone_characters_s2t
from ..scripts.kept import kept
from ..scripts.tables import PHRASES_FROM_REGIONS, phrases, share_file, table

HAN_RANGES = ((0x3005, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF))
"""Ideographs (and 々 〆 〇), the characters matched by n-grams; search.js has the same list."""
TABLE_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x20000, 0x2A6DF))
"""Where the characters OpenCC converts live (compatibility ideographs NFKC-normalize first)."""


HAN = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in HAN_RANGES) + "]")


def is_han(char: str) -> bool:
    return HAN.match(char) is not None


@lru_cache(maxsize=None)
def fold_search_char(char: str) -> str:
    """One character's folded form: one character, but for the one that lower-cases to two (İ, i̇)."""
    normal = unicodedata.normalize("NFKC", char)
    if len(normal) == 1:
        char = normal
    return fold_char(char) if is_han(char) else char.lower()


@lru_cache(maxsize=None)
def classify(char: str) -> tuple[str, str]:
    """(folded form, kind): "h" Han, "w" part of a word, "s" a mark, " " white space; a form of two
    characters is of the first kind any of them has, in that order from space (as search.js tests it)."""
    folded = fold_search_char(char)
    if any(c.isspace() for c in folded):
        return folded, " "
    if any(is_han(c) for c in folded):
        return folded, "h"
    return folded, "w" if any(unicodedata.category(c)[0] in "LN" for c in folded) else "s"


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    """"h" a Han character, "w" a word of letters and digits, "s" a mark between them."""
    value: str
    start: int
    end: int
    """The span of the text it came from."""


class _Unseen(Exception):
    """A character FOLDED has not met: not a LookupError, so that `str.translate` stops at it."""


class _Seen(dict):
    """FOLDED's entries so far: a `str.translate` table that stops at a character not met yet."""

    def __missing__(self, code: int) -> str:
        raise _Unseen


class _Classified(dict):
    """{code point: one part of its `classify`}, filled as characters are met: a `str.translate` table,
    so a text is folded, or classified, in one call rather than one call per character."""

    def __init__(self, part: int, seen: _Seen | None = None) -> None:
        super().__init__()
        self.part = part
        self.seen = seen

    def __missing__(self, code: int) -> str:
        value = self[code] = classify(chr(code))[self.part]
        if self.seen is not None:
            self.seen[code] = value
        return value


SEEN = _Seen()
FOLDED, KINDS = _Classified(0, SEEN), _Classified(1)


def folded_texts(texts: list[str]) -> list[str]:
    """Each text through FOLDED: in one pass each when every character has been met before, as nearly
    all have once a worker has indexed a transcript; else the new ones go through OpenCC together
    first (`folding.fold_all`, which costs a set of the texts' characters), not three calls each."""
    try:
        return [text.translate(SEEN) for text in texts]
    except _Unseen:
        folding.fold_all("".join(texts))
        return [text.translate(FOLDED) for text in texts]


RUN = re.compile(" +|w+")
"""In a text's kinds (`KINDS`): white space, or a word of letters and digits. Between runs, every
character (a Han character or a mark) is a token of its own."""


def token_spans(text: str, spans: bool = True) -> tuple[list[str], str, list[tuple[int, int]]]:
    """The folded tokens of `text` as (values, kinds, spans), in order, the kinds one letter each;
    without `spans`, an empty list for them."""
    folding.fold_all(text)  # the characters not met yet through OpenCC together, not three calls each
    return split_tokens(text, text.translate(FOLDED), text.translate(KINDS), spans)


def split_tokens(text: str, folded: str, kinds: str, spans: bool = True) -> tuple[list[str], str, list[tuple[int, int]]]:
    """`token_spans` of `text` from its characters through FOLDED and KINDS (every character of it
    folded by `folding.fold_all` first). Linear: the tokens between runs are taken a run at a time."""
    aligned = len(folded) == len(text)  # else a character folds to two (İ): fold the tokens' characters one by one
    values: list[str] = []
    kept: list[str] = []
    found: list[tuple[int, int]] = []
    last = 0
    for run in RUN.finditer(kinds):
        start, end = run.span()
        if start > last:
            values.extend(folded[last:start] if aligned else [FOLDED[ord(c)] for c in text[last:start]])
            kept.append(kinds[last:start])
            if spans:
                found.extend((i, i + 1) for i in range(last, start))
        if kinds[start] == "w":
            values.append(folded[start:end] if aligned else "".join(FOLDED[ord(c)] for c in text[start:end]))
            kept.append("w")
            if spans:
                found.append((start, end))
        last = end
    if last < len(text):
        values.extend(folded[last:] if aligned else [FOLDED[ord(c)] for c in text[last:]])
        kept.append(kinds[last:])
        if spans:
            found.extend((i, i + 1) for i in range(last, len(text)))
    return values, "".join(kept), found


def tokens(text: str) -> list[Token]:
    """The folded tokens of `text`, in order."""
    values, kinds, spans = token_spans(text)
    return [Token(kind, value, start, end) for value, kind, (start, end) in zip(values, kinds, spans)]


def fold_table(alphabet: set[str]) -> dict[str, str]:
    """{Han character: its folded form} for every character that folds to one in `alphabet` (the
    folded Han characters of the index): a query character folding to anything else finds nothing anyway."""
    return {char: folded for char, folded in _han_folds().items() if folded in alphabet}


FOLDING = ("CJK_Compatibility_Ideographs", "TSPhrases", "TSCharactersExt", "TSCharacters", "STPhrases",
           PHRASES_FROM_REGIONS, "STCharacters")
"""The OpenCC dictionaries of t2s and s2t, which fold a Han character."""
FOLDING_CHARACTERS = ("CJK_Compatibility_Ideographs", "TSPhrases", "TSCharactersExt", "TSCharacters",
                      "STCharacters")
"""…all but STPhrases and its regional phrases, which `phrases()` reads."""


def folding_sources(*more: str) -> list[Path]:
    """What a table of folded forms is made from: OpenCC's dictionaries (`FOLDING` and `more`) and the
    modules that fold; kept (`scripts.kept`) under them, so an edited transcript's build reads it back."""
    return [share_file(f"{name}.ocd2") for name in (*FOLDING, *more)] + [Path(__file__), Path(folding.__file__)]


@cache
def _han_folds() -> dict[str, str]:
    """Every ideograph whose folded form differs from it (about 4,300), once per process."""
    return kept("han-folds", folding_sources(), fold_ideographs)


def fold_ideographs() -> dict[str, str]:
    """A character no dictionary of t2s or s2t has as a key goes through each step as it is, so only
    those keys (about 7,400 of the 70,000 ideographs) go through OpenCC; together, one per line: a line
    break never joins a phrase, so each converts as it would alone (fold_char)."""
    keys = {key for found in (*(table(name) for name in FOLDING_CHARACTERS), phrases()) for key in found
            if len(key) == 1} | SAME_WORD.keys()
    chars = sorted(c for c in keys if any(low <= ord(c) <= high for low, high in TABLE_RANGES))
    t2s, s2t = opencc.OpenCC("t2s.json"), lone_characters_s2t()  # (one a line: no phrase to set up)
    folded = t2s.convert(s2t.convert(t2s.convert("\n".join(chars)))).split("\n")
    if len(folded) != len(chars) or any(len(f) != 1 for f in folded):
        folded = [fold_search_char(c) for c in chars]
    return {c: SAME_WORD.get(f, f) for c, f in zip(chars, folded) if SAME_WORD.get(f, f) != c}


@cache
def regional_pairs() -> list[tuple[str, str]]:
    """Mainland and Taiwan words for one thing (芯片 and 晶片, 软件 and 軟體), both folded: OpenCC's
    zh-TW phrase table (TWPhrases, what s2twp uses), read back as pairs. Words of one character
    (宏/巨集) and words with Latin letters (U盤) are left out: they would match far too much."""
    return kept("regional-pairs", folding_sources("TWPhrases"), read_regional_pairs)


def read_regional_pairs() -> list[tuple[str, str]]:
    pairs = set()
    for line in _dictionary_text("TWPhrases.ocd2").splitlines():
        mainland, _, taiwan = line.partition("\t")
        for word in taiwan.split():
            a, b = fold_word(mainland), fold_word(word)
            if a != b and min(len(a), len(b)) >= 2 and all(is_han(c) for c in a + b):
                pairs.add((a, b))
    return sorted(pairs)


def fold_word(text: str) -> str:
    return "".join(fold_search_char(c) for c in text if not c.isspace())


@cache
def _dictionary_text(name: str) -> str:
    """One of OpenCC's compiled dictionaries as text, through the `opencc_dict` tool its package ships.
    Empty when the tool is not there (a platform whose wheel lacks it): regional words then fold as
    characters only."""
    clib = Path(opencc.__file__).parent / "clib"
    tool = next((p for p in (clib / "bin" / "opencc_dict", clib / "bin" / "opencc_dict.exe") if p.is_file()), None)
    source = clib / "share" / "opencc" / name
    if tool is None or not source.is_file():
        return ""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "dictionary.txt"
        try:
            subprocess.run([str(tool), "-i", str(source), "-o", str(out), "-f", "ocd2", "-t", "text"],
                           check=True, capture_output=True, timeout=60)
            return out.read_text(encoding="utf-8")
        except (OSError, subprocess.SubprocessError):
            return ""
