"""OpenCC's own s2t, made in Python from the tables it converts with.

The word check writes the words it keeps whole as OpenCC's s2t would (it knows the
phrases inside them), and so do names and an override's other forms: a few characters
at a time. OpenCC sets up s2t.json's group of dictionaries in about 45 ms, the first
time in a process; the same conversion over the tables a build reads anyway
(`tables.phrases`, the characters' defaults, the compatibility ideographs) costs
nothing to set up. It is s2t.json's as installed: compatibility ideographs to their
unified forms (its normalization), then at each place the longest of its phrases
(STPhrases and the regional ones: a union group, `phrases` one table of the two),
else the character's default (STCharacters). tests/test_opencc_setup.py checks it
against OpenCC on every key, every word of the word list run together, every
ideograph and the seed; an s2t.json of another shape is used as it is.
"""
from __future__ import annotations

from functools import cache

import opencc

from ..reading.opencc_setup import installed_config
from .tables import PHRASES_FROM_REGIONS, char_default, phrases, table


def ocd2_file(name: str) -> dict:
    return {"type": "ocd2", "file": f"{name}.ocd2"}


S2T_CONFIG = {
    "normalization": [{"dict": ocd2_file("CJK_Compatibility_Ideographs")}],
    "conversion_chain": [{"dict": {"type": "group", "match_policy": "short_circuit", "dicts": [
        {"type": "group", "match_policy": "union", "dicts": [ocd2_file("STPhrases"), ocd2_file(PHRASES_FROM_REGIONS)]},
        ocd2_file("STCharacters")]}}],
}
"""s2t.json as `PlainS2T` converts (OpenCC 1.4's), its name aside."""


class PlainS2T:
    """s2t.json's conversion (see the module): `convert` as OpenCC's."""

    def __init__(self) -> None:
        self.phrases = phrases()
        self.longest = max(map(len, self.phrases), default=1)
        self.defaults = char_default()
        self.unified = {ord(key): forms[0] for key, forms in table("CJK_Compatibility_Ideographs").items()
                        if len(key) == 1}

    def convert(self, text: str) -> str:
        text = text.translate(self.unified)
        found = self.phrases.get
        out: list[str] = []
        start = i = 0
        n = len(text)
        while i < n:
            for end in range(min(n, i + self.longest), i + 1, -1):
                written = found(text[i:end])
                if written is not None:
                    out += (text[start:i].translate(self.defaults), written)
                    start = i = end
                    break
            else:
                i += 1
        out.append(text[start:].translate(self.defaults))
        return "".join(out)


@cache
def plain_s2t() -> PlainS2T | opencc.OpenCC:
    """s2t, once per process: `PlainS2T` where s2t.json is as it was checked, else OpenCC's own."""
    installed = {key: value for key, value in installed_config("s2t").items() if key != "name"}
    return PlainS2T() if installed == S2T_CONFIG else opencc.OpenCC("s2t.json")
