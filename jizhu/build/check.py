"""`check`: everything a build does but writing, one transcript at a time, on every core.

Each transcript is read, checked and rendered (its pages, share pages,
export and search entries, so that the templates are checked too) and its
output dropped at once, in the build's pool of worker processes
(`workers.run`, in the transcripts' order); what is kept of it waits in a
temporary file, as a build's does (spill.py): what `check` prints of it, what
the index pages show of it and its notes' links. Then what spans transcripts:
links from one transcript's notes to another's retired ids, and the index
pages. So `check` holds no more of a large site than a build does: a few
numbers a transcript.

A transcript a build made from its files as they are (its build cache entry
says so, and what every transcript shares is the same: templates,
configuration, jizhu) was rendered then, without a problem: it is read and
described, not rendered again.

Given names, `check` reads, renders and describes only those transcripts. The
links between them and the others are still checked: each other transcript's
notes' links and retired ids come from its build cache entry where a build
made that from its files as they are, else from the transcript and its notes.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..errors import ContentError, Problem
from ..notes.notes import read_notes
from ..pages.listing import SORTED_BY, Listing, listing
from ..pages.search import consume, index_transcript
from ..reading.model import Transcript
from ..scripts.publish import Publisher
from .cache import Cache, Entry, site_key
from .content import TRANSCRIPT_FILE, load
from .ids import NoteLink, check_links_across, note_links, retired_table
from .output import Sink
from .pipeline import Context, find_transcripts, made_from_as_they_are
from .project import ASSETS, Project
from .site import render_indexes, render_site_files, render_transcript_extras, render_transcript_pages
from .spill import ReadBack, Spill, SpilledList
from .workers import SiteContext, Task, and_forget, read_transcript, run, tools

Describe = Callable[[Transcript, Publisher], str]
"""What `check` says of one transcript, made while it is at hand."""


@dataclass(slots=True)
class Checked:
    """What `check` keeps of one transcript, sent back from its worker: its problems, or what `describe`
    says of it, what the index pages list and what the links across transcripts need."""

    slug: str
    problems: list[Problem] = field(default_factory=list)
    said: str = ""
    listing: Listing | None = None
    links: list[NoteLink] | None = None
    retired: dict[str, str] | None = None


def check_transcript(task: Task, context: SiteContext, _sink: Sink | None, describe: Describe) -> Checked:
    """One transcript read, checked and rendered, its output dropped: what `check` keeps of it. With
    `task.old`, the key of a build cache entry of its files as they are, it is not rendered again."""
    kit = tools(context)
    slug = task.path.parent.name
    try:
        transcript, publisher = read_transcript(task.path, context)
        if task.old is None:
            kit.edition.publishers = {slug: publisher}
            render_transcript_pages(kit.renderer, kit.edition, transcript, context.project.templates)
            render_transcript_extras(kit.renderer, kit.edition, transcript, context.project.templates)
            index_transcript(transcript, publisher, context.scripts)
    except ContentError as err:
        return Checked(slug, err.problems)
    finally:
        kit.edition.publishers = {}
    return Checked(slug, said=describe(transcript, publisher), listing=listing(transcript, publisher, context.scripts),
                   links=note_links(transcript.notes), retired=retired_table(transcript) or None)


def check(project: Project, describe: Describe, jobs: int | None = None,
          names: list[str] | None = None) -> tuple[SpilledList[str], list[Listing]]:
    """What `describe` says of each transcript, in order, and what the index pages list (each read back
    from a temporary file when used); raises ContentError with every problem. The transcripts are checked
    in a pool of `jobs` worker processes (default: one per core), as a build makes them. `names`: only
    these transcripts (`named`), with the links between them and the others (`links_of_others`)."""
    # the glossary and site dictionary, checked; the tables a build kept read (a second's work), none kept
    context = Context(project, Cache(None, project.out), project.cache and project.cache / "tables")()
    problems: list[Problem] = []
    spill = Spill()
    said: SpilledList[str] = SpilledList(spill)
    listings: list[Listing] = []
    links: dict[str, tuple[int, int]] = {}
    """Each transcript's notes' links, by place in `spill`: read only if some transcript retired an id."""
    retired: dict[str, dict[str, str]] = {}
    paths = find_transcripts(project.content)
    chosen = named(paths, names, project.content) if names else paths
    built = Built(project)
    tasks = [Task(path, "", entry.key if (entry := built.entry(path)) else None) for path in chosen]
    work = partial(and_forget, partial(check_transcript, describe=describe))
    for checked in run(tasks, context, None, jobs, work=work, ordered=True):
        if checked.problems:
            problems += checked.problems
            continue
        listings.append(ReadBack(spill, checked.listing, held=SORTED_BY))
        links[checked.slug] = spill.put(checked.links)
        if checked.retired:
            retired[checked.slug] = checked.retired
        said.append(checked.said)
    theirs = ((slug, spill.get(place)) for slug, place in links.items())
    across = [(theirs, retired)]
    if names:  # the named ones' links to any transcript's retired ids, the others' links to the named ones'
        taken = set(chosen)
        others = dict(links_of_others([path for path in paths if path not in taken], context, built))
        across = [(theirs, retired | {slug: gone for slug, (_, gone) in others.items() if gone}),
                  (((slug, linking) for slug, (linking, _) in others.items()), retired)]
    for linking, linked in across:
        try:
            if linked:
                check_links_across(linking, linked)
        except ContentError as err:
            problems += err.problems
    if problems:
        raise ContentError(problems)
    kit = tools(context)
    render_site_files(kit.renderer, kit.edition, project.templates)
    for _, page in render_indexes(kit.renderer, listings, kit.edition.site_url, project.templates):
        if not isinstance(page, str):
            consume(page)  # made to find a template's errors, then dropped
    return said, listings


def named(paths: list[Path], names: list[str], content: Path) -> list[Path]:
    """The transcripts `names` asks for, each by its slug or its folder or file under content/, in the
    site's order; a ContentError for a name that is none of them."""
    slugs = {}
    for name in names:
        given = Path(name)
        slugs[name] = (given.parent if given.name == TRANSCRIPT_FILE else given).name
    known = {path.parent.name for path in paths}
    unknown = [Problem(content, 1, f"{name}: no transcript {content}/{slug}/{TRANSCRIPT_FILE}")
               for name, slug in slugs.items() if slug not in known]
    if unknown:
        raise ContentError(unknown)
    wanted = set(slugs.values())
    return [path for path in paths if path.parent.name in wanted]


class Built:
    """The build cache's entries that a build made from their transcripts' files as they are, read, never
    written (`pipeline.made_from_as_they_are`: the files, the images and what every transcript shares)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.cache = Cache(project.cache, project.out)
        self.shared = site_key(project.content, project.templates, project.config, ASSETS) \
            if self.cache.enabled else ""

    def entry(self, path: Path) -> Entry | None:
        slug = path.parent.name
        entry = self.cache.entry(slug)
        if entry is None or slug in self.project.renumber \
                or not made_from_as_they_are(entry, path, self.project.content, self.shared):
            return None
        return entry


def links_of_others(paths: list[Path], context: SiteContext,
                    built: Built) -> Iterator[tuple[str, tuple[list[NoteLink], dict[str, str]]]]:
    """Each transcript's notes' links and retired ids, without checking it: from its build cache entry
    where a build made that from its files as they are (`built`), else read from the transcript and its
    notes. One that cannot be read is left out (`check` without names reports it)."""
    converter = tools(context).converter
    for path in paths:
        slug = path.parent.name
        entry = built.entry(path)
        if entry is not None:
            yield slug, (entry.links, entry.retired)
            continue
        try:
            transcript = load(path, converter, slug in context.project.renumber)
        except ContentError:
            continue
        notes, _ = read_notes(transcript)
        yield slug, (note_links(notes), retired_table(transcript))
