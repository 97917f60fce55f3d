"""One transcript in, its files out: the unit of work of a build, and the pool of processes that runs it.

`make_transcript(task, context, sink)` is a pure function of one transcript's
folder and the site context (scripts, configuration, glossary, templates): it
reads and checks the transcript, renders its pages in every script, its share
pages and its JSON export, and hands each file to `sink` as soon as it is made,
so no more than one transcript's output is ever held. It returns what the
rest of the build needs: the digests of the files, what the index pages show
of the transcript, the images its notes use, or its problems.

Transcripts are independent, so a build runs them in a pool of processes
(`run`), handed out in chunks; `check` runs its own work on each in the same
pool. Converters and templates are made once per worker (`tools`); with
`fork` the workers inherit the ones the parent made before starting them.
Everything a task carries is plain data that pickles, so the same unit of
work could be sent to workers on other machines.
"""
from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ..errors import ContentError, Problem
from ..notes.annotate import annotate, used_media
from ..notes.fold import fold
from ..notes.markdown import images, keep, parse, unsafe_links
from ..pages.listing import listing
from ..pages.render import Renderer
from ..pages.search import TranscriptIndex, index_transcript
from ..reading.align import match_key
from ..reading.model import Term, Transcript
from ..scripts.convert import Converter, Script
from ..scripts.dictionary import Dictionary
from ..scripts.publish import Publisher
from .cache import Cache, Entry, Fingerprints, digest, files_under, fingerprints, transcript_key
from .content import load
from .ids import LedgerUpdate, check_retired_links, ledger_update, note_links, retired_table
from .output import Sink
from .site import (Edition, Project, converts_alike, publisher_for, render_transcript_extras,
                   render_transcript_pages, site_dictionary, site_renderer)

CHUNK = 4
"""Transcripts handed to a worker at a time: few enough to keep both cores busy to the end."""


@dataclass(frozen=True, slots=True)
class SiteContext:
    """What every transcript's work shares, read and checked once per build."""

    project: Project
    scripts: tuple[Script, ...]
    glossary: list[Term]
    templates_cache: Path | None = None
    cache: Cache | None = None
    """Where a task's previous files are recorded (`Task.old`)."""


@dataclass(slots=True)
class Task:
    path: Path
    """The transcript file."""
    shared: str
    """The part of its key every transcript shares (`cache.site_key`)."""
    old: str | None = None
    """The key of its cache entry when that entry describes its files in the site being updated: the
    worker reads their digests there (the parent holds none), and an equal file is not written again."""


@dataclass(slots=True)
class Made:
    slug: str
    entry: Entry | None = None
    written: int = 0
    """Files written: those whose bytes differ from the site's."""
    dropped: list[str] = field(default_factory=list)
    """Site paths of its files in the site being updated that it no longer makes."""
    search: TranscriptIndex | None = None
    """Its part of the search index (its text chunks already written), merged with the others' by the parent."""
    problems: list[Problem] = field(default_factory=list)
    ledger: LedgerUpdate | None = None
    """Its id ledger as this build leaves it, written by the parent once the whole build succeeded."""


T = TypeVar("T")
Work = Callable[[Task, SiteContext, "Sink | None"], T]
"""What is done for each task: a build's `make_transcript` (sink: where its files go), `check`'s own (none)."""


@dataclass(slots=True)
class Tools:
    """A worker's converter, site dictionary and renderer, made on its first transcript."""

    converter: Converter
    site_rules: Dictionary
    renderer: Renderer
    edition: Edition


_tools: tuple[SiteContext, Tools] | None = None
"""The tools of the last build's context, held with the context itself: keyed by `id(context)` they
were handed to a later build whose context took the freed one's memory (another site's rules)."""


def tools(context: SiteContext) -> Tools:
    global _tools
    if _tools is not None and _tools[0] is context:
        return _tools[1]
    project = context.project
    converter = Converter(context.scripts)
    site_rules = site_dictionary(project, converter)
    edition = Edition([], context.scripts, {}, converter, context.glossary, project.config)
    renderer = site_renderer(edition, project.templates, context.templates_cache)
    renderer.env.auto_reload = False  # templates do not change during a build: no check per include
    keep(term.definition for term in context.glossary)  # every page shows them: parsed once per worker
    made = Tools(converter, site_rules, renderer, edition)
    _tools = (context, made)
    return made


def make_transcript(task: Task, context: SiteContext, sink: Sink) -> Made:
    """Read, check and render one transcript, handing each file to `sink`; its problems, or its entry."""
    # Its folder's files are fingerprinted here, before they are read (a file saved meanwhile gives a key
    # the next build does not find), and not by the parent: a task holding them (about 14 KB) made the
    # parent grow by that much for every transcript still to make, and hashed every folder before the
    # pool started (2.4 GB, one core, at 10,000 transcripts)
    own = fingerprints(files_under(task.path.parent), context.project.content, {})
    try:
        transcript, publisher = read_transcript(task.path, context)
    except ContentError as err:
        return Made(task.path.parent.name, problems=err.problems)
    try:
        return render_and_write(task, context, sink, transcript, publisher, own)
    finally:
        publisher.forget()  # freed now, not by a full collection some transcripts later


def render_and_write(task: Task, context: SiteContext, sink: Sink, transcript: Transcript,
                     publisher: Publisher, own: Fingerprints) -> Made:
    """Render a transcript read and checked, handing each file whose bytes changed to `sink`; its entry.
    `own`: the fingerprints of its folder's files, taken before they were read."""
    slug = task.path.parent.name
    kit = tools(context)
    project = context.project
    kit.edition.publishers = {slug: publisher}
    made = Made(slug, ledger=ledger_update(transcript))
    files: dict[str, str] = {}
    try:
        outputs = (render_transcript_pages(kit.renderer, kit.edition, transcript, project.templates)
                   | render_transcript_extras(kit.renderer, kit.edition, transcript, project.templates))
        made.search = index_transcript(transcript, publisher, context.scripts)
        outputs |= made.search.files
        made.search.files = {}
    except ContentError as err:
        return Made(slug, problems=err.problems)
    finally:
        kit.edition.publishers = {}
    old = context.cache.files_of(slug, task.old) if task.old and context.cache else {}
    for relative, data in outputs.items():
        raw = data if isinstance(data, bytes) else data.encode("utf-8")
        files[relative] = digest(raw)
        if files[relative] != old.get(relative):
            sink.put(relative, raw)
            made.written += 1
    made.dropped = [relative for relative in old if relative not in files]
    media = used_media(transcript)
    inputs = own | fingerprints([project.content / m for m in media], project.content, {})
    ledger = [str(made.ledger.path), made.ledger.text, made.ledger.said] if made.ledger else None
    made.entry = Entry(transcript_key(task.shared, inputs), inputs, listing(transcript, publisher, context.scripts),
                       files, media, note_links(transcript.notes), retired_table(transcript), ledger)
    return made


def read_transcript(path: Path, context: SiteContext, previous: Publisher | None = None) -> tuple[Transcript, Publisher]:
    """Read and check one transcript, with its notes, and make its publisher (raises ContentError).
    `previous`, the publisher of an earlier read of it (the preview's), is kept when it converts alike:
    its cache of converted text is most of what an edit would otherwise cost."""
    kit = tools(context)
    project = context.project
    transcript = load(path, kit.converter, path.parent.name in project.renumber)
    check_retired_links([transcript], context.glossary)  # from other transcripts: `check_links_across`
    publisher = publisher_for(transcript, project, kit.converter, kit.site_rules, previous)
    if previous is not None and converts_alike(previous, publisher):
        publisher = previous
    annotate([transcript], project.content, context.scripts, {transcript.slug: publisher}, context.glossary)
    return transcript, publisher


TEXT_CACHES = (fold, match_key, images, unsafe_links, parse)
"""Caches of work on a text (folded forms, ledger match keys, a note body's parse), which serve the
preview's next read of an edited transcript; a build worker moving on never meets those texts again."""


def make_and_forget(task: Task, context: SiteContext, sink: Sink) -> Made:
    """`make_transcript`, then drop what its conversion kept: memory stays flat however many a worker makes."""
    return and_forget(make_transcript, task, context, sink)


def and_forget(work: Work[T], task: Task, context: SiteContext, sink: Sink | None) -> T:
    """`work` on one task (a build's `make_transcript`, `check`'s own), then drop what its conversion kept."""
    with collected_as_it_ends():
        try:
            return work(task, context, sink)
        finally:
            tools(context).converter.forget()
            for cached in TEXT_CACHES:
                cached.cache_clear()  # full, they held about 15 MB


@contextmanager
def collected_as_it_ends() -> Iterator[None]:
    """Run with the cyclic garbage collector paused, then collect once what was made meanwhile. A
    seed-sized transcript leaves about 2,400 objects in cycles (Jinja's page contexts), while the
    dozens of collections its allocations set off examined every object still alive each time
    (8 % of a worker's time). Unreachable objects without cycles are freed at once either way.
    The collection is a full one: cycles that reach objects of an older generation are garbage too,
    and with the collector paused no full collection ever came by itself, so a worker grew by about
    150 KB a transcript (146 MiB each after 500). With the tables frozen (`prepare_parent`) a full
    collection examines only what the worker made since: about 4 ms a seed-sized transcript."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect()


def _run_chunk(chunk: list[Task], work: Work | None, context: SiteContext, sink: Sink | None) -> list:
    do = work or make_and_forget  # looked up now: a test may have put another in its place
    return [do(task, context, sink) for task in chunk]


_pool_context: tuple[Work | None, SiteContext, Sink | None] | None = None
"""What every chunk's work needs, inherited by the forked workers (never pickled: `work` may be a closure)."""


def _pool_chunk(chunk: list[Task]) -> list:
    assert _pool_context is not None
    return _run_chunk(chunk, *_pool_context)


def workers_wanted(jobs: int | None) -> int:
    if jobs:
        return jobs
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


POOL_FROM = 256_000
"""Bytes of transcript text from which a build (or `check`) not told how many workers to use makes its
transcripts in a pool. Setting one up (the parent's converters, templates and a sample of choosers, then
each worker's own first tables) costs about 0.3 s, which two cores repay from about six seed-sized (43 KB)
transcripts on: `--no-cache` builds of 2, 4, 6 and 8 of them took 0.99, 1.31, 1.60 and 1.86 s in one
process, 1.27, 1.59, 1.64 and 1.63 s in a pool of two (medians of 5, alternated)."""


def worth_a_pool(tasks: list[Task]) -> bool:
    """Whether the transcripts hold POOL_FROM bytes or more (each file's size, read until they do)."""
    total = 0
    for task in tasks:
        try:
            total += task.path.stat().st_size
        except OSError:  # gone meanwhile: its worker says so
            continue
        if total >= POOL_FROM:
            return True
    return False


def run(tasks: list[Task], context: SiteContext, sink: Sink | None, jobs: int | None = None,
        work: Work | None = None, ordered: bool = False) -> Iterator:
    """Every task's result (`work`'s, by default a build's `make_and_forget`), in any order or, `ordered`, in
    the tasks': in this process for one task or one worker (or, `jobs` not given, too little text to repay
    a pool: `worth_a_pool`), else in a pool of `jobs` processes (default: one per core), forked after the
    parent made the converters and compiled the templates (`prepare_parent`) so that every worker starts
    with them."""
    global _pool_context
    workers = min(workers_wanted(jobs), len(tasks)) if jobs or worth_a_pool(tasks) else 1
    if workers > 1:
        import multiprocessing  # a pool's only (6 ms of a one-transcript build's start-up)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from run_here(tasks, context, sink, work)
        return
    prepare_parent(context, [tasks[i].path for i in sorted({0, len(tasks) // 2, len(tasks) - 1})])
    chunks = [tasks[i:i + CHUNK] for i in range(0, len(tasks), CHUNK)]
    _pool_context = (work, context, sink)
    gc.collect()
    gc.freeze()  # the tables made so far are for life: a worker's collections never touch, so never copy, them
    trim_heap()
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=default_stop) as pool:
            for results in (pool.imap if ordered else pool.imap_unordered)(_pool_chunk, chunks):
                yield from results
    finally:
        _pool_context = None
        gc.unfreeze()


def run_here(tasks: list[Task], context: SiteContext, sink: Sink | None, work: Work | None = None) -> Iterator:
    """Every task's result, made in this process. The first transcript makes the converters and reads
    the tables; what outlives it is then frozen, as the pool's parent freezes what it made, so that the
    full collection after each later transcript examines only what that one made (about 20 ms a
    seed-sized transcript otherwise). Unfrozen at the end, so a process that goes on may drop any of it
    later; left alone where something is frozen already (the preview freezes its tools for life)."""
    frozen = False
    try:
        for task in tasks:
            yield (work or make_and_forget)(task, context, sink)
            if not frozen and gc.isenabled() and not gc.get_freeze_count():
                gc.freeze()
                frozen = True
    finally:
        if frozen:
            gc.unfreeze()


def trim_heap() -> None:
    """Give the C heap's free pages back to the system before forking (glibc's `malloc_trim`): setting
    up OpenCC's dictionaries leaves about 13 MB of them, which each worker would otherwise fill with
    its own allocations, copying them."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to give back this way
        pass


def default_stop() -> None:
    """A worker ends at once when the pool terminates it. A SIGTERM handler inherited from the process
    that forked it (the preview's build child cleans up on one) turned the signal into an exception
    that a worker waiting on the task queue's lock never saw, and the pool waited for it for ever."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def prepare_parent(context: SiteContext, sample: list[Path] | None = None) -> None:
    """Make the converters and compile the templates once, here, for the forked workers to share; and
    the choosers that the `sample` of transcripts needs (by reading them as a worker would): a chooser
    depends on a transcript's own dictionary and, for a Traditional source, its region, whose matchers
    every chooser of the region shares (a worker making a region's costs 0.3 s and 25 MB more)."""
    kit = tools(context)
    kit.converter.make_all()
    for path in sample or []:
        try:
            publisher_for(load(path, kit.converter, path.parent.name in context.project.renumber),
                          context.project, kit.converter, kit.site_rules)
        except ContentError:  # its worker says what is wrong with it
            pass
    if not sample:  # the preview's: the site's overrides, for a Simplified source
        kit.converter.chooser({k: r for k, r in kit.site_rules.rules.items() if not r.origin.startswith("name")})
    kit.converter.forget()
    kit.converter.hold_choosers()
    for name in kit.renderer.env.list_templates(filter_func=lambda name: name.endswith((".html", ".xml"))):
        try:
            kit.renderer.env.get_template(name)
        except Exception:  # a broken template is reported where it is used
            pass
