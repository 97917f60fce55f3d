#!/usr/bin/env python3
"""CPU time of rendering pages, per transcript: `python bench/render_time.py [--count 8] [--runs 3]`.

Builds a corpus of `--count` all-different seed-sized transcripts (bench/corpus.py
`--distinct`) in this process (`--jobs 1 --no-cache`), and measures with
`time.process_time` around each call, without a profiler (whose own cost would
swamp Jinja's many small calls): the whole build, the transcript pages
(`Renderer.transcript_page`, with its notes and marks), the share pages
(`Renderer.share_page`) and, within all pages, Jinja's `Template.render`.
Medians of `--runs` builds, in milliseconds per transcript (both scripts).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import jinja2  # noqa: E402

from corpus import make_corpus  # noqa: E402
from cpu_time import build, print_medians, time_calls  # noqa: E402
from jizhu.pages.render import Renderer  # noqa: E402

TIMED = {"transcript pages": (Renderer, "transcript_page"), "share pages": (Renderer, "share_page"),
         "of which Jinja, all pages": (jinja2.Template, "render")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=8, help="transcripts (default 8)")
    ap.add_argument("--runs", type=int, default=3, help="builds, of which the medians are shown (default 3)")
    args = ap.parse_args()
    spent: dict[str, float] = {}
    for name, (owner, method) in TIMED.items():
        time_calls(owner, method, lambda seconds, name=name: spent.__setitem__(name, spent.get(name, 0.0) + seconds))
    runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        make_corpus(content, args.count, distinct=True)
        for number in range(args.runs):
            spent.clear()
            started = time.process_time()
            build(content, f"{tmp}/site{number}")
            runs.append({name: seconds * 1000 / args.count
                         for name, seconds in {"build": time.process_time() - started, **spent}.items()})
    print(f"{args.count} transcripts, {args.runs} builds (--jobs 1 --no-cache); CPU per transcript, median:")
    print_medians(["build", *TIMED], runs, 28)


if __name__ == "__main__":
    main()
