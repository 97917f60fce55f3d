"""Notes: reading note files, finding their quotes in both scripts, and what a page shows of them.

Each test builds a small content folder from tests/fixtures/notes/transcript.txt
(Traditional made mechanically: 係統, half-width punctuation, a hard wrap
`RTX` / `Pro`) plus the notes it needs, and checks the build's result or the
`path:line: message` problems it reports.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from jizhu.config import Config
from jizhu.errors import ContentError
from jizhu.build.site import Project, build, prepare
from jizhu.notes.markdown import render
from site_fixture import Page

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "notes" / "transcript.txt"
SLUG = "t"


def project(tmp_path: Path, notes: dict[str, str], glossary: str | None = None,
            config: Config | None = None, files: dict[str, bytes | str] | None = None) -> Project:
    content = tmp_path / "content"
    (content / SLUG / "notes").mkdir(parents=True)
    shutil.copy(FIXTURE, content / SLUG / "transcript.txt")
    for name, text in notes.items():
        (content / SLUG / "notes" / name).write_text(text, encoding="utf-8")
    if glossary is not None:
        (content / "glossary.toml").write_text(glossary, encoding="utf-8")
    for name, data in (files or {}).items():
        target = content / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return Project(content=content, templates=ROOT / "templates", out=tmp_path / "site", config=config or Config())


def note(quote: str = "", body: str = "註釋正文。", **keys: str) -> str:
    lines = [f"quote = {json.dumps(quote, ensure_ascii=False)}"] if quote else []
    lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in keys.items()]
    return "+++\n" + "\n".join(lines) + "\n+++\n" + body + "\n"


def problems(p: Project) -> list[str]:
    with pytest.raises(ContentError) as caught:
        prepare(p)
    return [str(problem) for problem in caught.value.problems]


def places(p: Project) -> dict[str, object]:
    transcript = prepare(p).transcripts[0]
    return {n.id: n.places for n in transcript.notes}


def built(p: Project, script: str = "zh-hant") -> str:
    build(p)
    return (p.out / script / SLUG / "index.html").read_text(encoding="utf-8")


def paragraph(html: str, pid: str) -> str:
    return re.search(rf'<p id="{pid}">(.*?)</p>', html, re.S).group(1)


def marked_words(html: str, name: str) -> str:
    """The words a note's mark covers: from its first piece to its marker, other notes' markup left out."""
    words = re.search(rf'<mark class="note-quote" id="r-{name}">(.*?)\u2060?<a class="note-ref" href="#n-{name}"',
                      html, re.S).group(1)
    return re.sub(r'\u2060|<a class="note-ref".*?</a>|<[^>]+>', "", words)


# Anchoring ----------------------------------------------------------------------------------------

def test_a_traditional_quote_with_conversion_errors_finds_both_pages(tmp_path: Path) -> None:
    p = project(tmp_path, {"sys.md": note("我們的係統很好")})
    assert marked_words(built(p, "zh-hant"), "sys") == "我們的系統很好"
    assert marked_words((p.out / "zh-hans" / SLUG / "index.html").read_text(), "sys") == "我们的系统很好"


def test_a_quote_after_a_character_that_folds_to_two_marks_its_own_words(tmp_path: Path) -> None:
    """İ lower-cases to two characters (i and a combining dot): the words after it are still found where
    they are, not shifted by one for each İ before them."""
    text = FIXTURE.read_text(encoding="utf-8").replace("我們的", "İİ 我們的", 1)
    p = project(tmp_path, {"sys.md": note("我們的係統很好")}, files={f"{SLUG}/transcript.txt": text})
    assert marked_words(built(p), "sys") == "我們的系統很好"


def test_a_simplified_quote_finds_traditional_words(tmp_path: Path) -> None:
    p = project(tmp_path, {"mem.md": note("内存带宽非常出色")})
    assert marked_words(built(p), "mem") == "內存帶寬非常出色"


def test_matching_survives_hard_wraps_and_punctuation_width(tmp_path: Path) -> None:
    p = project(tmp_path, {
        "wrap.md": note("RTX Pro則專門用於數字孿生"),       # RTX / Pro were two lines in the source
        "nospace.md": note("RTXPro則專門"),                 # spacing never matters
        "comma.md": note("如果你開發兼容x86的產品，他們可能會不滿"),  # full-width comma; the source has ","
    })
    html = built(p)
    assert marked_words(html, "wrap") == "RTX Pro則專門用於數字孿生"
    assert marked_words(html, "comma") == "如果你開發兼容x86的產品，他們可能會不滿"
    assert marked_words(html, "nospace") == "RTX Pro則專門"


def test_a_quote_found_in_two_places_names_the_candidates(tmp_path: Path) -> None:
    p = project(tmp_path, {"twice.md": note("我們的係統")})
    [problem] = problems(p)
    assert problem.startswith(f"{p.content / SLUG / 'notes' / 'twice.md'}:2: ")
    assert 'quote "我們的係統" is found twice in the transcript' in problem
    assert "s01-q01-p2" in problem and "s01-q02-p2" in problem
    assert "add a target, prefix or suffix" in problem


def test_target_prefix_and_suffix_choose_one_place(tmp_path: Path) -> None:
    p = project(tmp_path, {
        "by-target.md": note("我們的係統", target="s01-q02"),
        "by-prefix.md": note("係統", target="s01-q01-p2", prefix="很好，"),
        "by-suffix.md": note("係統", target="s01-q01-p2", suffix="很好"),
    })
    found = places(p)
    assert found["n-by-target"]["zh-hant"].paragraph == "s01-q02-p2"
    second, first = found["n-by-prefix"]["zh-hant"], found["n-by-suffix"]["zh-hant"]
    assert second.paragraph == first.paragraph == "s01-q01-p2"
    assert first.start < second.start
    for script in ("zh-hant", "zh-hans"):
        assert found["n-by-prefix"][script].end - found["n-by-prefix"][script].start == 2


def test_a_quote_in_one_place_but_twice_in_a_paragraph_needs_a_prefix(tmp_path: Path) -> None:
    p = project(tmp_path, {"dup.md": note("係統", target="s01-q01-p2")})
    [problem] = problems(p)
    assert 'is found twice in s01-q01-p2' in problem
    assert "(after “…適合推理。我們的”)" in problem and "(after “…我們的系統很好，”)" in problem  # prefixes to choose


def test_a_missing_quote_names_the_closest_words(tmp_path: Path) -> None:
    p = project(tmp_path, {"miss.md": note("H20晶片的需求")})
    [problem] = problems(p)
    assert problem == (f'{p.content / SLUG / "notes" / "miss.md"}:2: quote "H20晶片的需求" not found in the '
                       'transcript; closest: "H20芯片的需求" (s01-q01-p1)')


def test_a_quote_outside_its_target_is_missing_there(tmp_path: Path) -> None:
    p = project(tmp_path, {"elsewhere.md": note("內存帶寬非常好", target="s01-q02")})
    [problem] = problems(p)
    assert 'quote "內存帶寬非常好" not found in s01-q02' in problem


def test_nothing_close_says_so(tmp_path: Path) -> None:
    p = project(tmp_path, {"far.md": note("完全無關的一句話在這裡")})
    [problem] = problems(p)
    assert "nothing close either" in problem


def test_prefix_that_matches_nothing(tmp_path: Path) -> None:
    p = project(tmp_path, {"prefix.md": note("係統", prefix="不存在")})
    [problem] = problems(p)
    assert ":3: " in problem and "never with this prefix and suffix" in problem


def test_an_unknown_target_suggests_ids(tmp_path: Path) -> None:
    p = project(tmp_path, {"target.md": note("係統", target="s01-q01-p9")})
    [problem] = problems(p)
    assert ':3: target "s01-q01-p9" is not an id of this transcript; did you mean' in problem


def test_a_note_without_quote_annotates_its_whole_target(tmp_path: Path) -> None:
    p = project(tmp_path, {"whole.md": note(target="s01-q02")})
    place = places(p)["n-whole"]["zh-hant"]
    assert place.paragraph == "s01-q02-p1" and place.start == place.end
    html = (build(p), (p.out / "zh-hant" / SLUG / "index.html").read_text())[1]
    assert paragraph(html, "s01-q02-p1").endswith('\u2060<a class="note-ref" href="#n-whole" id="r-whole">'
                                                  '<span class="visually-hidden">註</span>1</a>')


def test_regional_pages_with_other_words_and_lengths(tmp_path: Path) -> None:
    """On zh-tw with Taiwan phrasing and an override, 特朗普 is 川普 and 數字 is 數位: the quote still lands."""
    config = Config(variants=("zh-tw",), taiwan_phrases=True)
    p = project(tmp_path, {"tw.md": note("數字孿生,特朗普總統")}, config=config,
                files={"conversions.toml": '[phrases]\n"特朗普" = { zh-TW = "川普" }\n'})
    html = built(p, "zh-tw")
    assert "川普總統" in marked_words(html, "tw")
    assert "特朗普總統" in marked_words((p.out / "zh-hant" / SLUG / "index.html").read_text(), "tw")


def test_notes_are_numbered_in_reading_order(tmp_path: Path) -> None:
    p = project(tmp_path, {"a-late.md": note("HBMX不是HBM"), "z-early.md": note("H20芯片")})
    transcript = prepare(p).transcripts[0]
    assert [(n.id, n.number) for n in transcript.notes] == [("n-z-early", 1), ("n-a-late", 2)]


# Note files ---------------------------------------------------------------------------------------

BAD_NOTES = {
    "Bad Name.md": (note("係統很好"), 1, "note file name 'Bad Name' cannot be a link"),
    "no-front-matter.md": ("只有正文。\n", 1, "a note starts with front matter between +++ lines"),
    "unclosed.md": ('+++\nquote = "係統"\n正文\n', 1, "front matter opened with +++ is never closed"),
    "toml.md": ('+++\nquote = "係統\n+++\n正文\n', 2, "front matter is not valid TOML"),
    "unknown.md": ('+++\nquote = "係統很好"\nqoute = "x"\n+++\n正文\n', 3, "unknown note key 'qoute'"),
    "number.md": ('+++\nquote = 20\n+++\n正文\n', 2, "quote must be a string in quotes"),
    "empty.md": ('+++\nquote = "係統很好"\n+++\n\n', 3, "the note has no text after its front matter"),
    "nothing.md": ('+++\nprefix = "我們"\n+++\n正文\n', 1, "a note needs a quote"),
    "prefix-only.md": (note(target="s01-q01", prefix="我們"), 3, "prefix and suffix choose among the places of a quote"),
    "wrong.txt": ("正文\n", 1, "notes are read from *.md files only; rename it to wrong.md"),
}


def test_every_bad_note_is_reported_with_its_line(tmp_path: Path) -> None:
    p = project(tmp_path, {name: text for name, (text, _, _) in BAD_NOTES.items()})
    reported = problems(p)
    for name, (_, line, message) in BAD_NOTES.items():
        prefix = f"{p.content / SLUG / 'notes' / name}:{line}: "
        assert any(r.startswith(prefix) and message in r for r in reported), (name, reported)
    assert len(reported) == len(BAD_NOTES)


def test_links_and_folders_among_the_notes_are_what_they_are(tmp_path: Path) -> None:
    """The notes folder's entries say which are links and folders: a link to a note inside content/ is
    read, a broken one is reported by its name, a folder named like a note is not read as one."""
    p = project(tmp_path, {"kept.md": note("係統很好", "原來的正文。")})
    notes = p.content / SLUG / "notes"
    (p.content / "shared.md").write_text(note("很好", "共用的正文。"), encoding="utf-8")
    (notes / "linked.md").symlink_to(p.content / "shared.md")
    (notes / "gone.md").symlink_to(p.content / "missing.md")
    (notes / "folder.md").mkdir()
    reported = problems(p)
    assert [r.split(": ", 1)[0] for r in reported] == [f"{notes / 'folder.md'}:1", f"{notes / 'gone.md'}:1"]
    assert "which does not exist" in reported[1]
    (notes / "gone.md").unlink()
    (notes / "folder.md").rmdir()
    html = built(p)
    assert "原來的正文。" in html and "共用的正文。" in html


def test_a_bad_note_stops_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    good = project(tmp_path, {"ok.md": note("係統很好")})
    build(good)
    before = (good.out / "zh-hant" / SLUG / "index.html").read_text()
    (good.content / SLUG / "notes" / "bad.md").write_text(note("沒有這句話"), encoding="utf-8")
    with pytest.raises(ContentError):
        build(good)
    assert (good.out / "zh-hant" / SLUG / "index.html").read_text() == before


# Rendering ----------------------------------------------------------------------------------------

class Balance(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    VOID = {"br", "img", "hr", "meta", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def test_a_page_shows_quote_marker_and_note_with_its_links(tmp_path: Path) -> None:
    p = project(tmp_path, {"mem.md": note("內存帶寬非常出色", "帶寬 **很高**。")})
    html = built(p)
    text = paragraph(html, "s01-q01-p2")
    assert ('<mark class="note-quote" id="r-mem">內存帶寬非常出色</mark>\u2060<a class="note-ref" href="#n-mem">'
            '<span class="visually-hidden">註</span>1</a>') in text
    page = Page(p.out / "zh-hant" / SLUG / "index.html")
    [section] = page.find("section", id="notes")
    assert section["data-notes"] == ""
    [box] = page.find("div", id="n-mem")
    assert box["role"] == "note"
    assert {"#r-mem", "#n-mem"} <= set(page.links)  # its number, its way back to the words
    # its link in the other script and its copy button are site.js's (tests/test_notes_browser.py)
    assert not page.find("button", data_copy="#n-mem")
    assert "帶寬 <strong>很高</strong>。" in html
    assert '<a class="toc-section" href="#notes">註釋</a>' in html  # listed in the table of contents


def test_overlapping_quotes_nest_and_both_show(tmp_path: Path) -> None:
    p = project(tmp_path, {"one.md": note("內存帶寬非常出色"), "two.md": note("非常出色,適合推理"),
                           "three.md": note("帶寬")})
    html = built(p)
    Balance().feed(paragraph(html, "s01-q01-p2"))
    assert 'id="r-one"' in html and 'id="r-two"' in html and 'id="r-three"' in html
    assert html.count('class="note-ref"') == 3


def test_a_heading_in_a_note_sits_below_the_note_s_own(tmp_path: Path) -> None:
    p = project(tmp_path, {"h.md": note("係統很好", "# 背景\n\n## 細節\n\n正文。")})
    html = built(p)
    assert '<h3 id="n-h-h">' in html and "<h4>背景</h4>" in html and "<h5>細節</h5>" in html


def test_footnotes_of_different_notes_do_not_share_ids(tmp_path: Path) -> None:
    body = "正文[^1]。\n\n[^1]: 腳註。"
    p = project(tmp_path, {"a.md": note("係統很好", body), "b.md": note("係統是開放的", body)})
    build(p)
    ids = Page(p.out / "zh-hant" / SLUG / "index.html").ids
    assert len(ids) == len(set(ids))
    assert "fn-n-a-1" in ids and "fn-n-b-1" in ids


def test_code_is_highlighted_and_styled_for_light_and_dark(tmp_path: Path) -> None:
    p = project(tmp_path, {"code.md": note("係統很好", "```python\nprint('係統')\n```")})
    html = built(p)
    assert '<pre class="highlight" tabindex="0"><code class="language-python"><span class="nb">print</span>' in html
    assert '<link rel="stylesheet" href="../../assets/highlight.css">' in html
    css = (p.out / "assets" / "highlight.css").read_text()
    assert ".highlight .nb" in css and "@media (prefers-color-scheme: dark)" in css


def test_highlighted_code_and_its_stylesheet_are_kept_and_read_back_without_pygments(tmp_path: Path,
                                                                                    monkeypatch) -> None:
    from jizhu.notes import markdown
    from jizhu.scripts import kept
    code = "__global__ void add(float* c) { c[threadIdx.x] = 1; }\n"
    made = markdown.highlight(code, "cuda", ""), markdown.highlight_css()  # no cache folder: made each time
    unknown = markdown.highlight("x = 1\n", "nosuchlanguage", "")
    assert '<span class="kt">' in made[0] and "<span" not in unknown and "x = 1" in unknown
    markdown.highlight.cache_clear()
    kept.keep_in(tmp_path / "tables")
    try:
        assert (markdown.highlight(code, "cuda", ""), markdown.highlight_css()) == made
        assert markdown.highlight("x = 1\n", "nosuchlanguage", "") == unknown
        assert len(list((tmp_path / "tables").glob("highlighted-block-*.marshal"))) == 2
        assert len(list((tmp_path / "tables").glob("highlight-stylesheet-*.marshal"))) == 1

        def no_pygments(*args: object) -> str:
            raise AssertionError("Pygments asked again for what was kept")
        monkeypatch.setattr(markdown, "highlighted", no_pygments)
        monkeypatch.setattr(markdown, "made_highlight_css", no_pygments)
        markdown.highlight.cache_clear()
        assert (markdown.highlight(code, "cuda", ""), markdown.highlight_css()) == made  # read back
    finally:
        kept.keep_in(None)
        markdown.highlight.cache_clear()


def test_images_come_from_content_and_are_published(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    p = project(tmp_path, {"img.md": note("係統很好", "![示意圖](../images/chart.png)")},
                files={f"{SLUG}/images/chart.png": png})
    html = built(p)
    assert f'<img src="../../media/{SLUG}/images/chart.png" alt="示意圖">' in html
    assert (p.out / "media" / SLUG / "images" / "chart.png").read_bytes() == png
    exported = json.loads((p.out / "data" / f"{SLUG}.json").read_text())
    assert f'src="media/{SLUG}/images/chart.png"' in exported["notes"][0]["body"]["zh-Hans"]


@pytest.mark.parametrize(("src", "message"), [
    ("https://example.com/x.png", "is not a file in"),
    ("//example.com/x.png", "leaves out its scheme; write https://example.com/x.png"),
    ("missing.png", "not found"),
    ("../../../../etc/passwd", "not found"),
])
def test_images_from_elsewhere_are_problems(tmp_path: Path, src: str, message: str) -> None:
    p = project(tmp_path, {"img.md": note("係統很好", f"第一段。\n\n![x]({src})")})
    [problem] = problems(p)
    assert f"img.md:6: image '{src}' {message}" in problem


# Script -------------------------------------------------------------------------------------------

BODY = """\
這個係統的內存很大，見 [係統說明](https://example.com/係統?q=發 "係統標題")。

`係統 inline` 和 <https://example.com/發展> 都不轉換。網址 https://example.com/麵 也不轉換。

```text
係統 in code
```
"""


def test_note_text_is_converted_but_never_code_urls_or_attributes(tmp_path: Path) -> None:
    p = project(tmp_path, {"script.md": note("係統很好", BODY)})
    build(p)
    hans = (p.out / "zh-hans" / SLUG / "index.html").read_text()
    body = re.search(r'<div class="note-body">(.*?)</div>', hans, re.S).group(1)
    assert "这个系统的内存很大" in body and ">系统说明</a>" in body
    assert 'href="https://example.com/%E4%BF%82%E7%B5%B1?q=%E7%99%BC"' in body  # 係統, 發 as written
    assert 'title="係統標題"' in body
    assert "<code>係統 inline</code>" in body and "係統 in code" in body
    assert ">https://example.com/發展</a>" in body and "https://example.com/麵" in body


def test_a_simplified_note_reads_in_traditional_on_traditional_pages(tmp_path: Path) -> None:
    p = project(tmp_path, {"hans.md": note("係統很好", "这个系统的内存带宽很大。")})
    html = built(p)
    assert "這個系統的內存帶寬很大。" in html


# Safety -------------------------------------------------------------------------------------------

ESCAPED = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[a](java&#x09;script:alert(1))",  # the tab is percent-encoded: a relative link to a harmless path
    '[a](https://example.com/" onmouseover="alert(1))',
    "<a href=\"javascript:alert(1)\">x</a>",
]
REFUSED = [
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](javascript&colon;alert(1))",
    "[a](<javascript:alert(1)>)",
    "[a](vbscript:msgbox(1))",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![a](data:image/png;base64,iVBORw0KGgo=)",
    "<javascript:alert(1)>",
    "[a][x]\n\n[x]: javascript:alert(1)",
]
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.events: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        for name, value in attrs:
            if name in ("href", "src"):
                self.urls.append(re.sub(r"[\x00-\x20]", "", value or ""))
            if name.startswith("on"):
                self.events.append(name)


@pytest.mark.parametrize("attack", ESCAPED)
def test_script_cannot_get_in_through_a_note(tmp_path: Path, attack: str) -> None:
    p = project(tmp_path, {"x.md": note("係統很好", attack)})
    build(p)
    for script in ("zh-hant", "zh-hans"):
        links = Links()
        links.feed((p.out / script / SLUG / "index.html").read_text())
        assert not [u for u in links.urls if BAD_SCHEME.match(u)]
        assert links.events == []
        assert links.scripts == 3  # site.js, search.js and notes.js, nothing else
    exported = json.loads((p.out / "data" / f"{SLUG}.json").read_text())
    for body in exported["notes"][0]["body"].values():
        links = Links()
        links.feed(body)
        assert not [u for u in links.urls if BAD_SCHEME.match(u)] and links.scripts == 0 and links.events == []


@pytest.mark.parametrize("attack", REFUSED)
def test_a_note_with_an_unsafe_link_is_refused_and_the_link_would_be_text_anyway(tmp_path: Path,
                                                                                  attack: str) -> None:
    p = project(tmp_path, {"x.md": note("係統很好", attack)})
    [problem] = problems(p)
    assert "x.md:4: " in problem and " uses the " in problem and "scheme; only http, https, mailto and relative links" in problem
    links = Links()
    links.feed(render(attack, doc_id="n-x", convert=str, media={}, root=""))
    assert links.urls == []


ONE_PARSE_BODIES = [  # (body, links the build refuses, parses)
    ("見[報道](https://example.com/a)與[注](#n-b)、<https://example.com/c>，圖![圖表](chart.png)[^1]\n\n"
     "[^1]: 腳注\n", 0, 1),
    ("[參考][r] 和 [另一個](/about)\n\n[r]: https://example.com/r\n", 0, 1),
    ("[壞鏈接](javascript:alert(1)) 與 <vbscript:x> 和 ![x](data:image/png;base64,AA)\n\n[r]: javascript:y\n", 3, 2),
    ("[未用的壞參考] 說明\n\n[u]: javascript:z\n", 0, 2),  # defined, never used: nothing to refuse, yet not alike
]


@pytest.mark.parametrize("body,refusals,parses", ONE_PARSE_BODIES)
def test_one_parse_serves_the_checks_and_every_script(body: str, refusals: int, parses: int,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A body is parsed once for its link and image checks and both scripts' pages; what each script shows
    is what the safe parser alone makes of it (an unsafe link, refused by the build, is dropped there too)."""
    from markdown_it import MarkdownIt
    from jizhu.notes import markdown
    for cached in (markdown.images, markdown.unsafe_links, markdown.parse):
        cached.cache_clear()
    calls = []
    real_parse = MarkdownIt.parse
    monkeypatch.setattr(MarkdownIt, "parse", lambda self, *args: calls.append(self) or real_parse(self, *args))
    refused, found = markdown.unsafe_links(body), markdown.images(body)
    pages = [render(body, doc_id="n-x", convert=convert, media={}, root="") for convert in (str, str.upper)]
    monkeypatch.undo()
    assert len(calls) == parses  # a body with a link the page's parser drops is read again, by that parser
    md = markdown.parser()
    alone = md.parse(body, {})
    assert found == tuple((t.attrGet("src") or "", b.map[0]) for b in alone if b.type == "inline"
                          for t in markdown.walk(b.children or []) if t.type == "image")
    assert pages[0] == md.renderer.render(alone, md.options, {"docId": "n-x"})
    assert len(refused) == refusals and all(line == 0 and " uses the " in problem for problem, line in refused)
    for page in pages:
        links = Links()
        links.feed(page)
        assert not [u for u in links.urls if BAD_SCHEME.match(u)]


def test_kept_definitions_outlive_a_worker_s_emptied_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build worker keeps the glossary's definitions parsed (`keep`) while it empties its other parses
    after each transcript: the next transcript's page renders them without parsing them again, the same."""
    from markdown_it import MarkdownIt
    from jizhu.build.workers import TEXT_CACHES
    from jizhu.notes import markdown
    definition, note_body = "輝達的[晶片](https://example.com/h20)，見 *H20*。", "另一條注釋。"
    fresh = render(definition, doc_id="g-h20", convert=str.upper, media={}, root="")
    markdown.keep([definition])
    try:
        for cached in TEXT_CACHES:
            cached.cache_clear()
        calls = []
        real_parse = MarkdownIt.parse
        monkeypatch.setattr(MarkdownIt, "parse", lambda self, *args: calls.append(self) or real_parse(self, *args))
        kept = render(definition, doc_id="g-h20", convert=str.upper, media={}, root="")
        render(note_body, doc_id="n-x", convert=str, media={}, root="")
        assert (kept, len(calls)) == (fresh, 1)  # only the note's body was parsed
    finally:
        markdown.keep([])


@pytest.mark.parametrize("text", ["鱻龘「係統」ＡＢＣ，麵著", "鱻 Istanbul「係統」\u3000ＡＢＣ，麵\t著", "İstanbul 係統"])
def test_a_text_folds_as_its_characters_do_met_before_or_not(text: str) -> None:
    """Folding goes over a text in one pass once its characters have been met, and folds new ones
    together first: the same either way as each character alone, and each folded character leads
    back to the one it came from (white space folds to nothing, İ to two characters)."""
    from jizhu.notes.fold import fold
    from jizhu.reading import folding
    alone = [folding._fold(char) for char in text]
    assert folding.fold_text(text) == folding.fold_text(text) == "".join(alone)
    folded = fold(text)
    assert folded.text == "".join(alone)
    assert [text[at] for at in folded.origin] == [char for char, out in zip(text, alone) for _ in out]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(list("a@.:/w字 x-+W1_ı\tK") + ["://", "www.", "http://", "a@b.c"]), max_size=20))
def test_urls_kept_in_note_text_are_the_pattern_s_matches(pieces: list[str]) -> None:
    """`kept_spans` finds what `URL_IN_TEXT.finditer` finds (the pattern is quadratic on text without
    spaces; the scanner reads each character about once)."""
    from jizhu.notes.markdown import URL_IN_TEXT, kept_spans
    text = "".join(pieces)
    assert list(kept_spans(text)) == [m.span() for m in URL_IN_TEXT.finditer(text)]


def rendered_converted(source: str, doc_id: str, convert, media: dict[str, str], root: str) -> str:
    """What a body's page shows by the plain definition: its tokens parsed (by the page's parser, headings
    moved down), every text token outside an autolink converted, image sources under content/ moved
    to the site's media/, then rendered."""
    from urllib.parse import quote
    from jizhu.notes import markdown
    md = markdown.parser()
    env: dict = {}
    tokens = md.parse(source, env)

    def convert_inline(children) -> None:
        autolink = False
        for token in children:
            if token.type in ("link_open", "link_close"):
                autolink = token.type == "link_open" and token.markup == "autolink"
            elif token.type == "text" and not autolink:
                token.content = markdown.convert_text(token.content, convert)
            elif token.type == "image":
                src = token.attrGet("src")
                if src in media:
                    token.attrSet("src", f"{root}{markdown.MEDIA}/{quote(media[src])}")
                convert_inline(token.children or [])
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + markdown.HEADING_BASE)}"
        if token.type == "inline":
            convert_inline(token.children or [])
    return md.renderer.render(tokens, md.options, {**env, "docId": doc_id})


def marks_in(text: str) -> str:
    """A conversion that changes every kind of character a page's may: lengths, markup characters, quotes."""
    return text.replace("系", "係統").replace("a", "<&\"'>").replace("1", "")


LAID_OUT = [
    "# 標題\n\n正文 *強調* 和 **粗體**，[鏈接](https://example.com \"標題 a\") 與 <https://a.example/系>。",
    "圖 ![替代 *文字* `碼` 系 ![內 圖](in.png)](pics/a b.png \"題\") 後。\n\n![](x.png)",
    "腳注[^1] 與行內腳注^[系 a 統]。\n\n[^1]: 腳注 *正文* 系。\n\n    縮進的碼 a\n",
    "```python\nprint('系 a')\n```\n\n| 列 a | 系 |\n| --- | --- |\n| ~~刪~~ | 1 |\n\n術語 a\n: 定義系\n",
    "[ref a][r] 和 &#xD800; 與 %ED%A0%80 [t](u \"&#xD800;1&#xD800;\")\n\n[r]: https://example.com/r\n",
    "<http://xn--ab1-7e4pbb.example/> 系 a",  # its host name decodes to a\ud800b\ud8001\ud800: marker-like
    "行一 a\n行二 系  \n行三 www.example.com/系 與 me@example.com 系",
]


@pytest.mark.parametrize("source", LAID_OUT)
def test_a_body_laid_out_once_fills_as_its_converted_tokens_render(source: str) -> None:
    """A body is rendered once, with markers where words and image sources go; each page fills them. What
    it shows is what rendering its converted tokens shows, whatever the conversion makes of the words,
    the note's id, the image's place and a source that holds the markers' own characters."""
    from jizhu.notes import markdown
    markdown.parse.cache_clear()
    media = {"pics/a%20b.png": "t/pics/a b.png", "x.png": "t/x&y.png"}
    for convert in (str, marks_in):
        for doc_id, root in (("n-x", "../../"), ("g-h20", "")):
            assert render(source, doc_id=doc_id, convert=convert, media=media, root=root) == \
                rendered_converted(source, doc_id, convert, media, root)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["系", "a", " ", "\n", "\n\n", "*", "_", "[", "]", "(", ")", "!", "`", "<", ">",
                                 "&", "#", "^", ":", "|", "-", "~", "1.", "http://x.y", "\ud800", "&#xD800;", "    "]),
                max_size=30))
def test_any_body_laid_out_fills_as_its_converted_tokens_render(pieces: list[str]) -> None:
    from jizhu.notes import markdown
    source = "".join(pieces)
    if markdown.unsafe_links(source):
        return  # refused by the build, never published
    assert render(source, doc_id="n-x", convert=marks_in, media={"x.png": "t/x.png"}, root="../") == \
        rendered_converted(source, "n-x", marks_in, {"x.png": "t/x.png"}, "../")


def test_raw_html_shows_as_text(tmp_path: Path) -> None:
    p = project(tmp_path, {"x.md": note("係統很好", "<b>粗</b> <script>alert(1)</script>")})
    assert "&lt;b&gt;粗&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;" in built(p)


def test_a_hostile_quote_or_term_is_escaped(tmp_path: Path) -> None:
    p = project(tmp_path, {"x.md": note('<script>alert("q")</script>')})
    [problem] = problems(p)
    assert 'quote "<script>alert("q")</script>" not found' in problem  # a message, never markup
    glossary = '[x]\nterm = "<b>HBM</b>"\nmatch = ["HBM"]\ndefinition = "<i>定義</i>"\n'
    html = built(project(tmp_path / "g", {}, glossary=glossary))
    assert "<dt id=\"g-x\">&lt;b&gt;HBM&lt;/b&gt;</dt>" in html and "&lt;i&gt;定義&lt;/i&gt;" in html


# Glossary -----------------------------------------------------------------------------------------

GLOSSARY = """\
[h20]
term = "H20"
definition = "英偉達的芯片。"

[system]
term = "系统"
definition = "一個係統。"

[hbm]
term = "HBM"
definition = "高帶寬內存。"

[rtx-pro]
term = "RTX Pro"
definition = "顯卡。"
"""


def test_terms_are_linked_once_per_pair_and_listed_in_both_scripts(tmp_path: Path) -> None:
    p = project(tmp_path, {}, glossary=GLOSSARY)
    html = built(p)
    assert paragraph(html, "s01-q01-p1").startswith('<a class="term" href="#g-h20" id="gr-h20-1">H20</a>芯片')
    assert 'href="#g-h20"' not in paragraph(html, "s01-q01-p2")  # already linked in this pair
    assert '我們的<a class="term" href="#g-system" id="gr-system-1">系統</a>很好' in paragraph(html, "s01-q01-p2")  # either script
    assert '<a class="term" href="#g-rtx-pro" id="gr-rtx-pro-1">RTX Pro</a>' in paragraph(html, "s01-q01-p2")  # across the wrap
    assert '我們的<a class="term" href="#g-system" id="gr-system-2">系統</a>是開放的' in paragraph(html, "s01-q02-p2")  # next pair
    assert 'HBMX不是<a class="term" href="#g-hbm" id="gr-hbm-1">HBM</a>' in paragraph(html, "s01-q02-p2")  # whole words
    # each entry links back to every place its term is linked
    assert '<a href="#gr-system-1" aria-label="回到原文 1">1</a> <a href="#gr-system-2"' in html
    assert '<dt id="g-system">系統</dt>' in html and '<a class="toc-section" href="#glossary">詞彙表</a>' in html
    hans = (p.out / "zh-hans" / SLUG / "index.html").read_text()
    assert '<dt id="g-system">系统</dt>' in hans and "<dd><p>一个系统。</p>" in hans and "词汇表" in hans


def test_a_term_never_straddles_a_quote(tmp_path: Path) -> None:
    p = project(tmp_path, {"q.md": note("RTX", target="s01-q01-p2")}, glossary=GLOSSARY)
    html = built(p)
    Balance().feed(paragraph(html, "s01-q01-p2"))
    assert 'href="#g-rtx-pro"' not in html  # its only occurrence would straddle the quote's end


@pytest.mark.parametrize(("text", "line", "message"), [
    ('[h20]\nterm = "H20"\n', 1, "[h20] needs a definition"),
    ('[h20]\nterm = "H20"\ndefinition = "x"\nspelling = "y"\n', 4, "unknown key 'spelling' in [h20]"),
    ('["H 20"]\nterm = "H20"\ndefinition = "x"\n', 1, "cannot be an anchor"),
    ('[a]\nterm = "H20"\ndefinition = "x"\n[b]\nterm = "h20"\ndefinition = "y"\n', 4, "is already a spelling of [a]"),
    ('[a]\nterm = "H20"\ndefinition = "![x](y.png)"\n', 1, "images are for notes"),
    ('[a]\nterm = "H20"\nmatch = "H20晶片"\ndefinition = "x"\n', 3, "match must be a list"),
    # a table's header quoted and spaced, after a definition line that starts like a header
    ('[a]\nterm = "A"\ndefinition = """\n[' + " " * 5000 + '\n"""\n[ "b" ]\nterm = "B"\n', 6, "[b] needs a definition"),
])
def test_glossary_problems(tmp_path: Path, text: str, line: int, message: str) -> None:
    p = project(tmp_path, {}, glossary=text)
    [problem] = problems(p)
    assert problem.startswith(f"{p.content / 'glossary.toml'}:{line}: ") and message in problem, problem


# Export -------------------------------------------------------------------------------------------

def test_the_json_export_carries_each_note_in_each_script(tmp_path: Path) -> None:
    p = project(tmp_path, {"sys.md": note("我們的係統很好", "係統**說明**。"), "whole.md": note(target="s01-q02")})
    build(p)
    notes = json.loads((p.out / "data" / f"{SLUG}.json").read_text())["notes"]
    assert notes[0] == {"id": "n-sys", "target": "s01-q01-p2",
                        "quote": {"zh-Hant": "我們的系統很好", "zh-Hans": "我们的系统很好"},
                        "body": {"zh-Hant": "<p>系統<strong>說明</strong>。</p>\n",
                                 "zh-Hans": "<p>系统<strong>说明</strong>。</p>\n"}}
    assert notes[1]["id"] == "n-whole" and notes[1]["target"] == "s01-q02" and notes[1]["quote"]["zh-Hant"] == ""


def test_the_seed_s_notes_all_land_and_name_their_sources() -> None:
    """Every shipped note finds its place and says where its facts come from."""
    edition = prepare(Project(content=ROOT / "content", templates=ROOT / "templates", out=ROOT / "site"))
    [seed] = edition.transcripts
    assert len(seed.notes) >= 20
    assert all("來源" in n.body for n in seed.notes), [n.id for n in seed.notes if "來源" not in n.body]
    assert any("```" in n.body for n in seed.notes)
    terms = {t.name for t in seed.glossary}
    assert {"H20", "Hopper", "Blackwell", "CUDA", "RTX Pro", "Omniverse", "HBM", "DeepSeek R1"} <= terms


def test_the_command_line_reports_a_note_problem_as_path_line_message(tmp_path: Path) -> None:
    project(tmp_path, {"miss.md": note("H20晶片的需求")})
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith(f'content/{SLUG}/notes/miss.md:2: quote "H20晶片的需求" not found')
    assert "Traceback" not in result.stderr and not (tmp_path / "site").exists()


def test_a_missing_simplified_quote_is_answered_in_simplified(tmp_path: Path) -> None:
    p = project(tmp_path, {"miss.md": note("内存带宽非常好")})
    [problem] = problems(p)
    assert re.search(r'closest: "内存带宽非常.?" \(s01-q01-p2\)$', problem), problem
