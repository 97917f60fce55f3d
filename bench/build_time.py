#!/usr/bin/env python3
"""Wall time of whole `python build.py` runs, and the size of each page: `python bench/build_time.py [--runs 7]`.

Each run is a fresh process (interpreter start, imports, OpenCC set-up, parse,
render, write and swap), as an editor experiences it; the median is reported
because this machine is shared and noisy.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--content", type=Path, default=ROOT / "content")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(args.content), "--out", str(out)]
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - started)
        print(f"python build.py, {args.runs} runs: median {statistics.median(times):.3f}s, "
              f"min {min(times):.3f}s, max {max(times):.3f}s")
        for page in sorted(out.rglob("*")):
            if page.is_file() and page.suffix in (".html", ".json", ".css", ".js"):
                print(f"  {page.relative_to(out)}: {page.stat().st_size / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
