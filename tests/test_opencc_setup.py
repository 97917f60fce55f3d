"""OpenCC's s2t set up from other dictionaries than s2t.json's group, and converting exactly as it does."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import opencc

from jizhu.reading.opencc_setup import converts_with, lone_characters_s2t
from jizhu.scripts import kept
from jizhu.scripts.segment import CLOSE, OPEN, Matcher, matcher_dictionary
from jizhu.scripts.tables import PHRASES_FROM_REGIONS, phrases, table, word_frequencies
from jizhu.scripts.traditional import S2T_DICTIONARIES, plain_s2t

IDEOGRAPHS = [chr(code) for code in range(0x2E80, 0x323B0) if unicodedata.category(chr(code)) == "Lo"]
"""Every letter from the CJK radicals to the last ideograph extension (about 124,000)."""


def test_the_group_of_s2t_has_no_phrase_of_one_character_and_no_character_of_more() -> None:
    """What lets one dictionary stand for s2t's group (phrases, then characters): the longest match of
    the two is the group's. (Its dictionaries are the ones merged, so the merged converter is the one
    the tests below check, not s2t.json standing in.)"""
    assert converts_with("s2t") == {f"{name}.ocd2" for name in S2T_DICTIONARIES}
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


def test_s2t_from_its_dictionaries_merged_and_kept_converts_as_s2t_json(tmp_path: Path) -> None:
    s2t = opencc.OpenCC("s2t.json")
    keys = "\n".join([*phrases(), *table("STCharacters")])
    words = "".join(word_frequencies())  # 349,000 words run together: phrases across their edges
    content = Path(__file__).resolve().parents[1] / "content"
    texts = "\n".join(path.read_text(encoding="utf-8") for path in content.rglob("*.*")
                      if path.suffix in (".txt", ".md", ".toml"))
    plain_s2t.cache_clear()
    kept.keep_in(tmp_path / "tables")
    try:
        assert plain_s2t().convert("头发") == "頭髮"  # s2t.json itself, the merged one compiled meanwhile
        kept.settle()
        (compiled,) = (tmp_path / "tables").glob("s2t-*.ocd2")
        plain_s2t.cache_clear()
        merged = plain_s2t()
        assert merged is not s2t and merged.config.endswith("s2t-merged.json")  # set up from the kept file
        for sample in (keys, words, texts, opencc.OpenCC("t2s.json").convert(texts)):
            assert merged.convert(sample) == s2t.convert(sample)
        compiled.write_bytes(compiled.read_bytes()[:-5] + b"xxxxx")  # changed on disk: never read, made again
        plain_s2t.cache_clear()
        assert plain_s2t().convert(words) == s2t.convert(words)
        kept.settle()
        assert not compiled.read_bytes().endswith(b"xxxxx")
    finally:
        kept.keep_in(None)
        plain_s2t.cache_clear()


def test_an_s2t_of_other_dictionaries_is_used_as_installed(tmp_path: Path, monkeypatch) -> None:
    """An OpenCC whose s2t.json converts with other dictionaries than those merged (an older one without
    the regional phrases): s2t.json itself, and nothing compiled."""
    from jizhu.scripts import traditional
    monkeypatch.setattr(traditional, "converts_with", lambda name: {"STPhrases.ocd2", "STCharacters.ocd2"})
    plain_s2t.cache_clear()
    kept.keep_in(tmp_path / "tables")
    try:
        assert plain_s2t().config.endswith("share/opencc/s2t.json")
        kept.settle()
        assert not list((tmp_path / "tables").glob("s2t-*"))
    finally:
        kept.keep_in(None)
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
