"""Web addresses in a page's notes, for print: each address once, numbered, after the notes.

On paper a link is its address. Printed beside every link, the same source
cited by three notes would print three times; instead each link gets the
number of its address (`data-link`, shown by the print stylesheet) and the
page lists every address once.
"""
from __future__ import annotations

import re
from dataclasses import replace

from markupsafe import Markup

from ..notes.marks import NoteView

LINK = re.compile(r'<a href="(https?://[^"<>]+)"')
"""A web link as markdown.py writes it (the href first, already escaped)."""


def number_links(notes: list[NoteView]) -> tuple[list[NoteView], list[Markup]]:
    """The notes with each web link numbered by its address, and the addresses in order of first use."""
    numbers: dict[str, int] = {}

    def numbered(match: re.Match[str]) -> str:
        number = numbers.setdefault(match.group(1), len(numbers) + 1)
        return f'<a data-link="{number}" href="{match.group(1)}"'

    notes = [replace(note, body=Markup(LINK.sub(numbered, str(note.body)))) for note in notes]
    return notes, [Markup(address) for address in numbers]  # escaped already, as the attribute was
