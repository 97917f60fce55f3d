#!/usr/bin/env python3
"""CPU time per transcript, by stage of its work: `python bench/stage_time.py [--count 8] [--runs 3]`.

Builds a corpus of `--count` all-different seed-sized transcripts (bench/corpus.py
`--distinct`) in this process (`--jobs 1 --no-cache`), and measures with
`time.process_time` around each stage of `workers.make_transcript`, without a
profiler: reading (parse and ledger, then the publisher with the repair's
evidence, then placing notes, which converts every paragraph), the transcript
pages (with their notes), the other files (share pages, JSON) and the search
index. A worker's first transcript also makes the converters and reads the
tables, so it is left out: the figures are what each further transcript costs.
Medians of `--runs` builds, in milliseconds per transcript.
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

STAGES = {"whole transcript": "make_transcript", "reading": "read_transcript", "  parse and ledger": "load",
          "  publisher": "publisher_for", "  notes placed": "annotate", "transcript pages": "render_transcript_pages",
          "share pages, JSON": "render_transcript_extras", "search index": "index_transcript"}
"""Name shown -> the function of `workers` timed (indented: part of reading)."""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=8, help="transcripts (default 8; the first is not counted)")
    ap.add_argument("--runs", type=int, default=3, help="builds, of which the medians are shown (default 3)")
    args = ap.parse_args()
    if args.count < 2:
        raise SystemExit("--count must be at least 2: the first transcript is not counted")
    spent: dict[str, list[float]] = {}
    for name, function in STAGES.items():
        time_calls(workers, function, lambda seconds, name=name: spent.setdefault(name, []).append(seconds))
    runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        make_corpus(content, args.count, distinct=True)
        for number in range(args.runs):
            spent.clear()
            workers._tools = None  # each build makes its converters again, as a new worker would
            build(content, f"{tmp}/site{number}")
            runs.append({name: statistics.mean(times[1:]) * 1000 for name, times in spent.items()})
    print(f"{args.count} transcripts, {args.runs} builds (--jobs 1 --no-cache); CPU per transcript after the first, "
          "median:")
    print_medians(list(STAGES), runs, 20)


if __name__ == "__main__":
    main()
