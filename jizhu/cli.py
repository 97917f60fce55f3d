"""The command line: `build` (default), `serve`, `check`, `parse FILE`.

A failing command prints `path:line: message` lines and exits 1; a usage error exits 2, as
argparse does; an internal error (a bug in jizhu) prints one line and exits 3 (`--debug` shows
the traceback).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from .config import CONFIG_FILE, load_config, site_url
from .errors import ContentError
from .build.project import Project

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = ".jizhu-cache"
"""Beside site/, in the folder the command runs in (git-ignored)."""


def default_templates() -> Path:
    """The project's own templates/ if there is one, else the default theme beside the package."""
    local = Path("templates")
    return local if local.is_dir() else PACKAGE_ROOT / "templates"


def url_argument(text: str) -> str:
    try:
        return site_url(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"a whole number of at least 1, not {text!r}")
    return int(text)


def port_argument(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535 (0 picks a free one), not {text!r}")
    return port


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="jizhu", description="Build annotated transcripts into a static site "
                                 "in Traditional and Simplified script.")
    ap.add_argument("--debug", action="store_true", help="show a traceback on errors")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    def with_sources(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
        p.add_argument("--config", type=Path, default=None, help=f"site configuration (default: {CONFIG_FILE} "
                       "when it exists; a file named here must exist)")
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show a traceback on errors")
        return p

    def with_paths(p: argparse.ArgumentParser, out: bool = True) -> argparse.ArgumentParser:
        with_sources(p)
        p.add_argument("--templates", type=Path, default=None, help="templates folder (default: templates/ when "
                       "that folder exists, else the default theme shipped with jizhu)")
        p.add_argument("--site-url", default=None, type=url_argument, help="absolute URL the site is published at, such as "
                       "https://user.github.io/repo/ (overrides [site] url; used for canonical links, "
                       "share previews and the sitemap)")
        if out:
            p.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
        return p

    build = with_paths(sub.add_parser("build", help="build content/ into site/ (the default command)",
                              description="Build every transcript in content/ into site/, in both scripts. "
                              "The site is written to a temporary folder and swapped in only on success."))
    build.add_argument("--no-cache", action="store_true", help=f"make everything again into a new folder, "
                       f"neither reading nor writing {CACHE_DIR}/")
    build.add_argument("--jobs", type=positive, default=None, metavar="N", help="worker processes (default: one per core)")
    build.add_argument("--renumber", action="append", default=[], metavar="SLUG",
                       help="assign SLUG's ids again from scratch, by position, forgetting its ledger and "
                       "its retired ids: only for a transcript that was never published (repeatable)")
    serve = with_paths(sub.add_parser("serve", help="preview the site with live reload on 127.0.0.1",
                                      description="Build, serve site/ on 127.0.0.1 and, after every save in "
                                      "content/, templates/ or the configuration, rebuild what changed and "
                                      "reload the browser. A failed build shows its problems in the browser."))
    serve.add_argument("--port", type=port_argument, default=8000, help="port, 1 to 65535; 0 picks a free one "
                       "and prints it (default: 8000)")
    serve.add_argument("--host", default=None, help="address to bind (default: 127.0.0.1, answering only "
                       "requests for 127.0.0.1, localhost or [::1]; another address exposes your drafts to "
                       "the network and answers any host name)")
    serve.add_argument("--base-path", default="/", metavar="/REPO/",
                       help="serve the site under this path, as GitHub Pages serves a project site "
                       "(default: /)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    check_parser = sub.add_parser("check", help="validate content without writing site/",
                                  description="Parse and render everything, report problems and what to check "
                                  "in the conversion (the riskiest first), write nothing.")
    check_parser.add_argument("--all", action="store_true", help="the conversion report in full detail")
    check_parser.add_argument("--jobs", type=positive, default=None, metavar="N",
                              help="worker processes (default: one per core)")
    check_parser.add_argument("transcripts", nargs="*", metavar="SLUG", help="only these transcripts, each by its "
                              "slug or its folder or file in the content folder, and the links between them and "
                              "the others (default: every transcript)")
    with_paths(check_parser, out=False)
    parse = with_sources(sub.add_parser("parse", help="print one transcript's JSON export",
                                        description="Print one transcript file's JSON export: what the build "
                                        "writes to site/data/<slug>.json, with the notes beside the file and the "
                                        "glossary and dictionaries of the content folder."))
    parse.add_argument("file", type=Path, help="a transcript file")
    return ap


COMMANDS = ("build", "serve", "check", "parse")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not set(argv) & {*COMMANDS, "-h", "--help"}:
        argv = ["build", *argv]  # `python build.py --site-url …` means build
    args = parser().parse_args(argv)
    command = args.command or "build"
    try:
        return run(command, args)
    except ContentError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        if args.debug:
            raise
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `jizhu parse FILE | head`: the reader left, nothing is wrong
        return 0
    except Exception as err:  # a bug, not bad content: say so in one line
        if args.debug:
            raise
        print(f"jizhu: internal error: {type(err).__name__}: {err} (run with --debug for a traceback)",
              file=sys.stderr)
        return 3


def project_from(args: argparse.Namespace) -> Project:
    content = getattr(args, "content", Path("content"))
    templates = getattr(args, "templates", None) or default_templates()
    given = getattr(args, "config", None)
    if given is not None and not given.exists():  # the default file is optional; a file asked for is not
        raise ContentError.at(given, 1, "configuration file not found")
    config = load_config(given or Path(CONFIG_FILE))
    if getattr(args, "site_url", None):
        config = replace(config, site_url=args.site_url)
    cache = None if getattr(args, "no_cache", args.command not in ("serve", "check", "parse")) else Path(CACHE_DIR)
    # the preview builds through the cache as `build` does; `check` and `parse` only read the tables a build kept
    return Project(content=content, templates=templates, out=getattr(args, "out", Path("site")), config=config,
                   cache=cache, renumber=frozenset(getattr(args, "renumber", [])))


def parse_export(path: Path, project: Project) -> dict:
    """One file's export as the site publishes it in data/<slug>.json: converted as the site would convert
    it (site and file dictionaries apply), with the notes beside it and the site's glossary."""
    from .build.content import TRANSCRIPT_FILE, read
    from .build.site import publisher_for
    from .notes.annotate import annotate
    from .pages.export import export
    from .scripts.convert import Converter, site_scripts
    from .scripts.kept import keep_in
    keep_in(project.cache and project.cache / "tables", write=False)  # what a build kept: read, none written
    scripts = site_scripts(project.config.variants, project.config.taiwan_phrases)
    converter = Converter(scripts)
    transcript = read(path, converter, slug=path.parent.name if path.name == TRANSCRIPT_FILE else path.stem)
    publisher = publisher_for(transcript, project, converter)
    annotate([transcript], project.content, scripts, {transcript.slug: publisher})
    return export(transcript, publisher, scripts)


def run(command: str, args: argparse.Namespace) -> int:
    project = project_from(args)
    if command == "parse":
        print(json.dumps(parse_export(args.file, project), ensure_ascii=False, indent=1))
        return 0
    if command == "check":
        from .build.check import check
        from .build.ids import id_report
        from .reading.summary import parse_summary
        from .scripts.report import format_report, transcript_report  # only `check` prints the report

        def describe(transcript, publisher) -> str:  # noqa: ANN001 (a Transcript and its Publisher)
            report = transcript_report(transcript, publisher)
            if transcript.lang == "en" and not report.changes:  # published once: nothing to check in a script
                conversion = f"{transcript.path}: in English: published as written, in one script"
            else:
                conversion = format_report(report, full=getattr(args, "all", False))
            return "\n".join([*parse_summary(transcript, str(transcript.path)), *id_report(transcript), conversion])

        said, listings = check(project, describe, args.jobs, args.transcripts)
        for text in said:
            print(text)
        print(f"ok: {len(listings)} transcript(s), {sum(len(listed.pairs) for listed in listings)} questions")
        return 0
    if command == "serve":
        from .preview.serve import serve
        return serve(project, args.config or Path(CONFIG_FILE), host=args.host, port=args.port,
                     base_path=args.base_path, open_browser=args.open)
    started = time.perf_counter()
    from .build.pipeline import build_site  # imports what makes pages only when a page is to be made
    ledgers: list[str] = []
    transcripts = build_site(project, getattr(args, "jobs", None), ledgers)
    print(f"built {len(transcripts)} transcript(s) into {project.out}/ "
          f"in {time.perf_counter() - started:.2f}s")
    for line in ledgers:
        print(line)
    return 0
