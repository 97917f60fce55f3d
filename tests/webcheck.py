"""Web-checking helpers for jizhu's tests: HTML validation, axe, browser, server.

The tools are pinned in ``tests/tools/package.json`` and installed with
``npm ci --prefix tests/tools``; Java and Chromium come from Debian
(``apt-get install default-jre-headless chromium fonts-noto-cjk``).
Tests call the ``require_*`` helpers first, so a missing tool skips the test
on a developer machine but fails it under CI, where every check must run.

Nothing here imports Playwright: the browser helpers take the objects that
the test already holds, so importing this module never needs a browser stack.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

TOOLS_DIR = Path(__file__).resolve().parent / "tools"
NODE_MODULES = TOOLS_DIR / "node_modules"
NPM_HINT = "npm ci --prefix tests/tools"

CHROMIUM_PATH = Path("/usr/bin/chromium")
# Debian's chromium, never a Playwright-downloaded one (`playwright install`
# cannot reach its CDN here). The flags keep the browser from phoning home
# (component updates, sync, QUIC probes) and make it work as root in CI.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
)

# --errors-only: warnings are advice, not failures.
# --no-langdetect: language detection only ever yields warnings (dropped
#   anyway), cannot judge Chinese text (a Chinese page labelled lang="en"
#   passes), and costs more than the validation itself (~1.3 s per run).
# --skip-non-html: a *.css or other non-HTML path is skipped instead of
#   being parsed as (badly broken) HTML; --verbose then reports it unchecked.
#   (Not --also-check-css: in vnu 26.9.27 it shifts every line number in
#   HTML files up by one.)
# --verbose: vnu names each file it checked on stderr; files it did not
#   name were silently skipped (missing, not HTML, or an unreadable file
#   name), and validate_html refuses to report such a run as clean.
# --stdout: puts the JSON report on stdout, apart from the file names.
VNU_OPTIONS = (
    "--format", "json", "--errors-only", "--no-langdetect",
    "--skip-non-html", "--verbose", "--stdout",
)

# Valid, shipping CSS that vnu 26.9.27's CSS grammar does not know yet; its
# "doesn't exist" / "Unrecognized at-rule" errors about these are dropped.
# Anything else stays an error, so a typo such as `colr: red` still fails.
# (The CJK typography properties text-autospace, text-spacing-trim,
# text-emphasis and friends, and color-scheme / light-dark(), are known.)
CSS_UNKNOWN_TO_VNU = frozenset({
    "anchor-name", "container", "container-name", "container-type",
    "field-sizing", "interpolate-size", "position-anchor", "position-area",
    "position-try-fallbacks", "text-box", "text-box-edge", "text-box-trim",
    "view-transition-class", "view-transition-name",
    "@container", "@property", "@starting-style", "@view-transition",
})


def require_tool(available: bool, what: str, how: str) -> None:
    """Skip the calling test if a tool is missing, or fail it under CI.

    A skipped check looks like a passed one in a hurried glance at CI
    output, so with CI=true a missing tool is an error.
    """
    if available:
        return
    message = f"{what} missing; install with: {how}"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_vnu() -> None:
    """require_tool for validate_html's needs: vnu.jar and a java binary."""
    require_tool(vnu_jar() is not None, "vnu.jar", NPM_HINT)
    require_tool(shutil.which("java") is not None, "java",
                 "apt-get install default-jre-headless")


def require_axe() -> None:
    """require_tool for run_axe's script."""
    require_tool(axe_source() is not None, "axe-core", NPM_HINT)


def require_pdftotext() -> None:
    """require_tool for pdf_text: poppler's pdftotext."""
    require_tool(shutil.which("pdftotext") is not None, "pdftotext", "apt-get install poppler-utils")


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF (Playwright's page.pdf()), page by page, as poppler's pdftotext reads it."""
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def require_chromium() -> None:
    """require_tool for launch_chromium's browser binary."""
    require_tool(CHROMIUM_PATH.exists(), str(CHROMIUM_PATH),
                 "apt-get install chromium fonts-noto-cjk")


# --- HTML validation (Nu HTML Checker) ------------------------------------

def vnu_jar() -> Path | None:
    """Path of the npm-installed vnu.jar, or None before `npm ci`."""
    jar = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
    return jar if jar.is_file() else None


def validate_html(paths: list[Path]) -> list[str]:
    """Validate *.html files in one vnu run; return its errors.

    Each error reads "file:line: message" with the file's absolute path.
    Inline CSS (<style>, style="") is checked too, minus CSS_UNKNOWN_TO_VNU.
    One JVM serves all files because its start-up dominates the cost.
    Raises RuntimeError if vnu fails, or skips any file, rather than let
    an unchecked file pass as valid.
    """
    if not paths:
        return []
    jar = vnu_jar()
    if jar is None:
        raise FileNotFoundError(f"vnu.jar not found; run: {NPM_HINT}")
    files = [str(Path(p).absolute()) for p in paths]
    result = subprocess.run(
        ["java", "-jar", str(jar), *VNU_OPTIONS, *files],
        capture_output=True, env=_utf8_env(), check=False,
    )
    stderr = result.stderr.decode("utf-8", "replace")
    if result.returncode not in (0, 1):
        raise RuntimeError(f"vnu exited {result.returncode}:\n{stderr}")
    unchecked = set(files) - set(stderr.splitlines())
    if unchecked:
        raise RuntimeError(f"vnu did not check {sorted(unchecked)}: missing, "
                           "not *.html, or a file name Java could not read")
    messages = json.loads(result.stdout.decode("utf-8"))["messages"]
    return [_format_vnu_message(m) for m in messages
            if not _is_css_gap(m["message"])]


def _utf8_env() -> dict[str, str]:
    """The environment with a UTF-8 locale for the JVM.

    Under the C/POSIX locale (common in CI) Java mangles non-ASCII file
    names such as 文章.html and vnu then silently skips those files.
    """
    return {**os.environ, "LC_ALL": "C.UTF-8"}


def _format_vnu_message(message: dict) -> str:
    """Render one vnu JSON message as "file:line: text"."""
    location = unquote(message.get("url", "vnu")).removeprefix("file:")
    # Not firstLine: vnu starts a range at the newline before the token.
    line = message.get("lastLine")
    if line is not None:
        location = f"{location}:{line}"
    return f"{location}: {message['message']}"


def _is_css_gap(text: str) -> bool:
    """True for vnu's complaint about a name in CSS_UNKNOWN_TO_VNU."""
    return any(
        text in (f"CSS: “{name}”: Property “{name}” doesn't exist.",
                 f"CSS: Unrecognized at-rule “{name}”")
        for name in CSS_UNKNOWN_TO_VNU
    )


# --- Accessibility (axe-core) and browser ---------------------------------

def axe_source() -> str | None:
    """The npm-installed axe.min.js source, or None before `npm ci`."""
    script = NODE_MODULES / "axe-core" / "axe.min.js"
    return script.read_text(encoding="utf-8") if script.is_file() else None


_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.flat(Infinity).join(' >> ')),
  }));
}"""


def run_axe(page) -> list[dict]:
    """Run axe on a loaded Playwright page; return its violations.

    Each violation is {"id", "impact", "help", "nodes"}, where "nodes" lists
    CSS selectors of the offending elements, so `== []` is the assertion.
    axe runs with its default rule set, which includes best practices such
    as one <main> landmark and one <h1> per page, plus WCAG 2.2's
    target-size rule (2.5.8: targets of at least 24 × 24 px), which axe
    leaves off by default. The script is injected as
    an inline <script>, so a page CSP forbidding inline scripts blocks it.
    """
    source = axe_source()
    if source is None:
        raise FileNotFoundError(f"axe-core not found; run: {NPM_HINT}")
    # What axe judges is the page at rest: a colour half-way through a transition (the side notes' tools
    # fading out as site.js lays the notes out beside the text) is neither the one before nor after.
    page.wait_for_function(_SETTLED)
    page.add_script_tag(content=source)
    return page.evaluate(_AXE_RUN)


_SETTLED = """() => document.getAnimations().every(a =>
    a.playState !== "running" || a.effect === null || a.effect.getComputedTiming().endTime === Infinity)"""


def format_violations(violations: list[dict]) -> str:
    """Render run_axe's result one violation per line, for assert messages."""
    return "\n".join(
        f"[{v['impact']}] {v['id']}: {v['help']} at {', '.join(v['nodes'])}"
        for v in violations
    )


def launch_chromium(playwright):
    """Launch Debian's headless chromium from a Playwright instance."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM_PATH), args=list(CHROMIUM_ARGS)
    )


# --- Static file server -----------------------------------------------------

class StaticServer:
    """Serve a directory over HTTP on 127.0.0.1, like GitHub Pages would.

    With base_path="/repo/" the files are reachable only below /repo/, as on
    a project site, so links that forget the base path break in tests too.
    A directory URL serves its index.html (there are no listings) and a
    missing file gets the directory's 404.html, with status 404.

        with StaticServer(site_dir, base_path="/repo/") as server:
            page.goto(server.url)  # http://127.0.0.1:PORT/repo/
    """

    def __init__(self, directory: Path, base_path: str = "/"):
        self.directory = Path(directory)
        inner = base_path.strip("/")
        self.base_path = f"/{inner}/" if inner else "/"
        self.url = ""
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> StaticServer:
        handler = partial(_PagesHandler, directory=str(self.directory),
                          base_path=self.base_path)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        daemon=True)
        self._thread.start()
        port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{port}{quote(self.base_path)}"
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


class _PagesHandler(SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler mounted at base_path, with a 404.html page."""

    def __init__(self, *args, base_path: str, **kwargs):
        # Set before super().__init__, which handles the request.
        self.base_path = quote(base_path)
        super().__init__(*args, **kwargs)

    def _in_base(self) -> bool:
        return urlsplit(self.path).path.startswith(self.base_path)

    def send_head(self):
        if not self._in_base():
            self.send_error(HTTPStatus.NOT_FOUND, "Outside the base path")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.base_path):])

    def list_directory(self, path):
        self.send_error(HTTPStatus.NOT_FOUND, "No index.html")
        return None

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not self._in_base() or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        """Silence the per-request log lines on stderr."""
