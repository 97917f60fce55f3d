"""The full build, streamed: each transcript made by a worker and written as it is made, nothing redone.

1. Read what every transcript shares (configuration, site dictionary, glossary)
   and check it; find each transcript's key (`cache`).
2. A transcript whose key is the one recorded for the site on disk is left as it
   is. Every other one is made by the pool (`workers.run`), each file written
   as soon as it is rendered and only if its bytes differ from the file there.
3. The index pages, the files about no transcript, the theme's assets and the
   notes' images are made here and written the same way.
4. The files are put in place: with no usable record of the site on disk (the
   first build, `--no-cache`, a site changed by something else), a whole new
   site was written into a fresh folder and takes the old one's place in one
   step (`staging.new_site`); otherwise the changed files were held beside the
   site and are moved in with renames once everything succeeded
   (`output.move_in`), and files no longer made are removed. A build that fails
   changes nothing. Then the cache records the new site.

The parent's memory does not grow with the files of the site: a worker
fingerprints its transcript's files and reads the digests of the files it may
rewrite from the cache itself; each transcript's cache entry and id ledger wait
for the build's end in a temporary file (`spill.py`; the parent holds its key
and place), read back one at a time; the notes' images are read one at a time;
and what was written is found by walking the holding folder.
"""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path

from typing import TYPE_CHECKING

from ..errors import ContentError, Problem
from ..pages.listing import SORTED_BY, Listing
from .cache import Cache, Entry, digest, files_under, fingerprints, site_key, transcript_key
from .content import TRANSCRIPT_FILE, check_slug, transcript_paths, unread_folders
from .ids import LedgerUpdate, check_links_across, write_ledgers
from .output import Sink, encoded_blocks, move_in
from .spill import ReadBack, Spill, SpilledList
from .project import ASSETS, Project
from .staging import beside, clean_leftovers, new_site, site_lock

if TYPE_CHECKING:  # what makes pages is imported only when a page is to be made: a build with
    # nothing to make loads neither Jinja2 nor OpenCC nor Markdown
    from ..pages.search import TranscriptIndex
    from .workers import SiteContext, Task


TRIM_EVERY = 16
"""Results between two trims of the parent's C heap: each brings its part of the search index, about
200 KB of text merged and freed at once, and the pages that frees between what the parent keeps were
never given back, so its memory grew by about 60 KB a transcript more than it holds."""


def build_site(project: Project, jobs: int | None = None, said: list[str] | None = None,
               ledgers: bool = True) -> list[Listing]:
    """Build `project.content` into `project.out`, then the id ledgers it changed (what each records is
    added to `said`); returns what the index pages list. With `ledgers` False (the preview) no ledger is
    written: each one due stays in its transcript's cache entry until a build writes it."""
    content, out = project.content, project.out.resolve()
    cache = Cache(project.cache, out)
    paths = find_transcripts(content)
    unknown = sorted(project.renumber - {path.parent.name for path in paths})
    if unknown:
        raise ContentError([Problem(content, 1, f"--renumber {slug}: no transcript {content}/{slug}/{TRANSCRIPT_FILE}")
                            for slug in unknown])
    shared = site_key(content, project.templates, project.config, ASSETS) if cache.enabled else ""
    try:
        made = write_site(paths, Context(project, cache), cache, shared, jobs)
    finally:
        from ..scripts.kept import settle
        settle()  # the tables it had made in processes of their own, put in place: the preview's build
        # process ends without running `atexit`
    lines = write_ledgers(made.ledgers) if ledgers else []  # only now: a failed build leaves every ledger as it was
    if lines and cache.enabled:
        keep_ledgers_as_written(cache, made, content, shared)
    if said is not None:
        said += lines
    return made.listings


class Context:
    """The build's `SiteContext`, read and checked when first needed: a build with nothing to make reads
    neither the glossary nor the site dictionary (unchanged since the build that checked them)."""

    def __init__(self, project: Project, cache: Cache, read_tables: Path | None = None):
        self.project = project
        self.cache = cache
        self.read_tables = read_tables
        """Tables a build kept, read but never written (`check`), where `cache` keeps none."""
        self._made: SiteContext | None = None

    def __call__(self) -> SiteContext:
        if self._made is None:
            from ..notes.annotate import read_glossary
            from ..scripts.convert import site_scripts
            from ..scripts.kept import keep_in
            from .workers import SiteContext, tools
            project = self.project
            keep_in(self.cache.tables or self.read_tables, write=self.cache.tables is not None)
            scripts = site_scripts(project.config.variants, project.config.taiwan_phrases)
            glossary, problems = read_glossary(project.content)
            context = SiteContext(project, scripts, glossary, self.cache.templates, self.cache)
            try:
                tools(context)  # reads the site dictionary (its problems are the build's); OpenCC's t2s alone
            except ContentError as err:
                problems = err.problems + problems
            if problems:
                raise ContentError(problems)
            self._made = context
        return self._made


def write_site(paths: list[Path], context: Context, cache: Cache, shared: str,
               jobs: int | None) -> SiteMade:
    out = cache.out
    if cache.site() is not None:
        with site_lock(out):
            clean_leftovers(out)
            record = cache.site()  # read again under the lock: another build may have changed the site
            if record is not None:
                return update_in_place(paths, context, cache, shared, record, jobs)
    cache.forget_site()
    with new_site(out) as staging:
        made = make_site(paths, context, cache, shared, None, Sink(staging), jobs)
    save(cache, made, set())  # (every entry was saved as it came)
    return made


@dataclass(slots=True)
class SiteMade:
    listings: list[Listing]
    entries: dict[str, Entry | Packed]
    """Every transcript's entry, made now or (unchanged) as the cache had it, packed (one whole after
    `keep_ledgers_as_written` changed it)."""
    files: dict[str, str]
    """{site path: digest} of the files about all transcripts or none."""
    theme: str
    """`theme_key` of the theme's assets."""
    ledgers: list[LedgerUpdate] | SpilledList[LedgerUpdate] = field(default_factory=list)
    """The id ledgers the transcripts made now change, to write once the site is in place (spilled: on a
    first build every transcript has one, 46 KB for the seed)."""
    written: int = 0
    """Files written to the sink."""
    dropped: set[str] = field(default_factory=set)
    """Files of the site on disk that the transcripts made now no longer make (some other may)."""

    @property
    def keys(self) -> dict[str, str]:
        return {slug: entry.key for slug, entry in self.entries.items()}


def update_in_place(paths: list[Path], context: Context, cache: Cache, shared: str,
                    record: dict, jobs: int | None) -> SiteMade:
    """Make what changed into a holding folder beside the site, then move it in (the lock is held)."""
    out = cache.out
    holding = Path(tempfile.mkdtemp(prefix=f"{beside(out, 'changes')}-", dir=out.parent))
    cache.drop_pending()
    try:
        made = make_site(paths, context, cache, shared, record, Sink(holding), jobs)
        removed = sorted(no_longer_made(cache, made, record))
        remade = {slug for slug, e in made.entries.items() if record["transcripts"].get(slug) != e.key}
        if not made.written and not removed:
            if remade:  # made again with the same bytes (jizhu or a template changed): the site stays,
                # its record takes the new keys, and the next build does not make them again
                save(cache, made, remade)
            return made
        cache.forget_site()
        move_in(holding, out, removed)
    finally:
        shutil.rmtree(holding, ignore_errors=True)
    save(cache, made, remade)
    return made


def no_longer_made(cache: Cache, made: SiteMade, record: dict) -> set[str]:
    """The site's files that no transcript and no other part of the build makes now: of the files
    made for none (`record["files"]`), of the transcripts made again (`made.dropped`) and of those
    removed. Each transcript's files are read from its cache entry, one at a time, only when one of
    those files might still be made by another transcript."""
    candidates = (set(record["files"]) - set(made.files)) | made.dropped
    for slug, key in record["transcripts"].items():
        if slug not in made.entries:
            candidates.update(cache.files_of(slug, key))
    if candidates:
        for slug, entry in made.entries.items():
            candidates.difference_update(cache.files_of(slug, entry.key, pending=True))
            if not candidates:
                break
    return candidates


def keep_ledgers_as_written(cache: Cache, made: SiteMade, content: Path, shared: str) -> None:
    """A ledger just written records the ids the build used, so the transcript's files are what it
    makes: its key takes the new ledger as its input, and the next build does not make it again."""
    keys = {}
    for update in made.ledgers:
        slug = update.path.parent.name
        entry = made.entries[slug]
        if isinstance(entry, Packed):  # saved as it came, with its files' digests
            entry = cache.entry(slug, entry.key)
            if entry is None:  # unreadable: the next build makes it again
                continue
            made.entries[slug] = entry
        entry.inputs = entry.inputs | fingerprints([update.path], content, {})
        old, entry.key = entry.key, transcript_key(shared, entry.inputs)
        entry.ledger = None  # written
        cache.rekey_search_part(slug, old, entry.key)
        keys[slug] = (old, entry.key)
    cache.rekey_search_index(keys)
    save(cache, made, set(keys))


def save(cache: Cache, made: SiteMade, slugs: set[str]) -> None:
    """Record the site now on disk: the transcripts made (`slugs`), then (last) the site."""
    for slug in slugs:  # (their parts of the search index were saved as they were made)
        entry = made.entries[slug]
        if isinstance(entry, Packed):  # saved aside as it was made
            cache.commit_entry(slug)
        else:
            cache.save_entry(slug, entry)
    cache.save_site(made.keys, made.files, made.theme)


def make_site(paths: list[Path], context: Context, cache: Cache, shared: str,
              record: dict | None, sink: Sink, jobs: int | None) -> SiteMade:
    """Make every transcript whose output is not on disk, then the files about all or none of them."""
    content = context.project.content
    known = record["transcripts"] if record else {}
    tasks: list[Task] = []
    spill = Spill()
    entries: dict[str, Packed] = {}
    previous: dict[str, str] = {}
    """{slug: key} of the transcripts whose cache entry describes their files in the site on disk."""
    ledgers: SpilledList[LedgerUpdate] = SpilledList(spill)
    for path in paths:
        slug = path.parent.name
        entry = cache.entry(slug)
        if entry and known.get(slug) == entry.key:
            previous[slug] = entry.key
        if (slug in previous and cache.has_search_part(slug) and slug not in context.project.renumber
                and made_from_as_they_are(entry, path, content, shared)):
            entries[slug] = Packed.of(entry, spill)  # its files on disk are up to date
            if entry.ledger:  # made before, by a build that wrote no ledger (the preview)
                ledgers.append(LedgerUpdate(Path(entry.ledger[0]), *entry.ledger[1:]))
        else:  # (its worker fingerprints its files)
            tasks.append(task(path, shared, previous.get(slug)))
    theme = theme_key(context.project.templates / ASSETS)
    if not tasks and not ledgers and record and record["transcripts"] == {slug: e.key for slug, e in entries.items()} \
            and record.get("theme") == theme:  # nothing changed
        return SiteMade([unpacked(entries[path.parent.name]).listing for path in paths], entries,
                        dict(record["files"]), theme)
    from ..pages.search_merge import Merger
    files: dict[str, str] = {}
    old = record["files"] if record else {}

    written = 0

    def put(relative: str, data: bytes | Iterator[bytes]) -> None:
        nonlocal written
        if not isinstance(data, bytes):  # a page made as it is written, which a large site's would not fit
            files[relative], changed = sink.put_blocks(relative, data, old.get(relative))
            written += changed
            return
        files[relative] = digest(data)
        if files[relative] != old.get(relative):
            sink.put(relative, data)
            written += 1

    store = cache.folder / "search-index" if cache.folder else None
    with Merger([path.parent.name for path in paths], store, lambda slug: cache.search_part(slug, None)) as merger:
        def keep(slug: str, entry: Entry, part: TranscriptIndex) -> None:
            """A transcript just made. Its part of the search index is merged (an edit's patch reads the
            part it replaces), then cached (under its key, so it is trusted only for that key) and
            forgotten: the parent never holds more than one. Its entry is cached now (an update's
            aside, until the site is updated) and held packed, without its files' digests."""
            merger.add(part, entry.key)
            cache.save_search_part(slug, entry.key, part)
            cache.save_entry(slug, entry, pending=record is not None)
            entries[slug] = Packed.of(entry, spill)

        results = Results(ledgers)
        made = make_transcripts(tasks, context(), sink, jobs, results, keep)
        for slug, entry in list(entries.items()):  # the unchanged ones' parts, unless the kept index holds them
            if slug not in made and not merger.holds(slug, entry.key):
                part = cache.search_part(slug, entry.key)
                if part is None:  # unreadable: make the transcript again
                    again = task(content / slug / TRANSCRIPT_FILE, shared, previous[slug])
                    make_transcripts([again], context(), sink, jobs, results, keep)
                else:
                    merger.add(part, entry.key)
        listed, media = listings_and_media(paths, entries, spill)
        for relative, text in merger.files(context().scripts):
            put(relative, text.encode("utf-8"))
    for relative, data in shared_files(context(), listed, media):
        put(relative, data)
    return SiteMade(listed, entries, files, theme, ledgers, results.written + written, results.dropped)


def made_from_as_they_are(entry: Entry, path: Path, content: Path, shared: str) -> bool:
    """Whether a transcript's cache entry is of its inputs as they are now: its folder's files, the images
    its notes show and what every transcript shares (`shared`, `cache.site_key`)."""
    inputs = files_under(path.parent) + [content / m for m in entry.media]
    return entry.key == transcript_key(shared, fingerprints(inputs, content, entry.inputs))


def listings_and_media(paths: list[Path], entries: dict[str, Entry | Packed],
                       spill: Spill) -> tuple[list[Listing], list[str]]:
    """What the index pages list of each transcript, in the order of `paths`, and every image the notes
    show; once links across transcripts are checked. Each entry is read back on its own, and the
    links, most of an entry, only where some transcript retired an id. The listings stay in `spill`
    (`ReadBack`), but for what sorts them (slug and date): 9 KB each as objects, 90 MB for 10,000
    transcripts; 1.5 KB with their front matter held."""
    listed, media = [], []
    retired: dict[str, dict[str, str]] = {}
    for path in paths:
        entry = unpacked(entries[path.parent.name])
        listed.append(ReadBack(spill, entry.listing, held=SORTED_BY))
        media += entry.media
        if entry.retired:
            retired[path.parent.name] = entry.retired
    if retired:
        check_links_across(((slug, unpacked(entries[slug]).links) for slug in entries), retired)
    return listed, media


@dataclass(frozen=True, slots=True)
class Packed:
    """The entry of a transcript this build made or found up to date: saved in the cache (as it came),
    and spilled (`spill.Spill`) without what only the cache needs (its files' digests, its inputs' and
    its ledger, which the cache keeps), until the index pages. As objects it took 49 KB, then pickled
    in memory 11 KB, by which the parent grew with every transcript; now it holds its key and place."""

    key: str
    place: tuple[int, int]
    spill: Spill

    @staticmethod
    def of(entry: Entry, spill: Spill) -> Packed:
        return Packed(entry.key, spill.put(replace(entry, files=None, inputs={}, ledger=None)), spill)


def unpacked(entry: Entry | Packed) -> Entry:
    """The entry itself (a packed one without its files' digests, inputs and ledger)."""
    return entry.spill.get(entry.place) if isinstance(entry, Packed) else entry


def task(path: Path, shared: str, old: str | None) -> Task:
    from .workers import Task
    return Task(path, shared, old)


@dataclass(slots=True)
class Results:
    """What the transcripts made tell the rest of the build, besides their entries."""

    ledgers: SpilledList[LedgerUpdate]
    """The id ledgers to write."""
    written: int = 0
    dropped: set[str] = field(default_factory=set)


def make_transcripts(tasks: list[Task], context: SiteContext, sink: Sink, jobs: int | None,
                     results: Results, keep: Callable[[str, Entry, TranscriptIndex], None]) -> set[str]:
    """Run the tasks (`workers.run`), adding what each tells to `results` and handing each entry and
    part of the search index to `keep` as it comes; the slugs made, or one ContentError with the
    problems of all of them, in the order of the tasks."""
    from .workers import run, trim_heap
    made: set[str] = set()
    problems: dict[str, list[Problem]] = {}
    for count, result in enumerate(run(tasks, context, sink, jobs), 1):
        if count % TRIM_EVERY == 0:
            trim_heap()
        if result.problems:
            problems[result.slug] = result.problems
        else:
            keep(result.slug, result.entry, result.search)
            made.add(result.slug)
            if result.ledger:
                results.ledgers.append(result.ledger)
            results.written += result.written
            results.dropped.update(result.dropped)
    if problems:
        raise ContentError([p for task in tasks for p in problems.get(task.path.parent.name, [])])
    return made


def theme_key(assets: Path) -> str:
    """The theme's own files (copied, not rendered: not part of any transcript's key)."""
    return transcript_key("", fingerprints(files_under(assets), assets, {})) if assets.is_dir() else ""


def shared_files(context: SiteContext, listings: list[Listing],
                 media: list[str]) -> Iterator[tuple[str, bytes | Iterator[bytes]]]:
    """The files about every transcript or none (index pages, script chooser, 404 …; the search
    index is merged apart), then the notes' images (`media`, under content/), read one at a time, and
    the theme's assets (which win over a made file of the same path: they come last). A page listing
    every transcript comes in blocks, to be written as they are made (`Sink.put_blocks`)."""
    from ..notes.markdown import MEDIA
    from .site import render_indexes, render_site_files
    from .workers import tools
    project = context.project
    kit = tools(context)
    edition, renderer = kit.edition, kit.renderer
    made: dict[str, str | bytes] = render_site_files(renderer, edition, project.templates)
    assets = project.templates / ASSETS
    themed = {f"{ASSETS}/{path.relative_to(assets).as_posix()}": path for path in files_under(assets)} \
        if assets.is_dir() else {}
    for relative, data in chain(made.items(), render_indexes(renderer, listings, edition.site_url, project.templates)):
        if relative not in themed:
            yield relative, (data if isinstance(data, bytes) else data.encode("utf-8") if isinstance(data, str)
                             else encoded_blocks(data))
    for relative in dict.fromkeys(media):
        if f"{MEDIA}/{relative}" not in themed:
            yield f"{MEDIA}/{relative}", (project.content / relative).read_bytes()
    for relative, path in themed.items():
        yield relative, path.read_bytes()


def find_transcripts(content: Path) -> list[Path]:
    if not content.is_dir():
        raise ContentError.at(content, 1, "content folder not found")
    paths = transcript_paths(content)
    problems = unread_folders(content)
    if not paths and not problems:
        raise ContentError.at(content, 1, f"no transcripts found: add {content}/<slug>/{TRANSCRIPT_FILE}")
    for path in paths:
        try:
            check_slug(path.parent.name, path)
        except ContentError as err:
            problems += err.problems
    if problems:
        raise ContentError(problems)
    return paths
