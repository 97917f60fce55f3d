"""The parse of whole real transcripts, pinned by golden JSON and by the facts a reader checks."""
from __future__ import annotations

import re

import pytest

from corpus_cases import require_shared
from golden_cases import CASES, GOLDEN, produce
from jizhu.reading.parse import parse_file, parse_text
from outline_format import outline

SEED = CASES["jensen-huang-beijing-2025-07"]
SAMPLE = CASES["tw-moda-press-briefing-2024-04-24"]


@pytest.mark.parametrize("slug", sorted(CASES))
def test_golden(slug: str) -> None:
    expected = (GOLDEN / f"{slug}.json").read_text(encoding="utf-8")
    assert produce(slug) == expected, "parse changed: review, then python tests/regenerate_golden.py"


def test_seed_structure() -> None:
    t = parse_file(SEED)
    assert t.speakers == ["問", "黃仁勳"]
    assert [len(s.pairs) for s in t.sections] == [6, 10, 8, 6, 5, 9, 8, 8]
    assert [s.number for s in t.sections] == [f"{n:02d}" for n in range(1, 9)]
    assert t.sections[0].title == "黃仁勳來華的“小目標”"
    assert sum(len(a.paragraphs) for p in t.pairs for a in p.answers) == 108
    assert all(p.question.speaker == "問" and p.question.role == "question" for p in t.pairs)
    assert all(a.speaker == "黃仁勳" and a.role == "answer" for p in t.pairs for a in p.answers)
    assert len(t.intro) == 6 and t.intro[0].id == "i01"
    assert t.headline is not None and t.headline.text == "黃仁勳談CUDA兼容:英特爾可能會生氣,我不會"


def test_seed_key_points() -> None:
    kp = parse_file(SEED).key_points
    assert kp is not None and kp.lead is not None
    assert kp.lead.text == "以下為黃仁勳媒體交流會的核心觀點:"
    assert [p.id for p in kp.points] == [f"k{n:02d}" for n in range(1, 11)]
    assert kp.points[7].text.startswith("黃仁勳表示,日常會使用 OpenAI")
    assert "Claude 和 Perplexity 四款AI工具" in kp.points[7].text


def test_seed_hard_wraps_rejoined() -> None:
    paragraphs = parse_file(SEED).paragraphs()
    text = "\n".join(p.text for p in paragraphs)
    for phrase in ["RTX Pro", "DeepSeek R1", "Gemini Pro", "Wave 2", "Gentle AI", "Meta CEO", "Ray tracing",
                   "Beta Hopper"]:
        assert phrase in text, phrase
    assert not [p.id for p in paragraphs if re.match(r"(Pro|R1|CEO|tracing|Hopper)\b", p.text)]
    han_space_han = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")
    source = SEED.read_text(encoding="utf-8")
    assert len(han_space_han.findall(text)) == len(han_space_han.findall(source))  # none added


def test_seed_without_front_matter_parses_the_same() -> None:
    raw = SEED.read_text(encoding="utf-8").split("+++\n", 2)[2]
    with_meta, without = parse_file(SEED), parse_text(raw)
    assert without.speakers == with_meta.speakers
    strip_title = lambda o: o.split("\n", 1)[1]  # noqa: E731 - the title comes from front matter
    assert strip_title(outline(without)) == strip_title(outline(with_meta))


@pytest.mark.parametrize("mangle", [
    lambda s: s.replace("\n", "\r\n"),
    lambda s: "\ufeff" + s,
    lambda s: s.replace("\n", "  \t\n"),
    lambda s: re.sub(r"\n(?=(問|黃仁勳|\d\d ))", "\n\n\n\n", s),
    lambda s: "\n\n" + s + "\n\n\n",
], ids=["crlf", "bom", "trailing-space", "blank-runs", "leading-trailing-blanks"])
def test_seed_layout_noise_changes_nothing(mangle) -> None:
    raw = SEED.read_text(encoding="utf-8").split("+++\n", 2)[2]
    assert outline(parse_text(mangle(raw))) == outline(parse_text(raw))


def test_sample_turns_and_roles() -> None:
    require_shared()
    t = parse_file(SAMPLE)
    assert t.title == "2024-04-24 數位部例行記者會逐字稿"
    assert len(t.sections) == 1 and t.sections[0].id == "s01" and t.sections[0].title == ""
    roles = {turn.speaker: turn.role for turn in t.turns if turn.role != "other"}
    assert {name for name, role in roles.items() if role == "question"} == {"中央社", "iThome", "自由時報", "央廣", "工商時報"}
    assert {name for name, role in roles.items() if role == "answer"} == {"孫偉哲", "唐鳳", "何全德", "王安定"}
    assert all(turn.role == "other" for turn in t.turns if turn.speaker == "司儀")
    assert len(t.pairs) == 13
    assert t.pairs[0].question.paragraphs[0].text.startswith("TWCERT/CC 好比資安事件的 119")
    first = t.sections[0].items[0]
    assert first.id == "s01-t01" and first.speaker == "司儀"
    assert sum(len(turn.paragraphs) for turn in t.turns) == len([line for line in SAMPLE.read_text(encoding="utf-8").splitlines()
                                                                 if line.strip() and not line.startswith("#")])
