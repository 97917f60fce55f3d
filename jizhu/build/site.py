"""The pieces of a build: read and check transcripts, render their pages, the index pages and the rest.

`build`, and the preview, stream them through a pool of workers and the cache
(pipeline.py), and `check` one at a time (check.py); `render_site` renders a
whole site in memory (tests and benchmarks compare with it) and
`write_atomically` writes such a site: a fresh folder exchanged with the old
one in one step (`staging.new_site`), so that `site/` is never missing.
"""
from __future__ import annotations

import json
import shutil
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..notes.annotate import annotate, media_files, read_glossary
from ..config import Config
from .content import load_all
from .staging import new_site
from .ids import check_retired_links
from ..scripts.convert import Converter, Script, site_scripts
from ..scripts.dictionary import FRONT_MATTER_NAME, Dictionary, load_dictionary, load_names, name_rules
from ..errors import ContentError, Problem
from ..pages.export import export
from ..pages.retired import retired_pairs
from ..pages.search import Indexer
from ..pages.search_merge import search_files
from ..notes.markdown import highlight_css
from ..reading.model import Term, Transcript
from ..scripts.publish import Options, Publisher
from ..pages.listing import Listing, listing, newest_first
from ..pages.render import Renderer, environment, published_scripts
from .project import ASSETS, Project

DICTIONARY_FILE = "conversions.toml"
SEARCH_INDEXER = Indexer()
"""Keeps each transcript's part of the search index while the transcript is the same object (the preview)."""
NAMES_FILE = "names.toml"


@dataclass(slots=True)
class Edition:
    """Everything read and checked, ready to render: transcripts, the scripts published, how text is made."""

    transcripts: list[Transcript]
    scripts: tuple[Script, ...]
    publishers: dict[str, Publisher]
    """Per transcript slug."""
    converter: Converter
    """The build's OpenCC converters, shared by every publisher (the preview reuses them)."""
    glossary: list[Term]
    """The site's terms, read once per build (a change to the glossary file rebuilds everything)."""
    config: Config = field(default_factory=Config)
    """The site's configuration: Latin spacing and the site URL are the renderer's concern."""

    @property
    def site_url(self) -> str:
        """Absolute URL of the published site, for canonical links, share previews and the sitemap."""
        return self.config.site_url


def build(project: Project, jobs: int | None = None) -> list[Listing]:
    """Build the site, streamed through a pool of workers and the cache (`pipeline`); returns what
    the index pages list."""
    from .pipeline import build_site  # the pipeline is made of this module's pieces
    return build_site(project, jobs)


def prepare(project: Project) -> Edition:
    """Read and check every transcript and dictionary; set up conversion once for the whole build."""
    scripts = site_scripts(project.config.variants, project.config.taiwan_phrases)
    converter = Converter(scripts)
    transcripts = load_all(project.content, converter, project.renumber)
    check_retired_links(transcripts, read_glossary(project.content)[0])  # its problems: `annotate`
    made = publishers(transcripts, project, converter)
    glossary = annotate(transcripts, project.content, scripts, made)
    return Edition(transcripts, scripts, made, converter, glossary, project.config)


def converts_alike(a: Publisher, b: Publisher) -> bool:
    """Whether two publishers make the same text from the same source (same converter, dictionary,
    options, repair decisions and page forms)."""
    return a.key == b.key


def publishers(transcripts: list[Transcript], project: Project, converter: Converter) -> dict[str, Publisher]:
    """Each transcript's publisher; the site-wide dictionary is read once, and every dictionary
    problem of every transcript is reported at once."""
    site_rules = site_dictionary(project, converter)
    problems: list[Problem] = []
    found: dict[str, Publisher] = {}
    for transcript in transcripts:
        try:
            found[transcript.slug] = publisher_for(transcript, project, converter, site_rules)
        except ContentError as err:
            problems.extend(err.problems)
    if problems:
        raise ContentError(problems)
    return found


def publisher_for(transcript: Transcript, project: Project, converter: Converter,
                  site_rules: Dictionary | None = None, previous: Publisher | None = None) -> Publisher:
    """Names, then the site-wide dictionary (read here unless given), then the transcript's own
    (the most specific wins). A one-character label (問, 答, Q) is a role, not a name: as a name it
    would cut every word holding it (回答 → 回|答) out of the conversion. `previous`: an earlier read's
    publisher, whose evidence of each paragraph still unchanged is not gathered again (the preview)."""
    config = project.config
    options = Options(full_width=config.full_width_punctuation, corner_quotes=config.corner_quotes,
                      latin_spacing=config.latin_spacing)
    if site_rules is None:
        site_rules = site_dictionary(project, converter)
    own = load_dictionary(transcript.path.parent / DICTIONARY_FILE, converter.to_simplified)
    labels = [s for s in transcript.speakers if len(s) > 1 and s not in transcript.meta.names]
    names = name_rules(labels, transcript.script, converter.to_simplified, converter.to_traditional).merged(
        name_rules(transcript.meta.names, transcript.script, converter.to_simplified, converter.to_traditional,
                   FRONT_MATTER_NAME))
    return Publisher(converter, site_rules.merged(own).merged(names), transcript.script, options,
                     sample=tuple(p.text for p in transcript.paragraphs()), converted=transcript.meta.converted,
                     region=transcript.meta.region, previous=previous)


def site_dictionary(project: Project, converter: Converter) -> Dictionary:
    """The site-wide names list, then the site-wide overrides."""
    names = load_names(project.content / NAMES_FILE, converter.to_simplified, converter.to_traditional)
    return names.merged(load_dictionary(project.content / DICTIONARY_FILE, converter.to_simplified), keep_names=True)


def render_site(edition: Edition, templates: Path) -> dict[str, str | bytes]:
    """Every generated file as {relative path: text, or bytes for images used by notes}."""
    renderer = site_renderer(edition, templates)
    files = render_site_files(renderer, edition, templates)
    files |= {relative: whole(page) for relative, page in render_indexes(renderer, listings_of(edition),
                                                                         edition.site_url, templates)}
    files |= render_search(edition)
    for transcript in edition.transcripts:
        files |= render_transcript(renderer, edition, transcript, templates)
    return files


def site_renderer(edition: Edition, templates: Path, cache: Path | None = None) -> Renderer:
    return Renderer(environment([templates], cache), edition.scripts, edition.config.latin_spacing,
                    edition.site_url, edition.config.media_hosts)


def listings_of(edition: Edition) -> list[Listing]:
    """What the index pages show of each transcript of an edition."""
    return [listing(t, edition.publishers[t.slug], edition.scripts) for t in edition.transcripts]


def render_site_files(renderer: Renderer, edition: Edition, templates: Path) -> dict[str, str | bytes]:
    """The files about no transcript: the script chooser, the 404 page, robots.txt, the code stylesheet.
    Only the templates and the configuration change them."""
    with template_errors(templates):
        files: dict[str, str | bytes] = {"index.html": renderer.root_index(), "404.html": renderer.not_found_page()}
    files["robots.txt"] = "User-agent: *\nAllow: /\n" + (f"Sitemap: {edition.site_url}sitemap.xml\n" if edition.site_url else "")
    files[f"{ASSETS}/highlight.css"] = highlight_css()
    files[".nojekyll"] = ""
    return files


Page = str | Iterator[str]
"""A made file's text, whole or a piece at a time (a page listing every transcript: `whole` joins it)."""


def render_indexes(renderer: Renderer, listings: list[Listing], site_url: str,
                   templates: Path) -> Iterator[tuple[str, Page]]:
    """The files about every transcript, (path, text) one at a time: what a change to any one transcript
    may change. Made as they are taken: a large site's sitemaps hold a million addresses, and its index
    and search pages, each a list of every transcript, come a piece at a time (10 MB each at 10,000
    transcripts; take each page's pieces before the next page)."""
    listings = newest_first(listings)
    for script in renderer.scripts:
        yield f"{script.key}/index.html", in_pieces(renderer.script_index(listings, script), templates)
        yield f"{script.key}/search/index.html", in_pieces(renderer.search_page(listings, script), templates)
    if site_url:
        with template_errors(templates):
            yield from renderer.sitemaps(listings)


def in_pieces(pieces: Iterator[str], templates: Path) -> Iterator[str]:
    """A page's pieces as they are made, a template's error raised as the build's problem."""
    with template_errors(templates):
        yield from pieces


def whole(page: Page) -> str:
    return page if isinstance(page, str) else "".join(page)


def render_search(edition: Edition) -> dict[str, str | bytes]:
    """The search index under data/search/: each transcript indexed on its own, then merged."""
    parts = SEARCH_INDEXER.parts(edition.transcripts, edition.publishers, edition.scripts)
    return dict(search_files(parts, edition.scripts))


def render_transcript(renderer: Renderer, edition: Edition, transcript: Transcript,
                      templates: Path) -> dict[str, str | bytes]:
    """Everything that depends on one transcript alone.

    Apart from `render_indexes` so that the preview re-renders only the transcript that changed.
    """
    return (render_transcript_pages(renderer, edition, transcript, templates)
            | render_transcript_extras(renderer, edition, transcript, templates) | media_files([transcript]))


def render_transcript_pages(renderer: Renderer, edition: Edition, transcript: Transcript,
                            templates: Path) -> dict[str, str | bytes]:
    """The transcript's page in every script."""
    files: dict[str, str | bytes] = {}
    for script in edition.scripts:
        files |= render_transcript_page(renderer, edition, transcript, script, templates)
    return files


def render_transcript_page(renderer: Renderer, edition: Edition, transcript: Transcript, script: Script,
                           templates: Path) -> dict[str, str | bytes]:
    """The transcript's page in one script: what an editor previewing it looks at, so the preview
    publishes it first and everything else just after."""
    with template_errors(templates):
        if script not in published_scripts(transcript, edition.scripts):  # English: one page, the others lead to it
            return {f"{script.key}/{transcript.slug}/index.html": renderer.moved_page(transcript, script)}
        return {f"{script.key}/{transcript.slug}/index.html":
                renderer.transcript_page(transcript, script, edition.publishers[transcript.slug])}


def render_transcript_extras(renderer: Renderer, edition: Edition, transcript: Transcript,
                             templates: Path) -> dict[str, str | bytes]:
    """The rest of what depends on one transcript but its notes' images (`media_files`): each answer's
    share page, the JSON export."""
    publisher = edition.publishers[transcript.slug]
    files: dict[str, str | bytes] = {}
    with template_errors(templates):
        for script in published_scripts(transcript, edition.scripts):
            for pair in transcript.pairs:
                files[f"{script.key}/{transcript.slug}/{pair.id}/index.html"] = renderer.share_page(
                    transcript, pair, script, publisher)
            for retired in retired_pairs(transcript):
                files[f"{script.key}/{transcript.slug}/{retired.id}/index.html"] = renderer.retired_share_page(
                    transcript, retired, script, publisher)
    data = export(transcript, publisher, edition.scripts)
    # compact: a site of a thousand transcripts holds a thousand of these, and whoever reads one parses it
    files[f"data/{transcript.slug}.json"] = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return files


@contextmanager
def template_errors(templates: Path) -> Iterator[None]:
    """A template's error while rendering becomes the build's `path:line: message` problem: Jinja2's own
    errors, and Python errors raised by a template's code (`{{ 1/0 }}`, a template including itself)."""
    try:
        yield
    except jinja2.TemplateError as err:
        raise ContentError([template_problem(err, templates)]) from None
    except ContentError:
        raise
    except Exception as err:
        problem = template_runtime_problem(err)
        if problem is None:  # raised by the code a template calls, not by the template: a bug
            raise
        raise ContentError([problem]) from None


def template_problem(err: jinja2.TemplateError, templates: Path) -> Problem:
    """Point at the template line: syntax errors know it, runtime errors are found in the traceback."""
    if isinstance(err, jinja2.TemplateSyntaxError):
        return Problem(Path(err.filename or templates), err.lineno, f"template error: {err.message}")
    frames = template_frames(err)
    if frames:
        return Problem(Path(frames[-1].filename), frames[-1].lineno or 1, f"template error: {err}")
    return Problem(templates, 1, f"template error: {err}")


def template_runtime_problem(err: Exception) -> Problem | None:
    """The problem of a Python error raised while a template runs: by the template's own code (the last
    frame is the template's), or endless inclusion; None for an error of anything else."""
    frames = traceback.extract_tb(err.__traceback__)
    in_templates = template_frames(err)
    if isinstance(err, RecursionError) and in_templates:
        return Problem(Path(in_templates[-1].filename), in_templates[-1].lineno or 1,
                       "template error: endless recursion (does a template include or extend itself?)")
    if frames and in_templates and frames[-1] == in_templates[-1]:
        return Problem(Path(frames[-1].filename), frames[-1].lineno or 1,
                       f"template error: {type(err).__name__}: {err}")
    return None


def template_frames(err: BaseException) -> list[traceback.FrameSummary]:
    return [f for f in traceback.extract_tb(err.__traceback__) if f.filename.endswith((".html", ".xml", ".txt"))]


def write_atomically(out: Path, files: dict[str, str | bytes], assets: Path) -> None:
    """Write the whole site into a fresh folder and put it in place of `out` in one step (`staging.new_site`)."""
    with new_site(out) as staging:
        for relative, text in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(text, encoding="utf-8")
        if assets.is_dir():
            shutil.copytree(assets, staging / ASSETS, dirs_exist_ok=True)
