#!/usr/bin/env python3
"""Peak memory of a site built afresh and then updated in place: `python bench/memory.py [--sizes 1,100,1000]`.

For each size this makes a content folder of seed-sized transcripts that are
all different (bench/corpus.py --distinct) and a frozen copy of jizhu and its
templates (so that the cache, whose key hashes jizhu's code, stays valid
whatever happens to the working tree meanwhile), then runs `python build.py`
from that copy, one case after the other, on the same site and cache:

- fresh: no site and no cache (the cache is filled);
- unchanged: nothing changed since;
- edited: one transcript edited (a sentence added);
- template: a comment added to `base.html` and `share.html`: every transcript
  is made again and every page of it is written again (its JSON export is not);
- code: a comment added to one of jizhu's modules: every transcript is made
  again, with the same bytes as before, so no file of the site is written;
- after code: nothing changed since the code case.

Each case is one `python build.py` process; its process tree's memory is
sampled every 20 ms (bench/scale.py's `measure`: PSS and RSS of the process
and every descendant, from /proc/<pid>/smaps_rollup) and the peak of the
summed PSS is the figure (each page shared by forked workers counted once).
With `--runs N` each case runs N times (an edit or a template edit is made
anew before each) and the medians and the highest peak are printed.

At 1,000 transcripts a fresh build takes about ten minutes of CPU. To compare
two versions of jizhu without making the site afresh for each, `--reuse WORK`
takes the work folder an earlier run kept (`--keep`, with another version's
code) and puts this tree's jizhu in its frozen copy (the templates stay as
they were edited): its `code` case then makes every transcript again with
this version, on the site the other made. Choose cases with `--cases`.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus  # noqa: E402  (bench/ beside this file)
from scale import Run, measure, mib, written_since  # noqa: E402

CASES = ("fresh", "unchanged", "edited", "template", "code", "after code")


def frozen_copy(dest: Path) -> Path:
    """jizhu, build.py and the templates as they are now, compiled as `pip install` would."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "jizhu", dest / "jizhu", ignore=ignore)
    shutil.copytree(ROOT / "templates", dest / "templates", ignore=ignore)
    shutil.copy(ROOT / "build.py", dest / "build.py")
    compileall.compile_dir(dest / "jizhu", quiet=1)
    return dest


def change(case: str, number: int, code: Path, content: Path) -> None:
    """What a case changes before its build."""
    if case == "edited":
        first = sorted(content.glob("*/transcript.txt"))[0]
        text = first.read_text(encoding="utf-8")
        first.write_text(text.replace("。", f"。（改{number}）", 1), encoding="utf-8")
    elif case == "template":
        for name in ("base.html", "share.html"):  # every page but the JSON export
            template = code / "templates" / name
            text = template.read_text(encoding="utf-8")
            template.write_text(text.replace("<head>\n", f"<head>\n<!-- {number} -->\n", 1), encoding="utf-8")
    elif case == "code":
        module = code / "jizhu" / "build" / "__init__.py"
        module.write_text(module.read_text(encoding="utf-8") + f"# {number}\n", encoding="utf-8")
        compileall.compile_file(module, quiet=1)


def bench_size(count: int, runs: int, work: Path, jobs: list[str], cases: list[str], reuse: bool) -> dict:
    content, site, code = work / "content", work / "site", work / "code"
    if reuse:  # this version's jizhu in place of the one that built the site
        shutil.rmtree(code / "jizhu")
        shutil.copytree(ROOT / "jizhu", code / "jizhu", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        shutil.copy(ROOT / "build.py", code / "build.py")
        compileall.compile_dir(code / "jizhu", quiet=1)
    else:
        frozen_copy(code)
        make_corpus(content, count, distinct=True)
    command = [sys.executable, str(code / "build.py"), "build", "--content", str(content), "--out", str(site),
               "--templates", str(code / "templates"), *jobs]
    print(f"{count} transcript(s):", flush=True)
    rows = {}
    number = 0  # (each edit adds to the ones before: never the text of an earlier build)
    for case in cases:
        measured: list[Run] = []
        for _ in range(1 if case in ("fresh", "after code") else runs):
            number += 1
            change(case, number, code, content)
            load = os.getloadavg()[0]
            started = time.time()
            measured.append(measure(command, work))
            written = written_since(site, started)
        row = {"case": case, "tree_pss": max(r.tree_pss for r in measured),
               "tree_rss": max(r.tree_rss for r in measured), "max_rss": max(r.max_rss for r in measured),
               "seconds": statistics.median(r.seconds for r in measured),
               "cpu": statistics.median(r.cpu for r in measured),
               "runs": [[round(r.tree_pss / 2**20), round(r.cpu, 2), round(r.seconds, 2)] for r in measured],
               "written": len(written), "load": load}
        rows[case] = row
        print(f"  {case:10} peak PSS {mib(row['tree_pss']):>8} (RSS summed {mib(row['tree_rss'])}, largest process "
              f"{mib(row['max_rss'])})  CPU {row['cpu']:7.2f} s  wall {row['seconds']:7.2f} s  "
              f"files written {row['written']:,}  load {load:.1f}"
              + (f"  runs (MiB, CPU s, s) {row['runs']}" if len(measured) > 1 else ""), flush=True)
        if case == "fresh":
            shutil.rmtree(work / "site-fresh", ignore_errors=True)
            shutil.copytree(site, work / "site-fresh")  # kept to compare with what the updates leave
    return {"transcripts": count, "cases": rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,100,1000", help="transcript counts, comma-separated (default 1,100,1000)")
    ap.add_argument("--runs", type=int, default=1, help="runs of each update case (default 1)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--keep", type=Path, help="work in this (new) folder and keep it")
    ap.add_argument("--reuse", type=Path, help="start from this work folder of an earlier run, kept with --keep "
                    "(one size; the first case then is `code`)")
    ap.add_argument("--cases", default=",".join(CASES), help=f"which cases, in order (default {','.join(CASES)})")
    ap.add_argument("jizhu_args", nargs="*", help="more arguments for `python build.py` (after --)")
    args = ap.parse_args()
    cases = args.cases.split(",")
    unknown = set(cases) - set(CASES)
    if unknown:
        raise SystemExit(f"unknown cases: {', '.join(sorted(unknown))} (known: {', '.join(CASES)})")
    if args.reuse and "fresh" in cases:
        raise SystemExit("--reuse updates a site built before: leave out the fresh case")
    figures = []
    for count in (int(size) for size in args.sizes.split(",")):
        if args.reuse:
            count = len(list((args.reuse / "content").glob("*/transcript.txt")))
            figures.append(bench_size(count, args.runs, args.reuse, args.jizhu_args, cases, True))
            break
        if args.keep:
            work = args.keep / str(count)
            work.mkdir(parents=True)
            figures.append(bench_size(count, args.runs, work, args.jizhu_args, cases, False))
        else:
            with tempfile.TemporaryDirectory(prefix="jizhu-memory-") as tmp:
                figures.append(bench_size(count, args.runs, Path(tmp), args.jizhu_args, cases, False))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
