#!/usr/bin/env python3
"""Save-to-screen latency of the preview on a large site, in a real browser:
`python bench/preview_latency.py [--count 1000] [--saves 25] [--cold]`.

Makes (once) a site of `--count` distinct seed-sized transcripts under
/tmp/preview/bench-<count>/ (bench/corpus.py --distinct), starts
`python build.py serve` there (its first build is timed: warm when site/ and
.jizhu-cache/ are left from a run before; `--cold` removes them first), opens
one transcript's page in Debian's Chromium and saves the transcript again and
again, each time with a new marker word in one paragraph, as editors save
(a new file renamed over the old one).

Each save is timed from just before the rename (`time.time()` here) to the
moment the marker is in the page's DOM and the page has drawn a frame with it
(a MutationObserver sees it, then `requestAnimationFrame` and a task after the
frame), on the same clock (`performance.timeOrigin + performance.now()`). A
page brought up to date in place and a page reloaded are both counted, and
told apart. Saves are `--spacing` seconds apart, so that a save often comes
while the whole-site build of the one before is still running: the open page
must not wait for it.

Then `--structural` saves that add a paragraph (not updated in place: the page
reloads) are timed the same way, for comparison.

The machine is shared: the load average during the saves is printed with the
figures (median, 90th percentile, max).
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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus  # noqa: E402  (bench/ beside this file)
from webcheck import CHROMIUM_PATH, launch_chromium  # noqa: E402  (the tests' Chromium set-up)

WORK = Path("/tmp/preview")
WATCH_SCRIPT = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const reloaded = performance.getEntriesByType("navigation")[0]?.type === "reload";
  function look() {
    const marker = sessionStorage.getItem("marker");
    if (!marker || sessionStorage.getItem("shownAt") || !document.body) return;
    if (!document.body.textContent.includes(marker)) return;
    sessionStorage.setItem("seenAt", String(now()));
    sessionStorage.setItem("how", reloaded ? "reload" : "in place");
    requestAnimationFrame(() => setTimeout(() => sessionStorage.setItem("shownAt", String(now())), 0));
  }
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
  document.addEventListener("DOMContentLoaded", look);
  document.addEventListener("LiveReloadConnect", () => sessionStorage.setItem("connected", "yes"));
})();
"""
EXPECT = """(marker) => {
  for (const key of ["shownAt", "seenAt", "how"]) sessionStorage.removeItem(key);
  sessionStorage.setItem("marker", marker);
}"""
STATE = """() => ({shownAt: Number(sessionStorage.getItem("shownAt")) || null, how: sessionStorage.getItem("how"),
  connected: sessionStorage.getItem("connected") === "yes"})"""
POLL_S = 0.02


class Preview:
    """`python build.py serve` in a project folder, on a free port; its terminal lines collected."""

    def __init__(self, project: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log: list[str] = []
        self.process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(self.port)],
                                        cwd=project, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.log.append(line.rstrip())
            if line.startswith("serving "):
                self.ready.set()

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Editor:
    """Saves the transcript with a new marker word in one paragraph, or with a paragraph added."""

    def __init__(self, path: Path):
        self.path = path
        self.lines = path.read_text(encoding="utf-8").split("\n")
        self.line = next(i for i, line in enumerate(self.lines) if i > 10 and len(line) > 60)
        self.count = 0

    def save(self, structural: bool = False) -> tuple[str, float]:
        self.count += 1
        marker = f"QZX{self.count:04d}"  # Latin and digits: the same in every script
        lines = list(self.lines)
        if structural:  # a paragraph of its own after the edited line's: the page's shape changes
            lines.insert(self.line + 1, f"這一段是新加的{marker}。")
        else:
            middle = len(lines[self.line]) // 2
            lines[self.line] = lines[self.line][:middle] + marker + lines[self.line][middle:]
        new = self.path.parents[2] / ".saving"  # outside the watched folders, on the same file system
        new.write_text("\n".join(lines), encoding="utf-8")
        started = time.time()
        new.replace(self.path)
        return marker, started

    def restore(self) -> None:
        self.path.write_text("\n".join(self.lines), encoding="utf-8")


def evaluate(page, script: str, arg: object = None):
    while True:
        try:
            return page.evaluate(script, arg)
        except Exception:  # the page is between two documents: ask the next one
            time.sleep(0.005)


def timed_saves(page, editor: Editor, count: int, spacing: float, structural: bool) -> tuple[list[float], dict]:
    shown, ways = [], {}
    for _ in range(count):
        evaluate(page, EXPECT, f"QZX{editor.count + 1:04d}")
        _, started = editor.save(structural)
        deadline = time.monotonic() + 10
        state = evaluate(page, STATE)
        while not state["shownAt"] and time.monotonic() < deadline:
            time.sleep(POLL_S)
            state = evaluate(page, STATE)
        if state["shownAt"]:
            shown.append(state["shownAt"] - started * 1000)
            ways[state["how"]] = ways.get(state["how"], 0) + 1
        else:
            ways["not shown within 10 s"] = ways.get("not shown within 10 s", 0) + 1
        time.sleep(max(0.0, started + spacing - time.time()))
    return shown, ways


def figures(values: list[float]) -> str:
    if not values:
        return "no data"
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return (f"median {statistics.median(values):.0f} ms, p90 {p90:.0f} ms, max {max(values):.0f} ms "
            f"({len(values)} saves)")


def project_folder(count: int) -> tuple[Path, str]:
    """The benchmark's project: made once, kept for the next run (so its cache makes a warm start)."""
    project = WORK / f"bench-{count}"
    if not (project / "content").is_dir():
        staging = WORK / f".bench-{count}-making"
        shutil.rmtree(staging, ignore_errors=True)
        make_corpus(staging / "content", count, distinct=True)
        shutil.copytree(ROOT / "templates", staging / "templates")
        staging.rename(project)
    slugs = sorted(p.parent.name for p in (project / "content").glob("*/transcript.txt"))
    return project, slugs[len(slugs) // 2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000, help="transcripts in the site (default 1000)")
    ap.add_argument("--saves", type=int, default=25, help="saves timed (default 25)")
    ap.add_argument("--structural", type=int, default=5, help="saves adding a paragraph timed after (default 5)")
    ap.add_argument("--spacing", type=float, default=1.0, help="seconds between saves (default 1)")
    ap.add_argument("--cold", action="store_true", help="remove site/ and .jizhu-cache/ first")
    args = ap.parse_args()
    if not CHROMIUM_PATH.exists():
        raise SystemExit(f"{CHROMIUM_PATH} is needed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    project, slug = project_folder(args.count)
    if args.cold:
        for folder in ("site", ".jizhu-cache"):
            shutil.rmtree(project / folder, ignore_errors=True)
    editor = Editor(project / "content" / slug / "transcript.txt")
    started = time.perf_counter()
    preview = Preview(project)
    try:
        if not preview.ready.wait(3600):
            raise SystemExit("the preview did not start:\n" + "\n".join(preview.log[-20:]))
        first_build = time.perf_counter() - started
        print(f"{args.count} transcripts: the preview started (first build included) in {first_build:.1f} s; "
              f"it said: {next((line for line in preview.log if line.startswith('built ')), '?')}", flush=True)
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.add_init_script(WATCH_SCRIPT)
            page.goto(f"http://127.0.0.1:{preview.port}/zh-hant/{slug}/")
            while not evaluate(page, STATE)["connected"]:
                time.sleep(POLL_S)
            time.sleep(1)  # its transcript is read once it is open (as it would be while the editor reads)
            load = os.getloadavg()[0]
            logged = len(preview.log)
            edits, edit_ways = timed_saves(page, editor, args.saves, args.spacing, structural=False)
            structural, structural_ways = timed_saves(page, editor, args.structural, max(args.spacing, 2.0),
                                                      structural=True)
            load = (load + os.getloadavg()[0]) / 2
            browser.close()
    finally:
        preview.stop()
        editor.restore()
    whole = [float(m.group(1)) for line in preview.log[logged:] if (m := re.match(r"rebuilt .* in (\d+) ms", line))]
    server = [float(m.group(1)) for line in preview.log[logged:] if (m := re.match(r"shown .* after (\d+) ms", line))]
    print(f"\n{args.count} transcripts, saves {args.spacing:g} s apart; load average {load:.1f} on {os.cpu_count()} cores")
    print(f"  save → new text shown, a paragraph edited: {figures(edits)}; {edit_ways}")
    print(f"  save → new text shown, a paragraph added: {figures(structural)}; {structural_ways}")
    print(f"  the preview's own time, change taken → open page written and its page told: {figures(server)}")
    print(f"  the whole-site build after each batch of saves (in the background): {figures(whole)}")


if __name__ == "__main__":
    main()
