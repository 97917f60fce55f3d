"""The one URL check: a URL is judged as a browser will read it."""
from __future__ import annotations

import pytest

from jizhu.urls import link_problem, normalise, scheme, site_url_problem


@pytest.mark.parametrize("url", [
    "https://example.org/a?b#c", "HTTP://EXAMPLE.ORG", "mailto:editor@example.org", "../zh-hans/", "#s01-q01",
    "?q=1", "page.html", "/absolute/path", "", "java%09script:alert(1)",  # percent-encoded: a relative path
    "中文/頁面",
])
def test_safe(url: str) -> None:
    assert link_problem(url) is None


@pytest.mark.parametrize(("url", "seen_as"), [
    ("javascript:alert(1)", "javascript"),
    ("JAVASCRIPT:alert(1)", "javascript"),
    (" javascript:alert(1)", "javascript"),
    ("\x00\x1fjavascript:alert(1)\x01", "javascript"),
    ("java\tscript:alert(1)", "javascript"),
    ("java\nscr\ript:alert(1)", "javascript"),
    ("data:text/html,<script>", "data"),
    ("vbscript:msgbox(1)", "vbscript"),
    ("file:///etc/passwd", "file"),
    ("ftp://example.org/", "ftp"),
])
def test_unsafe_schemes_after_a_browser_s_normalisation(url: str, seen_as: str) -> None:
    assert scheme(url) == seen_as
    assert f"uses the {seen_as}: scheme" in link_problem(url)


@pytest.mark.parametrize("url", ["//evil.example/x", " //evil.example", "\\\\evil.example", "/\\evil.example"])
def test_protocol_relative_is_refused_with_the_fix(url: str) -> None:
    assert "write https://evil.example" in link_problem(url)


def test_normalise_strips_c0_and_space_at_the_ends_and_tabs_and_newlines_inside() -> None:
    assert normalise("\x00 ht\ttp\n://a b \x1f") == "http://a b"


@pytest.mark.parametrize(("url", "ok"), [
    ("https://user.github.io/repo/", True), ("http://localhost:8000", True),
    ("https://", False), ("javascript://x", False), ("https://a b/", False), ("https://a.org/\x00", False),
    ("//a.org/", False), ("ftp://a.org/", False), ("https://user@a.org/", False), (5, False),
])
def test_site_url(url: object, ok: bool) -> None:
    assert (site_url_problem(url) is None) == ok
