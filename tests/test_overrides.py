"""Every shipped override is a phrase of the segmentation, never a text replacement: where its
characters meet across a word boundary, the text comes out as OpenCC alone would write it."""
from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from jizhu.scripts.convert import HANT, HK, TW, Converter
from jizhu.scripts.dictionary import load_dictionary
from jizhu.scripts.publish import Options, Publisher

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "content" / "conversions.toml"

# Each shipped phrase -> (sentences where its characters meet across words, a sentence where it applies).
ACROSS_WORDS = {
    "伙伴": (["大伙伴随着音乐跳舞", "一群同伙伴随左右"], "他们是合作伙伴"),
    "特朗普": (["斯特朗普遍认为这样"], "美国总统特朗普说"),
    "扎克伯格": (["他挣扎克服困难"], "扎克伯格说"),
    "英伟达": (["这位精英伟大"], "英伟达的芯片"),
}
OPENCC = {HANT: "s2tw.json", TW: "s2tw.json", HK: "s2hk.json"}


@pytest.fixture(scope="module")
def publisher() -> Publisher:
    converter = Converter((HANT, TW, HK))
    return Publisher(converter, load_dictionary(SHIPPED, converter.to_simplified), "zh-Hans", Options(full_width=False))


def test_every_shipped_override_has_sentences_across_words(publisher) -> None:
    assert set(publisher.dictionary.rules) == set(ACROSS_WORDS)


@pytest.mark.parametrize("phrase", sorted(ACROSS_WORDS))
def test_an_override_never_touches_words_around_it(publisher, phrase: str) -> None:
    across, _ = ACROSS_WORDS[phrase]
    for sentence in across:
        for script, config in OPENCC.items():
            assert publisher.text(sentence, script) == opencc.OpenCC(config).convert(sentence), (sentence, script)


@pytest.mark.parametrize("phrase", sorted(ACROSS_WORDS))
def test_an_override_applies_to_its_own_words(publisher, phrase: str) -> None:
    _, sentence = ACROSS_WORDS[phrase]
    rule = publisher.dictionary.rules[phrase]
    for script in OPENCC:
        form = rule.form(script.rule_lang)
        if form is not None:
            assert form in publisher.text(sentence, script), (sentence, script)


def test_an_override_is_a_phrase_not_a_replacement() -> None:
    """The issue's own cases: a rule for 制造 never touches 机制造成, 抑制造血 or 控制造价; 发明 never 头发明显."""
    converter = Converter((HANT,))
    from jizhu.scripts.dictionary import Dictionary, Rule
    rules = Dictionary({"制造": Rule({"zh-Hant": "製造"}, "test"), "发明": Rule({"zh-Hant": "發明"}, "test")})
    p = Publisher(converter, rules, "zh-Hans", Options(full_width=False))
    assert p.text("机制造成，抑制造血，控制造价，头发明显", HANT) == "機制造成，抑制造血，控制造價，頭髮明顯"
    assert p.text("整机制造，被发明", HANT) == "整機製造，被發明"
