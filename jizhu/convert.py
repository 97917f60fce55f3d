"""One source, every script: OpenCC conversion of source text to each published script.

OpenCC converters cost 20–100 ms each to create, so a `Converter` makes each
one once per build and caches converted strings (speaker labels and interface
strings repeat on every page).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import opencc


@dataclass(frozen=True, slots=True)
class Script:
    """A published script: its URL folder, its `lang` tag and how to make it from Simplified."""

    key: str
    """URL folder and JSON key base: zh-hant, zh-hans."""
    lang: str
    """BCP 47 tag used in `lang` attributes and as the JSON text key."""
    name: str
    """The script's own name for itself, shown in the script switch (in that script)."""
    short: str
    """Two-character name for tight places (the per-answer link to the other script)."""
    from_simplified: str | None
    """OpenCC config from Simplified, or None for Simplified itself."""


HANT = Script("zh-hant", "zh-Hant", "繁體中文", "繁體", "s2tw.json")
HANS = Script("zh-hans", "zh-Hans", "简体中文", "简体", None)
SCRIPTS: tuple[Script, ...] = (HANT, HANS)


class Converter:
    """Converts source text into each script.

    Every published text goes through Simplified: a Traditional source made
    mechanically from Simplified (見麵會, 係統) is normalised by the round trip,
    and a Simplified source needs one step. Source text is only trusted as-is
    for its own script when it is Simplified.
    """

    def __init__(self) -> None:
        self._to_simplified = opencc.OpenCC("t2s.json")
        self._from_simplified = {s.key: opencc.OpenCC(s.from_simplified) for s in SCRIPTS if s.from_simplified}
        self.text = lru_cache(maxsize=65536)(self._text)

    def _text(self, source: str, script_key: str, source_lang: str = "zh-Hant") -> str:
        simplified = source if source_lang == "zh-Hans" else self._to_simplified.convert(source)
        if script_key in self._from_simplified:
            return self._from_simplified[script_key].convert(simplified)
        return simplified

    def detect(self, sample: str) -> str:
        """"zh-Hant" or "zh-Hans": whichever script the text changes less under conversion to."""
        simplified = self._to_simplified.convert(sample)
        traditional = self._from_simplified[HANT.key].convert(sample)
        to_hans = sum(a != b for a, b in zip(sample, simplified))
        to_hant = sum(a != b for a, b in zip(sample, traditional))
        return "zh-Hans" if to_hans < to_hant else "zh-Hant"
