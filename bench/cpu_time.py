"""CPU time of calls inside one in-process build: the shared part of bench/stage_time.py and
bench/render_time.py (`time.process_time` around each call, without a profiler, whose own cost would
swamp the many small calls measured)."""
from __future__ import annotations

import contextlib
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path

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


def print_medians(names: list[str], runs: list[dict[str, float]], width: int) -> None:
    """Each name's median over `runs` (milliseconds), then every run's figure."""
    for name in names:
        values = [run.get(name, 0.0) for run in runs]
        print(f"  {name:{width}} {statistics.median(values):7.1f} ms  (runs {', '.join(f'{v:.1f}' for v in values)})")
