"""The built site in a real browser: navigation, script switch, copy link, layout, validity, accessibility.

Pages are served by a real HTTP server on 127.0.0.1 under a GitHub Pages-style
subpath (/jizhu/), so a link that only works at the domain root fails here.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from jizhu.config import Config
from site_fixture import SAMPLE_SLUG, SEED_SLUG, build_test_site
from webcheck import (StaticServer, format_violations, require_axe,
                      require_vnu, run_axe, validate_html)

playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")

BASE = "/jizhu/"
PAGE_KINDS = ["", "zh-hant/", "zh-hans/", f"zh-hant/{SEED_SLUG}/", f"zh-hans/{SEED_SLUG}/",
              f"zh-hant/{SAMPLE_SLUG}/", f"zh-hans/{SAMPLE_SLUG}/", f"zh-hant/{SEED_SLUG}/s02-q05/",
              f"zh-hans/{SAMPLE_SLUG}/s01-q03/", "no-such-page/"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    # A site URL with the same subpath as the server, as the Pages workflow builds it (404.html needs it).
    return build_test_site(tmp_path_factory.mktemp("browser"), Config(site_url="https://example.github.io/jizhu/"))


@pytest.fixture(scope="module")
def server(site: Path):
    with StaticServer(site, base_path=BASE) as s:
        yield s




@pytest.fixture
def context(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(10_000)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.split(BASE)[0])
    yield ctx
    ctx.close()


def open_page(context, url: str):
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(url)
    page.wait_for_load_state("load")
    page.failed = failed
    return page


def top_of(page, element_id: str) -> float:
    return page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", element_id)


def test_toc_link_scrolls_to_its_answer(context, server) -> None:
    page = open_page(context, server.url + f"zh-hant/{SEED_SLUG}/")
    page.click("nav[aria-label='目錄'] a[href='#s04-q03']")
    page.wait_for_function("location.hash === '#s04-q03'")
    top = top_of(page, "s04-q03")
    assert 0 <= top < 200, top  # at the top of the viewport, below the sticky header
    page.wait_for_function("document.querySelector('a[aria-current=location]') !== null")
    marked = page.get_attribute("nav[aria-label='目錄'] a[aria-current='location']", "href")
    assert marked == "#s04-q03"
    assert page.failed == []


def test_script_switch_lands_on_the_same_answer(context, server) -> None:
    page = open_page(context, server.url + f"zh-hant/{SEED_SLUG}/#s03-q05")
    page.click("nav.script-switch a[hreflang='zh-Hans']")
    page.wait_for_url(lambda url: f"/zh-hans/{SEED_SLUG}/#s03-q05" in url)
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert 0 <= top_of(page, "s03-q05") < 200


def test_script_switch_follows_the_reader_while_scrolling(context, server) -> None:
    page = open_page(context, server.url + f"zh-hans/{SEED_SLUG}/")
    page.evaluate("document.getElementById('s06-q04-p2').scrollIntoView({block: 'start'})")
    page.wait_for_function("document.querySelector(\"nav.script-switch a[hreflang='zh-Hant']\")"
                           ".getAttribute('href').includes('#s06-q04')")
    page.click("nav.script-switch a[hreflang='zh-Hant']")
    page.wait_for_url(lambda url: "/zh-hant/" in url)
    assert "#s06-q04" in page.url
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"


def test_one_share_menu_per_answer_copies_links_and_keeps_its_width(context, server) -> None:
    page = open_page(context, server.url + f"zh-hans/{SEED_SLUG}/")
    menu = page.locator("#s02-q03 details.share-menu")
    button = menu.locator("button[data-copy='#s02-q03']")
    assert menu.locator(":is(a, button, summary):visible").count() == 1  # one quiet control
    described = menu.locator("summary").get_attribute("aria-describedby")  # which answer it shares, for screen readers
    label = page.locator(f"#{described}").text_content()
    assert len(label) > 5 and page.locator("#s02-q03-p1").text_content().startswith(label.strip("…"))
    menu.locator("summary").click()
    assert button.is_visible() and button.inner_text() == "复制链接"
    width = button.bounding_box()["width"]
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == server.url + f"zh-hans/{SEED_SLUG}/#s02-q03"
    assert button.inner_text() == "已复制" and button.bounding_box()["width"] == width
    menu.locator("button[data-copy='s02-q03/']").click()
    assert page.evaluate("navigator.clipboard.readText()") == server.url + f"zh-hans/{SEED_SLUG}/s02-q03/"
    menu.locator("button[data-copy-answer]").click()
    quote = page.evaluate("navigator.clipboard.readText()").splitlines()
    assert quote[0].startswith("“") and quote[-2].startswith("—— 黄仁勋，") and quote[-1].endswith("#s02-q03")
    assert "¶" not in "".join(quote) and page.locator("#s02-q03-p2").inner_text().startswith(quote[0][1:9])
    page.keyboard.press("Escape")
    assert not menu.evaluate("m => m.open")
    # a page of 60 answers: far fewer stops for the Tab key than the five controls per answer it had
    stops = page.evaluate("""() => [...document.querySelectorAll('a[href], button, summary, [tabindex]')]
        .filter(e => e.tabIndex >= 0 && e.checkVisibility({visibilityProperty: true})).length""")
    assert stops < 450, stops


def test_copy_quote_copies_words_speaker_source_and_a_text_fragment(context, server) -> None:
    page = open_page(context, server.url + f"zh-hant/{SEED_SLUG}/#s01-q01")
    page.evaluate("""() => {
        const p = document.getElementById('s01-q01-p2');
        const text = p.firstChild, start = text.textContent.indexOf('普通話');
        const range = document.createRange();
        range.setStart(text, start); range.setEnd(text, start + 3);
        getSelection().removeAllRanges(); getSelection().addRange(range);
    }""")
    button = page.locator("button.copy-quote")
    button.wait_for(state="visible")
    assert button.inner_text() == "複製引文"
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.splitlines() == ["“普通話”", "—— 黃仁勳，黃仁勳北京媒體交流會實錄，騰訊科技，2025-07-16",
                                   server.url + f"zh-hant/{SEED_SLUG}/#:~:text=%E6%99%AE%E9%80%9A%E8%A9%B1"]
    page.goto(copied.splitlines()[2])  # the link opens the page (the browser highlights the words)
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"


def test_chooser_remembers_the_reader_s_choice(context, server) -> None:
    page = open_page(context, server.url)
    assert page.url == server.url  # an English-language browser is not sent anywhere
    page.click("a[hreflang='zh-Hans']")
    page.wait_for_url("**/zh-hans/")
    page.goto(server.url)
    page.wait_for_url("**/zh-hans/")


def test_chooser_follows_browser_language(browser, server) -> None:
    ctx = browser.new_context(locale="zh-TW")
    page = ctx.new_page()
    page.goto(server.url)
    page.wait_for_url("**/zh-hant/")
    ctx.close()


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_horizontal_scroll(browser, server, width: int) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    for kind in PAGE_KINDS:
        page = ctx.new_page()
        page.goto(server.url + kind)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{kind} at {width}px scrolls sideways by {overflow}px"
        page.close()
    ctx.close()


def test_toc_is_folded_on_phones_and_open_beside_the_text_on_wide_screens(browser, server) -> None:
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(server.url + f"zh-hant/{SEED_SLUG}/")
    assert page.evaluate("document.querySelector('details.toc').open") is False
    page.click("details.toc > summary")
    page.click("nav[aria-label='目錄'] a[href='#s02-q01']")
    page.wait_for_function("location.hash === '#s02-q01'")
    assert page.evaluate("document.querySelector('details.toc').open") is False
    phone.close()
    wide = browser.new_context(viewport={"width": 1280, "height": 900})
    page = wide.new_page()
    page.goto(server.url + f"zh-hant/{SEED_SLUG}/#s07-q01")
    toc_box = page.locator("details.toc").bounding_box()
    answer_box = page.locator("#s07-q01").bounding_box()
    assert toc_box["x"] + toc_box["width"] <= answer_box["x"]  # beside, not above
    assert toc_box["y"] < 100  # sticky: still in view far down the page
    wide.close()


def test_readable_without_javascript(browser, server) -> None:
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    page.goto(server.url + f"zh-hant/{SEED_SLUG}/#s05-q02")
    assert page.locator("#s05-q02-p3").is_visible()
    assert page.locator("text=第一代AI是感知智能").count() == 1
    assert page.locator("button[data-copy]").first.is_hidden()  # a button that cannot work is not shown
    page.goto(server.url)
    assert page.locator("a[hreflang='zh-Hant']").is_visible()
    ctx.close()


def test_file_urls_work(browser, site: Path) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto((site / "zh-hant" / SEED_SLUG / "index.html").as_uri())
    page.click("nav.script-switch a[hreflang='zh-Hans']")
    page.wait_for_url(lambda url: "/zh-hans/" in url and "/index.html" in url)
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # stylesheet loaded
    ctx.close()


def test_print_shows_the_text_not_the_controls(context, server) -> None:
    page = open_page(context, server.url + f"zh-hant/{SEED_SLUG}/")
    page.emulate_media(media="print")
    assert page.locator("details.toc").is_hidden()
    assert page.locator("button[data-copy]").first.is_hidden()
    assert page.locator("#s01-q01-p2").is_visible()


DARK_KINDS = ["", "zh-hant/", f"zh-hans/{SEED_SLUG}/", f"zh-hant/{SEED_SLUG}/s02-q05/", "no-such-page/"]
"""In dark mode only colours change: one page of each template is enough for axe's contrast checks."""


@pytest.mark.parametrize(("scheme", "kinds"), [("light", PAGE_KINDS), ("dark", DARK_KINDS)], ids=["light", "dark"])
def test_axe_finds_nothing(browser, server, scheme: str, kinds: list[str]) -> None:
    require_axe()
    ctx = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    problems = []
    for kind in kinds:
        page = ctx.new_page()
        page.goto(server.url + kind)
        page.wait_for_load_state("load")
        violations = run_axe(page)
        if violations:
            problems.append(f"{kind or 'index'}:\n{format_violations(violations)}")
        page.close()
    ctx.close()
    assert problems == [], "\n".join(problems)


def test_axe_on_phones(browser, server) -> None:
    require_axe()
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    page.goto(server.url + f"zh-hans/{SEED_SLUG}/")
    assert run_axe(page) == []
    ctx.close()


def test_every_page_is_valid_html(site: Path) -> None:
    require_vnu()
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 7
    errors = validate_html(pages)
    assert errors == [], "\n".join(errors)
