"""The preview, `build.py serve`: a real server on a free port, real edits, a real browser.

The server runs as a subprocess in a copy of the project (content, templates
and the sample as a second transcript), under a GitHub Pages-style base path.
Timing is not asserted here (bench/preview_latency.py measures it); every wait
is bounded, and every server is stopped with Ctrl-C (SIGINT) as a user would.
"""
from __future__ import annotations

import asyncio
import gc
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import weakref
from pathlib import Path
from types import SimpleNamespace

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from jizhu.preview.error_page import error_page
from jizhu.errors import Problem
from jizhu.preview.background import BACKGROUND_NICENESS, Outcome, SiteBuilds
from jizhu.preview.incremental import OpenPages
from jizhu.preview.preview_server import PreviewState, Stale
from jizhu.preview.serve import Preview, is_loopback
from jizhu.build.pipeline import build_site
from jizhu.build.project import ASSETS, Project
from jizhu.preview.watch import ChangeFeed, Watched
from corpus_cases import require_shared
from site_fixture import ROOT, SAMPLE, SAMPLE_SLUG, SEED_SLUG
from webcheck import require_vnu, validate_html

BASE = "/repo/"
SEED_PAGE = f"zh-hant/{SEED_SLUG}/"
GOOD = "問:你好嗎?\n黃仁勳:很好。\n問:然後呢?\n黃仁勳:沒有了。\n"
TIMEOUT = 20
"""Seconds any one wait may take on a loaded machine before the test fails."""
STARTUP_TIMEOUT = 3 * TIMEOUT
"""For the first build, a whole build of the site."""


def make_project(base: Path, sample: bool = True) -> Path:
    shutil.copytree(ROOT / "content", base / "content")
    shutil.copytree(ROOT / "templates", base / "templates")
    if sample:
        require_shared()
        (base / "content" / SAMPLE_SLUG).mkdir()
        shutil.copy(SAMPLE, base / "content" / SAMPLE_SLUG / "transcript.txt")
    return base


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`python build.py serve` in a project folder; its terminal output collected line by line."""

    def __init__(self, project: Path, *args: str, preexec_fn=None):
        self.project = project
        self.port = free_port()
        self.log: list[str] = []
        self.process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(self.port),
                                         *args], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        text=True, preexec_fn=preexec_fn)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            self.wait_for_log("serving ", timeout=STARTUP_TIMEOUT)
        except AssertionError:
            self.process.kill()  # not left running behind a failed test
            raise

    def _read(self) -> None:
        for line in self.process.stderr:
            self.log.append(line.rstrip("\n"))

    def wait_for_log(self, text: str, after: int = 0, timeout: float = TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in self.log[after:] if text in line]
            if found:
                return found[0]
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"no {text!r} in the server's output:\n" + "\n".join(self.log))

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}{BASE}{path}"

    def stop(self, signum: int = signal.SIGINT) -> int:
        self.process.send_signal(signum)
        try:
            code = self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        self._reader.join(timeout=TIMEOUT)  # its last lines read
        return code


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    """Status, headers and text of one GET, redirects not followed."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=TIMEOUT) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8")


def shown_build(server: Server, path: str = SEED_PAGE) -> str:
    """The build a page says it shows (the livereload plugin the server puts in it)."""
    return re.search(r'build:"([^"]+)"', fetch(server.url(path))[2]).group(1)


def marked(text: str, marker: str) -> str:
    """`marker` (Latin letters and digits: the same in every script) put in the middle of a paragraph line."""
    lines = text.split("\n")
    number = next(i for i, line in enumerate(lines) if i > 10 and len(line) > 60)
    middle = len(lines[number]) // 2
    lines[number] = lines[number][:middle] + marker + lines[number][middle:]
    return "\n".join(lines)


def save(path: Path, text: str) -> None:
    """Save as editors do: a new file (written outside the watched folders) renamed over the old one."""
    project = next(folder for folder in path.parents if (folder / "content").is_dir())
    new = project / ".saving"
    new.write_text(text, encoding="utf-8")
    new.replace(path)


def edit(path: Path, marker: str) -> None:
    save(path, marked(path.read_text(encoding="utf-8"), marker))


class LiveReloadClient:
    """What livereload.js does in a page, in a thread: the handshake, then every message the server sends."""

    def __init__(self, server: Server, build: str, page: str = SEED_PAGE):
        self.messages: queue.Queue[dict] = queue.Queue()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=asyncio.run, args=(self._talk(server, build, page),), daemon=True)
        self._thread.start()
        assert self._ready.wait(TIMEOUT), "the livereload handshake did not finish"

    async def _talk(self, server: Server, build: str, page: str) -> None:
        connection = await websocket_connect(f"ws://127.0.0.1:{server.port}/livereload")
        await connection.write_message(json.dumps({"command": "hello",
                                                   "protocols": ["http://livereload.com/protocols/official-7"]}))
        assert json.loads(await connection.read_message())["command"] == "hello"
        await connection.write_message(json.dumps({"command": "info", "url": server.url(page),
                                                   "plugins": {"jizhu": {"build": build, "version": "1"}}}))
        self._connection = connection
        self._loop = asyncio.get_running_loop()
        self._ready.set()
        while (message := await connection.read_message()) is not None:
            self.messages.put(json.loads(message))

    def next(self, timeout: float = TIMEOUT) -> dict:
        return self.messages.get(timeout=timeout)

    def close(self) -> None:
        """Closed as a page closes: the server no longer counts it as open."""
        self._loop.call_soon_threadsafe(self._connection.close)
        self._thread.join(TIMEOUT)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(make_project(tmp_path_factory.mktemp("preview")), "--base-path", BASE)
    yield running
    assert running.stop() == 0, "\n".join(running.log)
    assert not (running.project / "content" / SAMPLE_SLUG / "ids.toml").exists()  # the preview writes no ledger


@pytest.fixture
def page(browser, server):
    """The seed's page in Chromium (the run's one browser, from conftest), once livereload.js has connected."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT * 1000)
    context.add_init_script("document.addEventListener('LiveReloadConnect', () => { window.connected = true; });")
    opened = context.new_page()
    opened.goto(server.url(SEED_PAGE))
    opened.wait_for_function("window.connected === true")
    yield opened
    context.close()


def wait_until_shown(page, text: str) -> None:
    """Wait, across reloads, for the page to show `text` (between two documents there is no body yet)."""
    page.wait_for_function("text => (document.body?.innerText ?? '').includes(text)", arg=text)


def transcript(server: Server, slug: str = SEED_SLUG) -> Path:
    return server.project / "content" / slug / "transcript.txt"


# --- the server, its pages and its reload messages -------------------------------------------

def test_a_save_reloads_connected_pages_and_rebuilds_only_that_transcript(server: Server) -> None:
    client = LiveReloadClient(server, shown_build(server))
    logged = len(server.log)
    edit(transcript(server), "SAVEDONCE")
    assert client.next()["command"] == "reload"
    client.close()
    assert "SAVEDONCE" in fetch(server.url(SEED_PAGE))[2]
    # made a moment after the open page: a request for them waits for that, never gets the old one
    assert "SAVEDONCE" in fetch(server.url(f"zh-hans/{SEED_SLUG}/"))[2]
    assert "SAVEDONCE" in fetch(server.url(f"data/{SEED_SLUG}.json"))[2]
    rebuilt = server.wait_for_log("rebuilt ", after=logged)
    assert SEED_SLUG in rebuilt and SAMPLE_SLUG not in rebuilt  # the other transcript is not rendered again
    assert "open pages shown after" in rebuilt  # the page the client said it shows was made first


def test_a_page_that_connects_showing_an_old_build_is_reloaded_at_once(server: Server) -> None:
    """A save finished while the page was loading, before it connected: it must not be a lost edit."""
    stale = LiveReloadClient(server, build="an-older-build")
    assert stale.next()["command"] == "reload"
    stale.close()
    current = LiveReloadClient(server, build=shown_build(server))
    with pytest.raises(queue.Empty):
        current.next(timeout=0.5)
    current.close()


def test_the_site_is_served_under_the_base_path_as_on_github_pages(server: Server) -> None:
    root = f"http://127.0.0.1:{server.port}"
    status, headers, _ = fetch(f"{root}/repo")
    assert status == 301 and headers["Location"] == BASE
    assert fetch(f"{root}/")[0] == 404
    assert fetch(f"{root}/zh-hant/")[0] == 404  # a link that forgets the base path breaks here too
    assert fetch(server.url("zh-hant"))[0] == 301
    status, _, text = fetch(server.url("no-such-page/"))
    assert status == 404 and text.startswith((server.project / "site" / "404.html").read_text(encoding="utf-8")[:40])
    status, headers, text = fetch(server.url(SEED_PAGE))
    assert status == 200 and 'src="/livereload.js?port=' in text
    assert "http" not in re.search(r"<script data-jizhu-preview>.*?</script>", text, re.S).group(0)
    status, headers, text = fetch(f"{root}/livereload.js")
    assert status == 200 and "javascript" in headers["Content-Type"] and "LiveReload" in text
    status, _, text = fetch(server.url("_report/"))  # the conversion reports, as `check` prints them
    assert status == 200 and "轉換報告" in text and f'href="{SEED_SLUG}/"' in text and 'src="/livereload.js' in text
    status, _, text = fetch(server.url(f"_report/{SEED_SLUG}/"))
    assert status == 200 and "見麵會" in text and "見面會" in text
    assert fetch(server.url("_report/no-such-transcript/"))[0] == 404


def fetch_as(url: str, headers: dict[str, str]) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=TIMEOUT) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def test_only_requests_for_the_preview_s_own_address_are_answered(server: Server) -> None:
    """DNS rebinding: a page of evil.example, its name now resolving to 127.0.0.1, must not read drafts."""
    page = server.url(SEED_PAGE)
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}", f"[::1]:{server.port}",
                 f"LOCALHOST:{server.port}"):
        assert fetch_as(page, {"Host": host}) == 200, host
    for host in (f"evil.example:{server.port}", "localhost", f"localhost:{server.port + 1}", f"127.0.0.1.evil.example:{server.port}"):
        assert fetch_as(page, {"Host": host}) == 403, host
    assert fetch_as(server.url("_report/"), {"Host": f"evil.example:{server.port}"}) == 403


@pytest.mark.parametrize(("origin", "accepted"), [
    ("http://evil.example", False), ("null", False), ("http://127.0.0.1:{port}", True),
])
def test_only_the_preview_s_own_pages_may_open_its_websocket(server: Server, origin: str, accepted: bool) -> None:
    async def connect() -> None:
        request = HTTPRequest(f"ws://127.0.0.1:{server.port}/livereload",
                              headers={"Origin": origin.format(port=server.port)})
        connection = await websocket_connect(request)
        connection.close()

    outcome: list[BaseException | None] = []

    def run() -> None:  # in a thread of its own: Playwright's loop may be running in this one
        try:
            asyncio.run(connect())
            outcome.append(None)
        except BaseException as err:  # noqa: BLE001 (handed to the test's thread)
            outcome.append(err)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(TIMEOUT)
    [error] = outcome
    if accepted:
        assert error is None
    else:
        assert isinstance(error, HTTPClientError) and error.code == 403


def test_a_nul_in_a_requested_path_is_a_404_not_a_traceback(server: Server) -> None:
    logged = len(server.log)
    for path in ("zh-hant/%00", "%00.css", "_report/%00/", f"zh-hant/{SEED_SLUG}/%00/"):
        assert fetch(server.url(path))[0] == 404, path
    time.sleep(0.2)
    assert not [line for line in server.log[logged:] if "Traceback" in line or " 500 " in line]


def test_a_transcript_folder_removed_and_put_back(server: Server) -> None:
    folder = server.project / "content" / SAMPLE_SLUG
    kept = server.project / "kept-aside"  # out of content/, as if deleted
    folder.rename(kept)
    deadline = time.monotonic() + TIMEOUT
    while fetch(server.url(f"zh-hant/{SAMPLE_SLUG}/"))[0] != 404 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fetch(server.url(f"zh-hant/{SAMPLE_SLUG}/"))[0] == 404
    assert not (server.project / "site" / "zh-hant" / SAMPLE_SLUG).exists()  # no empty folders left behind
    assert fetch(server.url(f"data/{SAMPLE_SLUG}.json"))[0] == 404
    kept.rename(folder)
    deadline = time.monotonic() + TIMEOUT
    while fetch(server.url(f"zh-hant/{SAMPLE_SLUG}/"))[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fetch(server.url(f"zh-hant/{SAMPLE_SLUG}/"))[0] == 200
    assert fetch(server.url(f"data/{SAMPLE_SLUG}.json"))[0] == 200


# --- in a browser --------------------------------------------------------------------------------

def test_the_browser_ends_on_the_last_of_quick_saves(server: Server, page) -> None:
    page.evaluate("window.sameDocument = true")
    edit(transcript(server), "FIRSTSAVE")
    wait_until_shown(page, "FIRSTSAVE")
    for number in range(10):  # ten saves within a second
        edit(transcript(server), f"QUICK{number}X")
        time.sleep(0.1)
    wait_until_shown(page, "QUICK9X")
    assert page.evaluate("window.sameDocument") is True  # brought up to date in place, never reloaded


def test_a_save_updates_the_open_page_in_place_keeping_scroll_and_focus(server: Server, page) -> None:
    edit(transcript(server), "FINDME")  # the paragraph `marked` edits: the one with this word
    wait_until_shown(page, "FINDME")
    paragraph = page.evaluate("[...document.querySelectorAll('main p[id]')].find(p => p.textContent.includes('FINDME')).id")
    page.evaluate("""id => {
        window.sameDocument = true;
        window.focused = document.querySelector("a.note-ref");
        window.focused.focus({preventScroll: true});
        document.getElementById(id).scrollIntoView();
        window.scrollBy(0, -100);
        window.notesPlaced = 0;
        window.addEventListener("resize", () => { window.notesPlaced += 1; });
    }""", paragraph)
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 300
    edit(transcript(server), "INPLACE")
    wait_until_shown(page, "INPLACE")
    assert page.evaluate("window.sameDocument") is True
    assert "INPLACE" in page.evaluate(f"document.getElementById('{paragraph}').textContent")
    assert abs(page.evaluate("window.scrollY") - scrolled) <= 2
    assert page.evaluate("document.activeElement === window.focused")
    assert page.evaluate("window.notesPlaced") >= 1  # told to place its sidenotes again


def test_notes_and_the_contents_are_updated_in_place(server: Server, page) -> None:
    page.evaluate("window.sameDocument = true")
    path = transcript(server)
    text = path.read_text(encoding="utf-8")
    question = next(line for line in text.split("\n") if line.startswith("問:"))
    save(path, text.replace(question, question.replace("問:", "問:TOCMARK", 1), 1))
    page.wait_for_function("[...document.querySelectorAll('[data-toc] a')].some(a => a.textContent.includes('TOCMARK'))")
    note = next((server.project / "content" / SEED_SLUG / "notes").glob("*.md"))
    save(note, note.read_text(encoding="utf-8").rstrip("\n") + "\n\nNOTEMARK\n")
    page.wait_for_function("[...document.querySelectorAll('.note')].some(n => n.textContent.includes('NOTEMARK'))")
    assert page.evaluate("window.sameDocument") is True


def test_a_page_whose_shape_changed_is_reloaded(server: Server, page) -> None:
    """A change live.js cannot make in place (here the page's body gets a new element from the theme)."""
    page.evaluate("window.sameDocument = true")
    template = server.project / "templates" / "transcript.html"
    original = template.read_text(encoding="utf-8")
    try:
        save(template, original.replace("{% block body %}", "{% block body %}<p>SHAPEMARK</p>", 1))
        wait_until_shown(page, "SHAPEMARK")
        assert page.evaluate("window.sameDocument === undefined")  # a new document
    finally:
        save(template, original)
    wait_until_shown(page, "INPLACE")
    page.wait_for_function("!document.body.innerText.includes('SHAPEMARK')")


def test_a_failed_build_shows_its_problems_until_fixed(server: Server, page) -> None:
    path = transcript(server)
    good = path.read_text(encoding="utf-8")
    served = (server.project / "site" / SEED_PAGE / "index.html").read_bytes()
    logged = len(server.log)
    save(path, "")
    problem = f"content/{SEED_SLUG}/transcript.txt:1: the transcript is empty"
    wait_until_shown(page, problem)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert problem in server.wait_for_log(problem, after=logged)  # in the terminal too
    assert fetch(server.url(SEED_PAGE))[0] == 500
    assert fetch(server.url("assets/style.css"))[0] == 200  # the last good site's other files still served
    assert (server.project / "site" / SEED_PAGE / "index.html").read_bytes() == served
    save(path, marked(good, "FIXEDAGAIN"))
    wait_until_shown(page, "FIXEDAGAIN")
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"


# --- the parts ---------------------------------------------------------------------------------------

def ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.parametrize("signum, started_ignoring_sigint", [
    (signal.SIGINT, False),
    (signal.SIGINT, True),  # as a script's background job starts: SIGINT inherited ignored
    (signal.SIGTERM, False),
])
def test_ctrl_c_stops_the_server_cleanly(tmp_path: Path, signum: int, started_ignoring_sigint: bool) -> None:
    (tmp_path / "content" / "t").mkdir(parents=True)
    (tmp_path / "content" / "t" / "transcript.txt").write_text(GOOD, encoding="utf-8")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    running = Server(tmp_path, preexec_fn=ignore_sigint if started_ignoring_sigint else None)
    assert running.stop(signum) == 0
    assert "stopped" in running.log[-1]
    assert not any("Traceback" in line for line in running.log)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == [".site.lock"]


def test_port_0_picks_a_free_port_and_says_which(tmp_path: Path) -> None:
    (tmp_path / "content" / "t").mkdir(parents=True)
    (tmp_path / "content" / "t" / "transcript.txt").write_text(GOOD, encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", "0"], cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        while "serving " not in line:
            line = process.stderr.readline()
            assert line, "the server stopped before serving"
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1))
        assert port != 0 and fetch(f"http://127.0.0.1:{port}/zh-hant/t/")[0] == 200
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=TIMEOUT)


@pytest.mark.parametrize("port", ["99999", "-1", "65536", "http"])
def test_a_port_out_of_range_is_refused(tmp_path: Path, port: str) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--port", port], cwd=tmp_path,
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 2
    assert f"argument --port: a port is a number from 1 to 65535 (0 picks a free one), not '{port}'" in result.stderr


def test_a_port_in_use_is_found_before_anything_is_built(tmp_path: Path) -> None:
    (tmp_path / "content" / "t").mkdir(parents=True)
    (tmp_path / "content" / "t" / "transcript.txt").write_text(GOOD, encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)],
                                cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 1
    assert f"jizhu: cannot serve on 127.0.0.1:{port}: Address already in use" in result.stderr
    assert "building" not in result.stderr and not (tmp_path / "site").exists()


def test_only_loopback_is_quiet() -> None:
    assert all(is_loopback(host) for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"))
    assert not any(is_loopback(host) for host in ("0.0.0.0", "192.168.1.20", "::", "example.org"))


def test_an_open_page_is_made_at_once_as_the_full_build_makes_it(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    project = Project(content=root / "content", templates=root / "templates", out=root / "site",
                      cache=root / ".jizhu-cache")
    build_site(project, jobs=1, ledgers=False)
    pages = OpenPages(project, root / "jizhu.toml")
    seed = project.content / SEED_SLUG / "transcript.txt"
    edit(seed, "CHANGEDTEXT")
    change = pages.classify([seed])
    assert change.slugs == {SEED_SLUG} and not change.pages
    shown = {f"zh-hant/{SEED_SLUG}/index.html", f"zh-hans/{SAMPLE_SLUG}/index.html", "zh-hant/index.html",
             f"zh-hant/{SEED_SLUG}/s01-q01/index.html"}
    [page] = pages.affected(shown, change)  # only the edited transcript's page: not a share page, not the index
    made = pages.make([page])
    assert list(made) == [f"zh-hant/{SEED_SLUG}/index.html"] and "CHANGEDTEXT" in made[page.path]
    build_site(project, jobs=1, ledgers=False)
    assert (project.out / page.path).read_text(encoding="utf-8") == made[page.path]

    base = project.templates / "base.html"
    text = base.read_text(encoding="utf-8")
    assert "<body" in text
    base.write_text(text.replace("<body", "<body data-edited", 1), encoding="utf-8")
    change = pages.classify([base])
    assert change.pages
    pages.invalidate(change)  # new templates: every open transcript page is made again, with them
    assert {p.path for p in pages.affected(shown, change)} == {f"zh-hant/{SEED_SLUG}/index.html",
                                                                f"zh-hans/{SAMPLE_SLUG}/index.html"}
    assert all("<body data-edited " in text for text in pages.make(pages.affected(shown, change)).values())
    style = project.templates / ASSETS / "style.css"
    assert pages.classify([style]).assets == {"style.css"} and not pages.classify([style]).pages
    for site_wide in (root / "jizhu.toml", project.content / "conversions.toml", project.content / "glossary.toml"):
        assert pages.classify([site_wide]).everything
    gone = project.content / "no-longer-here"
    assert pages.classify([gone / "transcript.txt"]).slugs == pages.classify([gone]).slugs == {"no-longer-here"}


def preview_of(root: Path) -> tuple[Preview, Project]:
    """A `Preview` of a built project, driven by the test: its site build said to be running (the test
    builds the site itself) and what it publishes done at once."""
    project = Project(content=root / "content", templates=root / "templates", out=root / "site",
                      cache=root / ".jizhu-cache")
    build_site(project, jobs=1, ledgers=False)
    preview = Preview(project, root / "jizhu.toml", feed=None)
    preview.builds = SimpleNamespace(running=True, project=project)
    preview._loop = SimpleNamespace(add_callback=lambda action: action())
    return preview, project


def test_a_page_closed_before_a_save_is_not_put_back_over_the_site_build_that_has_it(tmp_path: Path) -> None:
    """After a site build the preview puts back the open pages it made meanwhile (the build may have read
    their transcript before the save), but not a page that closed before a later save: it is older."""
    preview, project = preview_of(make_project(tmp_path))
    seed, page = project.content / SEED_SLUG / "transcript.txt", project.out / SEED_PAGE / "index.html"
    preview.state.open_pages[object()] = f"/{SEED_PAGE}"
    edit(seed, "MADEOPEN")
    preview.update({seed})
    assert "MADEOPEN" in page.read_text(encoding="utf-8")
    preview.state.open_pages.clear()  # the page closed (or is reloading)
    edit(seed, "MADECLOSED")
    preview.update({seed})
    build_site(project, jobs=1, ledgers=False)  # the site build, which read the later save
    preview.due = False
    preview._site_built(Outcome())
    assert "MADECLOSED" in page.read_text(encoding="utf-8")


def test_a_failed_save_is_told_to_the_open_pages_once(tmp_path: Path) -> None:
    """The save's own update shows its problems. The pages, each showing the error page, are not told
    again (each would load it once more): not of the pages the site build running as it came rewrote
    (which the preview puts back), nor when the next site build finds the same problems."""
    preview, project = preview_of(make_project(tmp_path))
    seed, page = project.content / SEED_SLUG / "transcript.txt", project.out / SEED_PAGE / "index.html"
    good, built = seed.read_text(encoding="utf-8"), page.read_text(encoding="utf-8")
    preview.state.open_pages[object()] = f"/{SEED_PAGE}"
    edit(seed, "MADEOPEN")
    preview.update({seed})  # the open page made, to be put back after the site build running
    told = preview.state.number
    save(seed, "")
    preview.update({seed})
    assert preview.state.problems and preview.state.number == told + 1
    page.write_text(built, encoding="utf-8")  # the build that was running swaps in its older copy, and ends
    preview._site_built(Outcome())
    assert "MADEOPEN" in page.read_text(encoding="utf-8")  # put back
    assert preview.state.number == told + 1  # but not told: the page shows the error page
    preview.due = False
    preview._site_built(Outcome(problems=list(preview.state.problems)))  # the next one: the same problems
    assert preview.state.number == told + 1
    save(seed, good)
    preview.update({seed})  # fixed: told
    assert not preview.state.problems and preview.state.number == told + 2


def test_a_page_that_connects_while_the_site_builds_is_made_with_the_save_it_missed(tmp_path: Path) -> None:
    """A page loading (or reloading) as a save comes in is not open to be made with it; it is made when it
    connects, not only when the site build ends (after a template change, as long as a first build)."""
    preview, project = preview_of(make_project(tmp_path, sample=False))
    page = project.out / SEED_PAGE / "index.html"
    template = project.templates / "transcript.html"
    save(template, template.read_text(encoding="utf-8").replace("{% block body %}", "{% block body %}<p>MISSED</p>", 1))
    preview.update({template})  # no page open
    assert "MISSED" not in page.read_text(encoding="utf-8") and preview.catch_up() == set()
    preview.state.open_pages[object()] = f"/{SEED_PAGE}"
    told = preview.state.number
    assert preview.catch_up() == {f"{SEED_PAGE}index.html"}
    assert "MISSED" in page.read_text(encoding="utf-8") and preview.state.number == told + 1
    preview.state.open_pages[object()] = f"/{SEED_PAGE}"  # the same page in another tab: up to date now
    made, make = [], preview.pages.make
    preview.pages.make = lambda pages: made.append(pages) or make(pages)
    preview.catch_up()
    assert made == [] and preview.state.number == told + 1


def test_the_preview_s_tools_are_left_out_of_the_collector_s_full_passes(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    project = Project(content=root / "content", templates=root / "templates", out=root / "site",
                      cache=root / ".jizhu-cache")
    pages = OpenPages(project, root / "jizhu.toml")
    frozen = gc.get_freeze_count()
    try:
        pages.prepare()
        from jizhu.build.workers import tools
        kit = tools(pages._site_context())
        assert gc.get_freeze_count() > frozen + 1000  # the converters, tables and templates
        assert not any(found is kit for found in gc.get_objects())  # frozen: no generation walks them
    finally:
        gc.unfreeze()


def test_the_preview_s_build_writes_no_ledger_and_the_next_build_writes_the_one_due(tmp_path: Path) -> None:
    (tmp_path / "content" / "t").mkdir(parents=True)
    (tmp_path / "content" / "t" / "transcript.txt").write_text(GOOD, encoding="utf-8")
    project = Project(content=tmp_path / "content", templates=ROOT / "templates", out=tmp_path / "site",
                      cache=tmp_path / ".jizhu-cache")
    ledger = project.content / "t" / "ids.toml"
    build_site(project, jobs=1, ledgers=False)
    assert not ledger.exists()
    said: list[str] = []
    build_site(project, jobs=1, said=said)  # nothing to make (the cache has it all), but a ledger is due
    assert ledger.is_file() and said == [f"{ledger}: wrote the id ledger (7 ids); commit it with the transcript"]
    said.clear()
    build_site(project, jobs=1, said=said)
    assert said == []  # written once


def test_the_background_site_build_yields_the_cpu_to_the_open_page(tmp_path: Path) -> None:
    """Saves' site builds run niced, so the page made at once after a save never waits for them; the
    first build, which the editor waits for, runs at full priority."""
    (tmp_path / "content" / "t").mkdir(parents=True)
    (tmp_path / "content" / "t" / "transcript.txt").write_text(GOOD, encoding="utf-8")
    project = Project(content=tmp_path / "content", templates=ROOT / "templates", out=tmp_path / "site",
                      cache=tmp_path / ".jizhu-cache")
    builds = SiteBuilds(project)
    seen: dict[bool, set[int]] = {}
    for background in (False, True):
        builds.start(background=background)
        pid = builds._process.pid
        niceness: set[int] = set()
        while (outcome := builds.poll(0.01)) is None:
            try:
                niceness.add(int(Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[16]))
            except (OSError, IndexError):
                pass
        assert outcome.problems == []
        seen[background] = niceness
    own = os.getpriority(os.PRIO_PROCESS, 0)
    assert seen[False] == {own}
    assert own + BACKGROUND_NICENESS in seen[True]


def test_a_stale_file_is_one_the_site_build_may_still_change() -> None:
    stale = Stale(frozenset({"zh-hant/a/", "zh-hant/index.html"}), frozenset({"zh-hant/a/index.html"}))
    assert "zh-hant/a/s01-q01/index.html" in stale and "zh-hant/index.html" in stale
    assert "zh-hant/a/index.html" not in stale  # made already, at once
    assert "zh-hant/ab/index.html" not in stale and "assets/style.css" not in stale


def test_saves_made_during_a_rebuild_come_as_one_batch(tmp_path: Path) -> None:
    feed = ChangeFeed([Watched(tmp_path)])
    feed.start()
    try:
        time.sleep(0.2)  # the watch is set up in its thread
        for name in ("a.txt", "b.txt", "c.txt"):
            (tmp_path / name).write_text(name, encoding="utf-8")
        time.sleep(0.5)  # as if a rebuild were running
        assert feed.take(timeout=TIMEOUT) == {(tmp_path / name).resolve() for name in ("a.txt", "b.txt", "c.txt")}
    finally:
        feed.stop()


def test_the_error_page_escapes_the_problems_and_is_valid_html(tmp_path: Path) -> None:
    page = error_page([str(Problem(Path("content/x/transcript.txt"), 3, "speaker label '<b>問</b>' & more"))])
    assert "content/x/transcript.txt:3: speaker label &#x27;&lt;b&gt;問&lt;/b&gt;&#x27; &amp; more" in page
    assert '<html lang="en">' in page and "</head>" in page  # the server puts livereload before </head>
    require_vnu()
    (tmp_path / "error.html").write_text(page, encoding="utf-8")
    assert validate_html([tmp_path / "error.html"]) == []


def test_the_report_pages_are_made_when_asked_for_and_kept_until_the_transcript_changes(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    project = Project(content=root / "content", templates=root / "templates", out=root / "site")
    pages = OpenPages(project, root / "jizhu.toml")
    listing, seed_report = pages.report(), pages.report(SEED_SLUG)
    assert f'href="{SEED_SLUG}/"' in listing and f'href="{SAMPLE_SLUG}/"' in listing
    assert "見麵會" in seed_report and pages.report(SEED_SLUG) is seed_report  # kept, not made again
    assert pages.report("no-such-transcript") is None and pages.report("../content") is None
    seed = project.content / SEED_SLUG / "transcript.txt"
    time.sleep(0.01)  # a later modification time
    seed.write_text(seed.read_text(encoding="utf-8").replace("見麵會", "報,告見麵會", 1), encoding="utf-8")
    assert "報,告" not in seed_report and "報,告" in pages.report(SEED_SLUG)  # a new change, made again
    require_vnu()
    (tmp_path / "list.html").write_text(listing, encoding="utf-8")
    (tmp_path / "seed.html").write_text(seed_report, encoding="utf-8")
    assert validate_html([tmp_path / "list.html", tmp_path / "seed.html"]) == []


def test_the_files_open_pages_show_are_found_under_the_base_path() -> None:
    state = PreviewState("/repo/")
    state.open_pages = {1: "/repo/zh-hant/some-slug/", 2: "/repo/", 3: "/repo/data/x.json", 4: "/elsewhere/"}
    assert state.shown_files() == {"zh-hant/some-slug/index.html", "index.html", "data/x.json"}
