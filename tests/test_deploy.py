"""A deploy rehearsal: the site built for a project subpath, served there by a plain static server,
opened in a real browser; every kind of page loads every asset and every link on it resolves."""
from __future__ import annotations

import urllib.error
import urllib.request
from html.parser import HTMLParser

import pytest

from jizhu.config import Config
from site_fixture import SEED_SLUG, build_test_site
from webcheck import StaticServer

BASE = "/repo/"
KINDS = {"index": "", "script index": "zh-hans/", "transcript": f"zh-hant/{SEED_SLUG}/",
         "share page": f"zh-hans/{SEED_SLUG}/s05-q02/", "404": "zh-hant/no-such-transcript/"}


class Ids(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.ids: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.ids |= {v for k, v in attrs if k == "id" and v}


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, ""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    site = build_test_site(tmp_path_factory.mktemp("deploy"), Config(site_url=f"https://example.github.io{BASE}"))
    with StaticServer(site, base_path=BASE) as server:
        yield server


@pytest.mark.parametrize("kind", list(KINDS))
def test_page_loads_everything_and_every_link_resolves(browser, served, kind: str) -> None:
    page = browser.new_page()
    problems: list[str] = []
    page.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type != "document" else None)
    response = page.goto(served.url + KINDS[kind])
    page.wait_for_load_state("load")
    assert response.status == (404 if kind == "404" else 200)
    assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px", "stylesheet missing"
    links = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    page.close()
    assert problems == []
    assert links, "a page with no links"
    pages: dict[str, tuple[int, str]] = {}
    origin = served.url.removesuffix(BASE)
    for link in links:
        address, _, fragment = link.partition("#")
        if not address.startswith(origin):
            continue  # a note's source elsewhere on the web: a link, not a request
        assert address.startswith(served.url), f"{kind}: {link} leaves the subpath"
        if address not in pages:
            pages[address] = fetch(address)
        status, html = pages[address]
        assert status == 200, f"{kind}: {link} answers {status}"
        if fragment and not fragment.startswith(":~:"):
            assert fragment in Ids(html).ids, f"{kind}: {link} has no #{fragment}"
