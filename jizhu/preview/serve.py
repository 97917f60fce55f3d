"""`jizhu serve`: build, serve site/ on loopback, and after every save rebuild and reload the browser.

How a save reaches the browser:
1. `watch.ChangeFeed`: the kernel reports the saved file (inotify, through
   watchfiles) and the feed hands it over 5 to 10 ms later, with anything
   else saved meanwhile.
2. `incremental.IncrementalBuild`: only what depends on the changed files is
   read and rendered again, and first only the files the open pages show
   (livereload's handshake tells the server each page's URL): for an editor,
   the edited transcript's page in the script being read, about a quarter of
   the work. The other script's page, share pages, export and index pages
   come after.
3. `staging.Update`: the files that differ from the served site are written
   into a holding folder beside it.
4. On the server's loop, between two requests: `Update.apply` renames them into
   place and `PreviewState.publish` sends livereload's reload message to every
   page. Then steps 2 to 4 again for the rest, without a reload: meanwhile a
   request for a file that rest may change waits for it.

One thread does all this for one batch of changes at a time, so saves that
arrive during a rebuild make the next one, and the last save is always the
last thing built. A failed build publishes its problems instead (the server
then answers page requests with the error page) and leaves site/ alone.
"""
from __future__ import annotations

import gc
import ipaddress
import signal
import socket
import sys
import threading
import time
import traceback
import webbrowser
from concurrent.futures import Future
from pathlib import Path
from typing import Callable, TypeVar

from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from ..errors import ContentError
from .incremental import Files, IncrementalBuild
from .preview_server import EventWatcher, PreviewServer, PreviewState, loopback_hosts, normalize_base_path
from ..build.site import ASSETS, Project, write_atomically
from ..build.staging import Update, files_on_disk
from .watch import ChangeFeed, Watched

T = TypeVar("T")


def host_header(host: str, port: int) -> str:
    """What a browser sends as Host for `host` and `port`."""
    return f"{f'[{host}]' if ':' in host else host}:{port}".lower()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


DEFAULT_HOST = "127.0.0.1"


def bind(host: str, port: int) -> list[socket.socket] | None:
    """The listening sockets (port 0: a free port), before anything is built; None, said, when the
    address cannot be had (a port in use, a host that is not this machine's)."""
    try:
        return bind_sockets(port, address=host)
    except OSError as err:
        print(f"jizhu: cannot serve on {host}:{port}: {err.strerror or err}; choose another port with --port "
              "(--port 0 picks a free one)", file=sys.stderr)
        return None


def serve(project: Project, config_path: Path, host: str | None = None, port: int = 8000,
          base_path: str = "/", open_browser: bool = False) -> int:
    """`host` None: 127.0.0.1, answering only requests for 127.0.0.1, localhost or [::1]; a host given
    (--host) is served as asked, and on an address other than loopback answers any Host header."""
    given = host is not None
    host = host or DEFAULT_HOST
    if not is_loopback(host):
        print(f"warning: serving on {host} exposes unpublished drafts to your network; "
              "use 127.0.0.1 unless you mean it", file=sys.stderr)
    sockets = bind(host, port)
    if sockets is None:
        return 1
    port = sockets[0].getsockname()[1]
    hosts = None if given and not is_loopback(host) else loopback_hosts(port) | ({host_header(host, port)}
                                                                               if given else set())
    base = normalize_base_path(base_path)
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}{base}"
    watched = [Watched(project.content), Watched(project.templates),
               Watched(config_path.absolute().parent, only=config_path.name)]
    feed = ChangeFeed(watched)
    feed.start()  # before the first build, so a save made while it runs is seen
    preview = Preview(project, config_path, feed, base)
    try:
        preview.first_build()

        def started(loop: IOLoop) -> None:
            stop_on_signals(loop)
            preview.follow(loop)
            print(f"serving {project.out}/ at {url} (Ctrl-C stops)", file=sys.stderr)
            if open_browser:
                threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()

        server = PreviewServer(project.out, base, preview.state,
                               EventWatcher([w.folder for w in watched], started), preview.report,
                               sockets=sockets, hosts=hosts, url=url)
        server.serve(port=port, host=host)  # returns on Ctrl-C (SIGINT) or SIGTERM
    finally:
        preview.stop()
        feed.stop()
        for listening in sockets:
            listening.close()
    print("stopped", file=sys.stderr)
    return 0


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def stop_on_signals(loop: IOLoop) -> None:
    """Ctrl-C (and SIGTERM) stop the server's loop, and so the preview, cleanly.

    Through the loop rather than Python's KeyboardInterrupt: that is raised only when the main
    thread next runs, which a loop waiting for requests may not do for a long time if another
    thread took the signal; and a process started in the background by a script inherits SIGINT
    ignored, so Python would never raise it at all (a test run in the background hung that way).
    """
    for signum in STOP_SIGNALS:
        loop.asyncio_loop.add_signal_handler(signum, loop.stop)


class LongLivedMemory:
    """Keeps the collector's full passes out of rebuilds.

    The site the preview keeps in memory lives as long as the server, yet Python's cyclic garbage
    collector walks all of it in every collection of its oldest generation, and such a collection
    may start in the middle of any rebuild: measured on 100 transcripts, one in about thirty saves
    took 250 ms longer. After each build, once everything is published, `gc.freeze` moves what is
    alive out of the collector's sight. The preview makes no cyclic garbage of its own (a save frees
    its old transcript by reference counting; checked with `gc.collect`), but a full collection
    still runs every `FULL_EVERY` builds, at the same quiet moment, in case something else does.
    """

    FULL_EVERY = 50

    def __init__(self) -> None:
        self.builds = 0

    def settle(self) -> None:
        self.builds += 1
        if self.builds % self.FULL_EVERY == 0:
            gc.unfreeze()
            gc.collect()
        gc.freeze()


class Preview:
    """Keeps the served site in step with the sources: each batch of saves, one rebuild, one reload."""

    def __init__(self, project: Project, config_path: Path, feed: ChangeFeed, base_path: str = "/"):
        self.project = project
        self.config_path = config_path
        self.feed = feed
        self.site = IncrementalBuild(project, config_path)
        self.state = PreviewState(base_path)
        self.disk_known = False
        """Whether site/ holds the site as last published, so that only `site.changed` need writing."""
        self.memory = LongLivedMemory()
        self._loop: IOLoop | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def first_build(self) -> None:
        """Before the server runs: write site/ (or keep the old one and show the problems)."""
        print(f"building {self.project.content}/ …", file=sys.stderr)
        started = time.perf_counter()
        files, problems = self._build()
        self.state.number, self.state.problems = 1, problems
        if files is None:
            self._report_failure(problems, started)
            return
        write_atomically(self.project.out, files, self.project.templates / ASSETS)
        self.site.changed.clear()
        self.disk_known = True
        print(f"built {len(files)} files in {(time.perf_counter() - started) * 1000:.0f} ms", file=sys.stderr)
        self.memory.settle()

    def follow(self, loop: IOLoop) -> None:
        """From now on, rebuild after each batch of changes and publish on `loop`."""
        self._loop = loop
        self._thread = threading.Thread(target=self._follow, name="jizhu rebuild", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _follow(self) -> None:
        while not self._stopping.is_set():
            changed = self.feed.take(timeout=0.2)
            if not changed:
                continue
            try:
                self.update(changed)
            except Exception:  # writing or renaming failed: say so, keep following, write everything next time
                traceback.print_exc()
                self.disk_known = False

    def update(self, changed: set[Path]) -> None:
        """One rebuild for a batch of changes: what the open pages show is published first (and they
        reload), the rest just after."""
        started = time.perf_counter()
        self.site.invalidate(changed)
        files, problems = self._build(first=self.state.shown_files())
        rendered = list(self.site.rendered)
        count, shown = 0, None
        if files is not None and self.site.deferred:
            count = self._publish(stale=self.site.stale_paths())
            shown = time.perf_counter() if count else None
            files, problems = self._build()
            rendered += [what for what in self.site.rendered if what not in rendered]
        if files is None:
            if problems != self.state.problems or not self.state.settled.is_set():
                self._on_loop(lambda: self.state.publish(problems))
            self._report_failure(problems, started)
            return
        count += self._publish(reload=shown is None)
        took = f"{(time.perf_counter() - started) * 1000:.0f} ms"
        early = f" (open pages shown after {(shown - started) * 1000:.0f} ms)" if shown else ""
        outcome = f"{count} file(s) changed" if count else "site unchanged"
        print(f"rebuilt {', '.join(rendered) or 'nothing'} in {took}{early}: {outcome}", file=sys.stderr)
        self.memory.settle()

    def report(self, slug: str) -> str | None:
        """A conversion report page (`IncrementalBuild.report`), for the server."""
        return self.site.report(slug)

    def _publish(self, stale: set[str] | None = None, reload: bool = True) -> int:
        """Put the site's changed files in place and tell the pages, on the server's loop; returns how
        many files changed.

        With `stale`, requests for those files wait until the next call (the build's second step);
        with `reload` False, that second step does not reload the pages the first one already did.
        """
        files = self.site.files
        paths = set(self.site.changed) if self.disk_known else set(files) | files_on_disk(self.project.out)
        if not paths and not self.state.problems and self.state.settled.is_set():
            return 0
        update = Update(self.project.out, files, paths) if paths else None
        self.site.changed.clear()
        only_styles = bool(paths) and not self.state.problems and all(path.endswith(".css") for path in paths)
        reload_path = min(paths) if only_styles else "*"  # livereload.js swaps a stylesheet without a reload

        def apply() -> None:
            if update:
                update.apply()
            if reload:
                self.state.publish([], reload_path, stale)
            else:
                self.state.settle()

        try:
            self._on_loop(apply)
        finally:
            if update:
                update.discard()
        self.disk_known = True
        return len(paths)

    def _build(self, first: set[str] = frozenset()) -> tuple[Files | None, list[str]]:
        try:
            return self.site.build(first), []
        except ContentError as err:
            return None, [str(problem) for problem in err.problems]
        except Exception as err:  # a bug, not bad content: keep serving, and start afresh next time
            traceback.print_exc()
            self.site = IncrementalBuild(self.site.project, self.config_path)
            self.disk_known = False
            return None, [f"jizhu: internal error: {type(err).__name__}: {err} (traceback in the terminal)"]

    def _on_loop(self, action: Callable[[], T]) -> T | None:
        """Run `action` on the server's loop thread and wait for it; None if the server stops first."""
        done: Future = Future()

        def run() -> None:
            try:
                done.set_result(action())
            except BaseException as err:
                done.set_exception(err)

        self._loop.add_callback(run)
        while not self._stopping.is_set():
            try:
                return done.result(timeout=0.5)
            except TimeoutError:
                continue
        return None

    def _report_failure(self, problems: list[str], started: float) -> None:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"build failed ({(time.perf_counter() - started) * 1000:.0f} ms): the browser shows the problems; "
              "site/ is unchanged", file=sys.stderr)
