"""A link to an answer an edit removed, followed in a real browser: it lands where the answer was and says so."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jizhu.build.site import Project, build
from site_fixture import SEED_SLUG
from webcheck import StaticServer, require_vnu, run_axe, validate_html

playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")

ROOT = Path(__file__).resolve().parent.parent
BASE = "/jizhu/"
REMOVED = "s02-q03"
NEXT = "s02-q04"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The shipped content built, then built again after pair s02-q03 was deleted from the transcript (no note quotes it)."""
    base = tmp_path_factory.mktemp("retired")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    project = Project(content=content, templates=ROOT / "templates", out=base / "site")
    build(project)
    transcript = content / SEED_SLUG / "transcript.txt"
    lines = transcript.read_text(encoding="utf-8").split("\n")
    question = next(i for i, line in enumerate(lines) if line.startswith("問:本次中國之行,你對競爭對手"))
    end = next(i for i in range(question + 1, len(lines)) if lines[i].startswith("問:"))
    del lines[question:end]
    transcript.write_text("\n".join(lines), encoding="utf-8")
    build(project)
    assert f'{REMOVED} = {{ at = "{NEXT}", why = "removed" }}' in (transcript.parent / "ids.toml").read_text("utf-8")
    return base / "site"


@pytest.fixture(scope="module")
def server(site: Path):
    with StaticServer(site, base_path=BASE) as s:
        yield s


def arrive(page, url: str) -> dict:
    page.goto(url)
    page.wait_for_load_state("load")
    return page.evaluate("""id => { const e = document.getElementById(id), r = e.getBoundingClientRect();
        return {shown: getComputedStyle(e).display !== 'none', top: r.top, text: e.textContent,
                next: e.parentElement.querySelector('#s02-q04').getBoundingClientRect().top,
                height: innerHeight}; }""", REMOVED)


@pytest.mark.parametrize("javascript", [True, False])
def test_a_removed_answer_s_link_lands_on_the_notice(browser, server, javascript: bool) -> None:
    ctx = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    found = arrive(page, f"{server.url}zh-hans/{SEED_SLUG}/#{REMOVED}")
    assert found["shown"] and found["text"] == "这个回答已在修订时删除。"
    assert 0 <= found["top"] < found["height"] / 2, found  # scrolled to it
    assert found["top"] < found["next"] < found["height"], found  # and the next answer is right below it
    other = arrive(page, f"{server.url}zh-hant/{SEED_SLUG}/#s01-q01")
    assert not other["shown"]  # no notice unless arrived at by its link
    ctx.close()


def test_the_notice_page_passes_axe(browser, server) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(f"{server.url}zh-hant/{SEED_SLUG}/#{REMOVED}")
    assert run_axe(page) == []
    ctx.close()


def test_a_removed_answer_s_share_page_stays_and_links_to_where_it_was(browser, server, site: Path) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(f"{server.url}zh-hant/{SEED_SLUG}/{REMOVED}/")
    assert page.locator("h1").inner_text() == "這個回答已在修訂時刪除。"
    page.locator("main.share > p:last-child a").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/zh-hant/{SEED_SLUG}/#{NEXT}")
    ctx.close()
    require_vnu()
    pages = [site / "zh-hant" / SEED_SLUG / "index.html", site / "zh-hans" / SEED_SLUG / REMOVED / "index.html"]
    assert validate_html(pages) == []
