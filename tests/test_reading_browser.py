"""Reading in a real browser: glossary popovers, print, the phone's contents bar, ¶ links that take
no room, note markers that are easy to tap, the arrival highlight with reduced motion.

The site is the shipped content plus the sample transcript, served under a GitHub Pages-style subpath.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from site_fixture import SEED_SLUG, build_test_site
from webcheck import StaticServer, pdf_text, require_pdftotext

playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")

BASE = "/jizhu/"
PAGE = f"zh-hant/{SEED_SLUG}/"
WIDE = {"width": 1440, "height": 900}
NARROW = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with StaticServer(build_test_site(tmp_path_factory.mktemp("reading")), base_path=BASE) as s:
        yield s


@pytest.fixture
def open_page(browser):
    contexts = []

    def opener(url: str, **options):
        ctx = browser.new_context(**options)
        ctx.set_default_timeout(10_000)
        contexts.append(ctx)
        page = ctx.new_page()
        page.goto(url)
        page.wait_for_load_state("load")
        return page
    yield opener
    for ctx in contexts:
        ctx.close()


def test_a_glossary_popover_opens_and_closes_with_the_keyboard(open_page, server) -> None:
    page = open_page(server.url + PAGE + "#s02-q09", viewport=WIDE)
    term = page.locator("#s02-q09 a.term").first
    term.focus()
    pop = page.locator(".term-pop")
    assert pop.is_visible() and pop.get_attribute("role") == "dialog"
    assert term.get_attribute("aria-expanded") == "true"
    described = page.locator("#" + term.get_attribute("aria-describedby")).inner_text()  # read out with the term
    entry = term.get_attribute("href")
    assert described.strip() and described.strip()[:10] in page.locator(entry + " + dd").inner_text()
    page.keyboard.press("Tab")  # into the definition: its link to the full entry
    assert page.evaluate("document.activeElement.closest('.term-pop') !== null")
    page.keyboard.press("Escape")
    assert pop.count() == 0 and term.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('term')")  # back on the term
    page.keyboard.press("Enter")  # the term is still a link to its entry …
    page.wait_for_function(f"location.hash === '{entry}'")
    back = page.locator(f"{entry} + dd .term-back a[aria-current]")  # … which marks the way back
    assert back.get_attribute("href") == "#" + term.get_attribute("id")
    back.click()
    page.wait_for_function(f"location.hash === '#{term.get_attribute('id')}'")
    assert 0 <= term.bounding_box()["y"] < WIDE["height"]


def test_a_first_tap_on_a_term_shows_its_definition_in_place(open_page, server) -> None:
    page = open_page(server.url + PAGE + "#s02-q09", viewport=NARROW, has_touch=True, is_mobile=True)
    term = page.locator("#s02-q09 a.term").first
    term.tap()
    assert page.locator(".term-pop").is_visible() and page.evaluate("location.hash") == "#s02-q09"
    pop, word = page.locator(".term-pop").bounding_box(), term.bounding_box()
    assert 0 <= pop["x"] and pop["x"] + pop["width"] <= NARROW["width"] and pop["y"] >= word["y"] + word["height"]
    page.locator("h1").tap()
    assert page.locator(".term-pop").count() == 0


def test_without_javascript_every_glossary_entry_links_back_to_each_use(open_page, server) -> None:
    page = open_page(server.url + PAGE, viewport=NARROW, java_script_enabled=False)
    entries = page.locator("#glossary dt")
    assert entries.count() >= 10
    for i in range(entries.count()):
        backs = page.locator(f"#glossary dt:nth-of-type({i + 1}) + dd .term-back a")
        assert backs.count() >= 1
        for j in range(backs.count()):
            target = backs.nth(j).get_attribute("href")
            assert page.locator(f"{target}.term").count() == 1, target


def test_print_shows_no_control_and_each_web_address_once(open_page, server) -> None:
    require_pdftotext()
    page = open_page(server.url + PAGE, viewport=WIDE)
    page.wait_for_function("document.documentElement.classList.contains('notes-side')")
    text = pdf_text(page.pdf(format="A4"))
    controls = ["分享", "複製", "展開", "收起", "回到原文", "本段連結", "本題連結", "¶", "目錄", "简体"]
    words_of_the_text = ["能否分享", "與我們分享"]  # the transcript itself says 分享 twice
    for word in words_of_the_text:
        text = text.replace(word, "")
    assert [c for c in controls if c in text] == []
    assert "註 1" in text and "註 35" in text  # every note, numbered, as an endnote
    assert text.count("https://arxiv.org/abs/2501.12948") == 1  # cited by two notes, printed once
    pages = text.split("\f")
    label_at_the_foot = [p.split() for p in pages if p.split() and p.split()[-1] in ("問", "黃仁勳")]
    assert label_at_the_foot == []  # a speaker's label stays with the words


def test_the_phone_contents_bar_is_within_reach_at_the_end_of_the_page(open_page, server) -> None:
    page = open_page(server.url + PAGE, viewport=NARROW, has_touch=True, is_mobile=True)
    page.evaluate("document.querySelector('#s08').scrollIntoView()")
    page.mouse.wheel(0, 100_000)
    page.wait_for_timeout(100)
    bar = page.locator("details.toc > summary")
    box = bar.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 200  # at the top of the screen, not the page
    here = page.locator("[data-toc-here]").inner_text()
    current = page.locator("nav[aria-label='目錄'] a[aria-current='location']")
    assert here and here == current.text_content().strip()  # it says where the reader is
    bar.tap()
    assert current.is_visible()  # the opened list shows the reader's place
    first = page.locator("nav[aria-label='目錄'] a[href='#s01-q02']")
    first.tap()
    page.wait_for_function("location.hash === '#s01-q02'")
    assert not page.evaluate("document.querySelector('details.toc').open")
    assert 0 <= page.locator("#s01-q02").bounding_box()["y"] < NARROW["height"] / 2
    heading = page.locator("#s01-q02").bounding_box()["y"]
    assert heading >= bar.bounding_box()["y"] + bar.bounding_box()["height"] - 1  # not hidden under the bar


@pytest.mark.parametrize("script", ["zh-hant", "zh-hans"])
def test_the_phone_contents_bar_keeps_its_title_on_one_line(open_page, server, script: str) -> None:
    page = open_page(f"{server.url}{script}/{SEED_SLUG}/", viewport={"width": 320, "height": 700},
                     has_touch=True, is_mobile=True)
    page.evaluate("document.querySelector('#s02-q03').scrollIntoView()")
    page.wait_for_function("document.querySelector('[data-toc-here]').textContent.length > 10")
    title = page.locator(".toc-title").bounding_box()
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.toc-title')).lineHeight)")
    assert title["height"] < 1.5 * line  # 目录 beside a long question, not 目 above 录


def test_without_javascript_the_phone_contents_start_short(open_page, server) -> None:
    page = open_page(server.url + PAGE, viewport=NARROW, java_script_enabled=False)
    assert page.locator("nav[aria-label='目錄']").bounding_box()["height"] <= NARROW["height"] * 0.31
    assert page.locator("h1").bounding_box()["y"] < NARROW["height"] / 2


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_no_paragraph_gives_a_line_of_its_own_to_its_pilcrow(open_page, server, viewport) -> None:
    page = open_page(server.url + PAGE, viewport=viewport)  # a mouse: ¶ shows on hover
    grown = page.evaluate("""() => [...document.querySelectorAll('.turn p[id]')].filter(p => {
        const link = p.querySelector('.p-link'), height = p.getBoundingClientRect().height;
        link.style.display = 'none';
        const without = p.getBoundingClientRect().height;
        link.style.display = '';
        return height !== without;
    }).map(p => p.id)""")
    assert grown == []
    paragraph = page.locator("#s03-q02-p2")
    paragraph.hover()
    assert paragraph.locator(".p-link").evaluate("l => getComputedStyle(l).opacity") == "1"


def test_note_markers_are_finger_sized_without_widening_the_text(open_page, server) -> None:
    page = open_page(server.url + PAGE + "#s07-q04", viewport=NARROW, has_touch=True, is_mobile=True)
    marker = page.locator("a.note-ref[href='#n-hbm-suppliers']")
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    hits = page.evaluate("""([x, y]) => {
        const out = [];
        for (const dx of [-11.5, 0, 11.5]) for (const dy of [-11.5, 0, 11.5]) {
            const el = document.elementFromPoint(x + dx, y + dy);
            out.push(!!el && el.closest('a.note-ref') !== null);
        }
        return out;
    }""", [x, y])
    assert all(hits)  # a 24 × 24 px square around its centre is the marker's
    digits = len(marker.inner_text().strip().replace("註", ""))
    assert box["width"] <= digits * 0.7 * 16 + 3  # yet the line gives it no more than its digits
    gap = page.evaluate("""m => {
        const range = document.createRange(), next = m.nextSibling;
        range.setStart(next, 0); range.setEnd(next, 1);
        return [next.textContent[0], range.getBoundingClientRect().left - m.getBoundingClientRect().right];
    }""", marker.element_handle())
    assert gap[0] == "，" and gap[1] <= 1  # full-width punctuation right after the number


def test_arrival_is_visible_with_reduced_motion(open_page, server) -> None:
    page = open_page(server.url + PAGE + "#s03-q02", viewport=WIDE, reduced_motion="reduce")
    target = page.locator("#s03-q02")
    background = target.evaluate("t => getComputedStyle(t).backgroundColor")
    page_background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert background != page_background
    assert target.evaluate("t => getComputedStyle(t).outlineStyle") == "solid"


def test_on_wide_screens_the_contents_never_lead_to_the_emptied_notes_section(open_page, server) -> None:
    page = open_page(server.url + PAGE, viewport=WIDE)
    page.wait_for_function("document.documentElement.classList.contains('notes-side')")
    assert page.locator("nav[aria-label='目錄'] a[href='#notes']").is_hidden()  # the notes are in the margin
    assert page.locator("nav[aria-label='目錄'] a[href='#glossary']").is_visible()
    page = open_page(server.url + PAGE, viewport=NARROW)
    assert page.locator("nav[aria-label='目錄'] a[href='#notes']").count() == 1  # endnotes on phones: listed


LINES_OF = """e => {  // the text of each line an element is set on, in order
    const out = new Map(), walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        for (let i = 0; i < text.length; i++) {
            const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);
            const top = Math.round(r.getBoundingClientRect().top);
            out.set(top, (out.get(top) || '') + text.textContent[i]);
        }
    }
    return [...out.values()];
}"""


@pytest.mark.parametrize("script", ["zh-hant", "zh-hans"])
def test_a_title_and_headline_of_latin_and_han_without_spaces_break_where_they_meet(open_page, tmp_path: Path,
                                                                                  script: str) -> None:
    """A title or headline breaks between phrases only, and one written without spaces is one phrase: on
    a phone it broke anywhere, inside a Latin word too (`Ser` / `viceComb`)."""
    from jizhu.build.site import Project, build
    from site_fixture import ROOT
    folder = tmp_path / "content" / "meetup"
    folder.mkdir(parents=True)
    (folder / "transcript.txt").write_text("# ServiceComb帶您對話Apache大咖\n\n開源社區三位專家對話Kubernetes與ServiceComb\n\n"
                                           "問：你好嗎？\n\n答：很好。\n\n問：還有呢？\n\n答：沒有了。\n", encoding="utf-8")
    build(Project(content=tmp_path / "content", templates=ROOT / "templates", out=tmp_path / "site"))
    page = open_page((tmp_path / "site" / script / "meetup" / "index.html").as_uri(), viewport=NARROW)
    for element, words in (("h1", ("ServiceComb", "Apache")), ("#headline", ("Kubernetes", "ServiceComb"))):
        lines = page.locator(element).evaluate(LINES_OF)
        assert len(lines) >= 2, lines
        for word in words:
            assert any(word in line for line in lines), lines  # each Latin word whole on one line


def test_the_headline_is_set_tight_and_breaks_between_phrases(open_page, server) -> None:
    page = open_page(server.url + PAGE, viewport=NARROW)
    headline = page.locator("#headline")
    style = headline.evaluate("h => [parseFloat(getComputedStyle(h).lineHeight) / parseFloat(getComputedStyle(h).fontSize),"
                              " getComputedStyle(h).wordBreak]")
    assert style[0] <= 1.6 and style[1] == "keep-all"
    lines = headline.evaluate(LINES_OF)
    assert len(lines) >= 2 and all(line[-1] in "，：,: " for line in lines[:-1]), lines  # at punctuation only
