"""Search in a real browser: folding rules, ranking, filters, highlight on arrival, keyboard, file://.

A small site of two made-up transcripts, one written in Simplified with Mainland
words (芯片, 软件) and one in Traditional with Taiwan words (晶片, 軟體), is built
once, served under a subpath and opened from file:// too.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jizhu.build.site import Project, build
from jizhu.config import Config
from site_fixture import ROOT
from webcheck import StaticServer, format_violations, require_axe, require_vnu, run_axe, validate_html

playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")

BASE = "/sub/"
ALPHA = """+++
title = "甲方访谈"
date = 2025-01-10
+++
01 芯片与软件
问：你们的芯片和软件怎么样？
王明：我们的芯片很好，H20 已经发货。
王明：推理模型是今年的重点。
问：还有别的吗？
王明：推理的成本很高，模型也很大。H200 更快。
02 生活
问：你的头发呢？
王明：我的头发很短，ＨＢＭ也很短。
"""
BETA = """+++
title = "乙方記者會"
date = 2024-05-01T19:30:00+08:00
+++
問：晶片的軟體進度如何？
李華：晶片與軟體都在進步，GPU 也是。
問：發展如何？
李華：發展很快，黃仁勳也這麼說。
問：模型呢？
李華：推理的成本、模型的大小都在下降。
問：良率呢？
李華：（笑）良率在上升（註：指晶圓的良率）。
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("search")
    for slug, text in (("alpha", ALPHA), ("beta", BETA)):
        (base / "content" / slug).mkdir(parents=True)
        (base / "content" / slug / "transcript.txt").write_text(text, encoding="utf-8")
    build(Project(content=base / "content", templates=ROOT / "templates", out=base / "site",
                  config=Config(variants=("zh-tw",), taiwan_phrases=True)))
    return base / "site"


@pytest.fixture(scope="module")
def server(site: Path):
    with StaticServer(site, base_path=BASE) as s:
        yield s


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    opened = context.new_page()
    opened.errors = []
    opened.on("pageerror", lambda e: opened.errors.append(str(e)))
    yield opened
    assert opened.errors == []
    context.close()


def search(page, url: str, query: str) -> list[str]:
    """Type `query` into the header box of the page at `url`; the ids of the results, in order."""
    if page.url != url:
        page.goto(url)
    page.locator("#search-input").fill(query)
    page.wait_for_function("q => document.querySelector('#search-listbox').dataset.query === q", arg=query)
    return results(page)


def results(page) -> list[str]:
    """Each result as `slug#paragraph-id`."""
    return page.eval_on_selector_all("#search-listbox [role=option]",
                                     "els => els.map(e => e.dataset.href.replace(/^.*\\/([a-z0-9-]+)\\/(index\\.html)?\\?hl=[^#]*/, '$1'))")


def both(server, query: str, page) -> dict[str, list[str]]:
    """The results for `query` on a Traditional and on a Simplified page."""
    return {script: search(page, f"{server.url}{script}/alpha/", query) for script in ("zh-hant", "zh-hans")}


def test_simplified_and_traditional_find_each_other(page, server) -> None:
    found = {query: both(server, query, page) for query in ("黃仁勳", "黄仁勋", "黃仁勋")}
    assert all(by_script == {"zh-hant": ["beta#s01-q02-p2"], "zh-hans": ["beta#s01-q02-p2"]} for by_script in found.values()), found
    # 发 folds 發 (develop) and 髮 (hair) together: one query finds both.
    hair_and_growth = set(search(page, f"{server.url}zh-hans/alpha/", "发"))
    assert hair_and_growth == {"alpha#s01-q01-p2", "alpha#s02-q01-p1", "alpha#s02-q01-p2", "beta#s01-q02-p1", "beta#s01-q02-p2"}


def test_results_are_shown_in_the_page_script(page, server) -> None:
    search(page, f"{server.url}zh-hans/beta/", "晶片")
    shown = page.inner_text("#search-listbox")
    assert "乙方记者会" in shown and "记者會" not in shown
    search(page, f"{server.url}zh-hant/beta/", "芯片")
    assert "甲方訪談" in page.inner_text("#search-listbox")


def test_regional_words_find_each_other(page, server) -> None:
    mainland = set(search(page, f"{server.url}zh-hant/alpha/", "芯片"))
    taiwan = set(search(page, f"{server.url}zh-hant/alpha/", "晶片"))
    assert mainland == taiwan
    assert mainland == {"alpha#s01-q01-p1", "alpha#s01-q01-p2", "beta#s01-q01-p1", "beta#s01-q01-p2"}
    software = set(search(page, f"{server.url}zh-hans/alpha/", "软件")), set(search(page, f"{server.url}zh-hans/alpha/", "軟體"))
    assert software[0] == software[1] == {"alpha#s01-q01-p1", "beta#s01-q01-p1", "beta#s01-q01-p2"}


def test_full_and_half_width_forms_fold(page, server) -> None:
    assert search(page, f"{server.url}zh-hans/alpha/", "HBM") == ["alpha#s02-q01-p2"]  # the text has ＨＢＭ
    assert search(page, f"{server.url}zh-hans/alpha/", "ｇｐｕ") == ["beta#s01-q01-p2"]  # beta has GPU


def test_latin_terms_match_whole_words_in_any_case(page, server) -> None:
    assert search(page, f"{server.url}zh-hans/alpha/", "H20") == ["alpha#s01-q01-p2"]
    assert search(page, f"{server.url}zh-hans/alpha/", "h200") == ["alpha#s01-q02-p2"]
    search(page, f"{server.url}zh-hans/alpha/", "H2")
    assert page.inner_text("#search-status") == "没有找到匹配的段落"


def test_an_exact_phrase_ranks_above_scattered_characters(page, server) -> None:
    # s01-q02-p2 has 推理 and 模型 apart (推理的成本很高，模型也很大); s01-q01-p3 has 推理模型.
    # beta's s01-q03-p2 (推理的成本、模型的大小) holds two of its three bigrams, as s01-q02-p2 does, and is older
    assert search(page, f"{server.url}zh-hant/alpha/", "推理模型") == ["alpha#s01-q01-p3", "alpha#s01-q02-p2", "beta#s01-q03-p2"]


def test_the_first_results_are_those_of_the_whole_ranking(page, server) -> None:
    """search() scores candidates only until no other can enter the first `limit`: the same first
    results, and the same count, as ranking every match."""
    page.goto(f"{server.url}zh-hans/alpha/")
    queries = ["成本，模型", "芯片", "推理模型", "推理 模型", "片", "H20", "头发 很短", "晶片 軟體", "的"]
    found = page.evaluate("""async queries => {
        await jizhuSearchApi.ready();
        const out = [];
        for (const q of queries) {
            const all = await jizhuSearchApi.search(q, {});
            for (const limit of [1, 2, 3]) {
                const some = await jizhuSearchApi.search(q, {}, limit);
                out.push([q, limit, all.count, some.count, all.results.slice(0, limit).map(r => [r.doc, r.score]),
                          some.results.map(r => [r.doc, r.score])]);
            }
        }
        return out;
    }""", queries)
    assert any(len(row[4]) == 3 for row in found)  # some queries have more matches than the smallest limits
    # 成本，模型 (two terms): alpha's s01-q02-p2 (newer, so scored first) holds both, apart; beta's
    # s01-q03-p2 holds them together (成本、模型) and ranks first
    assert found[0][5][0][1] > 1000 and found[0][2] == 2
    for query, limit, count_all, count_some, first, shown in found:
        assert (count_some, shown) == (count_all, first), (query, limit)


def test_a_result_shows_title_question_and_highlighted_words(page, server) -> None:
    search(page, f"{server.url}zh-hant/alpha/", "H20")
    option = page.locator("#search-listbox [role=option]").first
    assert "甲方訪談" in option.inner_text() and "你們的芯片和軟件怎麼樣？" in option.inner_text()
    assert option.locator("mark").all_inner_texts() == ["H20"]


def test_bracketed_notes_in_a_result_stand_apart_from_the_speakers_words(page, server) -> None:
    """A stage direction and an editor's note are shown muted, as on the page; words of a note are
    found, and highlighted there."""
    search(page, f"{server.url}zh-hans/beta/", "晶圆")  # only in the note
    option = page.locator("#search-listbox [role=option]").first
    assert option.locator(".search-snippet").inner_text() == "李华：（笑）良率在上升（注：指晶圆的良率）。"
    assert option.locator(".search-aside").all_inner_texts() == ["（笑）", "（注：指", "晶圆", "的良率）"]
    assert option.locator(".search-aside mark").all_inner_texts() == ["晶圆"]
    assert page.eval_on_selector(".search-aside", "el => getComputedStyle(el).color") != \
        page.eval_on_selector(".search-snippet", "el => getComputedStyle(el).color")


def test_arrival_highlights_the_hit_in_the_reader_script(page, server) -> None:
    search(page, f"{server.url}zh-hant/alpha/", "晶片")
    page.locator("#search-listbox [role=option]", has_text="甲方訪談").first.click()
    page.wait_for_url(lambda url: url.endswith("/zh-hant/alpha/#s01-q01-p1"))  # the ?hl= query is dropped
    page.wait_for_selector("mark.search-hit")
    marks = page.eval_on_selector_all("mark.search-hit", "ms => ms.map(m => [m.textContent, m.closest('[id]').id])")
    assert marks == [["芯片", "s01-q01-p1"]]


def test_keyboard(page, server) -> None:
    page.goto(f"{server.url}zh-hans/alpha/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.type("芯片")
    page.wait_for_function("document.querySelector('#search-input').getAttribute('aria-expanded') === 'true'")
    assert page.inner_text("#search-status") == "找到 4 段"
    box = page.locator("#search-input")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert page.get_attribute(f"#{active}", "aria-selected") == "true"
    assert page.locator("[role=option][aria-selected=true]").count() == 1
    href = page.get_attribute(f"#{active}", "data-href")
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.endswith("#" + href.split("#")[1]))
    page.wait_for_selector("mark.search-hit")


def test_the_dropdown_leads_to_the_filters_with_the_query(page, server) -> None:
    search(page, f"{server.url}zh-hans/alpha/", "芯片")
    link = page.locator(".search-all")
    assert link.inner_text() == "全部结果和筛选"
    link.click()
    page.wait_for_url(f"{server.url}zh-hans/search/?q=%E8%8A%AF%E7%89%87")
    page.wait_for_function("document.querySelectorAll('.search-result').length === 4")
    page.select_option("select[name=speaker]", label="王明")
    page.wait_for_function("document.querySelectorAll('.search-result').length === 1")
    assert "q=%E8%8A%AF%E7%89%87&speaker=" in page.url


def test_filters_and_share_links_on_the_search_page(page, server) -> None:
    page.goto(f"{server.url}zh-hant/search/?q=芯片")
    page.wait_for_function("document.querySelector('[data-search-status]').textContent !== ''")

    def shown() -> list[str]:
        return page.eval_on_selector_all(".search-result h2 a", "as => as.map(a => a.getAttribute('href').split('#')[1])")

    assert len(shown()) == 4
    page.select_option("select[name=speaker]", label="王明")
    page.wait_for_function("document.querySelectorAll('.search-result').length === 1")
    assert shown() == ["s01-q01-p2"]
    page.select_option("select[name=speaker]", value="")
    page.select_option("select[name=transcript]", value="beta")
    page.wait_for_function("document.querySelectorAll('.search-result').length === 2")
    page.select_option("select[name=transcript]", value="")
    page.fill("input[name=from]", "2025-01-01")
    page.wait_for_function("document.querySelectorAll('.search-result').length === 2")
    assert set(shown()) == {"s01-q01-p1", "s01-q01-p2"}
    assert "from=2025-01-01" in page.url  # the filters stay in the address, to share or go back to
    page.fill("input[name=to]", "2025-01-09")
    page.wait_for_selector("text=找不到相符的段落")
    page.fill("input[name=from]", "2024-05-01")
    page.fill("input[name=to]", "2024-05-01")  # a date-time's whole day, shown as the day
    page.wait_for_function("document.querySelectorAll('.search-result').length === 2")
    assert page.locator(".search-about").all_inner_texts() == ["2024-05-01"] * 2
    page.fill("input[name=from]", "")
    page.fill("input[name=to]", "")
    page.wait_for_function("document.querySelectorAll('.search-result').length === 4")
    shares = page.eval_on_selector_all(".search-share", "as => as.map(a => a.getAttribute('href'))")
    assert len(shares) == 4 and all(s.endswith(("/alpha/s01-q01/", "/beta/s01-q01/")) for s in shares)
    page.click(".search-share >> nth=0")
    page.wait_for_url(lambda url: url.endswith("/s01-q01/"))


def test_a_date_filter_takes_a_month_or_a_year_as_all_its_days(page, server) -> None:
    page.goto(f"{server.url}zh-hant/alpha/")
    met = page.evaluate("""async cases => { await jizhuSearchApi.ready();
        return cases.map(c => jizhuSearchApi.withinDates(...c)); }""", [
        ["2025", "2025-03-01", ""], ["2025", "", "2025-03-01"], ["2025", "2026-01-01", ""], ["2025", "", "2024-12-31"],
        ["2025-07", "2025-07-10", "2025-07-10"], ["2025-07", "2025-08-01", ""], ["2025-07-16T10:00:00+08:00", "", "2025-07-16"],
        ["", "2025-01-01", ""], ["", "", ""], ["2025-07-16", "2025-07-17", ""]])
    assert met == [True, True, False, False, True, False, True, False, True, False]


def test_works_from_file_urls(page, site: Path) -> None:
    page.goto((site / "zh-hans" / "beta" / "index.html").as_uri())
    page.locator("#search-input").fill("芯片")
    page.wait_for_selector("#search-listbox[data-query]", state="attached")
    assert len(results(page)) == 4
    page.locator("#search-listbox [role=option]", has_text="甲方访谈").first.click()
    page.wait_for_url(lambda url: url.startswith("file://") and "/zh-hans/alpha/index.html#s01-q01-p" in url)
    page.wait_for_selector("mark.search-hit")
    page.goto((site / "zh-hant" / "search" / "index.html").as_uri() + "?q=晶片")
    page.wait_for_function("document.querySelectorAll('.search-result').length === 4")
    assert page.get_attribute(".search-share >> nth=0", "href").endswith("/s01-q01/index.html")


def test_the_script_chooser_searches_in_the_script_the_reader_picks(page, server, site: Path) -> None:
    """The site root has no script of its own: its form's buttons say which script results are shown in."""
    page.goto(server.url)
    page.fill("#chooser-search-input", "芯片")
    page.click("button[formaction='zh-hans/search/']")
    page.wait_for_function("document.querySelectorAll('.search-result').length === 4")
    assert page.url == f"{server.url}zh-hans/search/?q=%E8%8A%AF%E7%89%87"
    assert page.input_value("#search-page-input") == "芯片"
    assert "甲方访谈" in page.inner_text(".search-results")
    page.goto(server.url)
    page.fill("#chooser-search-input", "晶片")
    page.press("#chooser-search-input", "Enter")  # the first button: the site's first script
    page.wait_for_url(lambda url: "/zh-hant/search/?q=" in url)
    page.wait_for_function("document.querySelectorAll('.search-result').length === 4")
    page.goto((site / "index.html").as_uri())
    page.fill("#chooser-search-input", "頭髮")
    page.click("button[formaction='zh-tw/search/index.html']")  # on file://, site.js points the form at index.html
    page.wait_for_url(lambda url: url.startswith("file://") and "/zh-tw/search/index.html?q=" in url)
    page.wait_for_function("document.querySelectorAll('.search-result').length === 2")


def test_without_javascript_the_box_is_a_link_to_a_page_listing_transcripts(browser, server) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server.url}zh-hans/alpha/")
    page.click(".site-search a")
    page.wait_for_url(lambda url: url.endswith("/zh-hans/search/"))
    text = page.inner_text("main")
    assert "搜索需要 JavaScript" in text
    assert page.locator("main a[href='../alpha/#s02']").inner_text() == "02 生活"
    assert page.locator("main a[href='../beta/']").inner_text() == "乙方记者会"
    context.close()


def test_on_phones_the_box_is_one_tap_away(browser, server) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(f"{server.url}zh-hant/alpha/")
    assert not page.locator("#search-input").is_visible()
    page.tap(".site-search a")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.locator("#search-input").fill("頭髮")
    page.wait_for_selector("#search-listbox[data-query]", state="attached")
    assert results(page) == ["alpha#s02-q01-p1", "alpha#s02-q01-p2"]
    context.close()


def test_the_search_page_fits_a_phone_whatever_the_titles(browser, server) -> None:
    """A select is as wide as its longest option, and a fieldset as its widest content: a transcript's long
    title once pushed the filters past a phone's edge."""
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    page.goto(f"{server.url}zh-hans/search/?q=芯片")
    page.wait_for_function("document.querySelector('[data-search-status]').textContent !== ''")
    page.evaluate("""() => { const o = document.createElement('option');
        o.textContent = '2023-01-18 “行政院开放政府国家行动方案推动小组”第 8 次会议（会议纪录与逐字稿全文）';
        document.querySelector('select[name=transcript]').append(o); }""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    label = page.locator("select[name=transcript]").locator("xpath=..").bounding_box()
    assert label["x"] + label["width"] <= 320 and label["height"] < 60  # on one line, the label's words unbroken
    gap = "document.querySelector('main h1').getBoundingClientRect().top - document.querySelector('body > header').getBoundingClientRect().bottom"
    below_header = page.evaluate(gap)
    page.goto(f"{server.url}zh-hans/")
    assert below_header == page.evaluate(gap) > 16  # the heading stands clear of the top bar, as the index page's
    context.close()


def test_axe_finds_nothing_with_results_open(page, server) -> None:
    require_axe()
    search(page, f"{server.url}zh-hant/alpha/", "芯片")
    page.keyboard.press("ArrowDown")
    assert page.is_visible("#search-listbox")
    assert run_axe(page) == [], format_violations(run_axe(page))
    page.goto(f"{server.url}zh-hans/search/?q=芯片")
    page.wait_for_selector(".search-result")
    violations = run_axe(page)
    assert violations == [], format_violations(violations)
    page.goto(server.url)  # the script chooser's search form
    violations = run_axe(page)
    assert violations == [], format_violations(violations)


def test_search_pages_are_valid_html(site: Path) -> None:
    require_vnu()
    assert validate_html([site / "index.html"] + [site / s / "search" / "index.html" for s in ("zh-hant", "zh-hans", "zh-tw")]) == []


def test_the_exported_index_reads_as_json(site: Path) -> None:
    folder = site / "data" / "search"

    def read(path: Path):
        name, _, data = path.read_text(encoding="utf-8").partition(",\n")
        assert name == f'jizhuSearch("{path.relative_to(folder).with_suffix("").as_posix()}"'
        return json.loads(data.removesuffix(");\n"))

    meta = read(folder / "meta-zh-tw.js")
    assert [t[:3] for t in meta["transcripts"]] == [["alpha", "甲方訪談", "2025-01-10"], ["beta", "乙方記者會", "2024-05-01T19:30:00+08:00"]]
    shards = {kind: [read(p) for p in sorted((folder / kind).glob("*.js"))] for kind in ("k", "p")}
    assert len(shards["k"]) == len(shards["p"]) == meta["shards"]
    keys = {key: value for shard in shards["k"] for key, value in zip(*shard)}
    places = {key: value for k, p in zip(shards["k"], shards["p"]) for key, value in zip(k[0], p) if value}
    assert all(k[0] == sorted(k[0]) and len(k[0]) == len(k[1]) == len(p) for k, p in zip(shards["k"], shards["p"]))
    assert meta["width"] == 1  # transcript numbers, base 64, are one character wide here
    # transcript 0 (alpha), its documents 0 and 1 (你们的芯片…, 我们的芯片…), at token 3 in each
    assert keys["芯片"] == "000" and places["芯片"] == "33"
    # 片 as a character: twice in alpha's 0 and 1 (the zh-TW text, 晶片 there, folds apart and counts too:
    # "1" then "0", the count less two), once in beta's (transcript 1) documents 0 and 1, counted from beta's first.
    assert keys["片"] == "01010,100" and keys["h20"] == "030"  # document 1 (2 from −1, less one, doubled, plus one), twice
    assert "h20" in places and "h200" in keys and keys["@王明"] == "02022"  # alpha's documents 1, 2, 4, 6 (gaps 1, 0, 1, 1, doubled)
    assert "@王明" not in places and "片" not in places
    fold = read(folder / "fold.js")
    assert fold["chars"]["髮"] == "发" and ["芯片", "晶片"] in fold["regional"]
    assert meta["text"] == {"base": "zh-hant", "folded": ["zh-hans"]}
    chunk = read(folder / "text" / "beta" / "0.js")
    assert chunk["docs"][0] == ["s01-q01-p1", "s01-q01", "問", "晶片的軟體進度如何？"]
    assert chunk["questions"]["s01-q01"] == 1  # the question is the pair's first document
    # alpha is written in Simplified: its Traditional text holds 芯片, its zh-TW text 晶片 (s2twp), a patch
    alpha = read(folder / "text" / "alpha" / "0.js")
    assert alpha["docs"][1][3].startswith("我們的芯片很好")
    assert alpha["scripts"]["zh-tw"]["docs"]["1"] == [None, [[3, "晶"]]]
    # the Simplified text is the Traditional folded through fold.js: no patch where they agree
    assert "1" not in alpha["scripts"]["zh-hans"]["docs"]
    assert "".join(fold["chars"].get(c, c) for c in alpha["docs"][1][3]).startswith("我们的芯片很好")


def test_a_snippet_cuts_no_latin_word_and_english_is_said_as_english(page, server) -> None:
    english = ("So I was awarded an engineering prize in Sweden. It is named after a Swedish engineer called the "
               "Polhem Prize. It is an old, distinguished prize that they have been handing out for I think 120 "
               "years or so. Really a prestigious prize, given out to engineers and inventors over the years.")
    chinese = ("我本來希望能用普通話做一次演講，但我的普通話水平還不夠好。但我會繼續設定目標，努力提升，爭取下次能用"
               "普通話發言。這次我受邀參加了中國國際供應鏈博覽會開幕式，這個活動非常重要，涵蓋了多個方面。")
    page.goto(f"{server.url}zh-hant/alpha/")
    shown = page.evaluate("""async ([english, chinese]) => {
        await jizhuSearchApi.ready();
        return [jizhuSearchApi.snippet(english, "distinguished", 36), jizhuSearchApi.snippet(chinese, "博覽會", 36),
                jizhuSearchApi.snippet("短段落，其中有晶片。", "晶片", 36),
                jizhuSearchApi.saidBy("Jon Calhoun", "So I was"), jizhuSearchApi.saidBy("王明", "我們的芯片")];
    }""", [english, chinese])
    opening, closing = shown[0].strip("…").split()[0], shown[0].strip("…").split()[-1]
    assert shown[0].startswith("…") and shown[0].endswith("…") and "distinguished" in shown[0]
    assert f" {opening} " in f" {english} " and f" {closing} " in f" {english} "  # whole words at both ends
    assert len(shown[0]) > 100  # Latin letters take half a Han character's room: about twice as many shown
    assert shown[1] == "…" + chinese[-72:] and shown[2] == "短段落，其中有晶片。"  # 72 Han characters; a short one whole
    assert shown[3:] == ["Jon Calhoun: ", "王明："]


def test_the_browser_folds_text_as_the_indexer_does(page, server) -> None:
    """Same tokens for characters the site's text holds (fold.js leaves out the rest: no text has them)."""
    from jizhu.pages.search_tokens import tokens
    texts = ["Ｈ２０晶片，黃仁勳 said H200-X  RTX\u3000Pro", "頭髮、發展與发货", "ＨＢＭ３e 〇々 Ⅳ ①", "GPU（黃仁勳也這麼說）",
             "İSTANBUL İş"]  # İ lower-cases to two characters (i and a combining dot)
    page.goto(f"{server.url}zh-hans/alpha/")
    browser_tokens = page.evaluate("""async texts => {
        await jizhuSearchApi.ready();
        return texts.map(t => jizhuSearchApi.tokens(t).map(k => [k.k, k.v, k.s, k.e]));
    }""", texts)
    assert browser_tokens == [[[t.kind, t.value, t.start, t.end] for t in tokens(text)] for text in texts]
