"""Random transcripts, TOML and Markdown (Hypothesis): a `path:line: message` or a result, never a
traceback, and never a run longer than linear time allows.

The inputs are built from the pieces the parser, the notes and the dictionaries
react to (labels, colons, section numbers, fences, inline rules, links), mixed
with arbitrary text, and some lines repeated thousands of times, so that a
quadratic loop would show as a run far over its budget. Reading and checking
(parse, notes, glossary, dictionaries, the export) is timed; the budget is
generous (a second plus three times what a four-line project takes on this
machine now, plus 0.2 ms per character of input) and catches loops gone
quadratic or a regex gone exponential, not small slowdowns: speed itself is
measured by bench/. The pages of the smaller examples are rendered too, untimed.
"""
from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import time
from html import unescape
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from jizhu.build.site import Project, prepare, render_site
from jizhu.errors import ContentError
from jizhu.notes.markdown import images, render, unsafe_links
from jizhu.pages.export import export
from jizhu.urls import link_problem

ROOT = Path(__file__).resolve().parent.parent
FUZZ = settings(max_examples=int(os.environ.get("JIZHU_FUZZ_EXAMPLES", "30")), deadline=None,
                derandomize=os.environ.get("CI") == "true",  # the same examples on every CI run: never flaky
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
BUDGET_PER_CHARACTER = 0.0002
RENDERED_UP_TO = 3000
"""Characters of input up to which an example's pages are rendered as well."""
GOOD = "問:你好嗎?\n黃仁勳:很好。係統不錯。\n問:然後呢?\n黃仁勳:沒有了。\n"

def text(max_size: int) -> st.SearchStrategy[str]:
    """Any text but control characters, which `source.decode` refuses outright: the pieces below hold
    a few, so that some examples have them."""
    return st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=max_size)


TRANSCRIPT_PIECES = ["問:", "問：", "黃仁勳:", "**主持人：**", "### 唐鳳：", "## 標題", "# 標題", "01 開場", "02 ",
                     "+++", 'title = "x"', "：", ":", "？", "?", "。", "，", ",", "RTX", "Pro", " ", "\t", "-{",
                     "}-", "zh-Hant:", "zh-Hans:", ";", "**", "#", "1.", "（", "）", "“", "”", "以下為核心觀點:",
                     "\u3000", "\ufeff", "\r\n", "\x00", "\x1b", "\x85", "-{zh-Hant:川普;zh-Hans:特朗普}-", "名字很長很長很長很長很長很長很長",
                     # the shapes of later rules: speech-to-text stamps, numbered roles, outlets, Chinese-numbered
                     # sections, offices before names, datelines and header fields, days of the Republic, A-not-A, Cantonese quoted,
                     # names after an office
                     "说话人 1 00:00", "(00:15):", "00:00:05 ", "Q1：", "A1：", "Q    ", "Q. ", "记者（新华社）：", "法新社记者：",
                     "追问：", "一、", "（二）", "第三部分 ", "︰", "主持人 寿小丽：", "外交部发言人汪文斌：", "寿小丽：",
                     "2016年6月21日（星期二）", "香港時間11時05分", "時　　間：", "日期：", "中華民國113年3月4日", "113年",
                     "干不干净", "舍唔舍得", "（只有中文）", "甲議員：", "主席：請", "主席：行政長官。", "行政長官：", "柯委員建銘:",
                     "「唔係」", "即係用晒", "就系統", "佢試吓", "主席餘慧明", "余慧明", "被告鍾",
                     # captions (subtitles.py)
                     "00:00:01,000 --> 00:00:04,000", "00:01.000 --> 00:02.500 align:start", "<v 主持人>", "</v>",
                     "<00:00:01.200><c>", "NOTE ", "STYLE", "{\\an8}", "&amp;"]
MARKDOWN_PIECES = ["[", "]", "(", ")", "](", "![", "<", ">", "`", "```", "~~~", "*", "_", "|", "---", "[^1]",
                   "[^1]: ", ": ", "\n", "\n\n", "    ", "javascript:", "JAVA\tSCRIPT:", "data:", "https://x.org",
                   "//host", "mailto:a@b.c", "&#9;", "&colon;", "# ", "> ", "- ", "1. ", "<script>", "-{", "}-",
                   "係統", "H20"]
soup = st.lists(st.sampled_from(TRANSCRIPT_PIECES) | text(max_size=6), max_size=12).map("".join)
words = st.lists(st.sampled_from(["很好", "係統", "RTX", "Pro", "。", "，", "?", "：", " ", "H20晶片", "-{原文}-"])
                 | text(max_size=3), min_size=1, max_size=8).map("".join)
labelled = st.builds(lambda name, colon, text: f"{name}{colon}{text}", st.sampled_from(["問", "黃仁勳", "主持人", "A"]),
                     st.sampled_from([":", "：", "：**"]), words)
line_text = st.one_of(labelled, labelled, soup, words, st.sampled_from(["", "### 唐鳳：", "01 開場", "02 問答",
                                                                        "## 標題", "以下為核心觀點:"]))


@st.composite
def transcripts(draw) -> str:
    """Lines from the pieces; sometimes one line repeated up to 3,000 times."""
    lines = draw(st.lists(line_text, min_size=2, max_size=40))
    if lines and draw(st.booleans()):
        lines += [draw(st.sampled_from(lines))] * draw(st.integers(100, 3000))
    opening = draw(st.sampled_from(["", "", "", "WEBVTT\n\n", "1\n00:00:01,000 --> 00:00:02,000\n",  # captions
                                    '{"body": [{"from": 1, "to": 2, "content": "']))
    return opening + "\n".join(lines)


toml_scalars = (text(max_size=12) | st.integers(-5, 10**6) | st.booleans() | st.floats(allow_nan=False)
                | st.dates(min_value=datetime.date(1, 1, 1)))
toml_values = st.recursive(toml_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(text(max_size=8), inner, max_size=3), max_leaves=8)


def toml_value(value: object) -> str:
    """TOML for a generated value (tomllib reads but does not write)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if not isinstance(value, float) or value == value else "nan"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string, controls escaped
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{toml_value(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_table(keys: list[str]) -> st.SearchStrategy[str]:
    """A TOML document of the known keys (and others), or pieces of TOML syntax that may not parse."""
    tables = st.dictionaries(st.sampled_from(keys) | text(max_size=6), toml_values, max_size=5)
    documents = tables.map(lambda table: "\n".join(f"{toml_value(k)} = {toml_value(v)}" for k, v in table.items()))
    soup = st.lists(st.sampled_from(["[", "]", "=", '"', "'", "{", "}", ",", "\n", "a", "1", "#", "[[x]]",
                                     '"""'] + keys), max_size=20).map("".join)
    return documents | soup


FRONT_MATTER = toml_table(["title", "date", "source", "source_url", "source_script", "speakers", "names"]) | st.builds(
    lambda fields: "\n".join(f"{key} = {toml_value(value)}" for key, value in fields.items()),
    st.fixed_dictionaries({}, optional={
        "title": text(max_size=10), "date": st.dates() | st.sampled_from(["2025-07", "2025"]),
        "source": text(max_size=6), "source_url": st.sampled_from(["https://x.org/a", "mailto:a@b.c", "../x",
                                                                    "javascript:x", "//x.org"]),
        "source_script": st.sampled_from(["zh-Hant", "zh-Hans"]),
        "speakers": st.dictionaries(st.sampled_from(["問", "黃仁勳", "主持人"]),
                                    st.sampled_from(["question", "answer", "other"]), max_size=3),
        "names": st.lists(st.sampled_from(["黃仁勳", "雷軍", "唐鳳"]), max_size=2)}))
NOTE_FRONT = st.builds(
    lambda quote, target: f"quote = {toml_value(quote)}" + (f"\ntarget = {toml_value(target)}" if target else ""),
    st.sampled_from(["很好", "系统", "係統不錯", "沒有", "不在文中"]), st.sampled_from(["", "s01-q01", "s01-q02-p4", "x"])
) | toml_table(["quote", "target", "prefix", "suffix"])
markdown = st.lists(st.sampled_from(MARKDOWN_PIECES) | text(max_size=6), max_size=30).map("".join)


@st.composite
def dictionaries(draw) -> str:
    phrases = draw(st.dictionaries(text(max_size=4), st.dictionaries(
        st.sampled_from(["zh-Hant", "zh-Hans", "zh-TW", "zh-HK", "zh-XX"]),
        st.one_of(text(max_size=4), st.sampled_from(["發明", "川普", "系統"]), st.integers()), min_size=1, max_size=3),
        max_size=4))
    return draw(st.sampled_from(["[phrases]\n"] * 4 + ["", "phrases = 5\n"])) + "\n".join(
        f"{toml_value(k)} = {toml_value(v)}" for k, v in phrases.items())


GLOSSARY = st.builds(lambda name, term, definition: f'[{name}]\nterm = {toml_value(term)}\n'
                     f'definition = {toml_value(definition)}\n',
                     st.sampled_from(["gpu", "x", "bad name"]), text(max_size=6), markdown)


def within_budget(run: Callable[[], None], size: int, fixed: float) -> None:
    """`run` takes no longer than the budget; over it, it is run once more and the faster run counts
    (a moment when another process had the cores is not the code's)."""
    budget = fixed + BUDGET_PER_CHARACTER * size
    took = []
    for _ in range(2):
        started = time.perf_counter()
        run()
        took.append(time.perf_counter() - started)
        if took[-1] < budget:
            return
    raise AssertionError(f"{min(took):.2f} s for {size} characters (budget {budget:.2f} s)")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def fixed_cost(workspace: Path) -> float:
    """What reading and checking a tiny project takes here and now (OpenCC set up and all):
    the budget's fixed part scales with how busy the machine is."""
    project = fresh_project(workspace)
    (project.content / "t" / "transcript.txt").write_text(GOOD, encoding="utf-8")
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        pipeline(project)
        runs.append(time.perf_counter() - started)
    return 1.0 + 3 * sorted(runs)[1]


def fresh_project(workspace: Path) -> Project:
    content = workspace / "content"
    shutil.rmtree(content, ignore_errors=True)
    (content / "t" / "notes").mkdir(parents=True)
    return Project(content=content, templates=ROOT / "templates", out=workspace / "site")


def refused(err: ContentError) -> str:
    assert err.problems and all(problem.line >= 1 and str(problem.path) for problem in err.problems)
    return "refused"


def pipeline(project: Project) -> str:
    """Read and check everything, and make the JSON export: the work that grows with the text (timed)."""
    try:
        edition = prepare(project)
        for transcript in edition.transcripts:
            export(transcript, edition.publishers[transcript.slug], edition.scripts)
        return "read"
    except ContentError as err:
        return refused(err)


def run_pipeline(project: Project, size: int, fixed: float) -> None:
    """The timed pipeline, then the pages (not timed: a page per answer costs what a page costs, and
    thirty one-line answers make sixty share pages)."""
    outcomes = []
    within_budget(lambda: outcomes.append(pipeline(project)), size, fixed)
    if outcomes[-1] == "read" and size <= RENDERED_UP_TO:
        try:
            render_site(prepare(project), project.templates)
            outcomes.append("built")
        except ContentError as err:
            outcomes.append(refused(err))
    event(outcomes[-1] if outcomes[-1] != "read" else "read (not rendered: large)")  # --hypothesis-show-statistics: how many examples got through, how many were refused


@FUZZ
@given(text=transcripts(), front=st.none() | FRONT_MATTER)
def test_random_transcripts(workspace: Path, fixed_cost: float, text: str, front: str | None) -> None:
    project = fresh_project(workspace)
    source = (f"+++\n{front}\n+++\n" if front is not None else "") + text
    (project.content / "t" / "transcript.txt").write_text(source, encoding="utf-8", errors="surrogatepass")
    run_pipeline(project, len(source), fixed_cost)


@FUZZ
@given(front=NOTE_FRONT, body=markdown.filter(str.strip), glossary=st.one_of(st.none(), st.none(), GLOSSARY),
       rules=st.one_of(st.none(), st.none(), dictionaries()))
def test_random_notes_glossaries_and_dictionaries(workspace: Path, fixed_cost: float, front: str, body: str,
                                                  glossary: str | None, rules: str | None) -> None:
    project = fresh_project(workspace)
    (project.content / "t" / "transcript.txt").write_text(GOOD, encoding="utf-8")
    (project.content / "t" / "notes" / "n.md").write_text(f"+++\n{front}\n+++\n{body}\n", encoding="utf-8",
                                                          errors="surrogatepass")
    (project.content / "t" / "notes" / "q.md").write_text(f'+++\nquote = "很好"\n+++\n{body}\n', encoding="utf-8",
                                                          errors="surrogatepass")
    if glossary is not None:
        (project.content / "glossary.toml").write_text(glossary, encoding="utf-8", errors="surrogatepass")
    if rules is not None:
        (project.content / "conversions.toml").write_text(rules, encoding="utf-8", errors="surrogatepass")
    run_pipeline(project, len(front) + 2 * len(body) + len(glossary or "") + len(rules or ""), fixed_cost)


@FUZZ
@given(body=markdown, repeat=st.integers(1, 400))
def test_random_markdown_renders_without_an_unsafe_link(fixed_cost: float, body: str, repeat: int) -> None:
    # At most 8,000 characters: markdown-it-py itself is quadratic in unclosed brackets (`[[[` …,
    # about 0.7 s at 20,000 characters, 4.4 s at 77,000), which this test would otherwise only rediscover.
    source = body * repeat if len(body) * repeat <= 8_000 else body
    def read() -> None:
        images.cache_clear()
        unsafe_links.cache_clear()
        render(source, doc_id="n-x", convert=str, media={}, root="")
        images(source)
        unsafe_links(source)

    within_budget(read, len(source), fixed_cost)
    html = render(source, doc_id="n-x", convert=str, media={}, root="")
    refused = unsafe_links(source)
    assert "<script" not in str(html).lower()
    published = [unescape(url) for url in re.findall(r'(?:href|src)="([^"]*)"', str(html))]
    assert [url for url in published if link_problem(url)] == []
    assert all(message and line >= 0 for message, line in refused)
