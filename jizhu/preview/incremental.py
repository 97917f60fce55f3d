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

A build can be made in two steps: first only what makes the pages open in a
browser (`build(first=…)`: for an editor at work, the edited transcript's page
in one script, a small part of the work), leaving every other changed file as
it was; then the rest.

The conversion reports the preview serves are not files of the site: each is
made when asked for (`report`), since making all of them after every save
would cost more than everything else together.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from ..notes.annotate import media_files
from ..config import load_config
from ..build.content import TRANSCRIPT_FILE
from ..errors import ContentError, Problem
from ..reading.model import Transcript
from ..pages.render import Renderer, environment
from ..scripts.report import report_index, report_page, transcript_report
from ..build.site import (ASSETS, Edition, Project, listings_of, prepare, prepare_transcript, render_indexes,
                          render_search, render_site_files, render_transcript_extras, render_transcript_page, site_renderer)
from ..build.staging import Files

PAGE, MEDIA, EXTRAS = "page", "media", "extras"
"""Parts of a transcript: its page in one script, (slug, "page zh-hant"); its notes' images, which
its pages load, (slug, MEDIA); the rest, (slug, EXTRAS)."""
SITE = ("", "site")
"""The files about no transcript (`site.render_site_files`): the code stylesheet every page loads is one."""
INDEXES = ("", "indexes")
THEME = ("", "theme")
Part = tuple[str, str]
"""A piece of the site rendered as one: a transcript's page in one script, its media or extras, SITE,
INDEXES or THEME."""


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
        self.edition: Edition | None = None
        """The edition of the last build that succeeded."""
        self._reports: dict[str, tuple[Transcript, str]] = {}
        """Report pages made (`report`), by slug, with the transcript they were made from."""
        self._report_env: jinja2.Environment | None = None

    def invalidate(self, paths: Iterable[Path]) -> Change:
        """Note what depends on the changed paths; the next `build` makes it again."""
        change = self.classify(paths)
        if change.everything:
            self._edition = None
        if change.templates:
            self._renderer = None
            self._report_env = None
            self._reports = {}
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

    def build(self, first: Collection[str] = ()) -> Files:
        """Bring `files` up to date and return it; raises ContentError with every problem, as a full
        build would, leaving `files` as it was for what could not be made.

        `first`: site paths of the pages open in a browser. Only the parts that make them are rendered
        (when any is to change), and the rest is left as it was (`deferred`, `stale_paths`) for the
        next call.
        """
        self.rendered = []
        if self._edition is None:
            self._prepare_everything()
        else:
            self._read_changed()
        if self._problems:
            raise ContentError([p for slug in sorted(self._problems) for p in self._problems[slug]])
        edition = self._edition
        if self._renderer is None:
            self._renderer = site_renderer(edition, self.project.templates)
            self._renderer.env.auto_reload = False  # a changed template makes a new renderer: no need to
            # look at every template's modification time on every include, a good part of a page's cost
            self._dirty |= {SITE, INDEXES} | {part for t in edition.transcripts for part in self._parts_of(t.slug)}
        shown = set(first)
        urgent = {part for part in self._dirty if shown & self._parts.get(part, {}).keys()}
        if urgent:  # and what those pages load: a request for a stale file would wait for the rest
            urgent |= {part for part in self._dirty if part == SITE or part[1] == MEDIA}
        for part in sorted(self._dirty - {THEME}):
            if not urgent or part in urgent:
                self._render(part)
        if THEME in self._dirty:
            self._apply(THEME, read_assets(self.project.templates / ASSETS))
        self.edition = edition
        return self.files

    def report(self, slug: str = "") -> str | None:
        """A page of the conversion report: one transcript's (`check`'s), or ("") the list of them;
        None for a slug unknown to the last good build.

        Made when asked for, and kept while the transcript stays as it is: a report costs 0.1–0.3 s
        per transcript, too much to make for every transcript after every save. Called from the
        server's threads: it only reads `edition`, which a build replaces whole.
        """
        edition = self.edition
        if edition is None:
            return None
        env = self._report_env or environment([self.project.templates])
        self._report_env = env
        if not slug:
            return report_index(edition.transcripts, env)
        transcript = next((t for t in edition.transcripts if t.slug == slug), None)
        if transcript is None:
            return None
        made = self._reports.get(slug)
        if made is None or made[0] is not transcript:
            report = transcript_report(transcript, edition.publishers[slug])
            made = self._reports[slug] = (transcript, report_page([report], env, root="../../"))
        return made[1]

    @property
    def deferred(self) -> bool:
        """Whether a build left parts to make (`first`)."""
        return bool(self._dirty)

    def stale_paths(self) -> set[str]:
        """Files a build left as they were that the next build may change."""
        return {path for part in self._dirty for path in self._parts.get(part, {})}

    def _parts_of(self, slug: str) -> list[Part]:
        """Its page in each script, its media, then the rest."""
        return [(slug, f"{PAGE} {script.key}") for script in self._edition.scripts] + [(slug, MEDIA), (slug, EXTRAS)]

    def _render(self, part: Part) -> None:
        edition, renderer, templates = self._edition, self._renderer, self.project.templates
        slug, kind = part
        if part == SITE:
            self._apply(SITE, render_site_files(renderer, edition, templates))
            return
        if part == INDEXES:
            self._apply(INDEXES, render_indexes(renderer, listings_of(edition), edition.site_url, templates)
                        | render_search(edition))
            self.rendered.append("index pages")
            return
        transcript = next(t for t in edition.transcripts if t.slug == slug)
        if kind == MEDIA:
            self._apply(part, media_files([transcript]))
        elif kind == EXTRAS:
            self._apply(part, render_transcript_extras(renderer, edition, transcript, templates))
        else:
            script = next(s for s in edition.scripts if f"{PAGE} {s.key}" == kind)
            self._apply(part, render_transcript_page(renderer, edition, transcript, script, templates))
        if slug not in self.rendered:
            self.rendered.append(slug)

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
        kept = {SITE, INDEXES, THEME} | {part for t in self._edition.transcripts for part in self._parts_of(t.slug)}
        for part in [part for part in self._parts if part not in kept]:
            self._apply(part, {})  # the files of transcripts, or scripts, no longer there leave the site
        self._dirty &= kept

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
        self._dirty |= {INDEXES, *self._parts_of(slug)}
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
            for part in self._parts_of(slug):
                self._apply(part, {})
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
