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

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from cpu_time import corpus_builds, first_left_out_arguments, print_medians, time_calls  # noqa: E402
from jizhu.build import workers  # noqa: E402
from jizhu.notes import anchor, annotate, markdown, marks  # noqa: E402

PARTS = {"notes placed (annotate)": (workers, "annotate"), "  note files read": (annotate, "read_notes"),
         "  Markdown parsed, laid out": (markdown, "parse"), "  quotes placed": (anchor.Locator, "place"),
         "    pages published, folded": (anchor.Locator, "page"), "bodies filled": (marks, "body_html"),
         "  words converted": (markdown, "convert_text"), "marks on pages": (marks.PageMarks, "__init__"),
         "  glossary linked": (marks.PageMarks, "link_terms"), "marked paragraphs": (marks.PageMarks, "paragraph")}
"""Name shown -> the function timed, every call of it summed per transcript."""


def main() -> None:
    args = first_left_out_arguments(__doc__.splitlines()[0])
    current: dict[str, float] = {}
    transcripts: list[dict[str, float]] = []
    for name, (owner, attribute) in PARTS.items():
        time_calls(owner, attribute, lambda seconds, name=name: current.__setitem__(name, current.get(name, 0.0) + seconds))
    time_calls(workers, "make_transcript", lambda seconds: (transcripts.append(dict(current)), current.clear()))

    def measured() -> dict[str, float]:
        found = {name: statistics.mean(t.get(name, 0.0) for t in transcripts[1:]) * 1000 for name in PARTS}
        transcripts.clear()
        return found
    runs = corpus_builds(args.count, args.runs, measured, args.own_overrides)
    print(f"{args.count} transcripts, {args.runs} builds (--jobs 1 --no-cache); CPU per transcript after the first, "
          "median:")
    print_medians(list(PARTS), runs, 30)


if __name__ == "__main__":
    main()
