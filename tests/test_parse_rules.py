"""Parser rules pinned by small readable cases in fixtures/parse_rules.txt."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from jizhu.reading.parse import parse_text
from outline_format import outline

FIXTURES = Path(__file__).parent / "fixtures" / "parse_rules.txt"


def cases() -> list[tuple[str, str, str]]:
    text = FIXTURES.read_text(encoding="utf-8")
    found = []
    for chunk in re.split(r"^~~~ ", text, flags=re.M)[1:]:
        title, _, rest = chunk.partition("\n")
        source, _, expected = rest.rpartition("\n---\n")  # sources may hold --- lines
        found.append((title.strip(), source, expected.strip()))
    return found


@pytest.mark.parametrize(("title", "source", "expected"), cases(), ids=[c[0][:60] for c in cases()])
def test_rule(title: str, source: str, expected: str) -> None:
    assert outline(parse_text(source)) == expected


def test_one_speaker_named_in_front_matter_needs_no_label() -> None:
    """A speech or a lecture: every paragraph is the one declared speaker's, in each section too; with two
    declared and none labelled, nobody can say whose words are whose."""
    speech = parse_text('+++\nspeakers = { "王教授" = "other" }\n+++\n# 王教授的演講\n\n各位好，今天談談人工智能。\n\n'
                        "## 一、歷史\n\n它改變了很多行業。\n\n謝謝大家。\n")
    assert speech.title == "王教授的演講"
    assert [(s.title, [(t.speaker, [p.text for p in t.paragraphs]) for t in s.turns]) for s in speech.sections] == [
        ("", [("王教授", ["各位好，今天談談人工智能。"])]), ("一、歷史", [("王教授", ["它改變了很多行業。", "謝謝大家。"])])]
    from jizhu.errors import ContentError
    with pytest.raises(ContentError, match="for one speaker, naming them in front matter is enough"):
        parse_text('+++\nspeakers = { "甲" = "other", "乙" = "other" }\n+++\n各位好。\n\n謝謝。\n')


def test_a_short_exchange_of_labelled_lines_is_turns_though_no_label_recurs() -> None:
    assert [(t.speaker, t.role) for t in parse_text("問：你好？\n\n答：好。\n").turns] == \
        [("問", "question"), ("答", "answer")]
    assert [t.speaker for t in parse_text("記者：今天好嗎？\n黃仁勳：很好，謝謝。\n").turns] == ["記者", "黃仁勳"]
    titled = parse_text("# 專訪\n\n問：你好？\n\n答：好。\n")  # a title heading above it is no turn
    assert (titled.title, [t.speaker for t in titled.turns]) == ("專訪", ["問", "答"])
    # one line without a label, and a one-off `名字：` is a headline again, not a turn
    from jizhu.errors import ContentError
    with pytest.raises(ContentError, match="no speaker turns found"):
        parse_text("黃仁勳談CUDA兼容：英特爾可能會生氣\n\n他在北京說了很多。\n")
