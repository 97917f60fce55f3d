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


def test_long_sidenotes_show_their_first_lines_so_the_next_stay_near_their_markers(browser, server) -> None:
    ctx, page = open_page(browser, server.url + PAGE + "#s05-q03", viewport=WIDE)
    page.wait_for_function("document.documentElement.classList.contains('notes-side')")
    rects = page.evaluate(RECTS)
    assert max(r["top"] - r["marker"] for r in rects) < 400  # 1,745 px when every note was shown whole
    note = page.locator("#n-deepseek-selloff")
    toggle = note.locator("button.note-more")
    clipped = "id => { const b = document.getElementById(id + '-body'); return b.scrollHeight > b.clientHeight + 1; }"
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate(clipped, "n-deepseek-selloff")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and not page.evaluate(clipped, "n-deepseek-selloff")
    after = page.evaluate(RECTS)
    for before, below in zip(after, after[1:]):  # the notes below moved down to make room
        assert below["top"] >= before["bottom"], (before["id"], below["id"])
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false" and page.evaluate(clipped, "n-deepseek-selloff")
    assert not page.locator("#n-yong-suizhe button.note-more").is_visible()  # a short note is shown whole
    ctx.close()


def test_a_long_sidenote_reached_by_its_link_is_shown_whole(browser, server) -> None:
    ctx, page = open_page(browser, server.url + PAGE + "#n-deepseek-selloff", viewport=WIDE)
    page.wait_for_function("document.documentElement.classList.contains('notes-side')")
    page.wait_for_function("document.getElementById('n-deepseek-selloff').classList.contains('note-expanded')")
    body = page.locator("#n-deepseek-selloff-body")
    assert body.evaluate("b => b.scrollHeight <= b.clientHeight + 1")
    ctx.close()
    ctx, page = open_page(browser, server.url + PAGE + "#s05-q03", viewport=NARROW)
    assert page.locator("button.note-more:visible").count() == 0  # phones open notes whole, in place
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
    page.locator("a.note-ref[href='#n-cisce']").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#n-cisce'")
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
    page.click("#n-students-mistranscribed a.note-back")
    page.wait_for_function("location.hash === '#r-students-mistranscribed'")
    assert 0 <= page.locator("#r-students-mistranscribed").bounding_box()["y"] < WIDE["height"]
    assert page.locator("#n-students-mistranscribed button[data-copy]").is_hidden()  # cannot work without JS
    ctx.close()


def test_print_shows_notes_as_endnotes(browser, server) -> None:
    ctx, page = open_page(browser, server.url + PAGE, viewport=WIDE)
    page.wait_for_function("document.documentElement.classList.contains('notes-side')")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.getElementById('n-x86')).position") == "static"
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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_a_note_open(browser, server, scheme: str) -> None:
    require_axe()
    ctx, page = open_page(browser, server.url + PAGE + "#s03-q06", viewport=NARROW, color_scheme=scheme)
    page.locator("a.note-ref[href='#n-cuda-compatible-code']").click()
    page.locator("a.note-ref[href='#n-rare-earth-controls']").click()
    violations = run_axe(page)
    assert violations == [], format_violations(violations)
    ctx.close()
