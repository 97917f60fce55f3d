"""What index pages show of a transcript: made where the transcript was rendered, kept in the cache.

Kept apart from render.py (and Jinja2) so that a build with nothing to make imports neither.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..reading.model import FrontMatter, Paragraph, Transcript

if TYPE_CHECKING:
    from ..scripts.convert import Script
    from ..scripts.publish import Publisher


@dataclass(frozen=True, slots=True)
class PairRef:
    id: str


@dataclass(frozen=True, slots=True)
class SectionRef:
    id: str
    number: str
    title: str


@dataclass(frozen=True, slots=True)
class Listing:
    """What the index pages and the sitemap show of one transcript, in every script. Made where the
    transcript was rendered (a build worker), so that the index pages need neither the transcript nor
    its conversion; `script_index.html` reads it as it would the transcript."""

    slug: str
    title: str
    meta: FrontMatter
    headline: Paragraph | None
    lang: str
    """The transcript's language ("en": published in one script only, `render.published_scripts`)."""
    pairs: tuple[PairRef, ...]
    sections: tuple[SectionRef, ...]
    texts: dict[str, dict[str, str]]
    """Per script key: {source text: published text} for the title, source, headline and section labels."""

    @property
    def date(self) -> str:
        """What the index pages sort and group by (the front matter's date)."""
        return self.meta.date


def listing(transcript: Transcript, publisher: Publisher, scripts: tuple[Script, ...]) -> Listing:
    headline = None if transcript.headline_is_title else transcript.headline  # shown once, as the title
    shown = ([transcript.title, transcript.meta.source] + ([headline.text] if headline else [])
             + [f"{s.number} {s.title}".strip() for s in transcript.sections if s.title])
    return Listing(transcript.slug, transcript.title, transcript.meta, headline, transcript.lang,
                   tuple(PairRef(pair.id) for pair in transcript.pairs),
                   tuple(SectionRef(s.id, s.number, s.title) for s in transcript.sections),
                   {script.key: {text: publisher.text(text, script) for text in shown} for script in scripts})


SORTED_BY = ("slug", "date")
"""All `newest_first` and `by_year` read of a listing: what a listing kept on disk holds in memory
(build/spill.ReadBack)."""


def newest_first(listings: list[Listing]) -> list[Listing]:
    """The index pages' order: dated transcripts newest first (a site grows by one press conference at a
    time, and readers come for the latest), then the undated ones; each group by slug. ISO dates sort as
    text: `2025-07-16T10:00+08:00` after `2025-07-16`, a bare `2025` after the year's days."""
    by_slug = sorted(listings, key=lambda entry: entry.slug)
    dated = sorted((entry for entry in by_slug if entry.date), key=lambda entry: entry.date, reverse=True)
    return dated + [entry for entry in by_slug if not entry.date]


def by_year(listings: list[Listing]) -> list[tuple[str, list[Listing]]]:
    """The index's transcripts (in `newest_first` order) under the year of their date, "" for the
    undated: a year's press conferences are found by year. One group alone has no heading: []
    means none."""
    groups: dict[str, list[Listing]] = {}
    for entry in listings:
        groups.setdefault(entry.date[:4], []).append(entry)
    return list(groups.items()) if len(groups) > 1 else []
