#!/usr/bin/env python3
"""The preview's own work after a save, in process: `python bench/open_page.py [--saves 15] [--runs 3]`.

Copies the shipped content (the seed) to a temporary project, then, as the
preview does after each save, edits one paragraph of the transcript (or, with
`--overrides`, the form of a rule in its own `conversions.toml`) and makes
its open page again (`incremental.OpenPages.make`, with the tools and the last
publisher kept from the save before). It measures the CPU time of the whole
make and of its stages with `time.process_time` around each call (no profiler):
parse, ledger, the publisher (with the repair's evidence), placing the notes
and rendering the page. The first save of each run is left out (it reads what
later saves keep). Medians of the saves, then medians of `--runs` runs, in
milliseconds. The site's size does not enter: the open page is made from its
own transcript only (`bench/preview_latency.py` measures a whole preview, in a
browser, on a site of 1,000).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from cpu_time import print_medians, time_calls  # noqa: E402
from jizhu.build import content, site, workers  # noqa: E402
from jizhu.build.project import Project  # noqa: E402
from jizhu.preview.incremental import OpenPages  # noqa: E402

STAGES = {"  parse": (content, "parse_file"), "  ledger": (content, "apply_ledger"),
          "  publisher": (workers, "publisher_for"), "  notes placed": (workers, "annotate"),
          "  page rendered": (site, "render_transcript_page")}


def run(saves: int, overrides: bool = False) -> dict[str, float]:
    spent: dict[str, list[float]] = {name: [] for name in STAGES}
    originals = {name: getattr(owner, attribute) for name, (owner, attribute) in STAGES.items()}
    for name, (owner, attribute) in STAGES.items():
        time_calls(owner, attribute, spent[name].append)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "content", Path(tmp) / "content")
        project = Project(content=Path(tmp) / "content", templates=ROOT / "templates", out=Path(tmp) / "site")
        pages = OpenPages(project, Path(tmp) / "jizhu.toml")
        path = next(project.content.glob("*/transcript.txt"))
        slug = path.parent.name
        lines = path.read_text(encoding="utf-8").split("\n")
        edited = max(range(len(lines)), key=lambda i: len(lines[i]) if i > len(lines) // 2 else 0)
        whole: list[float] = []
        for number in range(saves + 1):
            if number == 1:  # the first save read what the next ones keep
                for times in spent.values():
                    times.clear()
            marker = f"QZX{number:04d}"
            if overrides:  # the transcript's own rule for a word of the paragraph, its form edited
                saved = path.parent / "conversions.toml"
                saved.write_text(f'[phrases]\n"{OVERRIDDEN}" = {{ zh-Hant = "{OVERRIDDEN_FORM}{marker}" }}\n',
                                 encoding="utf-8")
            else:
                saved = path
                path.write_text("\n".join(lines[:edited] + [lines[edited] + marker] + lines[edited + 1:]),
                                encoding="utf-8")
            change = pages.classify([saved])
            pages.invalidate(change)
            [page] = pages.affected({f"zh-hant/{slug}/index.html"}, change)
            started = time.process_time()
            made = pages.make([page])
            whole.append(time.process_time() - started)
            assert marker in made[page.path]
    for name, (owner, attribute) in STAGES.items():  # unwrapped, for the next run
        setattr(owner, attribute, originals[name])
    medians = {"open page made": statistics.median(whole[1:]) * 1000}
    medians |= {name: statistics.median(times) * 1000 for name, times in spent.items()}
    return medians


OVERRIDDEN, OVERRIDDEN_FORM = "芯片", "晶片"
"""`--overrides`: the phrase each save's rule is for (the seed writes it 21 times), and its form."""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--saves", type=int, default=15, help="saves per run (default 15)")
    ap.add_argument("--runs", type=int, default=3, help="runs (default 3)")
    ap.add_argument("--overrides", action="store_true",
                    help="each save edits the transcript's own conversions.toml (a rule's form), not a paragraph")
    args = ap.parse_args()
    runs = [run(args.saves, args.overrides) for _ in range(args.runs)]
    edit = "its conversions.toml saved" if args.overrides else "a paragraph saved"
    print(f"The seed's open page after {edit}, CPU per save (median of {args.saves} saves, then of {args.runs} runs):")
    print_medians(["open page made", *STAGES], runs, 16)
    return 0


if __name__ == "__main__":
    sys.exit(main())
