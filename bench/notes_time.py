#!/usr/bin/env python3
"""CPU time of a transcript's notes, by part: `python bench/notes_time.py [--count 8] [--runs 3]`.

Builds a corpus of `--count` all-different seed-sized transcripts (bench/corpus.py
`--distinct`; their notes are the seed's 35) in this process (`--jobs 1
--no-cache`), and sums, for each transcript, the CPU time (`time.process_time`,
no profiler) of each part of its notes' work: reading the note files, parsing
and laying out their Markdown, placing their quotes (of it, publishing and
folding every paragraph of each script's page, which the pages would otherwise
do), the bodies filled in each script (their words converted), and the marks
on the transcript's pages and share pages. A worker's first transcript is left
out, as in bench/stage_time.py. Medians of `--runs` builds, in milliseconds per
transcript; indented rows are part of the row above.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from corpus import make_corpus  # noqa: E402
from cpu_time import build, print_medians, time_calls  # noqa: E402
from jizhu.build import workers  # noqa: E402
from jizhu.notes import anchor, annotate, markdown, marks  # noqa: E402

PARTS = {"notes placed (annotate)": (workers, "annotate"), "  note files read": (annotate, "read_notes"),
         "  Markdown parsed, laid out": (markdown, "parse"), "  quotes placed": (anchor.Locator, "place"),
         "    pages published, folded": (anchor.Locator, "page"), "bodies filled": (marks, "body_html"),
         "  words converted": (markdown, "convert_text"), "marks on pages": (marks.PageMarks, "__init__"),
         "  glossary linked": (marks.PageMarks, "link_terms"), "marked paragraphs": (marks.PageMarks, "paragraph")}
"""Name shown -> the function timed, every call of it summed per transcript."""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=8, help="transcripts (default 8; the first is not counted)")
    ap.add_argument("--runs", type=int, default=3, help="builds, of which the medians are shown (default 3)")
    args = ap.parse_args()
    if args.count < 2:
        raise SystemExit("--count must be at least 2: the first transcript is not counted")
    current: dict[str, float] = {}
    transcripts: list[dict[str, float]] = []
    for name, (owner, attribute) in PARTS.items():
        time_calls(owner, attribute, lambda seconds, name=name: current.__setitem__(name, current.get(name, 0.0) + seconds))
    time_calls(workers, "make_transcript", lambda seconds: (transcripts.append(dict(current)), current.clear()))
    runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        make_corpus(content, args.count, distinct=True)
        for number in range(args.runs):
            transcripts.clear()
            workers._tools = None  # each build makes its converters again, as a new worker would
            build(content, f"{tmp}/site{number}")
            runs.append({name: statistics.mean(t.get(name, 0.0) for t in transcripts[1:]) * 1000 for name in PARTS})
    print(f"{args.count} transcripts, {args.runs} builds (--jobs 1 --no-cache); CPU per transcript after the first, "
          "median:")
    print_medians(list(PARTS), runs, 30)


if __name__ == "__main__":
    main()
