"""What a save calls for, and the pages open in a browser made at once, in the preview's own process.

After a save the preview does two things:

1. Here, at once: each page open in a browser that the save changes (for an
   editor, the edited transcript's page in the script being read) is read,
   converted and rendered again, with converters and compiled templates kept
   from the last save, and the transcript's publisher too while it converts
   alike (so only the edited paragraphs are converted again).
2. Then, in a process of its own (`background.SiteBuilds`), the full streamed
   build, which makes what else changed: the other script, the share pages,
   the JSON export, the index pages, the search index.

Nothing else of the site is held in memory: the cache (`.jizhu-cache/`) and
`site/` on disk are the record of what was built.

| what changed | made at once (if open) | then the full build makes |
| --- | --- | --- |
| a file in `content/<slug>/` (transcript, note, dictionary) | that transcript's open pages | that transcript, the index pages |
| `templates/assets/…` | nothing: the asset is copied into site/ | nothing more |
| any other file in `templates/` | every open transcript page | everything |
| `jizhu.toml`, a file directly in `content/` (glossary, dictionary) | every open transcript page | everything |
| anything else under `content/` (an image a note shows) | nothing | what uses it |
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace

from ..build.cache import Cache
from ..build.content import TRANSCRIPT_FILE, transcript_paths
from ..build.project import ASSETS, Project
from ..config import load_config

KEPT_PUBLISHERS = 8
"""Transcripts whose publisher (and so its converted text) is kept between saves: those being edited."""


@dataclass(slots=True)
class Change:
    """What a batch of changed paths calls for."""

    everything: bool = False
    """The configuration or a file every transcript reads (glossary, site dictionary)."""
    templates: bool = False
    assets: set[str] = field(default_factory=set)
    """Changed files under templates/assets/, relative to it."""
    slugs: set[str] = field(default_factory=set)
    """Transcripts whose folder changed."""
    other: bool = False
    """A file under content/ of no transcript (an image a note shows)."""

    @property
    def pages(self) -> bool:
        """Whether every page may have changed."""
        return self.everything or self.templates


@dataclass(frozen=True, slots=True)
class OpenPage:
    path: str
    """Its file in the site: `zh-hant/<slug>/index.html`."""
    slug: str
    script: str


class OpenPages:
    """Makes the transcript pages open in a browser, one at a time, with tools kept between saves."""

    def __init__(self, project: Project, config_path: Path):
        self.project = project
        self.config_path = config_path
        self._context = None
        self._publishers: dict[str, object] = {}
        self._reports: dict[str, tuple[tuple, str]] = {}
        self._script_keys: set[str] | None = None
        self._lock = threading.Lock()
        """Made pages and reports share converters, which are not made for two threads at once."""

    def classify(self, paths: Iterable[Path]) -> Change:
        content = self.project.content.resolve()
        templates = self.project.templates.resolve()
        assets = templates / ASSETS
        config = self.config_path.resolve()
        change = Change()
        for path in (p.resolve() for p in paths):
            if path == config:
                change.everything = True
            elif path.is_relative_to(assets):
                change.assets.add(path.relative_to(assets).as_posix())
            elif path.is_relative_to(templates):
                change.templates = True
            elif path.is_relative_to(content) and path != content:
                relative = path.relative_to(content)
                folder = content / relative.parts[0]
                if (folder / TRANSCRIPT_FILE).is_file() or (not folder.exists() and not folder.suffix):
                    change.slugs.add(folder.name)  # a transcript's folder, or one just removed (folders
                    # have no suffix; glossary.toml has)
                elif len(relative.parts) == 1 and not folder.is_dir():
                    change.everything = True  # glossary.toml, conversions.toml …
                else:
                    change.other = True
            else:
                change.everything = True
        return change

    def invalidate(self, change: Change) -> None:
        """Forget what the change makes out of date: the configuration, converters and templates when
        every page changes, the changed transcripts' reports."""
        if change.everything:
            self.project = replace(self.project, config=load_config(self.config_path))
            self._script_keys = None
        if change.pages:
            with self._lock:
                self._context = None  # a new context: `workers.tools` makes new tools for it
                self._publishers.clear()
        for slug in change.slugs:
            self._reports.pop(slug, None)
        if change.pages:
            self._reports.clear()

    def affected(self, shown: Iterable[str], change: Change) -> list[OpenPage]:
        """The open transcript pages (site files, `PreviewState.shown_files`) the change makes again."""
        found = []
        for path in sorted(shown):
            parts = path.split("/")
            if len(parts) != 3 or parts[2] != "index.html" or parts[0] not in self.script_keys():
                continue
            if change.pages or parts[1] in change.slugs:
                found.append(OpenPage(path, parts[1], parts[0]))
        return found

    def script_keys(self) -> set[str]:
        """The site's scripts (`zh-hant` …), as the configuration has them."""
        if self._script_keys is None:
            from ..scripts.convert import site_scripts
            config = self.project.config
            self._script_keys = {script.key for script in site_scripts(config.variants, config.taiwan_phrases)}
        return self._script_keys

    def make(self, pages: list[OpenPage]) -> dict[str, str]:
        """{site path: text} of each page whose transcript is there (raises ContentError)."""
        from ..build.site import render_transcript_page
        from ..build.workers import tools
        made: dict[str, str] = {}
        with self._lock:
            context = self._site_context()
            kit = tools(context)
            for page in pages:
                path = self.project.content / page.slug / TRANSCRIPT_FILE
                if not path.is_file():
                    continue
                transcript, publisher = self._read(path, context)
                script = next(s for s in context.scripts if s.key == page.script)
                kit.edition.publishers = {page.slug: publisher}
                try:
                    made |= render_transcript_page(kit.renderer, kit.edition, transcript, script,
                                                   self.project.templates)
                finally:
                    kit.edition.publishers = {}
        return made

    def prepare(self) -> None:
        """Make the converters and compile the templates now, before a save needs them."""
        from ..build.workers import prepare_parent
        try:
            with self._lock:
                prepare_parent(self._site_context())
        except Exception:  # noqa: BLE001 (a problem is reported when a page is made)
            return
        # The tools live as long as the preview: left out of the collector's full passes, which would
        # otherwise walk them now and then during a save (23 ms on the seed, 8 ms once frozen).
        gc.collect()
        gc.freeze()

    def warm(self, slugs: Iterable[str]) -> None:
        """Read the transcripts of newly opened pages, so that their first save costs no more than the next."""
        for slug in slugs:
            path = self.project.content / slug / TRANSCRIPT_FILE
            if slug in self._publishers or not path.is_file():
                continue
            try:
                with self._lock:
                    self._read(path, self._site_context())
            except Exception:  # noqa: BLE001 (a problem is reported when the page is made)
                return

    def report(self, slug: str = "") -> str | None:
        """A page of the conversion report: one transcript's (`check`'s), or ("") the list of them; None
        for no such transcript. Made when asked for (0.1–0.3 s each), kept while its folder is unchanged."""
        from ..pages.render import environment
        from ..scripts.report import report_index, report_page, transcript_report
        env = environment([self.project.templates])
        if not slug:
            return report_index(self._report_list(), env)
        path = self.project.content / slug / TRANSCRIPT_FILE
        if slug.startswith((".", "_")) or "/" in slug or not path.is_file():
            return None
        stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(path.parent.rglob("*")) if p.is_file())
        kept = self._reports.get(slug)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        with self._lock:
            transcript, publisher = self._read(path, self._site_context())
            page = report_page([transcript_report(transcript, publisher)], env, root="../../")
        self._reports[slug] = (stamp, page)
        return page

    def _report_list(self) -> list[SimpleNamespace]:
        """Each transcript's slug, title (as last built, from the cache) and path: without reading any."""
        cache = Cache(self.project.cache, self.project.out)
        found = []
        for path in transcript_paths(self.project.content):
            entry = cache.entry(path.parent.name)
            title = entry.listing.title if entry else path.parent.name
            found.append(SimpleNamespace(slug=path.parent.name, title=title, path=path))
        return found

    def _read(self, path: Path, context):
        from ..build.workers import read_transcript
        slug = path.parent.name
        transcript, publisher = read_transcript(path, context, self._publishers.pop(slug, None))
        self._publishers[slug] = publisher
        while len(self._publishers) > KEPT_PUBLISHERS:
            self._publishers.pop(next(iter(self._publishers)))
        return transcript, publisher

    def _site_context(self):
        """The build's site context (scripts, glossary, templates), read when first needed after a change."""
        if self._context is None:
            from ..build.pipeline import Context
            cache = Cache(self.project.cache, self.project.out)
            self._context = Context(self.project, cache)()  # raises ContentError for a bad glossary or dictionary
        return self._context
