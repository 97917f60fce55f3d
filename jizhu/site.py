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
from .convert import SCRIPTS, Converter
from .errors import ContentError, Problem
from .export import export
from .model import Transcript
from .render import Renderer, environment

ASSETS = "assets"


@dataclass(slots=True)
class Project:
    """Where things are (content in, templates, site out) and the site's configuration."""

    content: Path
    templates: Path
    out: Path
    config: Config = field(default_factory=Config)


def build(project: Project) -> list[Transcript]:
    converter = Converter()
    transcripts = load_all(project.content, converter)
    files = render_site(transcripts, project.templates, converter)
    write_atomically(project.out, files, project.templates / ASSETS)
    return transcripts


def check(project: Project) -> list[Transcript]:
    """Everything `build` does except writing: content and templates both checked."""
    converter = Converter()
    transcripts = load_all(project.content, converter)
    render_site(transcripts, project.templates, converter)
    return transcripts


def render_site(transcripts: list[Transcript], templates: Path, converter: Converter) -> dict[str, str]:
    """Every generated file as {relative path: text}."""
    renderer = Renderer(environment([templates]), converter)
    files: dict[str, str] = {}
    try:
        files["index.html"] = renderer.root_index(transcripts)
        for script in SCRIPTS:
            files[f"{script.key}/index.html"] = renderer.script_index(transcripts, script)
            for transcript in transcripts:
                files[f"{script.key}/{transcript.slug}/index.html"] = renderer.transcript_page(transcript, script)
    except jinja2.TemplateError as err:
        raise ContentError([template_problem(err, templates)]) from None
    for transcript in transcripts:
        files[f"data/{transcript.slug}.json"] = json.dumps(export(transcript, converter), ensure_ascii=False, indent=1) + "\n"
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
