"""Notes in a real browser: sidenotes beside their quotes, notes that open on tap, endnotes without
JavaScript and in print, keyboard use, copy link, and axe with a note open.

The site is the shipped content (the seed and its notes) plus the sample transcript, served under a
GitHub Pages-style subpath like the other browser tests.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from site_fixture import SEED_SLUG, build_test_site
from webcheck import StaticServer, format_violations, require_axe, run_axe

playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")

BASE = "/jizhu/"
PAGE = f"zh-hant/{SEED_SLUG}/"
WIDE = {"width": 1440, "height": 900}
NARROW = {"width": 390, "height": 844}

RECTS = """() => Array.from(document.querySelectorAll('.note')).map(n => {
  const r = n.getBoundingClientRect();
  const m = document.querySelector('a.note-ref[href="#' + n.id + '"]').getBoundingClientRect();
  return {id: n.id, top: r.top, bottom: r.bottom, left: r.left, right: r.right, marker: m.top};
})"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_test_site(tmp_path_factory.mktemp("notes-browser"))


@pytest.fixture(scope="module")
def server(site: Path):
    with StaticServer(site, base_path=BASE) as s:
        yield s




def open_page(browser, url: str, **options):
    ctx = browser.new_context(**options)
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    return ctx, page


def test_a_sidenote_sits_beside_its_quote_on_wide_screens(browser, server) -> None:
    ctx, page = open_page(browser, server.url + PAGE + "#k02", viewport=WIDE)
    page.wait_for_function("document.documentElement.classList.contains('notes-side')")
    text = page.locator("main").bounding_box()
    note = page.locator("#n-h20-licence").bounding_box()
    marker = page.locator("a.note-ref[href='#n-h20-licence']").bounding_box()
    assert note["x"] >= text["x"] + text["width"]          # in the margin, right of the text
    assert note["x"] + note["width"] <= WIDE["width"]      # and on the screen
    assert abs(note["y"] - marker["y"]) < 12               # level with its marker
    assert page.locator("#n-h20-licence").is_visible()
    ctx.close()


def test_sidenotes_never_overlap_even_when_close_together(browser, server) -> None:
    ctx, page = open_page(browser, server.url + PAGE + "#s05-q03", viewport=WIDE)
    page.wait_for_function("document.documentElement.classList.contains('notes-side')")
    rects = page.evaluate(RECTS)
    assert len(rects) >= 20
    for before, after in zip(rects, rects[1:]):
        assert after["top"] >= before["bottom"], (before["id"], after["id"])
        assert after["top"] >= after["marker"] - 12, after["id"]  # never above its marker
    main_bottom = page.evaluate("document.querySelector('main').getBoundingClientRect().bottom")
    assert rects[-1]["bottom"] <= main_bottom  # the page grows to hold the last note
    ctx.close()


def test_margin_notes_are_shown_whole_and_only_tables_and_code_fold(browser, server) -> None:
    ctx, page = open_page(browser, server.url + PAGE + "#s05-q03", viewport=WIDE)
    page.wait_for_function("document.documentElement.classList.contains('notes-side')")
    whole = page.evaluate("""() => [...document.querySelectorAll('.note')].map(n => {
        const b = n.querySelector('.note-body');
        return {id: n.id, whole: b.scrollHeight <= b.clientHeight + 1, long: !!b.querySelector('table, pre')};
    })""")
    assert all(n["whole"] for n in whole if not n["long"]), [n["id"] for n in whole if not n["whole"]]
    assert sum(not n["whole"] for n in whole) <= 3  # a table or code block of more than 12 lines
    assert page.locator("#notes button.note-more:visible").count() == sum(not n["whole"] for n in whole)
    ctx.close()


def test_a_folded_note_opens_where_it_is(browser, server) -> None:
    ctx, page = open_page(browser, server.url + PAGE + "#k02", viewport=WIDE)
    page.wait_for_function("document.documentElement.classList.contains('notes-side')")
    note = page.locator("#n-h20-licence")
    more = note.locator("button.note-more")
    assert more.is_visible() and more.get_attribute("aria-expanded") == "false" and more.inner_text() == "展開"
    clipped = "b => b.scrollHeight > b.clientHeight + 1"
    assert page.locator("#n-h20-licence-body").evaluate(clipped)
    top, scroll = note.bounding_box()["y"], page.evaluate("scrollY")
    more.click()
    assert more.get_attribute("aria-expanded") == "true" and not page.locator("#n-h20-licence-body").evaluate(clipped)
    assert note.bounding_box()["y"] == top and page.evaluate("scrollY") == scroll  # the note kept its place
    rects = page.evaluate(RECTS)
    for before, below in zip(rects, rects[1:]):  # the notes below moved down to make room
        assert below["top"] >= before["bottom"], (before["id"], below["id"])
    ctx.close()


def test_a_folded_note_reached_by_its_link_is_shown_whole(browser, server) -> None:
    ctx, page = open_page(browser, server.url + PAGE + "#n-h20-licence", viewport=WIDE)
    page.wait_for_function("document.getElementById('n-h20-licence').classList.contains('note-expanded')")
    assert page.locator("#n-h20-licence-body").evaluate("b => b.scrollHeight <= b.clientHeight + 1")
    assert 0 <= page.locator("#n-h20-licence").bounding_box()["y"] < WIDE["height"]
    ctx.close()
    ctx, page = open_page(browser, server.url + PAGE + "#s05-q03", viewport=NARROW)
    assert page.locator("button.note-more:visible").count() == 0  # phones open notes whole, in place
    ctx.close()


def test_a_marker_click_lights_its_note_in_place_and_never_scrolls_the_text(browser, server) -> None:
    ctx, page = open_page(browser, server.url + PAGE, viewport=WIDE)
    page.wait_for_function("document.documentElement.classList.contains('notes-side')")
    for note_id in ("n-x86", "n-deepseek-r1", "n-agentic-ai"):  # in crowds: pushed down until clicked
        marker = page.locator(f"a.note-ref[href='#{note_id}']")
        marker.evaluate("m => m.scrollIntoView({block: 'center'})")
        scroll, box = page.evaluate("scrollY"), marker.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert page.evaluate("scrollY") == scroll and marker.bounding_box()["y"] == box["y"]  # the text stayed
        note = page.locator("#" + note_id)
        assert "note-active" in note.get_attribute("class")
        assert page.evaluate("document.activeElement.id") == note_id  # the keyboard reads on in the note
        assert abs(note.bounding_box()["y"] - box["y"]) < 12  # level with its marker
        rects = page.evaluate(RECTS)
        for before, after in zip(rects, rects[1:]):
            assert after["top"] >= before["bottom"], (before["id"], after["id"])
    assert page.evaluate("location.hash") == ""
    ctx.close()


def test_a_note_opens_in_place_on_tap_on_narrow_screens(browser, server) -> None:
    ctx, page = open_page(browser, server.url + PAGE + "#s05-q03", viewport=NARROW, has_touch=True, is_mobile=True)
    marker = page.locator("a.note-ref[href='#n-agentic-ai']")
    note = page.locator("#n-agentic-ai")
    assert marker.get_attribute("aria-expanded") == "false"
    assert marker.get_attribute("aria-controls") == "n-agentic-ai"
    marker.tap()
    assert marker.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.getElementById('n-agentic-ai').previousElementSibling.id") == "s05-q03-p3"
    assert note.is_visible()
    box, tapped = note.bounding_box(), marker.bounding_box()
    assert 0 < box["y"] - tapped["y"] < 200 and box["y"] < NARROW["height"]  # right under the words, on screen
    assert page.evaluate("location.hash") == "#s05-q03"  # opening a note is not navigation
    marker.tap()
    assert marker.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.getElementById('n-agentic-ai').closest('#notes') !== null")
    ctx.close()


def test_a_note_s_permalink_opens_it_where_it_belongs_on_narrow_screens(browser, server) -> None:
    ctx, page = open_page(browser, server.url + PAGE + "#n-beta-hopper", viewport=NARROW)
    note = page.locator("#n-beta-hopper")
    assert "note-open" in note.get_attribute("class")
    assert page.evaluate("document.getElementById('n-beta-hopper').closest('#s07-q06') !== null")
    assert 0 <= note.bounding_box()["y"] < NARROW["height"]
    ctx.close()


def test_keyboard_users_open_notes(browser, server) -> None:
    ctx, page = open_page(browser, server.url + PAGE, viewport=NARROW)
    marker = page.locator("a.note-ref[href='#n-cisce']")
    marker.focus()
    page.keyboard.press("Enter")
    assert marker.get_attribute("aria-expanded") == "true"
    inside = []
    for _ in range(4):  # the note follows its paragraph in the tab order (after the paragraph's own links)
        page.keyboard.press("Tab")
        inside.append(page.evaluate("document.activeElement.closest('#n-cisce') !== null"))
    assert any(inside), "Tab never reached the opened note"
    ctx.close()
    ctx, page = open_page(browser, server.url + PAGE, viewport=WIDE)
    page.wait_for_function("document.documentElement.classList.contains('notes-side')")
    page.locator("a.note-ref[href='#n-cisce']").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "n-cisce"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#n-cisce') !== null")
    page.wait_for_function("getComputedStyle(document.querySelector('#n-cisce .note-tools')).opacity === '1'")
    ctx.close()


def test_without_javascript_every_note_is_an_endnote_with_a_way_back(browser, server) -> None:
    ctx, page = open_page(browser, server.url + PAGE, viewport=WIDE, java_script_enabled=False)
    notes = page.locator("#notes .note")
    count = notes.count()
    assert count >= 20 and all(notes.nth(i).is_visible() for i in range(count))
    last_section = page.locator("section.section").last.bounding_box()
    first_note = notes.first.bounding_box()
    assert first_note["y"] >= last_section["y"] + last_section["height"]  # after the transcript
    page.click("a.note-ref[href='#n-students-mistranscribed']")
    page.wait_for_function("location.hash === '#n-students-mistranscribed'")
    page.click("#n-students-mistranscribed .note-tools > a:first-child")  # the link back
    page.wait_for_function("location.hash === '#r-students-mistranscribed'")
    assert 0 <= page.locator("#r-students-mistranscribed").bounding_box()["y"] < WIDE["height"]
    assert page.locator("#n-students-mistranscribed button[data-copy]").is_hidden()  # cannot work without JS
    ctx.close()


def test_print_shows_notes_as_endnotes(browser, server) -> None:
    ctx, page = open_page(browser, server.url + PAGE, viewport=WIDE)
    page.wait_for_function("document.documentElement.classList.contains('notes-side')")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.getElementById('n-x86')).position") != "absolute"
    assert page.locator("#n-x86").is_visible() and page.locator("#notes-h").is_visible()
    assert page.locator("#n-x86 button[data-copy]").is_hidden()
    ctx.close()


def test_copy_link_gives_the_note_s_address(browser, server) -> None:
    ctx, page = open_page(browser, server.url + PAGE, viewport=WIDE)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.split(BASE)[0])
    button = page.locator("#n-hbm-suppliers button[data-copy]")
    button.scroll_into_view_if_needed()
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == server.url + PAGE + "#n-hbm-suppliers"
    ctx.close()


def test_a_note_links_itself_in_the_other_script(browser, server) -> None:
    """site.js makes the link from the script switch: the page does not carry it once per note."""
    ctx, page = open_page(browser, server.url + PAGE, viewport=NARROW)
    links = page.eval_on_selector_all(".note .other-script", "as => as.map(a => [a.closest('.note').id, a.getAttribute('href'), a.lang, a.textContent])")
    assert len(links) == page.locator("#notes .note").count() >= 20
    assert all(href == f"../../zh-hans/{SEED_SLUG}/#{note}" and lang == "zh-Hans" and text == "简体"
               for note, href, lang, text in links), links[:3]
    page.locator("#n-x86 .other-script").dispatch_event("click")
    page.wait_for_url(f"**/zh-hans/{SEED_SLUG}/#n-x86")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_a_note_open(browser, server, scheme: str) -> None:
    require_axe()
    ctx, page = open_page(browser, server.url + PAGE + "#s03-q06", viewport=NARROW, color_scheme=scheme)
    page.locator("a.note-ref[href='#n-cuda-compatible-code']").click()
    page.locator("a.note-ref[href='#n-rare-earth-controls']").click()
    violations = run_axe(page)
    assert violations == [], format_violations(violations)
    ctx.close()
