"""The preview's HTTP side: livereload's server, serving site/ the way GitHub Pages will.

livereload's `Server` runs the Tornado loop, its `LiveReloadHandler` keeps a
websocket to every open page and its `livereload.js` (served from the package,
nothing from the network) reloads the page when told. On top of that:

- the site is mounted at the base path only (`/repo/` for a project site), a
  folder without its slash is redirected and a missing file gets the site's
  404.html, as on Pages, so a link that breaks there breaks here;
- while the build fails, every page request gets the error page instead, and
  the other files the last good site;
- only requests for the preview's own address are answered (Host 127.0.0.1,
  localhost or [::1] with its port, unless `--host` chose another), and only
  its own pages may open livereload's websocket (same origin): a page of any
  other site, even one whose name was made to resolve to 127.0.0.1 (DNS
  rebinding), can neither read drafts nor trigger reloads;
- every page says which build it shows (a livereload plugin reports it when
  the page connects), and a page that connects showing an older build than
  the current one is reloaded at once. Without that, a rebuild that finishes
  while a page is still loading (and so not yet connected) is a lost edit:
  the page keeps the previous content until the next save.

Everything that changes what is served (the renames of `staging.Update.apply`,
then `PreviewState.publish`) runs on the loop's thread, between two requests,
so a request sees the site and its build number from before a rebuild or from
after it, never a mixture. When a build is published in two steps (the pages
being edited first), a request for a file the second step may still change
waits for it.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
import re
import secrets
import socket
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.locks import Event
from tornado.websocket import WebSocketHandler

from .error_page import error_page

REPORTS = "_report"
"""Where the preview serves the conversion reports (`check`'s): `_report/` lists them, `_report/<slug>/`
is one. Slugs never start with "_", so no transcript can be there."""
PLUGIN = "jizhu"
"""The livereload plugin that tells the server which build a page shows."""
NOT_FOUND_PAGE = "404.html"
BUILD_HEADER = "X-Jizhu-Build"


@dataclass(frozen=True, slots=True)
class Stale:
    """The files a running site build may still change: a request for one waits for it."""

    paths: frozenset[str] = frozenset()
    """Site files, and folders (ending in "/") all of whose files are stale."""
    fresh: frozenset[str] = frozenset()
    """Files under those already made anew (the open pages)."""

    def __contains__(self, file: str) -> bool:
        if file in self.fresh:
            return False
        return any(file == path or (path.endswith("/") and file.startswith(path)) for path in self.paths)


class PreviewState:
    """Which build is served, the problems that stopped the latest one (none when it succeeded), and
    which files the site build still running may change. Changed on the loop thread only."""

    def __init__(self, base_path: str = "/") -> None:
        self.base_path = base_path
        self.session = secrets.token_hex(4)
        """Differs between runs of the server: a page left open across a restart reloads too."""
        self.number = 0
        self.problems: list[str] = []
        self.stale = Stale()
        self.settled = Event()
        """Clear while a site build runs whose files requests wait for."""
        self.settled.set()
        self.open_pages: dict[object, str] = {}
        """URL path of the page behind each livereload connection."""

    @property
    def build(self) -> str:
        return f"{self.session}-{self.number}"

    def publish(self, problems: list[str], path: str = "*", pages: set[str] | None = None,
                stale: Stale | None = None) -> None:
        """A new build is served: count it, and tell the pages showing one of `pages` (site files), or
        every page. With `stale`, the site build that makes the rest is still running."""
        self.number += 1
        self.problems = problems
        if stale is None:
            self.settle()
        else:
            self.hold(stale)
        message = reload_message(path)
        for waiter, file in self.waiters():
            if pages is None or file in pages:
                waiter.send_message(message)

    def hold(self, stale: Stale) -> None:
        """Until `settle`, requests for these files wait."""
        self.stale = stale
        if stale.paths:
            self.settled.clear()

    def settle(self) -> None:
        """The site build is done: requests that waited go on."""
        self.stale = Stale()
        self.settled.set()

    def waiters(self) -> list[tuple[LiveReloadHandler, str | None]]:
        """Each livereload connection, with the site file its page shows (None: not said yet)."""
        return [(waiter, site_file(self.open_pages[waiter], self.base_path) if waiter in self.open_pages else None)
                for waiter in list(LiveReloadHandler.waiters)]

    def shown_files(self) -> set[str]:
        """The files of the site (index.html for a folder) that open pages show: what a rebuild makes first."""
        return set(self.shown_by_connection().values())

    def shown_by_connection(self) -> dict[object, str]:
        """The site file each open page shows (index.html for a folder), by its livereload connection.
        Read from the rebuild thread: copying a dict is one step under the GIL."""
        files = ((connection, site_file(path, self.base_path)) for connection, path in list(self.open_pages.items()))
        return {connection: file for connection, file in files if file is not None}

    def may_change(self, path: str) -> bool:
        """Whether a request must wait for the site build: a file it may still change."""
        if self.settled.is_set():
            return False
        return (f"{path}index.html" if path == "" or path.endswith("/") else path) in self.stale


def site_file(url_path: str, base_path: str) -> str | None:
    """The site's file a page's URL path shows (index.html for a folder); None outside the base path."""
    if not url_path.startswith(base_path):
        return None
    relative = url_path[len(base_path):]
    return f"{relative}index.html" if relative == "" or relative.endswith("/") else relative


def reload_message(path: str = "*") -> dict:
    """livereload's command to reload a page ("*": live.js brings it up to date in place), or a stylesheet
    or an image in place, as `LiveReloadHandler.reload_waiters` sends it."""
    return {"command": "reload", "path": path, "liveCSS": True, "liveImg": True}


class BuildAwareReloadHandler(LiveReloadHandler):
    """livereload's websocket handler; a page that connects showing an old build is reloaded at once."""

    def initialize(self, state: PreviewState) -> None:
        self.state = state

    def check_origin(self, origin: str) -> bool:
        """Only the preview's own pages (livereload accepts any site's): Tornado's same-origin check."""
        return WebSocketHandler.check_origin(self, origin)

    def on_message(self, message: str | bytes) -> None:
        super().on_message(message)
        hello = json.loads(message)
        if hello.get("command") != "info":
            return
        if isinstance(hello.get("url"), str):
            self.state.open_pages[self] = unquote(urlsplit(hello["url"]).path)
        shown = (hello.get("plugins") or {}).get(PLUGIN, {}).get("build")
        if shown is not None and shown != self.state.build:
            self.send_message(reload_message())


    def on_close(self) -> None:
        super().on_close()
        self.state.open_pages.pop(self, None)


LIVE_JS = (Path(__file__).parent / "live.js").read_text(encoding="utf-8")


def page_scripts(build: str, port: int) -> bytes:
    """Put in every HTML page: the build it shows and live.js (a livereload plugin), then livereload.js
    from this server. Marked, so that live.js leaves them out when it compares two versions of a page."""
    return (f'<script data-jizhu-preview>window.jizhuPreview={{build:{json.dumps(build)}}};\n{LIVE_JS}</script>'
            f'<script data-jizhu-preview src="/livereload.js?port={port}" async></script>').encode()


def is_page(path: str) -> bool:
    """A request for a page rather than a stylesheet, script or image: a folder, .html, or no extension."""
    name = path.rsplit("/", 1)[-1]
    return name == "" or name.endswith(".html") or "." not in name


class SiteHandler(StaticFileHandler):
    """The built site under the base path, as GitHub Pages serves it; the error page while the build fails."""

    def initialize(self, path: str, state: PreviewState) -> None:
        super().initialize(path, default_filename="index.html")
        self.state = state

    async def get(self, path: str, include_body: bool = True) -> None:
        if "\x00" in path:  # no file has a NUL in its name; the OS would refuse the name with an error
            raise web.HTTPError(404)
        if self.state.may_change(path):
            await self.state.settled.wait()
        if self.state.problems and is_page(path):
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-cache")
            self.finish(error_page(self.state.problems) if include_body else None)
            return
        await super().get(path, include_body)

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        """Pages serves `page.html` for `/page` as well."""
        if not os.path.exists(absolute_path) and os.path.isfile(absolute_path + ".html"):
            absolute_path += ".html"
        return super().validate_absolute_path(root, absolute_path)

    def get_content_type(self) -> str:
        """UTF-8 said in the header, as GitHub Pages says it."""
        found = super().get_content_type()
        return f"{found}; charset=utf-8" if found == "text/html" else found

    def set_extra_headers(self, path: str) -> None:
        """Always ask again: a stylesheet the browser keeps from before a rebuild would show old styles.
        A page says which build it is from (live.js, updating a page in place, reports it)."""
        self.set_header("Cache-Control", "no-cache")
        self.set_header(BUILD_HEADER, self.state.build)

    def write_error(self, status_code: int, **kwargs) -> None:
        page = Path(self.root) / NOT_FOUND_PAGE
        if status_code == 404 and page.is_file():
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(page.read_bytes())
        else:
            super().write_error(status_code, **kwargs)


class ReportHandler(web.RequestHandler):
    """A conversion report page, made when asked for on a worker thread, so the site goes on being served."""

    def initialize(self, reports: Callable[[str], str | None]) -> None:
        self.reports = reports

    async def get(self, slug: str | None) -> None:
        page = await IOLoop.current().run_in_executor(None, self.reports, slug or "")
        if page is None:
            raise web.HTTPError(404)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish(page)


class OutsideBaseHandler(web.RequestHandler):
    """Anything outside the base path: not part of a project site on Pages either."""

    def initialize(self, base_path: str) -> None:
        self.base_path = base_path

    def prepare(self) -> None:
        raise web.HTTPError(404)

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code}: the preview serves the site under {self.base_path}, "
                    "as GitHub Pages will; nothing is outside it.\n")


class ForeignHostHandler(web.RequestHandler):
    """A request naming another host than the preview's: a page on another site reaching the preview
    through DNS rebinding (evil.example resolving to 127.0.0.1) to read unpublished drafts."""

    def initialize(self, url: str) -> None:
        self.url = url

    def prepare(self) -> None:
        raise web.HTTPError(403)

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code}: the preview answers only requests for its own address, {self.url} "
                    "(serve with --host to accept others).\n")


class HostCheckedApplication(web.Application):
    """A Tornado application that answers only requests whose Host header is one of `hosts`
    (None: any, when the preview was deliberately served on another address with --host)."""

    def __init__(self, routes: list, hosts: set[str] | None, url: str, **settings) -> None:
        super().__init__(routes, **settings)
        self.hosts = hosts
        self.url = url

    def find_handler(self, request, **kwargs):  # noqa: ANN001, ANN201 (Tornado's own signature)
        if self.hosts is not None and request.host.lower() not in self.hosts:
            return self.get_handler_delegate(request, ForeignHostHandler, {"url": self.url})
        return super().find_handler(request, **kwargs)


def loopback_hosts(port: int) -> set[str]:
    """The Host headers of the preview's own address: 127.0.0.1, localhost and [::1], with the port (which
    a browser leaves out only for port 80)."""
    names = ("127.0.0.1", "localhost", "[::1]")
    return {f"{name}:{port}" for name in names} | (set(names) if port == 80 else set())


class EventWatcher(Watcher):
    """A livereload watcher that never polls: `started` runs when the server starts its loop and is
    handed that loop; whatever it starts watches the files and calls `PreviewState.publish` on it."""

    def __init__(self, folders: list[Path], started: Callable[[IOLoop], None]):
        super().__init__()
        for folder in folders:  # listed as livereload's tasks, else it would add the working directory
            self.watch(str(folder))
        self.started = started

    def start(self, callback: Callable[[], None]) -> bool:
        self.started(IOLoop.current())
        return True  # True: livereload must not poll (its poll would also skip changes within 3 s)


class PreviewServer(Server):
    """livereload's Server, with the site mounted at the base path and build-aware reloading."""

    def __init__(self, out: Path, base_path: str, state: PreviewState, watcher: EventWatcher,
                 reports: Callable[[str], str | None] = lambda slug: None, sockets: list[socket.socket] = (),
                 hosts: set[str] | None = None, url: str = ""):
        super().__init__(watcher=watcher)
        self.out = out
        self.base_path = base_path
        self.state = state
        self.reports = reports
        self.sockets = list(sockets)
        """Bound before the first build (`serve.bind`), so a port in use is found before site/ is written."""
        self.hosts = hosts
        self.url = url

    def application(self, port: int, host: str, liveport: int | None = None, debug: bool | None = None,
                    live_css: bool = True) -> None:
        """Replaces `Server.application`: the same livereload handlers and script injection, with this
        server's own routes (one port only, no Tornado debug mode)."""
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        state = self.state

        class PageScripts(LiveScriptInjector):
            @property
            def script(self) -> bytes:
                return page_scripts(state.build, port)

        base = re.escape(self.base_path)
        routes: list = [
            (r"/livereload", BuildAwareReloadHandler, {"state": state}),
            (r"/livereload\.js", LiveReloadJSHandler),
            (rf"{base}{REPORTS}/(?:([^/]+)/)?", ReportHandler, {"reports": self.reports}),
            (rf"{base}(.*)", SiteHandler, {"path": str(self.out.resolve()), "state": state}),
        ]
        if self.base_path != "/":
            routes.append((base.rstrip("/"), web.RedirectHandler, {"url": self.base_path}))
        routes.append((r".*", OutsideBaseHandler, {"base_path": self.base_path}))
        app = HostCheckedApplication(routes, self.hosts, self.url, transforms=[PageScripts])
        if self.sockets:
            HTTPServer(app).add_sockets(self.sockets)
        else:
            app.listen(port, address=host)


def normalize_base_path(base_path: str) -> str:
    """"/repo/" for "repo", "/repo" or "/repo/"; "/" for the domain root."""
    inner = base_path.strip("/")
    return f"/{inner}/" if inner else "/"
