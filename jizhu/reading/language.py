"""Which paragraphs are written in English: the pages mark them, and an English transcript is
published once rather than once per Chinese script.

Detection is by letters, not by a dictionary: a paragraph with Latin words and
no Han character is English; a transcript is English when almost none of its
letters are Han.
"""
from __future__ import annotations

import re

from .lines import HAN_CHAR
from .model import Transcript

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
ENGLISH_SHARE = 0.99
"""A transcript is English when at least this share of its letters are Latin."""


def is_english(text: str) -> bool:
    return not HAN_CHAR.search(text) and bool(LATIN_WORD.search(text))


def mark_languages(transcript: Transcript) -> None:
    """Set `lang` on the transcript, and on each English paragraph of a Chinese one (in an
    English transcript every paragraph is in the page's language, so none is marked)."""
    han = latin = 0
    paragraphs = transcript.paragraphs()
    for p in paragraphs:
        han += len(HAN_CHAR.findall(p.text))
        latin += sum(len(w) for w in LATIN_WORD.findall(p.text))
    if latin and latin / (latin + han) >= ENGLISH_SHARE:
        transcript.lang = "en"
        return
    for p in paragraphs:
        if is_english(p.text):
            p.lang = "en"
