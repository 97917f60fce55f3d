"""`jizhu serve`: build, serve site/ on loopback, and after every save rebuild and update the browser.

How a save reaches the browser:
1. `watch.ChangeFeed`: the kernel reports the saved file (inotify, through
   watchfiles) and the feed hands it over 5 to 10 ms later, with anything
   else saved meanwhile.
2. `incremental.OpenPages`: the pages open in a browser that the save changes
   (livereload's handshake tells the server each page's URL) are made at once
   in this process, written into site/, and only those pages are told; each
   fetches itself again and updates the changed part in place (live.js). A page
   that connects while the site build runs (it was loading, or reloading, as the
   save came in) is made then.
3. `background.SiteBuilds`: the full streamed build, in a child process, makes
   the rest (the other script, share pages, export, index pages), using the
   cache; meanwhile a request for a file it may change waits for it. When it
   is done every open page is told, and a page it did not change stays as it is.
A save during that build makes another one after it: the last save is always
the last thing built. A failed build publishes its problems instead (the
server then answers page requests with the error page) and leaves site/ alone.
"""
from __future__ import annotations

import ipaddress
import os
import shutil
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

from ..build.project import ASSETS, Project
from ..errors import ContentError
from .background import Outcome, SiteBuilds
from .incremental import Change, OpenPages
from .preview_server import EventWatcher, PreviewServer, PreviewState, Stale, loopback_hosts, normalize_base_path
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


class Preview:
    """Keeps the served site in step with the sources: the open pages at once, the rest in the background."""

    def __init__(self, project: Project, config_path: Path, feed: ChangeFeed, base_path: str = "/"):
        self.project = project
        self.feed = feed
        self.pages = OpenPages(project, config_path)
        self.builds = SiteBuilds(project)
        self.state = PreviewState(base_path)
        self.due = False
        """Something changed since the running site build started (or none runs): another one is due."""
        self.made: dict[str, str] = {}
        """Open pages written since the running site build began, and not changed since by a save: that
        build may have read their transcript before the save, and put an older copy in place."""
        self.connected: set[object] = set()
        """The livereload connections of the open pages, when last looked at."""
        self.fresh: set[str] = set()
        """Open pages made since the last save: up to date, not to be made again as they reconnect."""
        self.batch: list[str] = []
        """What the saves since the site was last up to date touched, for the terminal."""
        self.first_shown: float | None = None
        self.started: float | None = None
        self._loop: IOLoop | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def first_build(self) -> None:
        """Before the server runs: the full streamed build (fast when the cache is warm), in a child."""
        print(f"building {self.project.content}/ …", file=sys.stderr)
        started = time.perf_counter()
        self.builds.start(background=False)
        outcome = self.builds.wait()
        self.state.number, self.state.problems = 1, outcome.problems
        if outcome.error:
            print(outcome.error, file=sys.stderr)
        if outcome.problems:
            self._report_failure(outcome.problems, started)
            return
        print(f"built {outcome.transcripts} transcript(s) in {(time.perf_counter() - started) * 1000:.0f} ms "
              f"({outcome.cpu:.1f} s of CPU)", file=sys.stderr)

    def follow(self, loop: IOLoop) -> None:
        """From now on, rebuild after each batch of changes and publish on `loop`."""
        self._loop = loop
        self._thread = threading.Thread(target=self._follow, name="jizhu rebuild", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.builds.stop()

    def _follow(self) -> None:
        opened: set[str] = set()
        self.pages.prepare()
        while not self._stopping.is_set():
            changed = self.feed.take(timeout=POLL_S if self.builds.running else IDLE_POLL_S)
            try:
                if changed:
                    self.update(changed)
                outcome = self.builds.poll()
                if outcome is not None:
                    self._site_built(outcome)
                if self.due and not self.builds.running:
                    self.due = False
                    self.made.clear()  # the build reads the sources from now on: as new as any page made before
                    self.builds.start()
                shown = self.catch_up()
                slugs = {page.slug for page in self.pages.affected(shown, EVERY_PAGE)}
                if slugs - opened and not changed:
                    self.pages.warm(slugs - opened)  # a page just opened: its first save as quick as the next
                opened = slugs
            except Exception:  # a bug: say so and keep following
                traceback.print_exc()

    def catch_up(self) -> set[str]:
        """The pages that connected since last asked, if a site build runs: made now if a save since the
        site was last built changed them. A page loading (or reloading) as a save came in was not open to
        be made with it, and would otherwise keep the older copy until the site build ends, which after a
        template change is as long as a first build. The files open pages show."""
        shown = self.state.shown_by_connection()
        arrived = {file for connection, file in shown.items() if connection not in self.connected}
        self.connected = set(shown)
        if arrived and self.builds.running and not self.state.problems:  # else: up to date, or the error page
            self._make_missed(arrived)
        return set(shown.values())

    def _make_missed(self, files: set[str]) -> None:
        missed = [page for page in self.pages.affected(files, EVERY_PAGE) if page.path not in self.fresh]
        if not missed:
            return
        try:
            made = self.pages.make(missed)
        except ContentError:
            return  # a save since has problems: the next update shows them
        written = self._write(made)
        self.made |= made
        self.fresh |= set(made)
        if written:
            self._on_loop(lambda: self.state.publish([], pages=written, stale=self.state.stale))
            print(f"shown {listed(written)} as it connected", file=sys.stderr)

    def update(self, changed: set[Path]) -> None:
        """One batch of changes: the open pages it changes made and shown now, a site build after."""
        started = time.perf_counter()
        change = self.pages.classify(changed)
        self.batch += sorted(change.slugs) or (["everything"] if change.pages else ["assets"] if change.assets else [])
        self.started = self.started or started
        self.due = True
        try:
            self.pages.invalidate(change)  # reads the configuration again if it changed
            self.builds.project = self.pages.project
            made = self.pages.make(self.pages.affected(self.state.shown_files(), change))
        except ContentError as err:
            problems = [str(problem) for problem in err.problems]
            if problems != self.state.problems or not self.state.settled.is_set():
                self._on_loop(lambda: self.state.publish(problems))
            self._report_failure(problems, started)
            return
        written = self._write(made)
        for outdated in self.pages.affected(set(self.made) - set(made), change):  # closed since: not made again
            del self.made[outdated.path]
        self.made |= made
        self.fresh = set(made)
        copied = copy_assets(self.project.templates / ASSETS, self.project.out / ASSETS, change.assets)
        stale = waiting_for(change, self.pages.script_keys(), set(made))
        fixed = tuple(f"{self.project.content / slug}/" for slug in change.slugs)
        left = [problem for problem in self.state.problems if not problem.startswith(fixed)]
        if left:
            pass  # problems elsewhere still stand: the site build says whether they are gone
        elif self.state.problems and made:  # the problems shown were in what is made now: the site is back
            self._on_loop(lambda: self.state.publish([], stale=stale))
        elif written:
            self._on_loop(lambda: self.state.publish([], pages=written, stale=stale))
        elif stale:
            self._on_loop(lambda: self.state.hold(stale))
        if written and not left:
            self.first_shown = self.first_shown or time.perf_counter()
            print(f"shown {listed(written)} after {(time.perf_counter() - started) * 1000:.0f} ms", file=sys.stderr)
        if copied and not self.state.problems:
            self._on_loop(lambda: self.state.publish([], path=min(copied), stale=stale))

    def _site_built(self, outcome: Outcome) -> None:
        """A site build ended: the open pages made meanwhile put back if it wrote older ones (and the
        pages showing them told again), then, unless another build is due, every page told."""
        put_back = self._write(self.made)
        if outcome.error:
            print(outcome.error, file=sys.stderr)
        if self.due:  # changed meanwhile: the next build is the one to show
            # a page fetched between its swap and now got the build's older copy: told again, unless
            # problems stand (every page is their error page; told, it would only load that again)
            if put_back and not self.state.problems:
                self._on_loop(lambda: self.state.publish(self.state.problems, pages=put_back, stale=self.state.stale))
            return
        self.made.clear()
        self.fresh.clear()
        started, self.started = self.started, None
        if outcome.problems:
            # the pages show these problems already (the save's own update found them): told again, each
            # would reload the error page a second time
            if outcome.problems != self.state.problems or not self.state.settled.is_set():
                self._on_loop(lambda: self.state.publish(outcome.problems))
            self._report_failure(outcome.problems, started or time.perf_counter())
            return
        self._on_loop(lambda: self.state.publish([]))
        took = f"{(time.perf_counter() - started) * 1000:.0f} ms" if started else "?"
        shown = f" (open pages shown after {(self.first_shown - started) * 1000:.0f} ms)" if self.first_shown else ""
        print(f"rebuilt {', '.join(dict.fromkeys(self.batch)) or 'nothing'} in {took}{shown}; "
              f"the last site build took {outcome.cpu:.1f} s of CPU", file=sys.stderr)
        self.batch, self.first_shown = [], None

    def _write(self, made: dict[str, str]) -> set[str]:
        """Write the pages made ({site path: text}) into site/ (`write_if_changed`); the paths written."""
        return {path for path, text in made.items() if write_if_changed(self.project.out / path, text)}

    def report(self, slug: str) -> str | None:
        """A conversion report page (`OpenPages.report`), for the server."""
        try:
            return self.pages.report(slug)
        except ContentError:
            return None

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


POLL_S = 0.02
"""How often the end of a running site build is looked for."""
IDLE_POLL_S = 0.2
EVERY_PAGE = Change(templates=True)


def listed(paths: set[str]) -> str:
    """Site paths for the terminal, a folder's index.html as the folder."""
    return ", ".join(path.removesuffix("index.html") for path in sorted(paths))


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` to `path` through a new file renamed over it (a request sees the old file or the new,
    never part of one), unless it holds that already; whether it wrote."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.preview")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return True


def copy_assets(assets: Path, out: Path, changed: set[str]) -> list[str]:
    """Copy the theme's changed files into site/assets/ at once (the site build records them after);
    their site paths."""
    copied = []
    for relative in sorted(changed):
        source = assets / relative
        if source.is_file():
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.preview")
            shutil.copyfile(source, temporary)
            os.replace(temporary, target)
            copied.append(f"{ASSETS}/{relative}")
    return copied


def waiting_for(change: Change, scripts: set[str], made: set[str]) -> Stale:
    """What a request must wait for while the site build runs: the changed transcripts' other files and
    the index pages. Nothing after a change to every page: that build takes as long as a first build,
    and the old files are better than such a wait."""
    if change.pages or not change.slugs:
        return Stale()
    paths = {"data/search/", "sitemap.xml"} | {f"data/{slug}.json" for slug in change.slugs}
    for script in scripts:
        paths |= {f"{script}/index.html", f"{script}/search/"} | {f"{script}/{slug}/" for slug in change.slugs}
    return Stale(frozenset(paths), frozenset(made))
