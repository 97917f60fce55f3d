"""The published text of one transcript in each script, and why each piece reads as it does.

For each piece of source text:
1. inline rules (`-{…}-`) are taken out and decided by the editor;
2. half-width punctuation among Chinese becomes full-width (punctuation.py);
3. the text goes to Simplified, the pivot, where dictionary phrases are found;
4. the rest is converted by OpenCC; on zh-Hant pages, where the round trip only
   swapped one correct Traditional form for another (裏/裡, 台/臺, 公布/公佈),
   the source's choice stands.
`pieces()` keeps every step's reason for the conversion report; `text()` is
what pages and the JSON export use.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .convert import HANT, Converter, Script
from .dictionary import Dictionary, Rule, split_inline
from .punctuation import HAN, corner_quotes, full_width, straight_quotes_to_curly

ZHU_WORDS = re.compile("显著|著名|著作|名著|原著|论著|专著|巨著|卓著|昭著|土著|著称|著述|编著|著书|遗著|译著|拙著|"
                       "撰著|著录|著者|著有|合著|新著|所著|著明|著实")
"""Words where Simplified keeps 著; everywhere else a Traditional 著 is the particle or verb 着 (有着, 随着, 身着)."""
SOURCE_VARIANTS = frozenset(frozenset(pair) for pair in ("裏裡", "台臺", "布佈", "了瞭", "夥伙", "着著", "癡痴"))
"""Pairs of Traditional forms both correct for the same word: the round trip may not swap them."""


@dataclass(frozen=True, slots=True)
class Options:
    full_width: bool = True
    """Half-width punctuation among Chinese becomes full-width."""
    corner_quotes: bool = False
    """“” and ‘’ become 「」 and 『』 on Traditional pages."""
    latin_spacing: str = "as-written"
    """"as-written", "css" (the browser's text-autospace) or "insert" (a space between Han and Latin)."""


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of published text and how it was made."""

    source: str
    """The source text it came from (markup included for inline rules)."""
    simplified: str
    """The Simplified pivot it was converted from (for inline rules: the rule's markup)."""
    out: str
    reason: str
    """"opencc", "rule", "inline" or "as-is" (Simplified text on a Simplified page)."""
    rule: Rule | None = None
    kept: tuple[int, ...] = ()
    """Offsets in `out` where the source's Traditional form was kept over the round trip's."""


def zhe(simplified: str) -> str:
    """OpenCC's t2s leaves every 著 alone; Simplified writes the particle 着 (有着, 随着, 意味着)."""
    if "著" not in simplified:
        return simplified
    keep = {i for m in ZHU_WORDS.finditer(simplified) for i in range(m.start(), m.end())}
    return "".join("着" if c == "著" and i not in keep else c for i, c in enumerate(simplified))


class Publisher:
    """Makes published text for one transcript: its source script, its dictionary, the site's options."""

    def __init__(self, converter: Converter, dictionary: Dictionary, source_lang: str, options: Options = Options()):
        self.converter = converter
        self.dictionary = dictionary
        self.source_lang = source_lang
        self.options = options
        self.text = lru_cache(maxsize=65536)(self._text)

    def _text(self, source: str, script: Script) -> str:
        out = "".join(piece.out for piece in self.pieces(source, script))
        return self.finish(out, script)

    def finish(self, text: str, script: Script) -> str:
        """Steps on the whole published string: quotation style and Latin spacing."""
        if self.options.corner_quotes and script.traditional:
            text = corner_quotes(text)
        if self.options.latin_spacing == "insert":
            text = re.sub(rf"([{HAN}])([A-Za-z0-9])", r"\1 \2", text)
            text = re.sub(rf"([A-Za-z0-9])([{HAN}])", r"\1 \2", text)
        return text

    def pieces(self, source: str, script: Script) -> list[Piece]:
        pieces: list[Piece] = []
        for chunk, inline in split_inline(source):
            if inline is not None:
                form = inline.form(script.rule_lang)
                if form is None:  # the editor gave other scripts only: convert one of their forms
                    form = self.converter.from_simplified(
                        self.converter.to_simplified(next(iter(inline.forms.values()))), script)
                pieces.append(Piece(chunk, chunk, form, "inline", inline))
                continue
            if self.options.full_width:
                chunk = full_width(straight_quotes_to_curly(chunk))
            pieces.extend(self.convert_plain(chunk, script))
        return pieces

    def convert_plain(self, chunk: str, script: Script) -> list[Piece]:
        simplified = chunk if self.source_lang == "zh-Hans" else zhe(self.converter.to_simplified(chunk))
        aligned = len(simplified) == len(chunk)
        pieces: list[Piece] = []
        offset = 0
        for segment, rule in self.dictionary.segments(simplified):
            source = chunk[offset:offset + len(segment)] if aligned else segment
            offset += len(segment)
            form = rule.form(script.rule_lang) if rule else None
            if rule and form is not None:
                pieces.append(Piece(source, segment, form, "rule", rule))
            elif not script.traditional:
                pieces.append(Piece(source, segment, segment, "opencc" if self.source_lang != "zh-Hans" else "as-is"))
            else:
                out = self.converter.from_simplified(segment, script)
                pieces.append(self.respect_source(source, segment, out, script, aligned))
        return pieces

    def respect_source(self, source: str, simplified: str, out: str, script: Script, aligned: bool) -> Piece:
        """On zh-Hant pages, undo round-trip swaps between two correct forms of one word."""
        if script != HANT or self.source_lang != "zh-Hant" or not aligned or len(out) != len(source):
            return Piece(source, simplified, out, "opencc")
        chars = list(out)
        kept = []
        for i, (a, b) in enumerate(zip(source, out)):
            if a != b and frozenset((a, b)) in SOURCE_VARIANTS:
                chars[i] = a
                kept.append(i)
        return Piece(source, simplified, "".join(chars), "opencc", kept=tuple(kept))
