"""OpenCC's s2t made otherwise than by s2t.json's group of dictionaries, and converting exactly as it does."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import opencc
from hypothesis import given, settings, strategies as st

from jizhu.reading.opencc_setup import converts_with, lone_characters_s2t
from jizhu.scripts import s2t as s2t_module
from jizhu.scripts.s2t import PlainS2T, plain_s2t
from jizhu.scripts.segment import CLOSE, OPEN, Matcher, WithKeys, matcher_dictionary
from jizhu.scripts.tables import PHRASES_FROM_REGIONS, phrases, table, word_frequencies

IDEOGRAPHS = [chr(code) for code in range(0x2E80, 0x323B0) if unicodedata.category(chr(code)) == "Lo"]
"""Every letter from the CJK radicals to the last ideograph extension (about 124,000)."""


def test_the_group_of_s2t_has_no_phrase_of_one_character_and_no_character_of_more() -> None:
    """What lets the character dictionary stand for s2t's group on lone characters, and `PlainS2T` match
    the longest phrase, else one character."""
    assert converts_with("s2t") == {"STPhrases.ocd2", f"{PHRASES_FROM_REGIONS}.ocd2", "STCharacters.ocd2"}
    for name in ("STPhrases", PHRASES_FROM_REGIONS):
        assert all(len(key) > 1 for key in table(name)), name
    assert all(len(key) == 1 for key in table("STCharacters"))


def test_characters_one_a_line_convert_as_s2t_does_for_every_ideograph() -> None:
    s2t = opencc.OpenCC("s2t.json")
    lines = "\n".join(IDEOGRAPHS)
    assert lone_characters_s2t().convert(lines) == s2t.convert(lines)
    simplified = opencc.OpenCC("t2s.json").convert(lines)  # (what folding hands it)
    assert lone_characters_s2t().convert(simplified) == s2t.convert(simplified)
    assert lone_characters_s2t().convert("头发") == "頭發" != s2t.convert("头发")  # characters only: no phrase


def test_s2t_in_python_converts_as_opencc_s2t_json() -> None:
    assert isinstance(plain_s2t(), PlainS2T)  # the installed s2t.json is the one it stands for
    s2t, plain = opencc.OpenCC("s2t.json"), PlainS2T()
    content = Path(__file__).resolve().parents[1] / "content"
    texts = "\n".join(path.read_text(encoding="utf-8") for path in content.rglob("*.*")
                      if path.suffix in (".txt", ".md", ".toml"))
    every_code = "".join(chr(code) for code in range(0x2E80, 0x323B0) if not 0xD800 <= code < 0xE000)
    samples = {"keys": "\n".join([*phrases(), *table("STCharacters")]),
               "words run together": "".join(word_frequencies()),  # 349,000: phrases across their edges
               "every code point from the radicals on": every_code,  # compatibility ideographs unified
               "the seed's content": texts, "…in Simplified": opencc.OpenCC("t2s.json").convert(texts),
               "short ones": "头发\n没有被发表\n发\n\n头发头发a𠀀"}
    for name, sample in samples.items():
        assert plain.convert(sample) == s2t.convert(sample), name
    assert plain.convert("") == "" and plain.convert("头发") == "頭髮"


def test_an_s2t_json_of_another_shape_is_used_as_installed(monkeypatch) -> None:
    """An OpenCC whose s2t.json converts otherwise (an older one, without the regional phrases): OpenCC's."""
    monkeypatch.setattr(s2t_module, "installed_config", lambda name: {"conversion_chain": [
        {"dict": {"type": "group", "dicts": [{"type": "ocd2", "file": "STPhrases.ocd2"},
                                             {"type": "ocd2", "file": "STCharacters.ocd2"}]}}]})
    plain_s2t.cache_clear()
    try:
        assert isinstance(plain_s2t(), opencc.OpenCC) and plain_s2t().config.endswith("s2t.json")
    finally:
        plain_s2t.cache_clear()


def test_a_matchers_dictionary_marks_each_key_once() -> None:
    keys = {"头发", "关系", "头", "", f"a{OPEN}b", "没有被发表"}
    expected = sorted(f"{key}\t{OPEN}{CLOSE * (len(key) - 1)}" for key in keys - {"", f"a{OPEN}b"})
    assert sorted(matcher_dictionary(keys).splitlines()) == expected
    assert matcher_dictionary(keys).endswith("\n")
    backward = matcher_dictionary(keys, backward=True)
    assert sorted(backward.splitlines()) == sorted(f"{key[::-1]}\t{OPEN}{CLOSE * (len(key) - 1)}"
                                                   for key in keys - {"", f"a{OPEN}b"})
    matcher = Matcher(keys - {f"a{OPEN}b"})  # read by OpenCC in no order: sorted as it reads it
    assert matcher.spans("他没有被发表头发") == [(1, 6), (6, 8)]
    assert Matcher(keys - {f"a{OPEN}b"}, backward=True).spans("关系头发") == [(0, 2), (2, 4)]


ALPHABET = "甲乙丙丁"
KEYS = st.sets(st.text(ALPHABET, min_size=1, max_size=5), max_size=8)


@settings(max_examples=150, deadline=None)
@given(KEYS, KEYS, st.text(ALPHABET + "，", max_size=40), st.booleans())
def test_keys_added_to_a_matcher_match_as_one_matcher_over_all_keys(base: set[str], added: set[str], text: str,
                                                                   backward: bool) -> None:
    """A transcript's own overrides are added to the region's matcher (`WithKeys`), not compiled into a
    matcher of their own: the spans must be the maximum matching over all the keys, forward and backward."""
    matcher = Matcher(base, backward=backward)
    with_keys = WithKeys(matcher, added, max(map(len, base), default=1))
    assert with_keys.spans(text) == Matcher(base | added, backward=backward).spans(text)


def test_after_an_added_key_the_walk_finds_the_matchers_keys_where_its_own_walk_never_stood() -> None:
    """The matcher alone takes 丙丁 at 1; the added 乙丙 at 0 comes first, so the walk stands at 2, inside
    丙丁, and finds 丁甲 there, then stands at 4 as the matcher's walk did."""
    matcher = Matcher({"丁甲", "丙丁"})
    assert matcher.spans("乙丙丁甲乙") == [(1, 3)]
    assert WithKeys(matcher, {"乙丙"}, 2).spans("乙丙丁甲乙") == [(0, 2), (2, 4)] == \
        Matcher({"丁甲", "丙丁", "乙丙"}).spans("乙丙丁甲乙")
