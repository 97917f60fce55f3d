"""CPU time of calls inside one in-process build: the shared part of bench/stage_time.py,
bench/notes_time.py and bench/render_time.py (`time.process_time` around each call, without a profiler,
whose own cost would swamp the many small calls measured)."""
from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from corpus import make_corpus
from jizhu.build import workers
from jizhu.cli import main as jizhu


def time_calls(owner: object, attribute: str, record: Callable[[float], None]) -> None:
    """Wrap `owner.attribute` (a module's function or a class's method) to `record` each call's CPU time."""
    inner = getattr(owner, attribute)

    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            record(time.process_time() - started)
    setattr(owner, attribute, timed)


def build(content: Path, out: str) -> None:
    """A whole build of `content` in this process, from scratch (`--no-cache --jobs 1`), its output unshown."""
    with contextlib.redirect_stdout(io.StringIO()):
        jizhu(["build", "--content", str(content), "--out", out, "--no-cache", "--jobs", "1"])


def first_left_out_arguments(description: str) -> argparse.Namespace:
    """`--count` transcripts (the first, which makes a worker's converters, is not counted) and `--runs`."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--count", type=int, default=8, help="transcripts (default 8; the first is not counted)")
    ap.add_argument("--runs", type=int, default=3, help="builds, of which the medians are shown (default 3)")
    ap.add_argument("--own-overrides", action="store_true",
                    help="every transcript with a conversions.toml of its own (bench/corpus.py)")
    args = ap.parse_args()
    if args.count < 2:
        raise SystemExit("--count must be at least 2: the first transcript is not counted")
    return args


def corpus_builds(count: int, runs: int, measured: Callable[[], dict[str, float]],
                  own_overrides: bool = False) -> list[dict[str, float]]:
    """`runs` builds of one corpus of `count` all-different seed-sized transcripts (bench/corpus.py), each
    making its converters again, as a new worker would; `measured()`, called after each build, gives its
    figures and clears what it gathered for the next."""
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        make_corpus(content, count, distinct=True, own_overrides=own_overrides)
        for number in range(runs):
            workers._tools = None
            build(content, f"{tmp}/site{number}")
            found.append(measured())
    return found


def print_medians(names: list[str], runs: list[dict[str, float]], width: int) -> None:
    """Each name's median over `runs` (milliseconds), then every run's figure."""
    for name in names:
        values = [run.get(name, 0.0) for run in runs]
        print(f"  {name:{width}} {statistics.median(values):7.1f} ms  (runs {', '.join(f'{v:.1f}' for v in values)})")
