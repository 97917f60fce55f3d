"""The build as a recipe: read and check everything, render everything in memory, then swap it in.

Nothing touches `site/` until every transcript parsed and every page rendered;
the new site is written to a temporary folder beside it and renamed into place,
so a failed build leaves the previous site exactly as it was.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .config import Config
from .content import load_all
from .convert import Converter, Script, site_scripts
from .dictionary import Dictionary, load_dictionary, name_rules
from .errors import ContentError, Problem
from .export import export
from .model import Transcript
from .publish import Options, Publisher
from .render import Renderer, environment

ASSETS = "assets"
DICTIONARY_FILE = "conversions.toml"


@dataclass(slots=True)
class Edition:
    """Everything read and checked, ready to render: transcripts, the scripts published, how text is made."""

    transcripts: list[Transcript]
    scripts: tuple[Script, ...]
    publishers: dict[str, Publisher]
    """Per transcript slug."""
    interface: Publisher
    """Converts interface strings (written in Traditional)."""


@dataclass(slots=True)
class Project:
    """Where things are (content in, templates, site out) and the site's configuration."""

    content: Path
    templates: Path
    out: Path
    config: Config = field(default_factory=Config)


def build(project: Project) -> list[Transcript]:
    edition = prepare(project)
    files = render_site(edition, project.templates)
    write_atomically(project.out, files, project.templates / ASSETS)
    return edition.transcripts


def check(project: Project) -> Edition:
    """Everything `build` does except writing: content and templates both checked."""
    edition = prepare(project)
    render_site(edition, project.templates)
    return edition


def prepare(project: Project) -> Edition:
    """Read and check every transcript and dictionary; set up conversion once for the whole build."""
    scripts = site_scripts(project.config.variants, project.config.taiwan_phrases)
    converter = Converter(scripts)
    transcripts = load_all(project.content, converter)
    return Edition(transcripts, scripts, publishers(transcripts, project, converter),
                   Publisher(converter, Dictionary(), "zh-Hant", Options(full_width=False)))


def publishers(transcripts: list[Transcript], project: Project, converter: Converter) -> dict[str, Publisher]:
    """Each transcript's publisher; every dictionary problem of every transcript is reported at once."""
    problems: list[Problem] = []
    found: dict[str, Publisher] = {}
    for transcript in transcripts:
        try:
            found[transcript.slug] = publisher_for(transcript, project, converter)
        except ContentError as err:
            problems.extend(p for p in err.problems if p not in problems)
    if problems:
        raise ContentError(problems)
    return found


def publisher_for(transcript: Transcript, project: Project, converter: Converter) -> Publisher:
    """Names, then the site-wide dictionary, then the transcript's own (the most specific wins)."""
    config = project.config
    options = Options(full_width=config.full_width_punctuation, corner_quotes=config.corner_quotes,
                      latin_spacing=config.latin_spacing)
    site_rules = load_dictionary(project.content / DICTIONARY_FILE, converter.to_simplified)
    own = load_dictionary(transcript.path.parent / DICTIONARY_FILE, converter.to_simplified)
    names = name_rules(transcript.meta.names + [s for s in transcript.speakers if s not in transcript.meta.names],
                       transcript.script, converter.to_simplified, converter.to_traditional)
    return Publisher(converter, names.merged(site_rules).merged(own), transcript.script, options)


def render_site(edition: Edition, templates: Path) -> dict[str, str]:
    """Every generated file as {relative path: text}."""
    renderer = Renderer(environment([templates]), edition.scripts, edition.interface)
    files: dict[str, str] = {}
    try:
        files["index.html"] = renderer.root_index()
        for script in edition.scripts:
            files[f"{script.key}/index.html"] = renderer.script_index(edition.transcripts, script, edition.publishers)
            for transcript in edition.transcripts:
                files[f"{script.key}/{transcript.slug}/index.html"] = renderer.transcript_page(
                    transcript, script, edition.publishers[transcript.slug])
    except jinja2.TemplateError as err:
        raise ContentError([template_problem(err, templates)]) from None
    for transcript in edition.transcripts:
        data = export(transcript, edition.publishers[transcript.slug], edition.scripts)
        files[f"data/{transcript.slug}.json"] = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    files[".nojekyll"] = ""
    return files


def template_problem(err: jinja2.TemplateError, templates: Path) -> Problem:
    """Point at the template line: syntax errors know it, runtime errors are found in the traceback."""
    if isinstance(err, jinja2.TemplateSyntaxError):
        return Problem(Path(err.filename or templates), err.lineno, f"template error: {err.message}")
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename.endswith((".html", ".xml", ".txt"))]
    if frames:
        return Problem(Path(frames[-1].filename), frames[-1].lineno or 1, f"template error: {err}")
    return Problem(templates, 1, f"template error: {err}")


def write_atomically(out: Path, files: dict[str, str], assets: Path) -> None:
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for relative, text in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if assets.is_dir():
            shutil.copytree(assets, staging / ASSETS, dirs_exist_ok=True)
        os.chmod(staging, 0o755)  # mkdtemp makes it 0700; a served site must be readable
        swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap(staging: Path, out: Path) -> None:
    """Replace `out` with `staging`: two renames, so readers never see a half-written site."""
    if not out.exists():
        staging.rename(out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    out.rename(retired / out.name)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)
