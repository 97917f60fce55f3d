#!/usr/bin/env python3
"""Wall time of whole `python build.py` runs, and the size of each page: `python bench/build_time.py [--runs 7]`.

Each run is a fresh process (interpreter start, imports, OpenCC set-up, parse,
render, write and swap), as an editor experiences it, from compiled bytecode
as an installed jizhu runs (PYTHONDONTWRITEBYTECODE is dropped). Four kinds,
alternating: the first build of a fresh copy (no `.jizhu-cache/` and no site:
everything made, and the derived tables kept for the next build), `--no-cache`
(everything made into a new folder, nothing kept or read), cached with nothing
changed, and cached after a one-character edit of the transcript (in a copy of
the content). The median is reported because this machine is
shared and noisy; so is the CPU time of each run (user + system, its child
processes included), which a busy machine inflates far less than the wall time.
"""
from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
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
    compileall.compile_dir(ROOT / "jizhu", quiet=1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(args.content, content)
        transcript = sorted(content.glob("*/transcript.txt"))[0]
        original = transcript.read_text(encoding="utf-8")
        out = Path(tmp) / "site"
        command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(out),
                   "--templates", str(ROOT / "templates")]
        subprocess.run(command, check=True, capture_output=True, cwd=tmp, env=env)  # fills the cache
        kinds = (("first build, no .jizhu-cache/", []), ("--no-cache", ["--no-cache"]), ("cached, unchanged", []),
                 ("cached, one edit", []))
        times: dict[str, list[float]] = {kind: [] for kind, _ in kinds}
        cpu: dict[str, list[float]] = {kind: [] for kind in times}
        for run in range(args.runs):
            for kind, extra in kinds:
                if kind == "first build, no .jizhu-cache/":  # as a fresh clone has it: the next kinds find
                    shutil.rmtree(Path(tmp) / ".jizhu-cache")  # the cache this build fills
                    shutil.rmtree(out)
                if kind == "cached, one edit":  # one or two characters more than the last run's text
                    transcript.write_text(original.replace("。", "。" + "好" * (run % 2 + 1), 1), encoding="utf-8")
                started, used = time.perf_counter(), children_cpu()
                subprocess.run(command + extra, check=True, capture_output=True, cwd=tmp, env=env)
                times[kind].append(time.perf_counter() - started)
                cpu[kind].append(children_cpu() - used)
                if kind == "--no-cache":  # the next cached build must find its own site
                    subprocess.run(command, check=True, capture_output=True, cwd=tmp, env=env)
        for kind, found in times.items():
            print(f"python build.py ({kind}), {args.runs} runs: median {statistics.median(found):.3f}s, "
                  f"min {min(found):.3f}s, max {max(found):.3f}s; CPU median {statistics.median(cpu[kind]):.3f}s, "
                  f"min {min(cpu[kind]):.3f}s")
        files = [page for page in sorted(out.rglob("*")) if page.is_file()]
        print(f"  {len(files)} files, {sum(p.stat().st_size for p in files) / 1024:.0f} KiB; the largest:")
        for page in sorted(files, key=lambda p: -p.stat().st_size)[:8]:
            print(f"  {page.relative_to(out)}: {page.stat().st_size / 1024:.1f} KiB")


def children_cpu() -> float:
    """User and system seconds of every finished child process so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
