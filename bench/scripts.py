#!/usr/bin/env python3
"""Script conversion on real transcripts: `python bench/scripts.py`.

Prints, per kind of text (Taiwan, Hong Kong, Simplified), per 10,000 Han characters:
- changes jizhu makes to a correct Traditional source, beside OpenCC's round trip (t2s, s2tw);
- wrong characters after repairing the same text damaged by a context-blind converter
  (OpenCC's character defaults, or the seed's own converter), beside OpenCC's round trip;
- Simplified → Traditional on the text made Simplified by OpenCC, jizhu beside s2tw.
The texts are read from ../shared (tests/script_corpus.py says which). The results are
deterministic, so one run is enough; the time is the median of three.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from script_corpus import KINDS, available, chinese_of, han_count, rates, simplified_rates  # noqa: E402


def main() -> int:
    reason = available()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    for kind in KINDS:
        texts = [chinese_of(p) for p in KINDS[kind]]
        print(f"{kind}: {len(texts)} texts, {sum(han_count(t) for t in texts):,} Han characters "
              f"({', '.join(p.name[:24] for p in KINDS[kind])})")
        measured = simplified_rates(kind) if kind == "Simplified" else rates(kind) | simplified_rates(kind)
        for key, value in measured.items():
            print(f"  {key:<48} {value:7.1f} per 10,000")
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        rates("Taiwan")
        timings.append(time.perf_counter() - started)
    print(f"time to measure Taiwan (publisher set-up and conversion, 3 sources each): "
          f"median {statistics.median(timings):.2f} s of 3")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
