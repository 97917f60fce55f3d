#!/usr/bin/env python3
"""CPU time per transcript, by stage of its work: `python bench/stage_time.py [--count 8] [--runs 3]`.

Builds a corpus of `--count` all-different seed-sized transcripts (bench/corpus.py
`--distinct`; with `--own-overrides`, each with a conversions.toml of its own) in this process
(`--jobs 1 --no-cache`), and measures with
`time.process_time` around each stage of `workers.make_transcript`, without a
profiler: reading (parse and ledger, then the publisher with the repair's
evidence, then placing notes, which converts every paragraph), the transcript
pages (with their notes), the other files (share pages, JSON) and the search
index. A worker's first transcript also makes the converters and reads the
tables, so it is left out: the figures are what each further transcript costs.
Medians of `--runs` builds, in milliseconds per transcript.
"""
from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from cpu_time import corpus_builds, first_left_out_arguments, print_medians, time_calls  # noqa: E402
from jizhu.build import workers  # noqa: E402

STAGES = {"whole transcript": "make_transcript", "reading": "read_transcript", "  parse and ledger": "load",
          "  publisher": "publisher_for", "  notes placed": "annotate", "transcript pages": "render_transcript_pages",
          "share pages, JSON": "render_transcript_extras", "search index": "index_transcript"}
"""Name shown -> the function of `workers` timed (indented: part of reading)."""


def main() -> None:
    args = first_left_out_arguments(__doc__.splitlines()[0])
    spent: dict[str, list[float]] = {}
    for name, function in STAGES.items():
        time_calls(workers, function, lambda seconds, name=name: spent.setdefault(name, []).append(seconds))

    def measured() -> dict[str, float]:
        found = {name: statistics.mean(times[1:]) * 1000 for name, times in spent.items()}
        spent.clear()
        return found
    runs = corpus_builds(args.count, args.runs, measured, args.own_overrides)
    own = ", each with its own conversions.toml" if args.own_overrides else ""
    print(f"{args.count} transcripts{own}, {args.runs} builds (--jobs 1 --no-cache); CPU per transcript after the "
          "first, median:")
    print_medians(list(STAGES), runs, 20)


if __name__ == "__main__":
    main()
