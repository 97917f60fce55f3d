#!/usr/bin/env python3
"""Save-to-reload latency of the preview, in a real browser: `python bench/reload_latency.py [--runs 3]`.

For the seed (content/) and for a corpus of 200 transcripts made from it
(bench/corpus.py), this starts `python build.py serve` on a free port, opens
the edited transcript's page in Debian's Chromium and saves the transcript
again and again, each time with a new marker word in one paragraph.

Each save is timed from just before the new file is renamed over the old one
(`time.time()` in this process), as editors save, to two moments in the page,
read on the same clock
(`performance.timeOrigin + performance.now()`):
- reload: the page receives livereload's reload message (its websocket
  `message` event): the save has reached the browser;
- shown: the reloaded page's DOMContentLoaded, with the marker in its text.
Then two bursts of ten saves, one second apart and 100 ms apart: an edit is
lost when the page does not end on the last save (waiting 5 s for it). The
first burst also counts saves that never showed before the next one.

The machine is shared and noisy: each run repeats everything, and the
figures are medians over all runs.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus  # noqa: E402  (bench/ beside this file)
from webcheck import CHROMIUM_PATH, launch_chromium  # noqa: E402  (the tests' Chromium set-up)

TIMING_SCRIPT = """
(() => {
  const now = () => String(performance.timeOrigin + performance.now());
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (String(event.data).includes('"reload"')) sessionStorage.setItem("reloadAt", now());
      });
    }
  };
  document.addEventListener("DOMContentLoaded", () => {
    const marker = sessionStorage.getItem("marker");
    if (marker && document.body.textContent.includes(marker)) sessionStorage.setItem("shownAt", now());
  });
  document.addEventListener("LiveReloadConnect", () => sessionStorage.setItem("connected", "yes"));
})();
"""
PAGE_STATE = """() => ({
  shownAt: Number(sessionStorage.getItem("shownAt")) || null,
  reloadAt: Number(sessionStorage.getItem("reloadAt")) || null,
  connected: sessionStorage.getItem("connected") === "yes",
})"""
EXPECT = """(marker) => {
  sessionStorage.setItem("marker", marker);
  for (const key of ["shownAt", "reloadAt", "connected"]) sessionStorage.removeItem(key);
}"""
POLL_S = 0.025
"""How often this process asks the page: rarely enough not to take the CPU the preview and the page need."""


@dataclass
class Results:
    reload_ms: list[float] = field(default_factory=list)
    shown_ms: list[float] = field(default_factory=list)
    lost: dict[str, int] = field(default_factory=dict)
    unseen_in_burst: int = 0
    load: float = 0.0
    server_ms: list[float] = field(default_factory=list)
    """The preview's own time, from taking a change to sending the reload (its terminal line)."""

    def add_lost(self, burst: str, lost: bool) -> None:
        self.lost[burst] = self.lost.get(burst, 0) + int(lost)


class Preview:
    """`python build.py serve` in a project folder, on a free port."""

    def __init__(self, project: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(self.port)],
            cwd=project, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        self.ready = threading.Event()
        threading.Thread(target=self._read_log, daemon=True).start()

    def _read_log(self) -> None:
        for line in self.process.stderr:
            self.log.append(line.rstrip())
            if line.startswith("serving "):
                self.ready.set()

    def wait_ready(self, timeout: float) -> None:
        if not self.ready.wait(timeout):
            raise SystemExit("the preview did not start:\n" + "\n".join(self.log[-20:]))

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Editor:
    """Saves the transcript with a new marker word in one paragraph each time."""

    def __init__(self, path: Path):
        self.path = path
        self.lines = path.read_text(encoding="utf-8").split("\n")
        body = next(i for i, line in enumerate(self.lines) if i > 10 and len(line) > 60)
        self.line = body
        self.count = 0

    def save(self) -> tuple[str, float]:
        """Write the file with a fresh marker; returns the marker and the time just before writing."""
        self.count += 1
        marker = f"QZX{self.count:04d}"  # Latin and digits: the same in every script
        lines = list(self.lines)
        middle = len(lines[self.line]) // 2
        lines[self.line] = lines[self.line][:middle] + marker + lines[self.line][middle:]
        new = self.path.parents[2] / ".saving"  # outside the watched folders, on the same file system
        new.write_text("\n".join(lines), encoding="utf-8")
        started = time.time()
        new.replace(self.path)  # as editors save: a new file renamed over the old one
        return marker, started


def evaluate(page, script: str, arg: object = None):
    while True:
        try:
            return page.evaluate(script, arg)
        except Exception:  # the page is between two documents: ask the next one
            time.sleep(0.005)


def page_state(page) -> dict:
    return evaluate(page, PAGE_STATE)


def save_expecting(page, editor: Editor) -> tuple[str, float]:
    """Save a new marker, the page told to look for it in the next document it loads."""
    marker = f"QZX{editor.count + 1:04d}"
    evaluate(page, EXPECT, marker)
    saved, started = editor.save()
    assert saved == marker
    return marker, started


def wait_shown(page, timeout: float) -> dict | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = page_state(page)
        if state["shownAt"]:
            return state
        time.sleep(POLL_S)
    return None


def measure(page, editor: Editor, results: Results, edits: int) -> None:
    for _ in range(edits):
        _, started = save_expecting(page, editor)
        state = wait_shown(page, timeout=10)
        if state is None:
            results.add_lost("single", True)
            continue
        if state["reloadAt"]:
            results.reload_ms.append(state["reloadAt"] - started * 1000)
        results.shown_ms.append(state["shownAt"] - started * 1000)
        time.sleep(0.3)


def burst(page, editor: Editor, results: Results, name: str, spacing: float) -> None:
    for _ in range(10):
        _, started = save_expecting(page, editor)
        if spacing >= 1:
            results.unseen_in_burst += wait_shown(page, timeout=spacing - 0.1) is None
        time.sleep(max(0.0, started + spacing - time.time()))
    results.add_lost(name, wait_shown(page, timeout=5) is None)
    time.sleep(0.5)


def bench(name: str, content: Path, slug: str, runs: int, edits: int, playwright) -> Results:
    results = Results()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "templates", project / "templates")
        shutil.copytree(content, project / "content")
        print(f"{name}: starting the preview …", flush=True)
        started = time.perf_counter()
        preview = Preview(project)
        try:
            preview.wait_ready(timeout=1800)
            print(f"{name}: first build and start took {time.perf_counter() - started:.1f} s", flush=True)
            browser = launch_chromium(playwright)
            page = browser.new_page()
            page.add_init_script(TIMING_SCRIPT)
            page.goto(f"http://127.0.0.1:{preview.port}/zh-hant/{slug}/")
            while not page_state(page)["connected"]:
                time.sleep(POLL_S)
            editor = Editor(project / "content" / slug / "transcript.txt")
            loads = []
            for run in range(runs):
                logged = len(preview.log)
                measure(page, editor, results, edits)
                results.server_ms += server_times(preview.log[logged:])
                loads.append(os.getloadavg()[0])
                burst(page, editor, results, "1 s apart", 1.0)
                burst(page, editor, results, "100 ms apart", 0.1)
                print(f"{name}: run {run + 1}/{runs} done", flush=True)
            results.load = statistics.mean(loads)
            browser.close()
        finally:
            preview.stop()
        rebuilt = [line for line in preview.log if line.startswith("rebuilt ")]
        print(f"{name}: the preview's last rebuilds:", *rebuilt[-3:], sep="\n  ")
    return results


def server_times(log: list[str]) -> list[float]:
    """From "rebuilt … in 340 ms (open pages shown after 60 ms): …" lines: when the reload was sent."""
    times = []
    for line in log:
        found = re.match(r"rebuilt .* in (\d+) ms(?: \(open pages shown after (\d+) ms\))?", line)
        if found:
            times.append(float(found.group(2) or found.group(1)))
    return times


def report(name: str, results: Results, runs: int) -> None:
    """The figures, with the machine's load while they were taken (other work on it slows everything)."""
    def figures(values: list[float]) -> str:
        if not values:
            return "no data"
        return f"median {statistics.median(values):.0f} ms, max {max(values):.0f} ms ({len(values)} saves)"

    print(f"\n{name}, {runs} run(s); load average during the runs {results.load:.1f} on {os.cpu_count()} cores")
    print(f"  save → reload message in the page: {figures(results.reload_ms)}")
    print(f"    of which the preview's rebuild, change taken → reload sent: {figures(results.server_ms)}")
    print(f"  save → new page shown (DOMContentLoaded): {figures(results.shown_ms)}")
    print(f"  lost edits: single saves {results.lost.get('single', 0)}, "
          f"bursts of ten 1 s apart {results.lost.get('1 s apart', 0)}/{runs}, "
          f"100 ms apart {results.lost.get('100 ms apart', 0)}/{runs}; "
          f"saves 1 s apart not shown before the next: {results.unseen_in_burst}/{10 * runs}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--edits", type=int, default=15, help="single saves timed per run (default 15)")
    ap.add_argument("--corpus", choices=["seed", "200", "both"], default="both")
    ap.add_argument("--count", type=int, default=200, help="transcripts in the large corpus (default 200)")
    args = ap.parse_args()
    if not CHROMIUM_PATH.exists():
        raise SystemExit(f"{CHROMIUM_PATH} is needed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    outcomes = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        if args.corpus in ("seed", "both"):
            seed_slug = sorted(p.parent.name for p in (ROOT / "content").glob("*/transcript.txt"))[0]
            outcomes.append(("seed", bench("seed", ROOT / "content", seed_slug, args.runs, args.edits, playwright)))
        if args.corpus in ("200", "both"):
            slugs = make_corpus(Path(tmp) / "content", args.count)
            name = f"{args.count} transcripts"
            outcomes.append((name, bench(name, Path(tmp) / "content", slugs[len(slugs) // 2],
                                         args.runs, args.edits, playwright)))
    for name, results in outcomes:
        report(name, results, args.runs)


if __name__ == "__main__":
    main()
