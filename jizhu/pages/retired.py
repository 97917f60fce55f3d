"""Where retired ids land on a page: an anchor with that id right before the nearest surviving place.

A link to a removed answer still scrolls to where it was (no JavaScript needed: it is an
ordinary element with that id), and a short notice, shown only when the link is followed
(CSS `:target`), says it was removed. An id whose text was joined into another lands on that
text without a notice.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..reading.ledger import kind_of
from ..reading.model import Retired, Transcript


@dataclass(frozen=True, slots=True)
class RetiredAnchor:
    id: str
    notice: str
    """The page's notice, in its script; empty for an id whose text lives on where it lands."""


def notice_key(r: Retired) -> str:
    """The interface string (`strings.UI`) saying what was removed; "" when nothing was."""
    if r.why != "removed":
        return ""
    kind = kind_of(r.id)
    if kind == "item" and "-q" in r.id:
        return "removed_answer"
    return "removed_section" if kind == "section" else "removed_text"


def landings(transcript: Transcript, ui: dict[str, str]) -> dict[str, list[RetiredAnchor]]:
    """Live id (or "" for the top of the transcript) -> the retired anchors to put right before it."""
    found: dict[str, list[RetiredAnchor]] = defaultdict(list)
    for r in transcript.retired:
        key = notice_key(r)
        found[r.at].append(RetiredAnchor(r.id, ui[key] if key else ""))
    return dict(found)


def retired_pairs(transcript: Transcript) -> list[Retired]:
    """Retired pairs: their share pages stay, saying so and linking to where they land."""
    return [r for r in transcript.retired if kind_of(r.id) == "item" and "-q" in r.id]
