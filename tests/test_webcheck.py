"""Self-tests for webcheck.py: each check must be able to fail as well as pass.

Costs are kept to one vnu run for the shared pages and one browser launch.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from webcheck import (
    StaticServer,
    format_violations,
    require_axe,
    require_tool,
    require_vnu,
    run_axe,
    validate_html,
)

GOOD_PAGE = """<!doctype html>
<html lang="zh-Hant">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>機杼測試頁</title>
<style>
:root { color-scheme: light dark; }
body { text-autospace: normal; text-spacing-trim: trim-start; text-wrap: pretty; }
main { container-type: inline-size; }
@container (min-width: 40rem) { p { columns: 2; } }
</style>
</head>
<body>
<main>
<h1>你好，世界</h1>
<p>這是一個用來測試的繁體中文頁面。</p>
</main>
</body>
</html>
"""

# Line 3 has a CSS typo, line 5 repeats an id, line 6 closes an unopened div.
BROKEN_PAGE = """<!doctype html>
<html lang="zh-Hant">
<head><meta charset="utf-8"><title>壞頁面</title><style>p { colr: red }</style></head>
<body><main><h1>壞頁面</h1><p id="a">一</p>
<p id="a">二</p>
</div></main>
</body>
</html>
"""

INACCESSIBLE_PAGE = GOOD_PAGE.replace(
    "</main>", '<img src="x.png"><button></button>\n</main>'
)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """The test pages, written once; the broken one under a CJK name."""
    root = tmp_path_factory.mktemp("pages")
    files = {
        "good": root / "index.html",
        "broken": root / "壞 頁面.html",
        "inaccessible": root / "inaccessible.html",
    }
    files["good"].write_text(GOOD_PAGE, encoding="utf-8")
    files["broken"].write_text(BROKEN_PAGE, encoding="utf-8")
    files["inaccessible"].write_text(INACCESSIBLE_PAGE, encoding="utf-8")
    (root / "404.html").write_text("<title>找不到</title>", encoding="utf-8")
    (root / "empty").mkdir()
    return files


@pytest.fixture(scope="module")
def vnu_errors(pages) -> list[str]:
    """One vnu run over the good and the broken page."""
    require_vnu()
    return validate_html([pages["good"], pages["broken"]])


def test_valid_page_with_modern_css_has_no_errors(vnu_errors, pages):
    assert [e for e in vnu_errors if str(pages["good"]) in e] == []


def test_broken_page_errors_name_file_and_line(vnu_errors, pages):
    broken = pages["broken"]
    assert any(e.startswith(f"{broken}:5: ") and "Duplicate ID" in e for e in vnu_errors)
    assert any(e.startswith(f"{broken}:6: ") and "Stray end tag" in e for e in vnu_errors)
    assert any(e.startswith(f"{broken}:3: ") and "“colr”" in e for e in vnu_errors)


def test_unchecked_file_is_an_error_not_a_pass(tmp_path):
    require_vnu()
    stylesheet = tmp_path / "style.css"
    stylesheet.write_text("p { color: red }", encoding="utf-8")
    with pytest.raises(RuntimeError, match="did not check") as error:
        validate_html([tmp_path / "missing.html", stylesheet])
    assert "missing.html" in str(error.value) and "style.css" in str(error.value)


def test_no_files_need_no_vnu():
    assert validate_html([]) == []


def test_require_tool_skips_locally_and_fails_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="install with: how"):
        require_tool(False, "thing", "how")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="thing missing"):
        require_tool(False, "thing", "how")
    require_tool(True, "thing", "how")


def _get(url: str) -> tuple[int, str]:
    """Status and body of a GET, without raising on HTTP errors."""
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_static_server_serves_only_below_base_path(pages):
    with StaticServer(pages["good"].parent, base_path="repo") as server:
        root = server.url.removesuffix("/repo/")
        assert server.url.endswith("/repo/")
        assert _get(server.url) == (200, GOOD_PAGE)
        assert _get(server.url + "index.html") == (200, GOOD_PAGE)
        assert _get(server.url + "index.html?v=1")[0] == 200
        assert _get(server.url + "missing.html") == (404, "<title>找不到</title>")
        assert _get(server.url + "empty/")[0] == 404
        assert _get(root + "/index.html")[0] == 404
        assert "找不到" not in _get(root + "/index.html")[1]
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(server.url, timeout=2)




@pytest.fixture(scope="module")
def server(pages):
    with StaticServer(pages["good"].parent, base_path="/repo/") as server:
        yield server


@pytest.fixture
def page(browser):
    page = browser.new_page()
    yield page
    page.close()


def test_browser_renders_served_page_and_axe_passes_it(page, server):
    require_axe()
    page.goto(server.url)
    assert page.title() == "機杼測試頁"
    assert page.locator("h1").inner_text() == "你好，世界"
    violations = run_axe(page)
    assert violations == [], format_violations(violations)


def test_axe_reports_unlabelled_image_and_button(page, server):
    require_axe()
    page.goto(server.url + "inaccessible.html")
    violations = run_axe(page)
    assert {v["id"] for v in violations} == {"image-alt", "button-name"}
    report = format_violations(violations)
    assert "image-alt" in report and "img" in report and "button" in report
