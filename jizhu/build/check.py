"""`check`: everything a build does but writing, one transcript at a time.

Each transcript is read, checked and rendered (its pages, share pages,
export and search entries, so that the templates are checked too) and its
output dropped at once; what is kept of it waits in a temporary file, as a
build's does (spill.py): what `check` prints of it, what the index pages show
of it and its notes' links. Then what spans transcripts: links from one
transcript's notes to another's retired ids, and the index pages. So `check`
holds no more of a large site than a build does: a few numbers a transcript.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import ContentError, Problem
from ..pages.listing import SORTED_BY, Listing, listing
from ..pages.search import consume, index_transcript
from ..reading.model import Transcript
from ..scripts.publish import Publisher
from .cache import Cache
from .ids import check_links_across, note_links, retired_table
from .pipeline import Context, find_transcripts
from .project import Project
from .site import render_indexes, render_site_files, render_transcript_extras, render_transcript_pages
from .spill import ReadBack, Spill, SpilledList
from .workers import read_transcript, tools

Describe = Callable[[Transcript, Publisher], str]
"""What `check` says of one transcript, made while it is at hand."""


def check(project: Project, describe: Describe) -> tuple[SpilledList[str], list[Listing]]:
    """What `describe` says of each transcript, in order, and what the index pages list (each read back
    from a temporary file when used); raises ContentError with every problem."""
    # the glossary and site dictionary, checked; the tables a build kept read (a second's work), none kept
    context = Context(project, Cache(None, project.out), project.cache and project.cache / "tables")()
    kit = tools(context)
    problems: list[Problem] = []
    spill = Spill()
    said: SpilledList[str] = SpilledList(spill)
    listings: list[Listing] = []
    links: dict[str, tuple[int, int]] = {}
    """Each transcript's notes' links, by place in `spill`: read only if some transcript retired an id."""
    retired: dict[str, dict[str, str]] = {}
    for path in find_transcripts(project.content):
        slug = path.parent.name
        try:
            transcript, publisher = read_transcript(path, context)
            kit.edition.publishers = {slug: publisher}
            render_transcript_pages(kit.renderer, kit.edition, transcript, project.templates)
            render_transcript_extras(kit.renderer, kit.edition, transcript, project.templates)
            index_transcript(transcript, publisher, context.scripts)
        except ContentError as err:
            problems += err.problems
            continue
        finally:
            kit.edition.publishers = {}
        listings.append(ReadBack(spill, listing(transcript, publisher, context.scripts), held=SORTED_BY))
        links[slug] = spill.put(note_links(transcript.notes))
        if table := retired_table(transcript):
            retired[slug] = table
        said.append(describe(transcript, publisher))
        kit.converter.forget()  # as a build's worker does: memory stays flat
    try:
        if retired:
            check_links_across(((slug, spill.get(place)) for slug, place in links.items()), retired)
    except ContentError as err:
        problems += err.problems
    if problems:
        raise ContentError(problems)
    render_site_files(kit.renderer, kit.edition, project.templates)
    for _, page in render_indexes(kit.renderer, listings, kit.edition.site_url, project.templates):
        if not isinstance(page, str):
            consume(page)  # made to find a template's errors, then dropped
    return said, listings
