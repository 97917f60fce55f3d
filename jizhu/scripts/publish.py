"""The published text of one transcript in each script, and why each piece reads as it does.

A correct source is published in its own script as written; the other script is made
from it. For each piece of text:
1. inline rules (`-{…}-`) are taken out and decided by the editor;
2. half-width punctuation among Chinese becomes full-width (punctuation.py);
3. the text's Simplified pivot is made (the source itself, or OpenCC's t2s of it),
   where names are found and kept whole;
4. Simplified pages show a Simplified source as written, or the pivot of a Traditional
   one (with the few Mainland forms t2s lacks: 矽 → 硅; and never a form the usual fonts lack);
5. Traditional pages show a Simplified source through `Chooser` (OpenCC's phrases
   checked by words, overrides as phrases); a Traditional source as written, except
   characters the text shows were converted mechanically (repair.py), which take the
   words' form, and Simplified characters (a note written in Simplified), converted;
6. one page, one form: where the source writes one of two forms of a character (裏/裡),
   the rest of the page (notes, glossary) follows it.
`pieces()` keeps every step's reason for the conversion report; `text()` is what pages
and the JSON export use.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import NamedTuple

from .convert import HANT, Converter, Script
from .dictionary import FRONT_MATTER_NAME, Dictionary, Rule, split_inline
from .names import FOUND_NAME, found_names, name_rules, no_converter_surname
from .punctuation import HAN, MARKS, corner_quotes, curly_quotes, full_width, straight_quotes_to_curly
from .repair import HONG_KONG_WORDS, Decision, Evidence, decide, gather
from .sparse import SparseTable
from .tables import (ACCEPTED_FORMS, CANTONESE_STANDALONE, CANTONESE_WORDS, char_default, glyph_pairs, is_cantonese,
                     is_hong_kong, region_forms, region_standalone, regional_table, same_character, simplified_only,
                     standard_forms)
from .traditional import (RARER_PHRASE, REGIONAL, Choice, after_auxiliaries, asked_alike, cantonese_classifiers,
                          counted_ge, in_cantonese, in_cantonese_sentences, standing_alone)

ZHU_WORDS = re.compile("显著|著名|著作|名著|原著|论著|专著|巨著|卓著|昭著|土著|著称|著述|编著|著书|遗著|译著|拙著|"
                       "撰著|著录|著者|著有|合著|新著|所著|著明|著实")
"""Words where Simplified keeps 著; everywhere else a Traditional 著 is the particle or verb 着 (有着, 随着)."""
MAINLAND_FORMS = SparseTable(str.maketrans({
    "矽": "硅", "痺": "痹", "衞": "卫", "暱": "昵", "甦": "苏", "牠": "它",
    "衹": "只", "枱": "台", "粧": "妆", "敍": "叙", "糭": "粽", "簷": "檐", "睪": "睾",
    "妳": "你", "閧": "哄"}))
"""Reviewed: Traditional characters OpenCC's t2s leaves alone that Mainland text writes otherwise
(矽 → 硅 silicon, 麻痺 → 麻痹, 衞 → 卫, 暱稱 → 昵称, 甦醒 → 苏醒, 牠 → 它). Among them, every Hong Kong
and Taiwan glyph of OpenCC's own HKVariants and TWVariants that t2s leaves as written while it converts
the standard character (Hong Kong's 衹有, 枱, 化粧, 敍述, 糭; Taiwan's 屋簷, 睪丸; test_conversion finds
them), but 么 (Simplified writes it for 麼), 著 (decided by the word: `zhe`) and 潀 (its standard form is
written alike); and two variants the Mainland's first list of variants (1955) gave up, still in use
elsewhere: 妳 → 你, 閧 → 哄."""

UNDRAWN_SIMPLIFIED = SparseTable(str.maketrans({
    "𠮶": "嗰", "𠰷": "嚧", "𡥧": "孻", "𣆐": "曥", "𣐕": "桱", "𣓿": "橯", "𣺼": "灙", "𤠋": "㺏", "𥇢": "䁪",
    "𥮾": "篸", "𧮪": "詀", "𩠌": "餸", "𪷽": "灒", "𫈟": "蔯", "𫊻": "蟳"}))
"""Reviewed: each character OpenCC's t2s writes in a form that Source Han Sans and Noto Sans CJK (the
fonts made for the Mainland's list of standard characters, 通用规范汉字表) cannot draw, a character
of a supplementary plane, back to the one it was made from, which every Chinese font draws and
Mainland writers use: 嗰 (not 𠮶), 餸, 孻, 蟳. A reader would see an empty box. The other 175
supplementary forms t2s writes (鱲 → 𫚭, 鮟 → 𩽾) are standard characters those fonts have;
test_conversion checks the list against the fonts installed."""
UNDRAWN_TRADITIONAL = SparseTable(str.maketrans({
    "𠗣": "㓆", "𡾱": "㟜", "𣈶": "暅", "𣙎": "㭣", "𣯶": "毶", "𥢢": "䅪", "𦪙": "䑽", "𧜗": "䘞", "𧶧": "䞎",
    "𨊰": "䢀", "𨊸": "䢁", "𩞯": "䭪"}))
"""The same for OpenCC's s2t (rare characters all): on a Traditional page of a Simplified source."""
SIMPLIFIED_PAGE_FORMS = SparseTable({**MAINLAND_FORMS.table, **UNDRAWN_SIMPLIFIED.table})
"""What a Simplified page shows of a Traditional source's pivot."""


@dataclass(frozen=True, slots=True)
class Options:
    full_width: bool = True
    """Half-width punctuation among Chinese becomes full-width."""
    corner_quotes: bool = False
    """“” and ‘’ become 「」 and 『』 on Traditional pages."""
    latin_spacing: str = "as-written"
    """"as-written", "css" (the browser's text-autospace) or "insert" (a space between Han and Latin)."""


class Piece(NamedTuple):
    """A run of published text and how it was made: a named tuple, not a frozen dataclass, as immutable
    and made in a third of the time (each Traditional page's text is some 5,000 of them)."""

    source: str
    """The source text it came from (markup included for inline rules)."""
    simplified: str
    """The Simplified pivot it was converted from (for inline rules: the rule's markup)."""
    out: str
    reason: str
    """"as-is" (the source's own script), "default", "phrase", "word check" (traditional.Choice),
    "rule", "inline", "name", or "source" (a Traditional source's characters, see `kept` and
    `repaired`)."""
    rule: Rule | None = None
    kept: tuple[int, ...] = ()
    """Offsets in `out` where the source's form was kept over the conversion's."""
    repaired: tuple[int, ...] = ()
    """Offsets in `out` repaired: the source wrote the character one way throughout (repair.py)."""


def zhe(simplified: str) -> str:
    """OpenCC's t2s leaves every 著 alone; Simplified writes the particle 着 (有着, 随着, 意味着)."""
    if "著" not in simplified:
        return simplified
    keep = {i for m in ZHU_WORDS.finditer(simplified) for i in range(m.start(), m.end())}
    return "".join("着" if c == "著" and i not in keep else c for i, c in enumerate(simplified))


class Publisher:
    """Makes published text for one transcript: its source script, its dictionary, the site's options.

    `sample` is the transcript's own text (its paragraphs): for a Traditional source, the
    evidence of mechanical conversion and the forms the page uses are read from it. `previous`, a
    publisher of an earlier version of the same transcript (the preview's, after a save), lends the
    evidence of each paragraph it had too."""

    def __init__(self, converter: Converter, dictionary: Dictionary, source_lang: str, options: Options = Options(),
                 sample: tuple[str, ...] = (), converted: bool | tuple[str, ...] | None = None,
                 region: str | None = None, previous: Publisher | None = None):
        self.converter = converter
        self.dictionary = dictionary
        self.source_lang = source_lang
        self.options = options
        self.names = Dictionary({k: r for k, r in dictionary.rules.items() if r.origin.startswith("name")})
        self.cantonese = is_cantonese(sample)
        """Written Cantonese: its own words stand alone (係 "is"), see traditional.in_cantonese."""
        self.corner_quoted = sum(text.count("「") for text in sample) > sum(text.count("“") for text in sample)
        """The source quotes with 「」 more than with “”: so does a quotation copied from its Traditional pages."""
        self.region, self.region_why = region_of(sample, region, self.cantonese) if source_lang == "zh-Hant" \
            else (None, "")
        """A Traditional source's region ("HK" or "TW"), and why (`region_of`)."""
        self.words = HONG_KONG_WORDS if self.region == "HK" else 1
        """Different words against a form before it counts as damaged in a text not shown converted
        (repair.Evidence.damaged)."""
        cantonese_words = self.region == "HK" or source_lang == "zh-Hans"  # Traditional written Cantonese is Hong Kong's
        self.tables = tables = "yue" if self.cantonese and cantonese_words else self.region
        """Whose own words (唸, 蒐整; Cantonese 吓, 晒, 隻) the repair and the Traditional pages know: a formal
        Hong Kong text's, none; a Simplified source in Cantonese, written Cantonese's."""
        self.chooser = converter.chooser({k: r for k, r in dictionary.rules.items()
                                          if not r.origin.startswith("name")}, tables)
        self.forms = region_forms(tables)
        """Each Simplified character with several Traditional forms, with the region's own."""
        self.standalone = region_standalone(tables)
        self.choose = lru_cache(maxsize=65536)(self._choose)
        self.text = lru_cache(maxsize=65536)(self._text)
        self.punctuated = lru_cache(maxsize=65536)(punctuated)
        """Kept: every script's text is made from the same punctuated source."""
        self.pivot = lru_cache(maxsize=65536)(self._pivot)
        self.found = found_names(self.pivot(self.as_pieces_read(chunk)) for text in sample
                                 for chunk, inline in split_inline(text) if inline is None)
        """People's names the text shows (names.found_names), published whole; the editor's win."""
        if self.found:
            self.names = name_rules(self.found).merged(self.names)
        self.evidence: dict[str, Evidence] = {}
        self.paragraph_evidence: dict[str, dict[str, Evidence]] = {}
        """Each paragraph's own evidence: a publisher of the next version of the text reuses it."""
        self.preferred: dict[int, str] = {}
        characters = set("".join(sample))
        self.written = frozenset(characters) & simplified_only()
        """Simplified-only characters the transcript itself writes (吓, 晒 in written Cantonese): its own."""
        self.forced = converted
        """Front matter's `converted` (true, false or characters), or None: decided from the text."""
        self.decision = Decision(False, frozenset())
        if source_lang == "zh-Hant" and sample:
            self.evidence = self.gather(sample, previous)
            if isinstance(converted, tuple):  # the editor's characters, in either script
                converted = tuple(converter.to_simplified(c) for c in converted)
            self.decision = decide(self.evidence, converted, hong_kong=self.region == "HK", cantonese=self.cantonese)
            # The page follows the transcript's forms (裏 or 裡, 公布 or 公佈): a person's as written, a
            # converted text's as published (its converter's glyphs in the script's standard forms; the
            # table maps a character to one, so its distinct characters are enough).
            if self.decision.converted:
                characters = set("".join(characters).translate(regional_table(HANT.variants)))
            self.preferred = page_forms(characters)
        self.damaged = self.decision.damaged
        self.converted = self.decision.converted
        self.own_forms = SparseTable(self.preferred)

    def forget(self) -> None:
        """Drop the texts, choices and evidence kept, once the transcript is made (a build worker's). The
        caches hold the publisher through its own methods: a cycle, which only a full collection would
        free, a transcript's worth of objects traversed by every collection until then."""
        for cached in (self.text, self.choose, self.punctuated, self.pivot):
            cached.cache_clear()
        self.evidence, self.paragraph_evidence = {}, {}

    @cached_property
    def key(self) -> tuple:
        """What decides the text made from a source: publishers with equal keys make the same text."""
        return (self.converter, self.source_lang, self.options, self.dictionary.rules, tuple(self.found), self.decision,
                tuple(sorted(self.preferred.items())), self.written, self.cantonese, self.region)

    def _choose(self, pivot: str) -> list[Choice]:
        choices = counted_ge(pivot, self.chooser.choose(pivot))
        if self.cantonese:
            choices = in_cantonese(pivot, choices)
        else:
            choices = in_cantonese_sentences(pivot, choices, self.as_cantonese)
        if self.tables == "yue":
            choices = cantonese_classifiers(pivot, choices, self.chooser.phrases)
        if self.standalone:
            choices = standing_alone(pivot, choices, self.standalone, REGIONAL, through_phrases=RARER_PHRASE,
                                     reviewed=self.chooser.region_words)
            if self.tables == "yue":
                choices = after_auxiliaries(pivot, choices)
        return asked_alike(pivot, choices)

    def as_cantonese(self, pivot: str, choices: list[Choice]) -> list[Choice]:
        """The choices of a text written in Cantonese: its own words standing alone (係, 晒 "all", 吓 "a bit"),
        the verbs after an auxiliary. For the Cantonese a text not in Cantonese quotes (`in_cantonese_sentences`)."""
        choices = standing_alone(pivot, in_cantonese(pivot, choices), CANTONESE_STANDALONE, REGIONAL,
                                 through_phrases=RARER_PHRASE, reviewed=CANTONESE_WORDS)
        return after_auxiliaries(pivot, choices)

    def gather(self, sample: tuple[str, ...], previous: Publisher | None = None) -> dict[str, Evidence]:
        """Evidence of mechanical conversion from the transcript's text, names left out (余承東), summed
        over its paragraphs; a paragraph `previous` read alike is not read again."""
        alike = previous is not None and previous.chooser is self.chooser and previous.names.rules == self.names.rules \
            and (previous.cantonese, previous.region) == (self.cantonese, self.region)
        kept = previous.paragraph_evidence if alike else {}
        found: dict[str, Evidence] = {}
        for text in sample:
            own = self.paragraph_evidence.get(text)
            if own is None:
                own = kept.get(text)
                if own is None:
                    own = gather(self.pieces_gathered(text), self.forms, unlisted_weak=self.region == "HK",
                                 reviewed=self.chooser.region_words, crosses_words=self.chooser.crosses_words)
                self.paragraph_evidence[text] = own
            for char, evidence in own.items():
                (found.get(char) or found.setdefault(char, Evidence(char))).add(evidence)
        return found

    def pieces_gathered(self, text: str) -> Iterator[tuple[str, str, list[Choice]]]:
        """(source, pivot, choices) of each piece of a paragraph the repair reads: names left out."""
        for chunk, inline in split_inline(text):
            if inline is not None:
                continue
            chunk = self.as_pieces_read(chunk)
            pivot = self.pivot(chunk)
            if len(pivot) != len(chunk):
                continue
            offset = 0
            for segment, name in self.names.segments(pivot):
                if name is None:
                    yield chunk[offset:offset + len(segment)], segment, self.choose(segment)
                elif name.origin == FOUND_NAME:  # what the text writes in it, and no phrase across it (志|喜)
                    yield chunk[offset:offset + len(segment)], segment, [Choice(0, len(segment),
                                                                              segment.translate(char_default()),
                                                                              "default")]
                offset += len(segment)

    def as_pieces_read(self, chunk: str) -> str:
        """A source chunk as `pieces` converts it, punctuated, where that changes only marks in place
        and no rule holds a mark: no word, phrase or table entry holds one either (test_conversion
        checks OpenCC's and the word list's), so its words are cut and chosen as in the source, and
        their choices, made once, serve the evidence and every script's text."""
        if not self.options.full_width or self.marks_in_rules:
            return chunk
        punctuated = self.punctuated(chunk)
        return punctuated if len(punctuated) == len(chunk) else chunk

    @cached_property
    def marks_in_rules(self) -> bool:
        return any(not MARKS.isdisjoint(key) for key in self.dictionary.rules)

    def _pivot(self, chunk: str) -> str:
        return chunk if self.source_lang == "zh-Hans" else zhe(self.converter.to_simplified(chunk))

    def _text(self, source: str, script: Script) -> str:
        out = "".join(piece.out for piece in self.pieces(source, script))
        return self.finish(out, script)

    def finish(self, text: str, script: Script) -> str:
        """Steps on the whole published string: quotation style, Taiwan phrasing and Latin spacing."""
        if script.variants == "t2twp":
            text = self.converter.regional(text, script)
        if self.options.corner_quotes and script.traditional:
            text = corner_quotes(text)
        elif not script.traditional:
            text = curly_quotes(text)  # Mainland pages quote with “” and ‘’
        if self.options.latin_spacing == "insert":
            text = re.sub(rf"([{HAN}])([A-Za-z0-9])", r"\1 \2", text)
            text = re.sub(rf"([A-Za-z0-9])([{HAN}])", r"\1 \2", text)
        return text

    def quote_marks(self, script: Script) -> str:
        """The opening and closing marks of a quotation copied from a page: the ones its text quotes with."""
        return self.finish("「」" if self.corner_quoted and script.traditional else "“”", script)

    def pieces(self, source: str, script: Script) -> list[Piece]:
        pieces: list[Piece] = []
        for chunk, inline in split_inline(source):
            if inline is not None:
                form = inline.form(script.rule_lang)
                if form is None:  # the editor gave other scripts only: convert one of their forms
                    given = self.converter.to_simplified(next(iter(inline.forms.values())))
                    form = self.converter.to_traditional(given, script) if script.traditional else given
                pieces.append(Piece(chunk, chunk, form, "inline", inline))
                continue
            if self.options.full_width:
                chunk = self.punctuated(chunk)
            pieces.extend(self.convert_plain(chunk, script))
        return pieces

    def convert_plain(self, chunk: str, script: Script) -> list[Piece]:
        pivot = self.pivot(chunk)
        if len(pivot) != len(chunk):  # t2s changed a length (rare): no character of the source lines up
            return self.convert_part(chunk, pivot, script, aligned=False)
        pieces: list[Piece] = []
        offset = 0
        for segment, name in self.names.segments(pivot):
            source = chunk[offset:offset + len(segment)]
            offset += len(segment)
            if name is not None:
                pieces.append(self.name(source, segment, name, script))
            else:
                pieces.extend(self.convert_part(source, segment, script))
        return pieces

    def name(self, source: str, simplified: str, name: Rule, script: Script) -> Piece:
        """A name, whole. On Traditional pages: the site names list's spelling; a transcript's own
        names (speakers, front matter) as a Traditional source writes them, else converted as one unit;
        where the front matter writes one in Traditional otherwise than the text (林志潔 beside a
        converted text's 林誌潔), as the front matter writes it."""
        if not script.traditional:
            return Piece(source, simplified, self.simplified_page(simplified), "name", name)
        if name.origin == FOUND_NAME and (self.source_lang == "zh-Hans" or self.converted):
            # names.traditional_name: its characters' default forms, its surname's own
            return Piece(source, simplified, self.regional(name.forms["zh-Hant"], script), "name", name)
        listed = name.origin not in ("name", FRONT_MATTER_NAME, FOUND_NAME)
        if self.source_lang == "zh-Hant" and not listed:
            written = name.form("zh-Hant") if name.origin == FRONT_MATTER_NAME else None
            if written and written != source and len(written) == len(source) \
                    and not any(c in simplified_only() for c in written):
                return Piece(source, simplified, written, "name", name)  # the editor's word on it
            repaired = self.repair_name(source, simplified)
            if name.origin == FOUND_NAME:
                repaired = no_converter_surname(repaired)
            return Piece(source, simplified, repaired, "name", name)
        return Piece(source, simplified, name.form(script.rule_lang) or name.form("zh-Hant") or source, "name", name)

    def convert_part(self, source: str, pivot: str, script: Script, aligned: bool = True) -> list[Piece]:
        """A part's pieces on a page: overrides as their rule says; on a Traditional page every other
        choice in the page's forms, a Traditional source's characters lined up with its pivot kept or
        repaired (`keep_or_repair`). The choices' regional forms and the source's forms as written are
        made for the whole part at once: every table they go through maps one character to one, so a
        choice's slice of either is its own."""
        choices = self.choose(pivot)
        if not script.traditional:
            return self.simplified(source, pivot, choices)
        converted = self.regional("".join([choice.out for choice in choices]), script)
        if self.source_lang == "zh-Hans":  # a Traditional source's own characters are kept as written
            converted = UNDRAWN_TRADITIONAL(converted)
        as_written = self.as_written(source, script) if self.source_lang == "zh-Hant" and aligned else None
        pieces = []
        at = 0
        for choice in choices:
            out = converted[at:at + len(choice.out)]
            at += len(choice.out)
            form = choice.rule.form(script.rule_lang) if choice.rule else None
            text = source[choice.start:choice.end] if aligned else choice.out
            simplified = pivot[choice.start:choice.end]
            if form is not None:
                pieces.append(Piece(text, simplified, form, "rule", choice.rule))
            elif as_written is not None:
                pieces.append(self.keep_or_repair(text, simplified, choice, out, as_written[choice.start:choice.end]))
            else:
                pieces.append(Piece(text, simplified, out, choice.why, choice.rule))
        return pieces

    def as_written(self, source: str, script: Script) -> str:
        """A Traditional source's characters in the page's forms: where the source's form is the
        conversion's (`same_character`: a regional page's own forms too), the source's, in the page's
        forms; a converter's glyph (裏) is not the author's: the script's own (裡). Both tables map a
        character to one, so the whole text goes through them."""
        regional = variant_forms(script.variants)
        as_written = regional(source) if self.converted else source
        return (self.own_forms if script.rule_lang == "zh-Hant" else regional)(as_written)

    def simplified(self, source: str, pivot: str, choices: list[Choice]) -> list[Piece]:
        """A Simplified page: the source as written, or the pivot of a Traditional source;
        overrides with a zh-Hans form decide their phrase."""
        pieces = []
        last = 0
        for choice in choices:
            form = choice.rule.form("zh-Hans") if choice.rule else None
            if form is None:
                continue
            if choice.start > last:
                pieces.append(self.plain_simplified(source[last:choice.start], pivot[last:choice.start]))
            pieces.append(Piece(source[choice.start:choice.end], pivot[choice.start:choice.end], form, "rule",
                                choice.rule))
            last = choice.end
        if last < len(pivot) or not pieces:
            pieces.append(self.plain_simplified(source[last:], pivot[last:]))
        return pieces

    def plain_simplified(self, source: str, pivot: str) -> Piece:
        if self.source_lang == "zh-Hans":
            return Piece(source, pivot, source, "as-is")
        return Piece(source, pivot, self.simplified_page(pivot), "t2s")

    def simplified_page(self, pivot: str) -> str:
        """A pivot as a Simplified page shows it: a Simplified source's as written."""
        return pivot if self.source_lang == "zh-Hans" else SIMPLIFIED_PAGE_FORMS(pivot)

    def repair_name(self, source: str, simplified: str) -> str:
        """A Traditional source's own name as written, but where the converter damaged a character
        (the text writes 誌 throughout, so 林誌潔 was 林志潔), OpenCC's form for the name as one unit."""
        if not self.damaged.intersection(simplified):
            return source
        whole = self.converter.to_traditional(simplified)
        if len(whole) != len(source):
            return source
        forms = self.forms
        return "".join(w if s in self.damaged and c.translate(standard_forms()) in forms.get(s, ()) else c
                       for c, s, w in zip(source, simplified, whole))

    def keep_or_repair(self, source: str, pivot: str, choice: Choice, converted: str, as_written: str) -> Piece:
        """A Traditional source's characters: kept, unless the character was converted mechanically
        (then the words' form) or is not Traditional at all (then converted). `converted`: the choice's
        output in the page's forms; `as_written`: the source's (`as_written`)."""
        if len(converted) != len(source):
            return Piece(source, pivot, source, "source")
        if source == converted:
            return Piece(source, pivot, as_written, "source", choice.rule)
        chars = list(as_written)
        kept, repaired = [], []
        forms = self.forms
        for i, (c, s, e) in enumerate(zip(source, pivot, converted)):
            if c == e or same_character(c, e):
                continue
            if s in self.damaged and c.translate(standard_forms()) in forms.get(s, ()):
                chars[i] = e
                repaired.append(i)
            elif self.converted and s not in forms:
                chars[i] = e  # the converter's glyph for a character of one form (麽 for 么 → 麼)
                repaired.append(i)
            elif c not in simplified_only() or c in self.written:
                chars[i] = c  # a Traditional form the words may not call for: the source's choice
                kept.append(i)
            else:
                chars[i] = e  # Simplified text the transcript never writes (a note in Simplified)
        return Piece(source, pivot, "".join(chars), "source", choice.rule, tuple(kept), tuple(repaired))

    def regional(self, traditional: str, script: Script) -> str:
        """OpenCC's standard forms in the script's regional forms, then the page's own forms."""
        return self.own_forms(variant_forms(script.variants)(traditional))


def region_of(sample: tuple[str, ...], region: str | None, cantonese: bool) -> tuple[str, str]:
    """A Traditional source's region and why: front matter's `region`, else Hong Kong for written
    Cantonese or a text naming Hong Kong more than Taiwan (formal Hong Kong Chinese reads much like
    Taiwan's: `tables.is_hong_kong`), else Taiwan."""
    if region:
        return region, "front matter"
    if cantonese:
        return "HK", "written Cantonese"
    if is_hong_kong(sample):
        return "HK", "it names Hong Kong more than Taiwan"
    return "TW", "the default"


def punctuated(text: str) -> str:
    """Straight double quotes around Chinese made curly, and half-width marks among Chinese full-width."""
    return full_width(straight_quotes_to_curly(text))


@cache
def variant_forms(variants: str | None) -> SparseTable:
    """OpenCC's standard Traditional in a script's regional forms (`regional_table`)."""
    return SparseTable(regional_table(variants))


def page_forms(written: set[str]) -> dict[int, str]:
    """For each pair of glyphs of one character (裏/裡) of which the source writes only one (of its
    characters, `written`), a str.translate entry from the other glyph to it: notes and glossary
    follow the transcript, and the transcript itself never changes. Of forms that differ by word
    (tables.ACCEPTED_FORMS: 布/佈, 周/週), only the general one is followed: a transcript's 公布 makes a
    note's 公佈 read 公布, but its 每週 must not make a note's 周圍 or surname 周 read 週."""
    table: dict[int, str] = {}
    for pair in glyph_pairs():
        a, b = sorted(pair)
        if (a in written) != (b in written):
            winner, loser = (a, b) if a in written else (b, a)
            table[ord(loser)] = winner
    for general, specific in ACCEPTED_FORMS:
        if general in written and specific not in written:
            table[ord(specific)] = general
    return table
