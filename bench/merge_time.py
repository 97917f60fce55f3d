#!/usr/bin/env python3
"""CPU time of the parent's search merge alone: `python bench/merge_time.py [--count 100] [--copies 1,10] [--runs 3]`.

Builds a corpus of `--count` all-different seed-sized transcripts (bench/corpus.py
`--distinct`) in this process (`--jobs 1 --no-cache`), keeping each transcript's
part of the search index as its worker hands it to the parent. Then, for each
number of `--copies`, merges every part that many times (each copy under its own
slug, as a site of count × copies transcripts), as a `--no-cache` build's parent
does once the pool is done: `Merger.add` for each part, then every file of
`Merger.files`. Medians of `--runs` merges, `time.process_time` (user and system:
making and reading the spill files is mostly the kernel's) and wall time; then, for each, one more
merge under `tracemalloc`: the most memory it allocated at once beyond what the parts took before
it began (the spill files' lines, the shards being made), which should not grow with the site.
"""
from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from corpus import make_corpus  # noqa: E402
from cpu_time import build  # noqa: E402
from jizhu.build import workers  # noqa: E402
from jizhu.config import Config  # noqa: E402
from jizhu.pages.search import TranscriptIndex  # noqa: E402
from jizhu.pages.search_merge import Merger  # noqa: E402
from jizhu.scripts.convert import site_scripts  # noqa: E402


def parts_of(count: int) -> list[TranscriptIndex]:
    """Each transcript's part of the index, as a worker hands it over (its text chunks written)."""
    parts: list[TranscriptIndex] = []
    made = workers.index_transcript

    def kept(*args):
        part = made(*args)
        parts.append(dataclasses.replace(part, files={}))
        return part
    workers.index_transcript = kept
    try:
        with tempfile.TemporaryDirectory() as tmp:
            make_corpus(Path(tmp) / "content", count, distinct=True)
            build(Path(tmp) / "content", f"{tmp}/site")
    finally:
        workers.index_transcript = made
    return parts


def merge(parts: list[TranscriptIndex], copies: int) -> int:
    """Merge every part `copies` times; the characters of the files made."""
    config = Config()
    scripts = site_scripts(config.variants, config.taiwan_phrases)
    made = 0
    with Merger([f"{part.slug}-{n}" for n in range(copies) for part in parts]) as merger:
        for n in range(copies):
            for part in parts:
                merger.add(dataclasses.replace(part, slug=f"{part.slug}-{n}"))
        for _, text in merger.files(scripts):
            made += len(text)
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100, help="transcripts built (default 100)")
    ap.add_argument("--copies", default="1,10", help="how many times each part is merged, comma-separated (default 1,10)")
    ap.add_argument("--runs", type=int, default=3, help="merges, of which the medians are shown (default 3)")
    args = ap.parse_args()
    parts = parts_of(args.count)
    for copies in (int(c) for c in args.copies.split(",")):
        merge(parts, copies)  # the fold table and regional pairs read once, as a build has them
        cpu, wall = [], []
        for _ in range(args.runs):
            started, clock = time.process_time(), time.perf_counter()
            made = merge(parts, copies)
            cpu.append(time.process_time() - started)
            wall.append(time.perf_counter() - clock)
        tracemalloc.start()
        merge(parts, copies)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{len(parts) * copies} parts: CPU {statistics.median(cpu):.3f} s (runs "
              f"{', '.join(f'{c:.3f}' for c in cpu)}), wall {statistics.median(wall):.3f} s, {made:,} characters "
              f"made; merge's peak allocation {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
