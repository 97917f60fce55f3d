"""Share pages: one small page per answer, so a link shared in a chat app previews that answer.

Chat apps and social sites read Open Graph tags from the page a link points to,
and ignore the fragment: a link to `…/slug/#s02-q05` would preview the whole
transcript. `…/slug/s02-q05/` carries the question as its title and the start of
the answer as its description, shows both, and links to the answer in the full
transcript. No redirect: crawlers see the answer itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..reading.model import Pair
from .outline import width

DESCRIPTION_MAX = 120
"""Characters of the answer in a preview; chat apps cut longer descriptions anyway."""
OG_LOCALE = {"zh-Hant": "zh_TW", "zh-Hans": "zh_CN", "zh-Hant-TW": "zh_TW", "zh-Hant-HK": "zh_HK"}


@dataclass(frozen=True, slots=True)
class OpenGraph:
    """What a chat app or social site shows for a link (Open Graph and Twitter tags, templates/_open_graph.html)."""

    title: str
    description: str
    site_name: str
    locale: str
    locale_alternates: tuple[str, ...]
    url: str
    """Absolute URL, or empty when the site URL is unknown (og:url must be absolute)."""


def locales(lang: str, langs: list[str]) -> tuple[str, tuple[str, ...]]:
    """og:locale for a page's script, and its other scripts' locales as alternates."""
    own = OG_LOCALE.get(lang, "zh_TW")
    return own, tuple(sorted({OG_LOCALE.get(other, "zh_TW") for other in langs} - {own}))


@dataclass(frozen=True, slots=True)
class SharePreview:
    title: str
    """The question, whole (a preview shows what fits)."""
    description: str
    """The start of the answer, cut at a sentence or clause."""
    long_question: bool = False
    """The question is longer than a heading reads well at a heading's size (`LONG_QUESTION`)."""


LONG_QUESTION = 160
"""Columns (outline.width: 80 Han characters, or about 30 English words) past which a share page's
question is shown at the text's size: a journalist's or a podcast host's question of a paragraph or
more filled a phone's first screen or two in large bold type."""


def excerpt(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """The opening of `text`: whole sentences if they fit, else clauses, else a hard cut; marked when cut."""
    text = " ".join(text.split())  # one line: previews show no paragraph breaks
    if len(text) <= limit:
        return text
    for boundary in (r"[。！？!?]", r"[，,；;：:、]"):
        ends = [m.end() for m in re.finditer(boundary, text[:limit])]
        if ends and ends[-1] >= limit // 2:
            return text[:ends[-1]].rstrip("，,；;：:、") + "…"
    return text[:limit - 1] + "…"


def joined(paragraphs: list[str]) -> str:
    """Paragraphs as one line: Chinese paragraphs end in their own punctuation, Latin ones need a space."""
    out = ""
    for text in paragraphs:
        out += (" " if out and out[-1].isascii() and out[-1].isalnum() else "") + text
    return out


def preview(pair: Pair, t: Callable[[str], str]) -> SharePreview:
    question = joined([t(p.text) for p in pair.question.paragraphs])
    answering = [turn for turn in pair.answers if turn.role == "answer"] or pair.answers  # not a chair's `行政長官。`
    answer = joined([t(p.text) for turn in answering for p in turn.paragraphs])
    return SharePreview(excerpt(question, 200), excerpt(answer) if answer else "", width(question) > LONG_QUESTION)
