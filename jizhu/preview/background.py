"""The preview's whole-site builds, run in a process of their own so that they never slow the open page.

A save's open page is made in the preview's process (`open_pages.OpenPages`);
everything else is the full build (`build.pipeline.build_site`: the pool of
workers, the cache, each file written as it is made, nothing held), run here
in a child process, without writing any id ledger. It makes only what the
save changed (its transcript, the index pages), because the cache knows the
rest is on disk. A save that comes while it runs does not end it (ended while
moving its files in, it would leave no record of the site, and the next build
would make all of it again): the next one starts when it is done. Its pool is
one core smaller than the machine, and after the first build (which the editor
waits for) it runs at a lower priority (`BACKGROUND_NICENESS`), so that the open
page is made at full speed meanwhile.

Children come from a fork server: forked from a process with no threads (the
preview's has several), with the libraries already imported.
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import resource
import threading
import signal
import sys
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from ..build.project import Project
from ..errors import ContentError

PRELOAD = ["jinja2", "markupsafe", "opencc", "markdown_it", "mdit_py_plugins", "pygments"]
"""Imported once, by the fork server. Not jizhu itself: the fork server does not start with the preview's
sys.path (Python 3.11 ignores it), so it could find another copy; each child imports jizhu after it
has been given that path."""
STOP_WAIT_S = 10


def stop_child(signum: int, frame: object) -> None:
    sys.exit(1)


def end_with_parent() -> None:
    """A preview killed outright (SIGKILL) cannot stop its build: the build stops itself, pool and all,
    rather than run on for nobody."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        multiprocessing.connection.wait([parent.sentinel])
        os.killpg(os.getpgrp(), signal.SIGKILL)  # what it left is cleaned up by the next build


@dataclass(slots=True)
class Outcome:
    """How a whole-site build ended: the problems that stopped it (none: the site on disk is up to date)."""

    problems: list[str] = field(default_factory=list)
    transcripts: int = 0
    cpu: float = 0.0
    """Seconds of CPU it took, its pool's included."""
    error: str = ""
    """A bug's traceback, not bad content."""


def build_in_child(project: Project, jobs: int | None, answer: Connection, niceness: int = 0) -> None:
    from ..build.pipeline import build_site
    os.setpgrp()  # a group of its own, its pool's workers with it: `SiteBuilds.stop` ends them all
    if niceness:
        os.nice(niceness)  # its pool's workers inherit it
    signal.signal(signal.SIGTERM, stop_child)  # asked to stop: clean up as after Ctrl-C
    threading.Thread(target=end_with_parent, daemon=True).start()
    try:
        outcome = Outcome(transcripts=len(build_site(project, jobs, ledgers=False)))
    except ContentError as err:
        outcome = Outcome([str(problem) for problem in err.problems])
    except Exception as err:  # a bug: the preview says so and keeps serving
        outcome = Outcome([f"jizhu: internal error: {type(err).__name__}: {err} (traceback in the terminal)"],
                          error=traceback.format_exc())
    outcome.cpu = sum(getattr(resource.getrusage(who), field) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                      for field in ("ru_utime", "ru_stime"))
    answer.send(outcome)
    answer.close()


BACKGROUND_NICENESS = 10
"""A build behind the open page yields the CPU to it: on a busy machine the page made at once after a
save would otherwise share the cores with the build of everything else."""


class SiteBuilds:
    """At most one whole-site build running at a time, in a child process."""

    def __init__(self, project: Project):
        self.project = project
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(PRELOAD)
        self._process: multiprocessing.process.BaseProcess | None = None
        self._answer: Connection | None = None

    @property
    def running(self) -> bool:
        return self._process is not None

    def start(self, background: bool = True) -> None:
        """Start a build; `background`: leaving a core free."""
        assert self._process is None, "one build at a time"
        from ..build.workers import workers_wanted
        jobs = max(1, workers_wanted(None) - 1) if background else None
        receive, send = self._context.Pipe(duplex=False)
        niceness = BACKGROUND_NICENESS if background else 0
        process = self._context.Process(target=build_in_child, args=(self.project, jobs, send, niceness),
                                        name="jizhu site build")
        process.start()
        send.close()
        self._process, self._answer = process, receive

    def poll(self, timeout: float = 0) -> Outcome | None:
        """The outcome of the running build once it ended (then none runs), else None."""
        if self._process is None:
            return None
        outcome = None
        try:
            if self._answer.poll(timeout):
                outcome = self._answer.recv()
        except (EOFError, OSError):  # it died without a word (killed from outside, out of memory)
            outcome = Outcome([f"jizhu: the site build stopped unexpectedly (exit code {self._process.exitcode})"])
        if outcome is not None:
            self._process.join()
            self._answer.close()
            self._process = self._answer = None
        return outcome

    def wait(self) -> Outcome:
        while (outcome := self.poll(timeout=0.2)) is None:
            pass
        return outcome

    def stop(self) -> None:
        """End the running build, if any, with its pool: asked first (it cleans up as after Ctrl-C), then
        killed if it has not ended soon (what it left is cleaned up by the next build)."""
        if self._process is None:
            return
        for signum in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self._process.pid, signum)
            except ProcessLookupError:  # already ended, pool and all
                break
            self._process.join(STOP_WAIT_S)
            if not self._process.is_alive():
                break
        self._answer.close()
        self._process = self._answer = None
