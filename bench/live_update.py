#!/usr/bin/env python3
"""The browser's part of a preview update, in Chromium: `python bench/live_update.py [--updates 12] [--runs 3]`.

Builds the shipped content (the seed) into a temporary site, serves it on
127.0.0.1 and opens its Traditional page with the preview's live.js, as the
preview serves it. Then, again and again, it puts a new marker word into one
paragraph of the page's file and asks live.js to update the page (what the
preview's reload message does), and times, on the page's clock, from that
request to the marker in the page (fetched, parsed and set in place) and to the
first frame drawn with it. The first two updates are left out (the browser
warms up). Medians of the updates, then of `--runs` runs, in milliseconds. The
server's part (making the page) is `bench/open_page.py`; the whole path from a
save, `bench/preview_latency.py`.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from webcheck import CHROMIUM_PATH, StaticServer, launch_chromium  # noqa: E402  (the tests' Chromium set-up)

from jizhu.cli import main as jizhu  # noqa: E402

UPDATE = """(marker) => new Promise(resolve => {
  const started = performance.now();
  const watch = new MutationObserver(() => {
    if (!document.body.textContent.includes(marker)) return;
    watch.disconnect();
    const seen = performance.now() - started;
    requestAnimationFrame(() => setTimeout(() => resolve([seen, performance.now() - started]), 0));
  });
  watch.observe(document, {subtree: true, childList: true, characterData: true});
  new window.LiveReloadPluginJizhu().reload("index.html");
})"""
WARM_UP = 2


def run(site: Path, updates: int, playwright) -> tuple[float, float]:
    path = next(site.glob("zh-hant/*/index.html"))
    original = path.read_text(encoding="utf-8")
    paragraph = original.index("<p id=", len(original) // 3)
    start = original.index(">", paragraph) + 1
    live = (ROOT / "jizhu" / "preview" / "live.js").read_text(encoding="utf-8")
    browser = launch_chromium(playwright)
    try:
        with StaticServer(site) as server:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.add_init_script("window.jizhuPreview = {build: 'bench'};" + live)
            page.goto(server.url + path.relative_to(site).parent.as_posix() + "/")
            page.wait_for_load_state("load")
            timings = []
            for number in range(updates + WARM_UP):
                marker = f"QZX{number:04d}"
                path.write_text(original[:start] + marker + original[start:], encoding="utf-8")
                timings.append(page.evaluate(UPDATE, marker))
    finally:
        path.write_text(original, encoding="utf-8")
        browser.close()
    measured = timings[WARM_UP:]
    return statistics.median(t[0] for t in measured), statistics.median(t[1] for t in measured)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--updates", type=int, default=12, help="updates per run (default 12)")
    ap.add_argument("--runs", type=int, default=3, help="runs (default 3)")
    args = ap.parse_args()
    if not CHROMIUM_PATH.exists():
        raise SystemExit(f"{CHROMIUM_PATH} is needed: apt-get install chromium")
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            jizhu(["build", "--content", str(ROOT / "content"), "--out", str(site), "--no-cache"])
        with sync_playwright() as playwright:
            runs = [run(site, args.updates, playwright) for _ in range(args.runs)]
    print(f"The seed's page updated in place by live.js (median of {args.updates} updates, then of {args.runs} runs):")
    for name, values in (("new text in the page", [r[0] for r in runs]), ("drawn", [r[1] for r in runs])):
        print(f"  {name:22} {statistics.median(values):6.1f} ms  (runs {', '.join(f'{v:.1f}' for v in values)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
