"""Publishing on GitHub Pages: canonical and hreflang links, share pages, 404, sitemap, robots, workflow."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from jizhu.config import Config
from jizhu.pages import render
from jizhu.reading.parse import parse_file
from site_fixture import ROOT, SEED_SLUG, Page, build_test_site

URL = "https://example.github.io/jizhu/"
SCRIPTS = ("zh-hant", "zh-hans")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_test_site(tmp_path_factory.mktemp("pages"), Config(site_url=URL))


@pytest.fixture(scope="module")
def relative_site(tmp_path_factory) -> Path:
    return build_test_site(tmp_path_factory.mktemp("relative"))


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_every_page_has_canonical_and_alternates(site: Path) -> None:
    for html in html_pages(site):
        page = Page(html)
        relative = html.relative_to(site).parent.as_posix()
        own = URL + ("" if relative == "." else relative + "/")
        assert [link["href"] for link in page.find("link", rel="canonical")] == [own], html
        alternates = {link["hreflang"]: link["href"] for link in page.find("link", rel="alternate")}
        assert set(alternates) == {"zh-Hant", "zh-Hans", "x-default"}, html
        assert alternates["x-default"] == URL
        if relative != ".":
            script, _, rest = relative.partition("/")
            assert alternates["zh-Hans"] == f"{URL}zh-hans/{rest}/".replace("//", "/").replace(":/", "://")


def test_without_a_site_url_links_stay_relative(relative_site: Path) -> None:
    page = Page(relative_site / "zh-hant" / SEED_SLUG / "index.html")
    assert page.find("link", rel="canonical")[0]["href"] == f"../../zh-hant/{SEED_SLUG}/"
    assert not any(link["href"].startswith("http") for link in page.find("link"))
    assert not page.find("meta", property="og:url")  # og:url must be absolute: left out when unknown
    assert not (relative_site / "sitemap.xml").exists()
    assert (relative_site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"


def test_nojekyll_robots_sitemap(site: Path) -> None:
    assert (site / ".nojekyll").is_file()
    assert (site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\nSitemap: {URL}sitemap.xml\n"
    assert sorted(sitemap_urls(site / "sitemap.xml")) == every_page(site)  # each once; its alternates are in its head
    assert not list(site.glob("sitemap-*.xml"))


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_urls(path: Path) -> list[str]:
    return [loc.text for loc in ET.parse(path).getroot().iter(f"{SITEMAP}loc")]


def every_page(site: Path) -> list[str]:
    """The address of every page of the site, sorted."""
    return sorted(URL + ("" if (rel := p.relative_to(site).parent.as_posix()) == "." else rel + "/")
                  for p in html_pages(site))


def test_a_site_of_more_pages_than_a_sitemap_may_list_gets_several(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(render, "SITEMAP_URLS", 100)  # 50,000 in earnest: 410 transcripts
    site = build_test_site(tmp_path, Config(site_url=URL))
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}sitemapindex"
    parts = sitemap_urls(site / "sitemap.xml")
    assert parts == [f"{URL}sitemap-{n}.xml" for n in range(1, len(parts) + 1)] and len(parts) >= 2
    listed = [url for part in parts for url in sitemap_urls(site / part.removeprefix(URL))]
    assert all(len(sitemap_urls(site / part.removeprefix(URL))) <= 100 for part in parts)
    assert sorted(listed) == every_page(site)


def test_not_found_page_helps_in_both_scripts(site: Path) -> None:
    page = Page(site / "404.html")
    assert page.find("base", href="/jizhu/")
    assert "找不到這個頁面" in page.text and "找不到这个页面" in page.text
    assert {"zh-hant/", "zh-hans/"} <= set(page.links)
    assert page.find("meta", name="robots", content="noindex")
    names = [a for a in page.text.split() if a.startswith("全部")]
    assert len(names) == 2 and len(set(names)) == 2, names  # two links, each saying where it leads
    assert page.find("link", rel="icon", href="assets/favicon.svg") and (site / "assets" / "favicon.svg").is_file()


def test_share_page_for_every_answer(site: Path) -> None:
    transcript = parse_file(ROOT / "content" / SEED_SLUG / "transcript.txt")
    for script in SCRIPTS:
        for pair in transcript.pairs:
            html = site / script / SEED_SLUG / pair.id / "index.html"
            page = Page(html)
            meta = {m.get("property") or m.get("name"): m["content"] for m in page.find("meta") if "content" in m}
            assert meta["og:url"] == f"{URL}{script}/{SEED_SLUG}/{pair.id}/"
            assert meta["og:type"] == "article" and meta["twitter:card"] == "summary"
            assert meta["og:locale"] == ("zh_TW" if script == "zh-hant" else "zh_CN")
            assert "集注" in meta["og:site_name"]
            assert len(meta["og:title"]) > 2 and "twitter:title" not in meta  # X falls back to og:title
            squeeze = lambda text: re.sub(r"\s+", "", text)  # noqa: E731 - paragraphs join in a preview
            words = re.sub("\u2060[註注]\\d+", "", page.text)  # the words without the notes' markers
            assert meta["og:description"] and squeeze(meta["og:description"])[:20] in squeeze(words)
            assert f"../#{pair.id}" in page.links
            assert not page.find("meta", http_equiv="refresh")  # no redirect hides the answer
            assert page.lang == ("zh-Hant" if script == "zh-hant" else "zh-Hans")


def test_share_page_previews_the_question_and_answer(site: Path) -> None:
    page = Page(site / "zh-hans" / SEED_SLUG / "s02-q05" / "index.html")
    meta = {m.get("property") or m.get("name"): m["content"] for m in page.find("meta") if "content" in m}
    assert meta["og:title"] == "你认为在中美的商业合作中，如何平衡与中美两国政府的关系？"
    assert meta["og:description"].startswith("其实不存在所谓的平衡秘诀。")
    assert "<title>你认为在中美的商业合作中" in (site / "zh-hans" / SEED_SLUG / "s02-q05" / "index.html").read_text()


def test_share_page_holds_only_its_answer(site: Path) -> None:
    """Nothing copied from the site around it: a thousand transcripts make 120,000 share pages."""
    html = (site / "zh-hant" / SEED_SLUG / "s02-q05" / "index.html").read_text(encoding="utf-8")
    page = Page(site / "zh-hant" / SEED_SLUG / "s02-q05" / "index.html")
    for absent in ("site-header", "site-search", "site-footer", "data-toc", "search.js", "skip-link"):
        assert absent not in html, absent
    assert {"../", "../#s02-q05", f"../../../zh-hans/{SEED_SLUG}/s02-q05/"} <= set(page.links)
    assert [r for r in page.resources if r.endswith((".css", ".js"))] == ["../../../assets/style.css", "../../../assets/site.js"]


def test_share_page_marks_the_notes_on_its_answer_and_leads_to_them(site: Path) -> None:
    """The notes are not copied into each share page: each marker leads to its note on the transcript's page."""
    page = Page(site / "zh-hant" / SEED_SLUG / "s05-q03" / "index.html")
    full = Page(site / "zh-hant" / SEED_SLUG / "index.html")
    markers = [link for link in page.links if "#n-" in link]
    assert markers == [f"../#{n}" for n in ("n-yong-suizhe", "n-deepseek-selloff", "n-deepseek-efficiency", "n-agentic-ai")]
    assert all(link.removeprefix("../#") in full.ids for link in markers)
    assert not [i for i in page.ids if i.startswith("n-")] and not page.find("section")
    assert "n-h20-licence" not in "".join(page.links)  # only this answer's notes


def test_each_question_is_a_heading_for_screen_readers(site: Path) -> None:
    html = (site / "zh-hant" / SEED_SLUG / "index.html").read_text()
    # (style.css hides it: the text shows the question itself); each answer's share link is described by it
    pairs = re.findall(r'<article class="pair" id="(s\d\d-q\d\d)">\s*<h3 id="(\1-h)">([^<]+)</h3>'
                       r'.*?<a class="share-link" href="\1/" aria-describedby="\2">', html, re.S)
    assert len(pairs) == 60
    export = json.loads((site / "data" / f"{SEED_SLUG}.json").read_text(encoding="utf-8"))
    first_question = export["sections"][0]["items"][0]["turns"][0]["paragraphs"][0]["text"]["zh-Hant"]
    assert pairs[0][2] == first_question  # the contents label: the question as published


def test_each_answer_offers_its_share_link(site: Path) -> None:
    page = Page(site / "zh-hant" / SEED_SLUG / "index.html")
    assert {"#s01-q01", "s01-q01/", "#s08-q08", "s08-q08/", "s03-q02/"} <= set(page.links)
    body = page.find("body")[0]  # the labels of the copy buttons site.js adds to each menu
    assert (body["data-copy-link"], body["data-copy-share"], body["data-copied"]) == ("複製連結", "複製分享頁連結", "已複製")
    assert (body["data-answer-link"], body["data-share-page"]) == ("本題連結", "分享頁")  # the menu's links


def test_pages_workflow_uses_the_official_actions() -> None:
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert action in workflow
    assert "pip install -e . && python build.py" in workflow
    assert re.search(r"pages:\s*write", workflow) and re.search(r"id-token:\s*write", workflow)
    assert "path: site" in workflow
