"""One source, every script: how published text is made from the source text.

Every page's text goes through Simplified, the pivot. A Traditional source made
mechanically from Simplified (見麵會, 係統) is repaired by the round trip
(t2s, then OpenCC back to Traditional); a Simplified source needs one step.
OpenCC converters cost 20–100 ms each to create, so a `Converter` makes each
one once per build (or per build worker), and only when first used: a build
whose transcripts are all unchanged makes none but t2s (2 ms).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import opencc


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
    from_simplified: str | None
    """OpenCC config from Simplified, or None for Simplified itself."""
    rule_lang: str
    """Which form of an override applies: zh-Hant, zh-Hans, zh-TW or zh-HK."""

    @property
    def traditional(self) -> bool:
        return self.from_simplified is not None


HANT = Script("zh-hant", "zh-Hant", "繁體中文", "繁體", "s2tw.json", "zh-Hant")
HANS = Script("zh-hans", "zh-Hans", "简体中文", "简体", None, "zh-Hans")
TW = Script("zh-tw", "zh-Hant-TW", "臺灣正體", "臺灣", "s2tw.json", "zh-TW")
TW_PHRASES = Script("zh-tw", "zh-Hant-TW", "臺灣正體", "臺灣", "s2twp.json", "zh-TW")
HK = Script("zh-hk", "zh-Hant-HK", "香港繁體", "香港", "s2hk.json", "zh-HK")
SCRIPTS: tuple[Script, ...] = (HANT, HANS)
"""The two scripts every site publishes."""
VARIANTS = {"zh-tw": TW, "zh-hk": HK}


def site_scripts(variants: tuple[str, ...] = (), taiwan_phrases: bool = False) -> tuple[Script, ...]:
    """zh-hant and zh-hans, then each configured regional variant."""
    chosen = [TW_PHRASES if key == "zh-tw" and taiwan_phrases else VARIANTS[key] for key in variants]
    return SCRIPTS + tuple(chosen)


class Converter:
    """OpenCC, set up once: Traditional to Simplified, and Simplified to each script."""

    def __init__(self, scripts: tuple[Script, ...] = SCRIPTS) -> None:
        self._to_simplified = opencc.OpenCC("t2s.json")
        self._configs: dict[str, opencc.OpenCC] = {}
        """Made when first asked for (`from_simplified`)."""
        self.scripts = scripts
        self._simplified = lru_cache(maxsize=65536)(self._to_simplified.convert)
        self._changes = lru_cache(maxsize=65536)(self.changes)
        """Cached: the preview reads a transcript and places its notes again after each save, and
        converts the same paragraphs and quotes each time."""

    def make_all(self) -> None:
        """Make every published script's converter now: before a process pool forks, so that its workers
        share them rather than each making its own."""
        for script in self.scripts:
            if script.from_simplified and script.from_simplified not in self._configs:
                self._configs[script.from_simplified] = opencc.OpenCC(script.from_simplified)

    def forget(self) -> None:
        """Drop the converted texts kept so far: a build worker moving on to another transcript will not
        meet them again, and keeping them would grow it by a transcript's worth each time."""
        self._simplified.cache_clear()
        self._changes.cache_clear()

    def to_simplified(self, text: str) -> str:
        return self._simplified(text)

    def from_simplified(self, simplified: str, script: Script) -> str:
        if script.from_simplified is None:
            return simplified
        if script.from_simplified not in self._configs:
            self._configs[script.from_simplified] = opencc.OpenCC(script.from_simplified)
        return self._configs[script.from_simplified].convert(simplified)

    def to_traditional(self, text: str) -> str:
        return self.from_simplified(text, HANT)

    def detect(self, *samples: str) -> str:
        """"zh-Hant" or "zh-Hans": whichever script the texts change less under conversion to."""
        to_hans = to_hant = 0
        for sample in samples:
            hans, hant = self._changes(sample)
            to_hans, to_hant = to_hans + hans, to_hant + hant
        return "zh-Hans" if to_hans < to_hant else "zh-Hant"

    def changes(self, sample: str) -> tuple[int, int]:
        """How many characters conversion to Simplified, and to Traditional, would change."""
        return (sum(a != b for a, b in zip(sample, self.to_simplified(sample))),
                sum(a != b for a, b in zip(sample, self.to_traditional(sample))))
