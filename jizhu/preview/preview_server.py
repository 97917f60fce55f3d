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


class PreviewState:
    """Which build is served, the problems that stopped the latest one (none when it succeeded), and
    which files it has yet to bring up to date. Changed on the loop thread only."""

    def __init__(self, base_path: str = "/") -> None:
        self.base_path = base_path
        self.session = secrets.token_hex(4)
        """Differs between runs of the server: a page left open across a restart reloads too."""
        self.number = 0
        self.problems: list[str] = []
        self.stale: set[str] = set()
        """Files the first step of a build left as they were (`IncrementalBuild.stale_paths`)."""
        self.settled = Event()
        """Clear between the two steps of a build."""
        self.settled.set()
        self.open_pages: dict[object, str] = {}
        """URL path of the page behind each livereload connection."""

    @property
    def build(self) -> str:
        return f"{self.session}-{self.number}"

    def publish(self, problems: list[str], reload_path: str = "*", stale: set[str] | None = None) -> None:
        """A new build is served, all of it or (with `stale`) its first step: count it, tell every page."""
        self.number += 1
        self.problems = problems
        self.stale = stale or set()
        if stale is None:
            self.settled.set()
        else:
            self.settled.clear()
        LiveReloadHandler.reload_waiters(reload_path)

    def shown_files(self) -> set[str]:
        """The files of the site (index.html for a folder) that open pages show: what a rebuild makes first.
        Read from the rebuild thread: copying a dict of strings is one step under the GIL."""
        files = set()
        for path in list(self.open_pages.values()):
            if path.startswith(self.base_path):
                relative = path[len(self.base_path):]
                files.add(f"{relative}index.html" if relative == "" or relative.endswith("/") else relative)
        return files

    def settle(self) -> None:
        """The stale files are up to date now: requests that waited for them go on."""
        self.stale = set()
        self.settled.set()

    def may_change(self, path: str, root: str) -> bool:
        """Whether a request must wait for the build's second step: a stale file, or one not made yet."""
        if self.settled.is_set():
            return False
        file = f"{path}index.html" if path == "" or path.endswith("/") else path
        return file in self.stale or not os.path.isfile(os.path.join(root, file))


def reload_message() -> dict:
    """livereload's command to reload a page, as `LiveReloadHandler.reload_waiters` sends it."""
    return {"command": "reload", "path": "*", "liveCSS": LiveReloadHandler.live_css, "liveImg": True}


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


def page_scripts(build: str, port: int) -> bytes:
    """Put in every HTML page: the plugin reporting its build, then livereload.js from this server."""
    plugin = (f"window.LiveReloadPluginJizhu=function(){{}};"
              f"LiveReloadPluginJizhu.identifier={json.dumps(PLUGIN)};LiveReloadPluginJizhu.version=\"1\";"
              f"LiveReloadPluginJizhu.prototype.analyze=function(){{return {{build:{json.dumps(build)}}}}};")
    return f'<script>{plugin}</script><script src="/livereload.js?port={port}" async></script>'.encode()


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
        if self.state.may_change(path, self.root):
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

    def set_extra_headers(self, path: str) -> None:
        """Always ask again: a stylesheet the browser keeps from before a rebuild would show old styles."""
        self.set_header("Cache-Control", "no-cache")

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
