"""The built site as files: every page, both scripts, ids, links, JSON export, no outside requests."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jizhu.scripts.convert import SCRIPTS
from jizhu.reading.parse import parse_file
from site_fixture import ROOT, SAMPLE, SAMPLE_SLUG, SEED_SLUG, Page, build_test_site

SLUGS = [SEED_SLUG, SAMPLE_SLUG]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_test_site(tmp_path_factory.mktemp("built"))


def page(site: Path, script: str, slug: str) -> Page:
    return Page(site / script / slug / "index.html")


def test_every_page_exists(site: Path) -> None:
    assert (site / "index.html").is_file() and (site / ".nojekyll").is_file()
    for script in ("zh-hant", "zh-hans"):
        assert (site / script / "index.html").is_file()
        for slug in SLUGS:
            assert (site / script / slug / "index.html").is_file()
    for slug in SLUGS:
        assert (site / "data" / f"{slug}.json").is_file()


@pytest.mark.parametrize(("script", "lang"), [("zh-hant", "zh-Hant"), ("zh-hans", "zh-Hans")])
def test_lang_and_script_of_each_page(site: Path, script: str, lang: str) -> None:
    seed = page(site, script, SEED_SLUG)
    assert seed.lang == lang
    assert Page(site / script / "index.html").lang == lang
    if script == "zh-hant":
        assert "黃仁勳" in seed.text and "黄仁勋" not in seed.text
        assert "目錄" in seed.text and "系統" in seed.text and "係統" not in seed.text
    else:
        assert "黄仁勋" in seed.text and "黃仁勳" not in seed.text
        assert "目录" in seed.text and "系统" in seed.text
    for latin in ["RTX Pro", "DeepSeek R1", "H20", "CUDA", "Gemini Pro"]:  # Latin text is never converted
        assert latin in seed.text


def test_root_chooser_offers_every_script(site: Path) -> None:
    root = Page(site / "index.html")
    assert root.lang == "zh"
    for script in SCRIPTS:
        links = root.find("a", href=f"{script.key}/")
        assert links and links[0]["hreflang"] == script.lang


def test_script_index_lists_every_transcript(site: Path) -> None:
    for script in ("zh-hant", "zh-hans"):
        index = Page(site / script / "index.html")
        for slug in SLUGS:
            assert f"{slug}/" in index.links


def contract_ids(slug: str) -> set[str]:
    path = ROOT / "content" / slug / "transcript.txt" if slug == SEED_SLUG else None
    t = parse_file(path) if path else parse_file(SAMPLE)
    ids = {p.id for p in t.paragraphs()} | {s.id for s in t.sections} | {p.id for p in t.pairs}
    return ids | {turn.id for turn in t.turns}


@pytest.mark.parametrize("slug", SLUGS)
def test_ids_are_the_same_in_both_scripts(site: Path, slug: str) -> None:
    hant, hans = page(site, "zh-hant", slug), page(site, "zh-hans", slug)
    assert hant.ids == hans.ids
    assert len(hant.ids) == len(set(hant.ids)), "duplicate ids"
    assert contract_ids(slug) <= set(hant.ids)


def test_seed_ids_follow_the_contract(site: Path) -> None:
    ids = set(page(site, "zh-hant", SEED_SLUG).ids)
    assert {"s01", "s08", "s01-q01", "s01-q01-p1", "s01-q01-p2", "s08-q08", "k01", "k10", "i01"} <= ids
    assert len([i for i in ids if re.fullmatch(r"s\d\d-q\d\d", i)]) == 60
    sample = set(page(site, "zh-hant", SAMPLE_SLUG).ids)
    assert {"s01", "s01-t01", "s01-q01", "s01-q13"} <= sample


@pytest.mark.parametrize("script", ["zh-hant", "zh-hans"])
def test_table_of_contents_links_every_section_and_question(site: Path, script: str) -> None:
    seed = page(site, script, SEED_SLUG)
    assert seed.find("nav", aria_label="目錄" if script == "zh-hant" else "目录")
    t = parse_file(ROOT / "content" / SEED_SLUG / "transcript.txt")
    for target in [s.id for s in t.sections] + [p.id for p in t.pairs]:
        assert f"#{target}" in seed.links


@pytest.mark.parametrize("script", ["zh-hant", "zh-hans"])
def test_every_answer_has_a_permalink_and_a_share_link(site: Path, script: str) -> None:
    """Without JavaScript: the copy buttons are made by site.js (tests/test_browser.py)."""
    seed = page(site, script, SEED_SLUG)
    pairs = {i for i in seed.ids if re.fullmatch(r"s\d\d-q\d\d", i)}
    assert len(pairs) == 60
    assert {f"#{p}" for p in pairs} <= set(seed.links)
    assert {link for link in seed.links if re.fullmatch(r"s\d\d-q\d\d/", link)} == {f"{p}/" for p in pairs}
    answer_buttons = [b for b in seed.find("button") if "data-copy-answer" in b
                      or re.fullmatch(r"#?s\d\d-q\d\d/?", b.get("data-copy", ""))]
    assert not answer_buttons  # nothing in the menus that cannot work without JavaScript


def test_each_page_links_its_counterpart(site: Path) -> None:
    for script, other in (("zh-hant", "zh-hans"), ("zh-hans", "zh-hant")):
        seed = page(site, script, SEED_SLUG)
        assert f"../../{other}/{SEED_SLUG}/" in seed.links
        assert f"../../{other}/{SEED_SLUG}/#s03-q02" in seed.links  # each answer, in the other script, without JS
        assert seed.find("link", rel="alternate", hreflang="zh-Hans" if other == "zh-hans" else "zh-Hant")


@pytest.mark.parametrize("relative", ["index.html", "zh-hant/index.html", "zh-hans/index.html",
                                      f"zh-hant/{SEED_SLUG}/index.html", f"zh-hans/{SAMPLE_SLUG}/index.html"])
def test_no_request_leaves_the_site(site: Path, relative: str) -> None:
    p = Page(site / relative)
    assert p.resources, "expected the stylesheet and script"
    for url in p.resources:
        assert not re.match(r"^(https?:)?//", url), url
        assert (p.path.parent / url).resolve().is_file(), url
    css = (site / "assets" / "style.css").read_text(encoding="utf-8")
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css)
    assert "fetch(" not in (site / "assets" / "site.js").read_text(encoding="utf-8")


def test_internal_links_resolve(site: Path) -> None:
    pages = {html: Page(html) for html in site.rglob("*.html")}
    for html, p in pages.items():
        for href in p.links:
            if re.match(r"^[a-z]+:", href):
                continue
            path, _, fragment = href.partition("#")
            target = (html.parent / path).resolve() if path else html
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{html}: {href}"
            if fragment:
                assert fragment in pages[target].ids, f"{html}: {href}"


def test_json_export(site: Path) -> None:
    data = json.loads((site / "data" / f"{SEED_SLUG}.json").read_text(encoding="utf-8"))
    assert data["slug"] == SEED_SLUG and data["date"] == "2025-07-16"
    assert len(data["sections"]) == 8 and len(data["key_points"]["points"]) == 10
    html_ids = set(page(site, "zh-hans", SEED_SLUG).ids)
    paragraphs = 0
    for section in data["sections"]:
        assert section["id"] in html_ids and set(section["title"]) == {"zh-Hant", "zh-Hans"}
        for item in section["items"]:
            assert item["id"] in html_ids
            for turn in item["turns"] if item["type"] == "pair" else [item]:
                assert turn["role"] in ("question", "answer", "other") and turn["speaker"]["zh-Hant"]
                for p in turn["paragraphs"]:
                    paragraphs += 1
                    assert p["id"] in html_ids
                    assert set(p["text"]) == {"zh-Hant", "zh-Hans"} and all(p["text"].values())
    assert paragraphs == 60 + 108
    first = data["sections"][0]["items"][0]["turns"][1]["paragraphs"][0]["text"]
    assert first["zh-Hans"].startswith("我本来希望能用普通话")
    assert first["zh-Hant"].startswith("我本來希望能用普通話")
