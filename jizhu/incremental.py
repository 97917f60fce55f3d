"""Rebuilding only what a change touches, for the preview.

A full build reads every transcript and renders every page. While previewing,
most saves touch one transcript, so the last build is kept in memory and only
what depends on the changed files is made again:

| what changed | made again |
| --- | --- |
| a file in `content/<slug>/` (the transcript, a note, its dictionary), or an image a note of it uses | that transcript read; its pages, share pages and JSON rendered; the index pages |
| `templates/assets/…` | nothing rendered: the assets read again |
| any other file in `templates/` | every page rendered (the transcripts are not read again) |
| `jizhu.toml`, a file directly in `content/` (glossary, site dictionary), anything else | everything |

`files` is the whole site, the same `{path: text or bytes}` a full build writes
(the tests compare the two) plus the theme's assets, kept up to date in place;
`changed` collects the paths that differ from what was last published, so
publishing costs what changed, not the size of the site.

A build can be made in two steps: an urgent one that brings the transcript
pages and the index pages up to date (what an editor looks at: about half the
work), leaving the other files of a changed transcript (share pages, export)
as they were, then the rest.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import load_config
from .content import TRANSCRIPT_FILE
from .errors import ContentError, Problem
from .model import Transcript
from .render import Renderer
from .site import (ASSETS, Edition, Project, prepare, prepare_transcript, render_indexes, render_transcript_extras,
                   render_transcript_pages, site_renderer)
from .report import report_page, transcript_report
from .staging import Files

PAGES, EXTRAS = "pages", "extras"
INDEXES = ("", "indexes")
THEME = ("", "theme")
REPORT = ("", "report")
REPORT_PAGE = "_report/index.html"
"""The conversion report (`check`'s), as a page of the preview only: a full build never writes it."""
Part = tuple[str, str]
"""A piece of the site rendered as one: (slug, PAGES), (slug, EXTRAS), INDEXES or THEME."""


@dataclass(slots=True)
class Change:
    """What a batch of changed paths calls for."""

    everything: bool = False
    templates: bool = False
    assets: set[str] = field(default_factory=set)
    """Changed files under templates/assets/, relative to it."""
    slugs: set[str] = field(default_factory=set)
    """Transcripts to read again."""


class IncrementalBuild:
    """The site as a full build makes it, kept in memory and redone in part after each change."""

    def __init__(self, project: Project, config_path: Path):
        self.project = project
        self.config_path = config_path
        self.files: Files = {}
        """The whole site."""
        self.changed: set[str] = set()
        """Paths of `files` added, changed or removed since the caller last cleared this."""
        self.rendered: list[str] = []
        """What the last `build` rendered, for the terminal."""
        self._edition: Edition | None = None
        """None when everything must be read again."""
        self._renderer: Renderer | None = None
        self._parts: dict[Part, Files] = {}
        self._dirty: set[Part] = {THEME}
        """Parts to render again; until then their last output stays in `files`."""
        self._reread: set[str] = set()
        self._problems: dict[str, list[Problem]] = {}
        """Per transcript slug: why it could not be read again (its last good version stays in the edition)."""

    def invalidate(self, paths: Iterable[Path]) -> Change:
        """Note what depends on the changed paths; the next `build` makes it again."""
        change = self.classify(paths)
        if change.everything:
            self._edition = None
        if change.templates:
            self._renderer = None
        if change.assets:
            self._dirty.add(THEME)
        self._reread |= change.slugs
        return change

    def classify(self, paths: Iterable[Path]) -> Change:
        content = self.project.content.resolve()
        templates = self.project.templates.resolve()
        assets = templates / ASSETS
        config = self.config_path.resolve()
        users = self._media_users()
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
                change.slugs |= users.get(relative.as_posix(), set())
                if self.is_transcript_folder(folder):
                    change.slugs.add(folder.name)
                elif len(relative.parts) == 1 and not is_folder(folder):  # glossary.toml, conversions.toml …
                    change.everything = True
            else:
                change.everything = True
        return change

    def is_transcript_folder(self, folder: Path) -> bool:
        """A transcript's folder, or one that was (a folder just deleted leaves its transcript behind)."""
        known = self._edition is not None and any(t.slug == folder.name for t in self._edition.transcripts)
        return known or (folder / TRANSCRIPT_FILE).is_file()

    def _media_users(self) -> dict[str, set[str]]:
        """{path under content/: slugs whose notes show that image}: an image may sit in another folder."""
        users: dict[str, set[str]] = {}
        for transcript in self._edition.transcripts if self._edition else []:
            for note in transcript.notes:
                for relative in note.media.values():
                    users.setdefault(relative, set()).add(transcript.slug)
        return users

    def build(self, urgent: bool = False) -> Files:
        """Bring `files` up to date and return it; raises ContentError with every problem, as a full
        build would, leaving `files` as it was for what could not be made.

        `urgent`: the extras of the transcripts that changed are left as they were (`stale_paths`).
        """
        self.rendered = []
        if self._edition is None:
            self._prepare_everything()
        else:
            self._read_changed()
        if self._problems:
            raise ContentError([p for slug in sorted(self._problems) for p in self._problems[slug]])
        edition, templates = self._edition, self.project.templates
        if self._renderer is None:
            self._renderer = site_renderer(edition, templates)
            self._renderer.env.auto_reload = False  # a changed template makes a new renderer: no need to
            # look at every template's modification time on every include, a good part of a page's cost
            self._dirty |= {INDEXES} | {(t.slug, kind) for t in edition.transcripts for kind in (PAGES, EXTRAS)}
        for transcript in edition.transcripts:
            if (transcript.slug, PAGES) in self._dirty:
                self._render((transcript.slug, PAGES), render_transcript_pages, transcript)
        if INDEXES in self._dirty:
            self._apply(INDEXES, render_indexes(self._renderer, edition, templates))
            self.rendered.append("index pages")
        if not urgent:
            for transcript in edition.transcripts:
                if (transcript.slug, EXTRAS) in self._dirty:
                    self._render((transcript.slug, EXTRAS), render_transcript_extras, transcript)
            if self.rendered:  # after the pages, so it never delays a reload
                reports = [transcript_report(t, edition.publishers[t.slug]) for t in edition.transcripts]
                self._apply(REPORT, {REPORT_PAGE: report_page(reports, self._renderer.env, root="../")})
        if THEME in self._dirty:
            self._apply(THEME, read_assets(templates / ASSETS))
        return self.files

    @property
    def deferred(self) -> bool:
        """Whether an urgent build left extras to make."""
        return any(kind == EXTRAS for _, kind in self._dirty)

    def stale_paths(self) -> set[str]:
        """Files an urgent build left as they were that the next build may change."""
        return {path for part in self._dirty if part[1] == EXTRAS for path in self._parts.get(part, {})}

    def _render(self, part: Part, render: Callable[[Renderer, Edition, Transcript, Path], Files],
                transcript: Transcript) -> None:
        self._apply(part, render(self._renderer, self._edition, transcript, self.project.templates))
        if transcript.slug not in self.rendered:
            self.rendered.append(transcript.slug)

    def _apply(self, part: Part, output: Files) -> None:
        """Make `output` the part's files, noting each file of the site that changes."""
        before = self._parts.pop(part, {})
        if output:
            self._parts[part] = output
        self._dirty.discard(part)
        theme = self._parts.get(THEME, {})
        for path in before.keys() | output.keys():
            if part == THEME:
                data = output.get(path, self._rendered_at(path))
            elif path in theme:
                continue  # the theme's file wins, as in `site.write_atomically`
            else:
                data = output.get(path)
            if data is None:
                if self.files.pop(path, None) is not None:
                    self.changed.add(path)
            elif self.files.get(path) != data:
                self.files[path] = data
                self.changed.add(path)

    def _rendered_at(self, path: str) -> str | bytes | None:
        """The rendered file a theme file hid (a theme that dropped its highlight.css shows the built one)."""
        return next((files[path] for part, files in self._parts.items() if part != THEME and path in files), None)

    def _prepare_everything(self) -> None:
        self._reread.clear()
        self._problems.clear()
        self._renderer = None
        self.project = replace(self.project, config=load_config(self.config_path))
        self._edition = prepare(self.project)
        slugs = {t.slug for t in self._edition.transcripts}
        for part in [part for part in self._parts if part[0] and part[0] not in slugs]:
            self._apply(part, {})  # the files of transcripts no longer there leave the site

    def _read_changed(self) -> None:
        for slug in sorted(self._reread):
            self._read_again(slug)
        self._reread.clear()
        if not self._edition.transcripts:  # the last one went: let the full build say what is missing
            self._edition = None
            self._prepare_everything()

    def _read_again(self, slug: str) -> None:
        edition = self._edition
        self._problems.pop(slug, None)
        self._dirty |= {(slug, PAGES), (slug, EXTRAS), INDEXES}
        transcripts = [t for t in edition.transcripts if t.slug != slug]
        publishers = {s: p for s, p in edition.publishers.items() if s != slug}
        path = self.project.content / slug / TRANSCRIPT_FILE
        if path.is_file():
            try:
                transcript, publishers[slug] = prepare_transcript(path, self.project, edition)
            except ContentError as err:
                self._problems[slug] = err.problems
                return
            transcripts.append(transcript)
        else:  # its folder went: so do its files
            for kind in (PAGES, EXTRAS):
                self._apply((slug, kind), {})
        transcripts.sort(key=lambda t: t.slug)  # the order of `content.transcript_paths`
        self._edition = replace(edition, transcripts=transcripts, publishers=publishers)


def is_folder(path: Path) -> bool:
    """A folder, or something deleted that was one as far as can be told (folders have no suffix)."""
    return path.is_dir() or (not path.exists() and not path.suffix)


def read_assets(assets: Path) -> Files:
    """The theme's own files (templates/assets/), as the site holds them (site/assets/)."""
    if not assets.is_dir():
        return {}
    return {f"{ASSETS}/{path.relative_to(assets).as_posix()}": path.read_bytes()
            for path in sorted(assets.rglob("*")) if path.is_file()}
