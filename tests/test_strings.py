"""Interface strings: a reviewed table per script, written as its readers write, never converted."""
from __future__ import annotations

import opencc

from jizhu.strings import SIMPLIFIED, SITE_NAME, TRADITIONAL, interface


def test_every_script_has_every_string() -> None:
    assert TRADITIONAL.keys() == SIMPLIFIED.keys()
    assert interface("zh-Hant-TW") == interface("zh-Hant") != interface("zh-Hans")


def test_simplified_strings_are_simplified_and_mainland_wording() -> None:
    to_simplified = opencc.OpenCC("t2s.json")
    for key, text in SIMPLIFIED.items():
        assert to_simplified.convert(text) == text, key  # no Traditional character left behind
    # the words a character-by-character conversion of Taiwan wording gets wrong
    assert SIMPLIFIED["copy_link"] == "复制链接" and SIMPLIFIED["permalink"] == "本段链接"
    assert SIMPLIFIED["data"] == "JSON 数据"
    assert not any(word in text for text in SIMPLIFIED.values() for word in ("连结", "资料", "逐字稿"))


def test_one_word_for_note_per_script() -> None:
    def words(table: dict[str, str]) -> str:
        return "".join(table.values()).replace(SITE_NAME, "")
    assert "註" not in words(SIMPLIFIED) and "注" in words(SIMPLIFIED)
    assert "注" not in words(TRADITIONAL) and "註" in words(TRADITIONAL)
