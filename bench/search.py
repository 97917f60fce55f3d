#!/usr/bin/env python3
"""Search: index size, bytes a query loads, and query time in a real browser: `python bench/search.py [--counts 1,1000]`.

For each count, bench/corpus.py makes a content folder of that many copies of the
seed. The search index is built as `python build.py` builds it (prepare, then
`render_search`), but of the pages only what searching needs is rendered (one
transcript's page and the search page in each script): the full site of 1,000
transcripts holds 2.4 GB of pages that search never reads (`--full` builds it
all instead, through `python build.py`).

Reading 1,000 transcripts takes long on a busy machine, and the corpus is copies
of one transcript that differ only in slug, title and date. With `--clone` (the
default above 50 transcripts) the first is read and the others are that
transcript with their own slug, title and date; before measuring, the index
made this way for 20 copies is checked byte for byte against the one made by
reading all 20, and the run stops if they differ.

Then Debian's Chromium opens the first transcript's page over HTTP (127.0.0.1)
and runs each typical query through search.js itself:
- bytes: every data/search/ file the page loads for the query, in a fresh
  browser context, raw and gzip-compressed (GitHub Pages sends gzip); the meta
  and fold files are loaded once per page, shards and text chunks per query;
- time: from search() to the texts of the first 8 results ready, cold (shards
  and chunks fetched from the local server) and warm (files loaded, postings
  decoded again each run: what each further keystroke costs); medians.

`--build N` measures the indexer inside the real build instead: a content folder
of N transcripts that all differ (bench/corpus.py --distinct) is built by
`python build.py build` (cache on, from a fresh folder), sampling every process
of the build's tree from /proc every 50 ms: the peak resident memory of the
parent (which merges the index), of the largest worker, and of the whole tree.
Then one paragraph of one transcript is edited and the build run again (the
cache redoes that transcript and merges the index again), measured the same
way; then the merge alone is timed in a fresh process from the parts the cache
holds (reading them, spilling, joining, making every file: what an edit costs
the index), once as they are and once with each part repeated under other slugs
up to 1,000 parts (the merge at 1,000 transcripts without building them), with
that process's peak resident memory; then the same 1,000 parts merged keeping
the index (as the cache does) and, after one more paragraph of one transcript
is edited, the kept index patched (what an edit costs the index at 1,000
transcripts). Medians of `--runs` (at most 3) for the edits and the merges.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from corpus import make_corpus  # noqa: E402
from jizhu.build.site import (ASSETS, Project, listings_of, prepare, render_search, render_transcript_page,  # noqa: E402
                              site_renderer, write_atomically)
from webcheck import StaticServer, launch_chromium  # noqa: E402

QUERIES = ["芯片", "晶片", "黄仁勋", "黃仁勳", "H20", "推理模型", "軟體", "供应链", "人工智能", "中国市场", "英伟达 H20"]
LIMIT = 8
"""Results whose texts are loaded, as the header's list shows."""


def build_for_search(content: Path, out: Path, clone: bool = False) -> dict[str, float]:
    """The search index and the pages a search needs; the seconds each step took."""
    project = Project(content=content, templates=ROOT / "templates", out=out)
    started = time.perf_counter()
    edition = prepare_clones(project) if clone else prepare(project)
    prepared = time.perf_counter()
    files = render_search(edition)
    indexed = time.perf_counter()
    renderer = site_renderer(edition, project.templates)
    listings = listings_of(edition)
    for script in edition.scripts:
        files |= render_transcript_page(renderer, edition, edition.transcripts[0], script, project.templates)
        files[f"{script.key}/search/index.html"] = renderer.search_page(listings, script)
    write_atomically(out, files, project.templates / ASSETS)
    return {"prepare": prepared - started, "index": indexed - prepared}


def prepare_clones(project: Project):
    """The edition of a corpus of copies, reading only the first: the others are it with their own
    slug, title and date (what bench/corpus.py changes), sharing its publisher."""
    folders = sorted(p.parent for p in project.content.glob("*/transcript.txt"))
    first_only = project.content.parent / (project.content.name + "-first")
    first_only.mkdir()
    for item in project.content.iterdir():
        if item.is_file():
            shutil.copy(item, first_only / item.name)
    shutil.copytree(folders[0], first_only / folders[0].name)
    edition = prepare(Project(content=first_only, templates=project.templates, out=project.out))
    original = edition.transcripts[0]
    publisher = edition.publishers[original.slug]
    title = re.compile(r'(?m)^title = "(.*)"$')
    date = re.compile(r"(?m)^date = (\d{4}-\d{2}-\d{2})$")
    transcripts = []
    for folder in folders:
        text = (folder / "transcript.txt").read_text(encoding="utf-8")
        meta = replace(original.meta, title=title.search(text).group(1), date=date.search(text).group(1))
        transcripts.append(replace(original, slug=folder.name, path=folder / "transcript.txt", meta=meta, title=meta.title))
    edition.transcripts = transcripts
    edition.publishers = {t.slug: publisher for t in transcripts}
    return edition


def check_clones(tmp: Path) -> None:
    """Stop unless cloning makes the same index as reading every transcript (20 copies)."""
    content = tmp / "check-content"
    make_corpus(content, 20)
    project = Project(content=content, templates=ROOT / "templates", out=tmp / "check-site")
    cloned, read = render_search(prepare_clones(project)), render_search(prepare(project))
    if cloned != read:
        raise SystemExit(f"cloned corpus index differs: {sorted(k for k in read if cloned.get(k) != read[k])[:5]}")
    print("cloned index checked: identical to reading all 20 transcripts")


def sizes(folder: Path) -> tuple[int, int, int]:
    """(files, bytes, gzip bytes) under folder."""
    found = [p for p in folder.rglob("*") if p.is_file()]
    return len(found), sum(p.stat().st_size for p in found), sum(len(gzip.compress(p.read_bytes(), 6)) for p in found)


def measure(site: Path, browser, runs: int) -> list[dict]:
    slug = sorted(p.name for p in (site / "data" / "search" / "text").iterdir())[0]
    rows = []
    with StaticServer(site) as server:
        url = f"{server.url}zh-hans/{slug}/"
        for query in QUERIES:
            context = browser.new_context()
            page = context.new_page()
            loaded: list[str] = []
            page.on("response", lambda r: loaded.append(r.url.split(server.url, 1)[1]) if "/data/search/" in r.url else None)
            page.goto(url)
            page.evaluate("() => jizhuSearchApi.ready()")
            once = list(loaded)
            cold = page.evaluate(TIMED, query)
            per_query = [p for p in loaded if p not in once]
            warm = [page.evaluate(TIMED_WARM, query)["ms"] for _ in range(runs)]
            rows.append({"query": query, "results": cold["results"], "cold": cold["ms"], "warm": statistics.median(warm),
                         "warm_max": max(warm), "once": file_bytes(site, once), "query_bytes": file_bytes(site, per_query),
                         "files": len(per_query)})
            context.close()
    return rows


TIMED = """async query => {
  const api = window.jizhuSearchApi, t0 = performance.now();
  const found = await api.search(query, {}, %d);
  await api.describe(found.results, %d);
  return {ms: performance.now() - t0, results: found.count};
}""" % (LIMIT, LIMIT)
TIMED_WARM = TIMED.replace("const api = window.jizhuSearchApi,", "const api = window.jizhuSearchApi; api.forget(); const")


def file_bytes(site: Path, paths: list[str]) -> tuple[int, int]:
    data = [(site / p).read_bytes() for p in paths]
    return sum(len(d) for d in data), sum(len(gzip.compress(d, 6)) for d in data)


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MiB"


def report(count: int, site: Path, steps: dict[str, float], rows: list[dict]) -> None:
    folder = site / "data" / "search"
    print(f"\n== {count} transcript(s): prepare {steps['prepare']:.1f} s, search index {steps['index']:.1f} s")
    for label, sub in (("index total", folder), ("  shards k/", folder / "k"), ("  positions p/", folder / "p"),
                       ("  text chunks", folder / "text")):
        n, raw, packed = sizes(sub)
        print(f"{label:14} {n:6} files {kb(raw):>10} raw {kb(packed):>10} gzip")
    once = rows[0]["once"]
    print(f"loaded once per page (meta, fold): {kb(once[0])} raw, {kb(once[1])} gzip")
    print(f"{'query':12} {'results':>7} {'files':>5} {'raw':>10} {'gzip':>10} {'cold ms':>8} {'warm ms':>8} {'warm max':>8}")
    for r in rows:
        print(f"{r['query']:12} {r['results']:7} {r['files']:5} {kb(r['query_bytes'][0]):>10} {kb(r['query_bytes'][1]):>10} "
              f"{r['cold']:8.1f} {r['warm']:8.1f} {r['warm_max']:8.1f}")
    print(f"median per query: {kb(int(statistics.median(r['query_bytes'][0] for r in rows)))} raw, "
          f"{kb(int(statistics.median(r['query_bytes'][1] for r in rows)))} gzip; "
          f"cold {statistics.median(r['cold'] for r in rows):.1f} ms, warm {statistics.median(r['warm'] for r in rows):.1f} ms, "
          f"slowest warm {max(r['warm'] for r in rows):.1f} ms")


class TreeMemory:
    """Peak resident bytes of each process of a tree, sampled from /proc while it runs."""

    def __init__(self, root: int):
        self.root = root
        self.peaks: dict[int, int] = {}
        self.tree_peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._done.is_set():
            parents, rss = {}, {}
            for entry in os.listdir("/proc"):
                if entry.isdigit():
                    try:
                        with open(f"/proc/{entry}/stat", "rb") as f:
                            fields = f.read().rsplit(b")", 1)[1].split()
                    except OSError:
                        continue
                    parents[int(entry)], rss[int(entry)] = int(fields[1]), int(fields[21]) * page
            tree, total = {self.root}, 0
            for pid in sorted(parents):  # children have larger ids than their parent (no wrap-around here)
                if parents[pid] in tree:
                    tree.add(pid)
            for pid in tree:
                self.peaks[pid] = max(self.peaks.get(pid, 0), rss.get(pid, 0))
                total += proportional(pid)
            self.tree_peak = max(self.tree_peak, total)
            self._done.wait(0.05)

    def stop(self) -> tuple[int, int, int]:
        """(parent's peak, largest other process's peak (both resident), the tree's peak (proportional))."""
        self._done.set()
        self._thread.join()
        others = [v for pid, v in self.peaks.items() if pid != self.root]
        return self.peaks.get(self.root, 0), max(others, default=0), self.tree_peak


def proportional(pid: int) -> int:
    """A process's proportional set size: its resident pages, each shared page divided among the
    processes sharing it (forked workers share the parent's), so a tree's sum is what it takes."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def timed_build(folder: Path) -> dict[str, float]:
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", "content", "--out", "site",
               "--templates", str(ROOT / "templates")]
    started, cpu = time.perf_counter(), os.times()
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    memory = TreeMemory(process.pid)
    _, errors = process.communicate()
    wall, after = time.perf_counter() - started, os.times()
    parent, worker, tree = memory.stop()
    if process.returncode:
        raise SystemExit(f"build failed:\n{errors.decode()}")
    return {"wall": wall, "cpu": after.children_user + after.children_system - cpu.children_user - cpu.children_system,
            "parent": parent, "worker": worker, "tree": tree}


def edit_one(content: Path, number: int) -> None:
    """A small change to one paragraph of one transcript: a sentence end gets a remark before it."""
    path = sorted(content.glob("*/transcript.txt"))[0]
    text = path.read_text(encoding="utf-8")
    at = text.index("。", text.index("+++", 3))
    path.write_text(text[:at] + f"，改动{number}" + text[at:], encoding="utf-8")


def merge_alone(folder: Path, copies: int, patch: bool = False) -> dict:
    """The merge of the cached parts, each `copies` times under other slugs, into every index file,
    in a fresh process: its seconds, the bytes it made and its peak resident memory (`merge_only`)."""
    done = subprocess.run([sys.executable, __file__, "--merge-only", str(folder), "--copies", str(copies)]
                          + ["--patch"] * patch, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def edited_part(folder: Path, slug: str):
    """The part of the transcript `slug` of the content folder after one more edit (`edit_one`)."""
    from jizhu.pages.search import index_transcript
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        content = Path(tmp) / "content"
        content.mkdir()
        for item in (folder / "content").iterdir():
            if item.is_file():
                shutil.copy(item, content / item.name)
        shutil.copytree(folder / "content" / slug, content / slug)
        edit_one(content, 99)
        edition = prepare(Project(content=content, templates=ROOT / "templates", out=Path(tmp) / "site"))
        transcript = edition.transcripts[0]
        return index_transcript(transcript, edition.publishers[transcript.slug], edition.scripts)


def merge_only(folder: Path, copies: int, patch: bool = False) -> None:
    """Print the merge's seconds, bytes made and peak memory. With `patch`: the merge keeps its
    index (as the build's cache does), then one part is replaced by the same transcript's after
    one more paragraph is edited, and the kept index is patched; the seconds printed are the
    patch's, from the part's arrival to the last file made."""
    import resource
    from jizhu.config import Config
    from jizhu.pages.search import TranscriptIndex
    from jizhu.pages.search_merge import Merger
    from jizhu.scripts.convert import site_scripts
    config = Config()
    scripts = site_scripts(config.variants, config.taiwan_phrases)
    slugs = sorted(p.parent.name for p in (folder / "content").glob("*/transcript.txt"))
    order = [f"{slug}-{n}" for n in range(copies) for slug in slugs]

    def part_of(slug: str, n: int) -> TranscriptIndex:
        data = json.loads((folder / ".jizhu-cache" / "search" / f"{slug}.json").read_text(encoding="utf-8"))
        part = TranscriptIndex.from_json(data["part"])
        part.slug = f"{slug}-{n}"
        return part
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as kept:
        store = Path(kept) if patch else None
        started, size = time.perf_counter(), 0
        with Merger(order, store) as merger:
            for n in range(copies):
                for slug in slugs:
                    merger.add(part_of(slug, n), "key")
            for _, text in merger.files(scripts):
                size += len(text.encode())
        full = time.perf_counter() - started
        if patch:
            old = part_of(slugs[0], 0)
            edited = edited_part(folder, slugs[0])
            edited.slug = old.slug
            started, size = time.perf_counter(), 0
            with Merger(order, store, lambda slug: old) as merger:
                merger.add(edited, "edited")
                assert all(merger.holds(slug, "key") for slug in order[1:])
                for _, text in merger.files(scripts):
                    size += len(text.encode())
    print(json.dumps({"seconds": time.perf_counter() - started if patch else full, "full": full, "bytes": size,
                      "parts": len(order), "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))


def build_report(count: int, runs: int, tmp: Path, browser) -> None:
    folder = tmp / f"build-{count}"
    make_corpus(folder / "content", count, distinct=True)
    mib = lambda n: f"{n / 1024 / 1024:.0f} MiB"  # noqa: E731
    rows = [("full build", timed_build(folder))]
    for n in range(min(runs, 3)):
        edit_one(folder / "content", n)
        rows.append((f"edit {n + 1}", timed_build(folder)))
    merges = [merge_alone(folder, 1) for _ in range(min(runs, 3))]
    copies = -(-1000 // count)
    large = [merge_alone(folder, copies) for _ in range(min(runs, 3))] if count < 1000 else []
    patched = [merge_alone(folder, copies, patch=True) for _ in range(min(runs, 3))]
    index = folder / "site" / "data" / "search"
    n, raw, packed = sizes(index)
    print(f"\n== build of {count} distinct transcripts (cache on)")
    print(f"{'':12} {'wall s':>8} {'cpu s':>8} {'parent':>10} {'worker':>10} {'tree':>10}")
    for label, r in rows:
        print(f"{label:12} {r['wall']:8.1f} {r['cpu']:8.1f} {mib(r['parent']):>10} {mib(r['worker']):>10} {mib(r['tree']):>10}")
    for found in (merges, large):
        if found:
            print(f"merge alone of {found[0]['parts']} cached parts: median {statistics.median(m['seconds'] for m in found):.2f} s "
                  f"({len(found)} runs), peak {mib(max(m['rss'] for m in found))} resident, {kb(found[0]['bytes'])} of index files")
    print(f"kept index of {patched[0]['parts']} parts patched after one part changed: median "
          f"{statistics.median(m['seconds'] for m in patched):.2f} s (the full merge keeping it: "
          f"{statistics.median(m['full'] for m in patched):.2f} s), peak {mib(max(m['rss'] for m in patched))} resident")
    print(f"index: {n} files, {kb(raw)} raw, {kb(packed)} gzip; per transcript {kb(raw // count)} raw, "
          f"{kb(packed // count)} gzip; whole site {kb(sizes(folder / 'site')[1])}")
    report(count, folder / "site", {"prepare": rows[0][1]["wall"], "index": 0.0}, measure(folder / "site", browser, runs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--counts", default="1,1000")
    ap.add_argument("--runs", type=int, default=7, help="warm runs per query (median)")
    ap.add_argument("--full", action="store_true", help="build the whole site with python build.py")
    ap.add_argument("--clone", choices=["auto", "yes", "no"], default="auto",
                    help="read one transcript of the corpus and clone it (auto: above 50 transcripts)")
    ap.add_argument("--build", type=int, metavar="N", help="measure the indexer in the real build of N distinct transcripts")
    ap.add_argument("--merge-only", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--copies", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--patch", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.merge_only:
        merge_only(args.merge_only, args.copies, args.patch)
        return
    from playwright.sync_api import sync_playwright
    if args.build:
        with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp, sync_playwright() as p:
            browser = launch_chromium(p)
            build_report(args.build, args.runs, Path(tmp), browser)
            browser.close()
        return
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = launch_chromium(p)
        counts = [int(c) for c in args.counts.split(",")]
        cloning = {c: args.clone == "yes" or args.clone == "auto" and c > 50 for c in counts}
        if any(cloning.values()) and not args.full:
            check_clones(Path(tmp))
        for count in counts:
            content, site = Path(tmp) / f"content-{count}", Path(tmp) / f"site-{count}"
            make_corpus(content, count)
            if args.full:
                started = time.perf_counter()
                subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(content),
                                "--out", str(site)], check=True, cwd=ROOT)
                steps = {"prepare": time.perf_counter() - started, "index": 0.0}
            else:
                steps = build_for_search(content, site, cloning[count])
                if cloning[count]:
                    print(f"\n({count} transcripts: the first read, the others cloned from it)")
            report(count, site, steps, measure(site, browser, args.runs))
        browser.close()


if __name__ == "__main__":
    main()
