"""The published scripts and the converters between them.

Every text has a Simplified pivot (the source itself, or OpenCC's t2s of it), where
phrases and overrides are matched. Traditional is made from the pivot by `Chooser`
(traditional.py), then put in each script's regional forms by OpenCC (t2tw, t2hk).
OpenCC converters cost 20–100 ms each to create, so a `Converter` makes each one once
per build (or per build worker: `make_all` before the workers fork), and only when first used.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import opencc

from ..reading.opencc_setup import compiled_file, converter
from .dictionary import Rule
from .s2t import plain_s2t
from .tables import (char_default, one_to_many, region_words, share_file, simplified_only, standard_forms, table,
                     variant_pairs, word_frequencies)
from .traditional import Chooser, PhraseMatchers


@dataclass(frozen=True, slots=True)
class Script:
    """A published script: its URL folder, its `lang` tag and how to make it from Simplified."""

    key: str
    """URL folder: zh-hant, zh-hans, zh-tw, zh-hk."""
    lang: str
    """BCP 47 tag for `lang` attributes; also the JSON text key and the overrides' script name."""
    name: str
    """The script's own name for itself, shown in the script switch (in that script)."""
    short: str
    """Two-character name for tight places (the per-answer link to the other script)."""
    variants: str | None
    """OpenCC's step from its standard Traditional to this script's forms (t2tw, t2hk, t2twp), or
    None for Simplified."""
    rule_lang: str
    """Which form of an override applies: zh-Hant, zh-Hans, zh-TW or zh-HK."""

    @property
    def traditional(self) -> bool:
        return self.variants is not None


HANT = Script("zh-hant", "zh-Hant", "繁體中文", "繁體", "t2tw", "zh-Hant")
HANS = Script("zh-hans", "zh-Hans", "简体中文", "简体", None, "zh-Hans")
TW = Script("zh-tw", "zh-Hant-TW", "臺灣正體", "臺灣", "t2tw", "zh-TW")
TW_PHRASES = Script("zh-tw", "zh-Hant-TW", "臺灣正體", "臺灣", "t2twp", "zh-TW")
HK = Script("zh-hk", "zh-Hant-HK", "香港繁體", "香港", "t2hk", "zh-HK")
SCRIPTS: tuple[Script, ...] = (HANT, HANS)
"""The two scripts every site publishes."""
VARIANTS = {"zh-tw": TW, "zh-hk": HK}


def site_scripts(variants: tuple[str, ...] = (), taiwan_phrases: bool = False) -> tuple[Script, ...]:
    """zh-hant and zh-hans, then each configured regional variant."""
    chosen = [TW_PHRASES if key == "zh-tw" and taiwan_phrases else VARIANTS[key] for key in variants]
    return SCRIPTS + tuple(chosen)


CHOOSERS_KEPT = 3
"""Choosers a converter keeps beside its held ones, the least recently used dropped first: each holds
the choices it made, and a transcript with a dictionary of its own, or a Traditional source (its region's
words), needs its own. Three: Simplified, Taiwan and Hong Kong sources with the site's overrides. Their
OpenCC matchers over some 50,000 phrases (about 25 MB) are the region's, which the converter keeps."""


class Converter:
    """OpenCC, set up once per build: Traditional to Simplified, the Simplified → Traditional chooser
    for each set of overrides, and the regional variant steps of the scripts the site publishes."""

    def __init__(self, scripts: tuple[Script, ...] = SCRIPTS) -> None:
        self._to_simplified = opencc.OpenCC("t2s.json")
        self._variants: dict[str, opencc.OpenCC] = {}
        """Made when first asked for (`variant_converter`)."""
        self.scripts = scripts
        self._choosers: dict[tuple, Chooser] = {}
        """Made when first asked for, the latest last; past the held ones (`hold_choosers`), only
        CHOOSERS_KEPT are kept."""
        self._held: set[tuple] = set()
        self._matchers: dict[str | None, PhraseMatchers] = {}
        """Each region's matchers over OpenCC's phrases, which its choosers for every set of overrides share."""
        self._simplified = lru_cache(maxsize=65536)(self._to_simplified.convert)
        self._changes = lru_cache(maxsize=65536)(self.changes)
        """Cached: the preview reads a transcript and places its notes again after each save, and
        converts the same paragraphs and quotes each time."""

    def make_all(self) -> None:
        """Make the tables and every published script's converter now: before a process pool forks, so
        that its workers share them rather than each making its own. (The choosers the transcripts need
        are made by reading some of them: `workers.prepare_parent`.)"""
        for script in self.scripts:
            self.variant_converter(script)
        one_to_many(), variant_pairs(), standard_forms(), simplified_only(), word_frequencies().read_all(), plain_s2t()
        table("TSCharacters")  # the repair's

    def hold_choosers(self) -> None:
        """Keep the choosers made so far for good: a parent's, which the workers it forks share (dropping
        one in a worker would free nothing and copy the pages it is on)."""
        self._held = set(self._choosers)

    def forget(self) -> None:
        """Drop the converted texts kept so far: a build worker moving on to another transcript will not
        meet them again, and keeping them would grow it by a transcript's worth each time."""
        self._simplified.cache_clear()
        self._changes.cache_clear()
        for chooser in self._choosers.values():
            chooser.forget()

    def to_simplified(self, text: str) -> str:
        return self._simplified(text)

    def chooser(self, rules: dict[str, Rule] | None = None, region: str | None = None) -> Chooser:
        """The Simplified → Traditional chooser for a set of overrides and a Traditional source's region
        (its own words: tables.region_words), made once per build."""
        key = (frozenset((k, r.origin, tuple(sorted(r.forms.items()))) for k, r in (rules or {}).items()), region)
        found = self._choosers.pop(key, None)
        if found is None:
            found = Chooser(rules, words=region_words(region), matchers=self._matchers.get(region))
            self._matchers[region] = found.matchers
            unheld = [k for k in self._choosers if k not in self._held]
            for old in unheld[:max(0, len(unheld) + 1 - CHOOSERS_KEPT)]:
                del self._choosers[old]  # a worker meeting many transcripts with dictionaries of their own
        self._choosers[key] = found
        return found

    def variant_converter(self, script: Script) -> opencc.OpenCC | None:
        """OpenCC's step from its standard Traditional to the script's regional forms (裏 → 裡)."""
        if script.variants != "t2twp":  # t2tw and t2hk are character tables (tables.regional_table)
            return None
        if script.variants not in self._variants:
            self._variants[script.variants] = regional_converter(script.variants)
        return self._variants[script.variants]

    def regional(self, traditional: str, script: Script) -> str:
        converter = self.variant_converter(script)
        return converter.convert(traditional) if converter is not None else traditional

    def to_traditional(self, text: str, script: Script | None = None) -> str:
        """A short text (a name, an inline rule's form) in a Traditional script, as one unit: OpenCC's s2t."""
        return self.regional(plain_s2t().convert(self.to_simplified(text)), script or HANT)

    def detect(self, *samples: str) -> str:
        """"zh-Hant" or "zh-Hans": whichever script the texts change less under conversion to."""
        to_hans = to_hant = 0
        for sample in samples:
            hans, hant = self._changes(sample)
            to_hans, to_hant = to_hans + hans, to_hant + hant
        return "zh-Hans" if to_hans < to_hant else "zh-Hant"

    def changes(self, sample: str) -> tuple[int, int]:
        """How many characters conversion to Simplified, and to Traditional (OpenCC's defaults), would change."""
        return (sum(a != b for a, b in zip(sample, self.to_simplified(sample))),
                sum(a != b for a, b in zip(sample, sample.translate(char_default()))))


def regional_converter(variants: str) -> opencc.OpenCC:
    """OpenCC's own t2tw and t2hk; Taiwan phrasing (軟件 → 軟體) is OpenCC's TWPhrases step of s2twp,
    set up here from its dictionaries for text that is already Traditional."""
    if variants != "t2twp":
        return opencc.OpenCC(f"{variants}.json")
    def dictionary(name: str) -> dict:
        return compiled_file(share_file(f"{name}.ocd2"))
    phrases = dictionary("TWPhrases")
    return converter({"name": "t2twp", "segmentation": {"type": "mmseg", "dict": phrases},
                      "conversion_chain": [{"dict": phrases},
                                           {"dict": {"type": "group", "match_policy": "short_circuit",
                                                     "dicts": [dictionary("TWVariantsPhrases"),
                                                               dictionary("TWVariants")]}}]}, "t2twp")
