"""How jizhu decides that a Traditional source was converted mechanically, and the front matter
setting `converted` that overrides the decision (true, false, or a list of characters)."""
from __future__ import annotations

from pathlib import Path

import pytest

from jizhu.cli import main
from jizhu.scripts.convert import HANT, Converter
from jizhu.scripts.dictionary import Dictionary
from jizhu.scripts.publish import Options, Publisher

ROOT = Path(__file__).resolve().parent.parent
DAMAGED = ("這個係統和那個係統的關係很複雜。", "他見麵時說麵條很好吃，方麵也不錯。", "我們的係統控製得很好，控製權在我們。",
           "隻是隻要有人，隻能這樣。")
"""A context-blind converter's text: 係 in 係統, 麵 in 見麵 and 方麵, 製 in 控製, 隻 in 隻是."""
CORRECT = ("這個系統和那個系統的關係很複雜。", "他見面時說麵條很好吃，方面也不錯。", "只是只要有人，只能這樣。")
ONE_SLIP = ("他說係統很好，我們都知道。", "這是今天的新聞，大家好。")
"""One word (係統) written one way: too little to show a converter, so kept unless the editor says."""


def publisher(sample: tuple[str, ...], converted: bool | tuple[str, ...] | None = None) -> Publisher:
    return Publisher(Converter(), Dictionary(), "zh-Hant", Options(full_width=False), sample=sample,
                     converted=converted)


def published(sample: tuple[str, ...], converted: bool | tuple[str, ...] | None = None) -> list[str]:
    p = publisher(sample, converted)
    return [p.text(line, HANT) for line in sample]


def test_a_text_showing_a_converter_is_repaired() -> None:
    p = publisher(DAMAGED)
    assert p.converted and {"系", "面", "制", "只"} <= p.damaged
    assert published(DAMAGED) == ["這個系統和那個系統的關係很複雜。", "他見面時說麵條很好吃，方面也不錯。",
                                  "我們的系統控制得很好，控制權在我們。", "只是只要有人，只能這樣。"]


def test_a_correct_text_and_a_single_slip_are_kept() -> None:
    assert published(CORRECT) == list(CORRECT)
    assert not publisher(CORRECT).converted
    assert published(ONE_SLIP) == list(ONE_SLIP)


def test_a_phrase_inside_a_word_of_the_word_list_is_evidence_once_a_text_is_shown_converted() -> None:
    """非常复杂 is a word of the word list, not a phrase of OpenCC's, which writes it with its phrase 复杂 inside
    (非常複雜): in a text a converter wrote, that says 復 was its blind form, as the phrase alone would. In a
    text not shown converted it is only the word list's word: a writer's 風險系數, twice, against OpenCC's
    風險係數, stays as written."""
    damaged = (*DAMAGED[1:], "所以這個問題是非常復雜的。")  # 復 in no other word
    p = publisher(damaged)
    assert p.converted and "复" in p.damaged
    assert published(damaged)[-1] == "所以這個問題是非常複雜的。"
    own = ("我們要把風險系數算清楚，這是今天的工作。", "新的風險系數比較高，大家好。", "這是今天的新聞，我們都知道。")
    assert published(own) == list(own)


def test_a_phrase_opencc_matched_across_words_is_no_evidence() -> None:
    """簡直係 ("simply is", Cantonese quoted in a Taiwan text): OpenCC's forward matching reads 简|直系 ("direct
    line"), a phrase calling for 系, where the word list cuts 简直|系. A phrase that takes part of a word is no
    word of the text, and says nothing of how 係 was written. Counted, it and a writer's 坐標 twice (OpenCC's
    座標) made a correct text look converted, and its 係 became 系."""
    own = ("他說：「簡直係想喊」，大家都笑了。", "他在地圖上找坐標。", "坐標很難找，也很重要。")
    p = publisher(own)
    assert not p.converted and "系" not in p.damaged
    assert published(own)[0] == own[0]


def test_a_short_text_standing_alone_in_the_regions_other_form_shows_a_converter() -> None:
    """A short Taiwan text: 念 standing alone twice where Taiwan writes 唸 "read aloud", and 分鍾 where the
    phrase writes 分鐘. Two characters, one of them on no phrase: together they show a converter, and both
    are repaired. The text as a person wrote it is kept."""
    damaged = ("他一定要完全念出來，我們再討論。", "會議大概五分鍾，其他的不用念。", "大家好，今天的會議開始。")
    p = publisher(damaged)
    assert p.converted and {"念", "钟"} <= p.damaged
    assert published(damaged)[:2] == ["他一定要完全唸出來，我們再討論。", "會議大概五分鐘，其他的不用唸。"]
    own = ("他一定要完全唸出來，我們再討論。", "會議大概五分鐘，其他的不用唸。", "大家好，今天的會議開始。")
    assert published(own) == list(own)


def test_converted_false_publishes_the_source_as_written() -> None:
    assert published(DAMAGED, converted=False) == list(DAMAGED)


def test_converted_true_repairs_what_the_evidence_alone_would_keep() -> None:
    assert published(ONE_SLIP, converted=True)[0] == "他說系統很好，我們都知道。"


def test_converted_characters_repair_only_those() -> None:
    out = published(DAMAGED, converted=("係",))  # either script: 係 and 系 both name the character
    assert out[0] == "這個系統和那個系統的關係很複雜。"
    assert out[1] == DAMAGED[1] and out[3] == DAMAGED[3]  # 麵 and 隻 kept as written
    assert published(DAMAGED, converted=("系", "面")) [1] == "他見面時說麵條很好吃，方面也不錯。"


def test_a_converted_text_takes_the_pages_glyphs() -> None:
    """The converter's 麽 and 裏 are not the author's choice: Taiwan's standard 麼 and 裡 on zh-Hant pages;
    a person's 裏 is kept (and the page follows it)."""
    sample = DAMAGED + ("這裏是什麽？",)
    assert publisher(sample).text("這裏是什麽？", HANT) == "這裡是什麼？"
    person = CORRECT + ("這裏是什麼？",)
    assert publisher(person).text("這裏是什麼？", HANT) == "這裏是什麼？"


def test_a_converted_texts_names_are_repaired_where_the_converter_damaged_them() -> None:
    from jizhu.scripts.dictionary import name_rules
    converter = Converter()
    sample = DAMAGED + ("林誌潔說，誌工很多，誌願者也多，他的誌向很大。",)
    names = name_rules(["林誌潔"], "zh-Hant", converter.to_simplified, converter.to_traditional)
    p = Publisher(converter, names, "zh-Hant", Options(full_width=False), sample=sample)
    assert p.text(sample[-1], HANT) == "林志潔說，志工很多，志願者也多，他的志向很大。"
    kept = Publisher(converter, names, "zh-Hant", Options(full_width=False), sample=sample, converted=False)
    assert kept.text(sample[-1], HANT) == sample[-1]


def test_written_cantonese_keeps_its_own_words_and_repairs_a_converters() -> None:
    cantonese = ("佢哋即係唔係喺度啊？係啊，佢嘅系統係咁嘅。", "我哋淨係講咗啲嘢。")
    assert published(cantonese) == list(cantonese)
    blind = tuple(line.replace("係", "系") for line in cantonese)  # OpenCC's defaults write 系 everywhere
    assert published(blind) == list(cantonese)


def test_a_cantonese_word_stands_alone_by_the_most_likely_cut_not_by_any_word_that_holds_it() -> None:
    """The word list knows 该系 ("that department") and 母系, yet in 應該係用 the cut is 應該 + 係 + 用: 係 "is"
    stands alone, and a converter's 系 there is repaired; in 系統 and 系列 it is a word's."""
    cantonese = ("正確嘅做法應該係用返呢個方法，佢嘅系統係咁嘅。", "呢個系列啲嘢都係咁，我哋淨係講咗啲嘢。")
    blind = tuple(line.replace("係", "系") for line in cantonese)
    assert published(blind) == list(cantonese)


def site_with(tmp_path: Path, front: str, capsys) -> tuple[int, str]:
    """`build` of a one-transcript site with this front matter (as `python build.py build` runs it)."""
    folder = tmp_path / "content" / "t"
    folder.mkdir(parents=True, exist_ok=True)
    body = "\n".join(f"{'問' if i % 2 == 0 else '黃仁勳'}:{line}" for i, line in enumerate(DAMAGED))
    (folder / "transcript.txt").write_text(f"+++\n{front}\n+++\n{body}\n", encoding="utf-8")
    code = main(["build", "--content", str(tmp_path / "content"), "--out", str(tmp_path / "site"),
                 "--templates", str(ROOT / "templates")])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_front_matter_setting_reaches_the_pages(tmp_path: Path, capsys) -> None:
    page = tmp_path / "site" / "zh-hant" / "t" / "index.html"
    code, said = site_with(tmp_path, 'title = "t"', capsys)
    assert code == 0, said
    assert "係統" not in page.read_text(encoding="utf-8")
    code, said = site_with(tmp_path, 'title = "t"\nconverted = false', capsys)
    assert code == 0, said
    assert "係統" in page.read_text(encoding="utf-8") and "見麵" in page.read_text(encoding="utf-8")
    code, said = site_with(tmp_path, 'title = "t"\nconverted = ["隻"]', capsys)
    assert code == 0 and "係統" in page.read_text(encoding="utf-8") and "只是只要" in page.read_text(encoding="utf-8")


def test_yaml_front_matter_says_it_too(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "content" / "t"
    folder.mkdir(parents=True)
    body = "\n".join(f"{'問' if i % 2 == 0 else '黃仁勳'}:{line}" for i, line in enumerate(DAMAGED))
    (folder / "transcript.txt").write_text(f"---\ntitle: t\nconverted: false\n---\n{body}\n", encoding="utf-8")
    assert main(["build", "--content", str(tmp_path / "content"), "--out", str(tmp_path / "site"),
                 "--templates", str(ROOT / "templates")]) == 0
    assert "係統" in (tmp_path / "site" / "zh-hant" / "t" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ['"maybe"', "3", '["係統"]', "[]", '["a"]', "{ a = 1 }"])
def test_a_bad_converted_value_names_its_line(tmp_path: Path, capsys, value: str) -> None:
    code, said = site_with(tmp_path, f'title = "t"\nconverted = {value}', capsys)
    assert code == 1
    assert "transcript.txt:3: front matter converted must be true" in said
    assert "Traceback" not in said and not (tmp_path / "site").exists()


def test_the_report_says_the_decision_and_puts_the_thinnest_evidence_first() -> None:
    from jizhu.reading.parse import parse_text
    from jizhu.scripts.report import format_report, transcript_report
    lines = DAMAGED + ("他的特征很明顯，這裏是什麽？",)  # 征: one word (特徵) in a text shown converted
    transcript = parse_text("\n".join(f"{'問' if i % 2 == 0 else '黃仁勳'}:{line}" for i, line in enumerate(lines)))
    p = publisher(tuple(p.text for p in transcript.paragraphs()))
    text = format_report(transcript_report(transcript, p))
    assert "converted mechanically" in text.splitlines()[1]
    assert "front matter converted = false publishes it as written" in text.splitlines()[1]  # the way out
    changes = [line for line in text.splitlines() if line.startswith("transcript.txt:") and "  (" in line]
    thin = [i for i, line in enumerate(changes) if "repaired on one word" in line]
    strong = [i for i, line in enumerate(changes) if "repaired: the text writes" in line]
    assert thin and strong and max(thin) < min(strong), changes
    assert any("特徵" in changes[i] for i in thin)
    assert "glyph: the converter's 麽, the script's 麼" in changes[-1]
    kept = publisher(tuple(p.text for p in transcript.paragraphs()), converted=False)
    said = format_report(transcript_report(transcript, kept))
    assert "front matter converted = False: repaired nothing" in said
    assert "publishes it as written" not in said  # said already
    assert "one-to-many" not in said  # published as written, it chose nothing: no heading over an empty list


def test_a_converted_text_gives_characters_standing_alone_their_usual_form() -> None:
    """OpenCC's defaults for 签, 钟 and 赞 are the forms that come in words (標籤, 鍾情, 贊成); alone,
    a repaired text writes 簽 "to sign", 鐘 "clock" and 讚 "great" (tables.STANDALONE_FORMS)."""
    line = "他先在文件上籤名，我們再籤。等了兩個鍾頭，那個鍾壞了。大家都說稱贊，真的很贊！"
    assert published(DAMAGED + (line,))[-1] == "他先在文件上簽名，我們再簽。等了兩個鐘頭，那個鐘壞了。大家都說稱讚，真的很讚！"


def test_a_converted_taiwan_text_takes_taiwans_own_words() -> None:
    """Taiwan's 唸 "to read aloud" alone and in 唸出, 村里, 蒐整 and 不准 "not allowed" (tables.REGIONAL_WORDS)
    in a text shown converted; 紀念 and 念頭 stay."""
    line = "要大聲念出來，也可以念。紀念的念頭。村裏長把資料搜整起來，這裏不準停車，標準很高。"
    assert published(DAMAGED + (line,))[-1] == "要大聲唸出來，也可以唸。紀念的念頭。村里長把資料蒐整起來，這裡不准停車，標準很高。"


def test_a_correct_taiwan_text_keeps_念_where_taiwan_may_write_either() -> None:
    line = "請你念出來，也可以念，我們都念。"  # 念出來 is right in Taiwan too: no evidence of a converter
    assert published(CORRECT + (line,)) == list(CORRECT) + [line]


def test_a_converted_cantonese_text_takes_cantonese_own_words() -> None:
    """A converter writes Mandarin's 嚇, 曬, 鬱 and 只 for Cantonese 吓 "a bit", 晒 "all", 郁 "to move" and
    the classifier 隻; the text shows one character damaged strictly (系 in 即系) and three more standing
    alone in the region's other form: converted."""
    right = ("佢哋即係話你睇吓先啦，食晒啦，唔好郁，呢隻狗好得意。", "係咪呀？佢嘅意思係咁囉，只係講吓。")
    blind = tuple(line.replace("係", "系").replace("吓", "嚇").replace("晒", "曬").replace("郁", "鬱")
                  .replace("隻", "只") for line in right)
    assert publisher(blind).converted
    assert published(blind) == list(right)
    scared = ("佢哋嚇親我喇，嚇死人咩，我哋去曬太陽。", "係咪呀？佢嘅意思係咁囉。")
    assert published(scared) == list(scared)  # Cantonese writes Mandarin's words too


def test_a_converted_texts_name_takes_the_default_form_when_no_word_calls_for_its_own() -> None:
    """The converter wrote 誌 for every 志, and no word of the text calls for 誌 (雜誌): so 林誌潔 was
    OpenCC's default 志 before it, even with no 志 word in the text."""
    assert published(DAMAGED + ("林誌潔委員說得很好。",))[-1] == "林志潔委員說得很好。"
    with_magazine = DAMAGED + ("林誌潔委員看雜誌，雜誌很好看。",)
    assert published(with_magazine)[-1] == with_magazine[-1]  # 誌 is right somewhere: not arbitrary


def test_the_report_says_why_a_character_standing_alone_was_repaired() -> None:
    from jizhu.reading.parse import parse_text
    from jizhu.scripts.report import format_report, transcript_report
    lines = ("佢哋即系話你睇嚇先啦，食曬啦，唔好鬱。", "系咪呀？佢嘅意思系咁囉，只系講嚇。", "林誌潔話佢哋好鍾意。")
    transcript = parse_text("\n".join(f"{'主持' if i % 2 == 0 else '嘉賓'}:{line}" for i, line in enumerate(lines)))
    text = format_report(transcript_report(transcript, publisher(tuple(p.text for p in transcript.paragraphs()))))
    assert "writes 吓 as 嚇 throughout; standing alone, its region writes 吓" in text
    assert "writes 志 as 誌 throughout, in no word that calls for 誌" in text


def test_a_text_shows_a_converter_by_three_characters_each_on_one_word_a_short_one_by_two() -> None:
    """Three characters, each written against one word (簽了, 鐘頭, 只有), show a converter even where
    none shows it twice; so does one character shown twice (係統) with one more on one word (鍾頭). In a
    short text (repair.SHORT_TEXT) two characters each on one phrase are enough: a person's slips are
    rarer there than in a long text, and a short text shows a converter in few places."""
    three = ("他籤了名就走。", "等了兩個鍾頭。", "隻有你知道。")
    assert publisher(three).converted
    assert published(three) == ["他簽了名就走。", "等了兩個鐘頭。", "只有你知道。"]
    strict_and_one = ("這個係統和那個係統。", "等了兩個鍾頭。")
    assert published(strict_and_one) == ["這個系統和那個系統。", "等了兩個鐘頭。"]
    two = ("他籤了名就走。", "等了兩個鍾頭。", "他現在才來。")  # (才 is Taiwan's form of 纔: no sign)
    assert publisher(two).converted and published(two) == ["他簽了名就走。", "等了兩個鐘頭。", "他現在才來。"]
    middle = two + ("這個系統和那個系統的關係很複雜。",) * 45  # 180 places of characters with several forms
    assert publisher(middle).converted and published(middle)[:2] == ["他簽了名就走。", "等了兩個鐘頭。"]
    longer = two + ("這個系統和那個系統的關係很複雜。",) * 80  # 320
    assert not publisher(longer).converted and published(longer) == list(longer)
    # A writer's own spellings: 系數 against the word list's 係數 only, 櫃台 against OpenCC's 櫃檯. In a
    # short text each sign must be a phrase's, or a person's variants would read as a converter's.
    variants = ("我們要把風險系數算清楚。", "新的風險系數比較高。", "請到銀行櫃台辦理。")
    assert not publisher(variants).converted and published(variants) == list(variants)


def test_a_short_hong_kong_text_needs_the_signs_a_long_one_does() -> None:
    """Hong Kong writers spell some words their own way once each (一出戲, 金鏈, where OpenCC's phrases
    write 一齣, 金鍊): in written Cantonese two such words do not show a converter, however short the text
    (repair.SHORT_TEXT is for other regions)."""
    correct = ("我哋尋日去睇咗一出戲，好好睇㗎。", "佢頸度戴住條金鏈，係佢阿媽俾佢嘅。", "你食咗飯未呀？我哋一齊去啦。")
    assert publisher(correct).region == "HK"
    assert not publisher(correct).converted and published(correct) == list(correct)


def test_front_matter_names_spell_a_converted_texts_names(tmp_path: Path, capsys) -> None:
    """The text writes 誌 for 志 throughout, but rightly in 雜誌, so 志 is not shown damaged; the front
    matter's 林志潔 is the editor's word on the name. A Simplified spelling there is no such word."""
    page = tmp_path / "site" / "zh-hant" / "t" / "index.html"
    folder = tmp_path / "content" / "t"
    folder.mkdir(parents=True)
    lines = DAMAGED + ("林誌潔看雜誌，雜誌很好看。",)
    body = "\n".join(f"{'問' if i % 2 == 0 else '黃仁勳'}:{line}" for i, line in enumerate(lines))
    for names, shown in (('["林志潔"]', "林志潔看雜誌"), ('["林志洁"]', "林誌潔看雜誌")):
        (folder / "transcript.txt").write_text(f"+++\ntitle = \"t\"\nnames = {names}\n+++\n{body}\n", encoding="utf-8")
        code = main(["build", "--content", str(tmp_path / "content"), "--out", str(tmp_path / "site"),
                     "--templates", str(ROOT / "templates")])
        said = capsys.readouterr()
        assert code == 0, said
        assert shown in page.read_text(encoding="utf-8"), names


def test_the_report_says_a_name_follows_the_front_matter() -> None:
    from jizhu.reading.parse import parse_text
    from jizhu.scripts.dictionary import FRONT_MATTER_NAME, name_rules
    from jizhu.scripts.report import format_report, transcript_report
    converter = Converter()
    lines = DAMAGED + ("林誌潔看雜誌，雜誌很好看。",)
    transcript = parse_text("\n".join(f"{'問' if i % 2 == 0 else '黃仁勳'}:{line}" for i, line in enumerate(lines)))
    names = name_rules(["林志潔"], "zh-Hant", converter.to_simplified, converter.to_traditional, FRONT_MATTER_NAME)
    p = Publisher(converter, names, "zh-Hant", Options(full_width=False),
                  sample=tuple(p.text for p in transcript.paragraphs()))
    assert "林誌潔 → 林志潔  (name: 林志潔 as front matter writes it)" in format_report(transcript_report(transcript, p))


CANTONESE = ("佢哋話我哋去漓江玩咗幾日，係好靚嘅。", "我哋嗰陣喺漓江坐船，真係唔錯㗎。", "你哋有冇去過啊？我哋好鍾意。")
"""A person's Hong Kong Cantonese: 漓江 twice, where OpenCC's phrase writes 灕江."""


def test_a_hong_kong_writers_spelling_of_one_word_is_kept_however_often_it_comes() -> None:
    p = publisher(CANTONESE)
    assert p.region == "HK" and p.evidence["漓"].against == {"灕江": 2}
    assert not p.converted and not p.damaged
    assert published(CANTONESE) == list(CANTONESE)


def test_forms_written_where_no_word_calls_for_another_do_not_show_a_converter() -> None:
    # 捱, 剷 and 錶 are not OpenCC's defaults (挨, 鏟, 表), but a person writes them; with only one word
    # calling for another form (藉助), the text is kept as written.
    sample = ("佢捱咗好耐，一剷就入去，仲買咗隻電子錶。", "佢哋借助輿論去做嘢，係咁樣嘅。", "我哋都唔知點算好。")
    assert not publisher(sample).converted
    assert published(sample) == list(sample)


def test_cantonese_is_stands_alone_through_a_phrase_that_only_writes_defaults() -> None:
    # OpenCC's phrase 母系 ("matrilineal", all default forms) matches across 韻母 + 係 "is"; the words
    # around decide. A regional form keeps to places no phrase holds: 只需要 keeps 只.
    damaged = ("粵拼嘅韻母系一樣嘅，我哋只需要記住佢。", "呢個系統系咁樣用嘅，即系話你要學。", "佢系老師，佢哋系學生。")
    out = published(damaged)
    assert "系" in publisher(damaged).damaged
    assert out[0] == "粵拼嘅韻母係一樣嘅，我哋只需要記住佢。"


def test_a_converted_cantonese_text_takes_cantonese_forms_standing_alone() -> None:
    # 沖 "to shower, rinse" alone (OpenCC's default for 冲 is Mandarin's 衝 "to rush"); 唔准 "not allowed".
    damaged = ("佢系屋企衝涼，我哋即系要等佢。", "佢話我唔准出去，系咪好煩？我衝咗先啦。", "呢個系統系咁用嘅，佢哋系學生。",
               "我哋聽日見麵，佢頭發好長，方麵都唔錯。")
    assert publisher(damaged).converted
    out = published(damaged)
    assert out[1] == "佢話我唔准出去，係咪好煩？我沖咗先啦。"


FORMAL = DAMAGED + ("他在台北念大學，很用功。",)
"""Formal Chinese converted mechanically, with 念 "to study" standing alone, which Taiwan writes 唸."""


def test_front_matter_region_chooses_the_regions_own_words(tmp_path: Path, capsys) -> None:
    taiwan = publisher(FORMAL)
    assert taiwan.region == "TW" and taiwan.converted
    assert "唸大學" in taiwan.text(FORMAL[-1], HANT)
    hong_kong = Publisher(Converter(), Dictionary(), "zh-Hant", Options(full_width=False), sample=FORMAL,
                          region="HK")
    assert hong_kong.region == "HK" and hong_kong.converted
    assert hong_kong.text(FORMAL[-1], HANT) == FORMAL[-1]  # no Taiwan 唸
    assert hong_kong.text(FORMAL[3], HANT) == "只是只要有人，只能這樣。"  # no Cantonese classifier 隻
    code, said = site_with(tmp_path, 'title = "t"\nregion = "hk"', capsys)
    assert code == 0, said


def test_a_text_naming_hong_kong_more_than_taiwan_is_read_as_hong_kongs(tmp_path: Path, capsys) -> None:
    """Formal Hong Kong Chinese reads like Taiwan's; what it names tells them apart. Read as Hong Kong's,
    a writer's spelling that OpenCC spells otherwise in one word (坐標, OpenCC's 座標) is kept; the same
    text about Taipei is Taiwan's, as without front matter before. The report says which, and why."""
    hong_kong = ("香港的地圖用的坐標越來越準，這一點在香港很重要。", "一名測量師說，他量了四十年坐標，見證城市的變化。")
    taipei = tuple(line.replace("香港", "台北") for line in hong_kong)
    assert (publisher(hong_kong).region, publisher(taipei).region) == ("HK", "TW")
    assert published(hong_kong) == list(hong_kong)
    assert published(taipei) == [line.replace("坐標", "座標") for line in taipei]
    assert publisher(hong_kong[1:]).region == "TW"  # naming neither: the default
    folder = tmp_path / "content" / "t"
    folder.mkdir(parents=True)
    body = "\n".join(f"{'問' if i % 2 == 0 else '黃仁勳'}:{line}" for i, line in enumerate(hong_kong * 2))
    (folder / "transcript.txt").write_text(body + "\n", encoding="utf-8")
    code = main(["check", "--content", str(tmp_path / "content"), "--templates", str(ROOT / "templates")])
    said = capsys.readouterr().out
    assert code == 0, said
    assert 'read as Hong Kong\'s (it names Hong Kong more than Taiwan; front matter region = "TW" reads it as ' \
           "Taiwan's)" in said


@pytest.mark.parametrize("value", ['"CN"', "3", '["HK"]'])
def test_a_bad_region_names_its_line(tmp_path: Path, capsys, value: str) -> None:
    code, said = site_with(tmp_path, f'title = "t"\nregion = {value}', capsys)
    assert code == 1
    assert "transcript.txt:3: front matter region must be one of HK, TW" in said
    assert "Traceback" not in said and not (tmp_path / "site").exists()


def test_cantonese_is_weighs_as_mandarins_is_in_the_cut_that_decides_it_stands_alone() -> None:
    # 前面係山係海 "in front are mountains and sea": the word list knows 山系 "mountain range", which
    # outweighs 系 as Mandarin's rare "department", but not 係 "is", as common as Mandarin's 是.
    correct = ("我哋屋企前面係山係海，好靚㗎。", "佢哋話嗰度周圍都係山係樹，冇乜人住。", "你哋有冇去過啊？我哋好鍾意。")
    assert not publisher(correct).converted
    assert published(correct) == list(correct)
    damaged = tuple(line.replace("係", "系") for line in correct) + ("呢個系統系咁樣用嘅，佢哋系學生。",
                                                                   "我哋聽日見麵，佢頭發好長，方麵都唔錯。")
    assert publisher(damaged).converted
    assert published(damaged)[0] == correct[0]


def test_a_hong_kong_sources_phrases_that_the_word_list_does_not_know_count_half() -> None:
    # OpenCC reads 喂你, 喂我 as 餵你 "feed you", 餵我; neither is a word of the word list, and a Hong
    # Kong writer's 喂 "hey" comes before a pronoun all the time. Two such words are not two words
    # calling for 餵, so the text is a person's, kept as written.
    correct = ("喂你聽日得唔得閒啊？", "喂我講緊嘢啊，你聽唔聽到？", "佢哋話我哋去行山，係好開心嘅。",
               "喂你知唔知佢去咗邊度？")
    cantonese = publisher(correct)
    assert cantonese.region == "HK" and not cantonese.decision.damaged
    assert published(correct) == list(correct)


def test_the_publisher_of_an_edited_text_reuses_the_evidence_of_its_unchanged_paragraphs() -> None:
    # The preview makes a publisher after every save: only the edited paragraph is read again, and the
    # evidence and the decision are those of a publisher reading the whole text afresh.
    converter = Converter()

    def made(sample: tuple[str, ...], previous: Publisher | None = None) -> Publisher:
        return Publisher(converter, Dictionary(), "zh-Hant", Options(full_width=False), sample=sample,
                         previous=previous)

    before = made((ONE_SLIP[0], ONE_SLIP[1], CORRECT[1]))
    edited = (ONE_SLIP[0], "我們的係統也很好。", CORRECT[1])  # a second 係統: two places against 系
    after, fresh = made(edited, before), made(edited)
    assert after.evidence == fresh.evidence and after.decision == fresh.decision
    assert "系" in after.damaged and "系" not in before.damaged
    assert after.paragraph_evidence[CORRECT[1]] is before.paragraph_evidence[CORRECT[1]]
    assert edited[1] not in before.paragraph_evidence
    other = Publisher(converter, Dictionary(), "zh-Hant", Options(full_width=False), sample=edited, previous=before,
                      region="HK")  # another region reads other words: nothing is lent
    assert other.paragraph_evidence[CORRECT[1]] is not before.paragraph_evidence[CORRECT[1]]


def test_a_cantonese_form_its_text_writes_alone_again_and_again_does_not_show_a_converter() -> None:
    # Mandarin's phrases match across Cantonese words: 即係|帶 as 繫帶, and a writer's 漓江 and 鐘意 are
    # spelt otherwise by OpenCC (灕江, 鍾意). Three characters against single words would show a
    # converter, but this text writes 係 "is" alone ten times: its one word against 係 is no sign of one.
    correct = ("即係帶佢哋去漓江玩啦。", "我係香港人，佢都係。", "你係咪鐘意食糯米？", "係呀，我係好鐘意。",
               "佢係我朋友，係好人嚟。", "呢度係我屋企，唔係你嘅。")
    cantonese = publisher(correct)
    assert cantonese.region == "HK" and cantonese.evidence["系"].outweighed()
    assert not cantonese.converted and not cantonese.damaged
    assert published(correct) == list(correct)


CONVERTED_CANTONESE = ("呢個系統系咁用嘅，佢哋系學生。", "我哋聽日見麵，佢頭發好長，方麵都唔錯。")
"""Lines a blind converter wrote (系 for 係 "is", 見麵, 頭發): with them a text shows a converter."""


def test_a_regions_own_words_count_whole_as_evidence() -> None:
    # 唔准 "not allowed" is a reviewed word of written Cantonese (tables.REGIONAL_WORDS) that the word list
    # does not know; in a converted text it calls for 准 where the converter wrote 準, as strongly as a
    # word of the list would.
    damaged = ("老師話我哋唔準帶電話入課室。",) + CONVERTED_CANTONESE
    assert "准" in publisher(damaged).damaged
    assert published(damaged)[0] == "老師話我哋唔准帶電話入課室。"


@pytest.mark.parametrize("blind", ["只", "隻"])
def test_cantonese_classifier_is_told_from_only_by_the_words_around(blind: str) -> None:
    # After a number or a demonstrative, or where no word meaning "only" begins (我隻手), 只 is the
    # classifier 隻, even where an OpenCC phrase matches across it (哩只係 read as 只係 "only is", 細只好
    # as 只好 "have to"); before 只係, 只要, 只會 and after a negation (唔只 "not only") it is "only". A blind
    # converter writes one of them for both.
    written = ("我買咗兩隻雞蛋，哩隻係最大嘅。", "佢隻手好凍，細隻好多毛嗰隻貓仔好得意。", "佢只係講笑，只要你開心就得，佢只會笑。",
               "佢唔只識講，仲識寫。")
    damaged = tuple(line.replace("只", blind).replace("隻", blind) for line in written) + CONVERTED_CANTONESE
    assert publisher(damaged).converted
    assert published(damaged)[:4] == list(written)


@pytest.mark.parametrize("blind", ["只", "隻"])
def test_cantonese_only_before_a_verb_is_not_the_classifier(blind: str) -> None:
    # After a pronoun 只 may be either: the classifier before a noun (我隻手 "my hand", 佢隻貓), "only" before
    # a verb, an adverb or a preposition of the word list (我只知道, 佢只針對) or of Cantonese's own (只喺, 只畀).
    written = ("我只知道佢隻貓好肥，我隻手好凍。", "佢只針對事，只喺戲院有得睇，佢只畀到咁多。",
               "佢只係講笑，只要你開心就得。")  # 只係 and 只要 written 隻 show the converter
    damaged = tuple(line.replace("只", blind).replace("隻", blind) for line in written) + CONVERTED_CANTONESE
    assert publisher(damaged).converted
    assert published(damaged)[:3] == list(written)


def test_cantonese_that_one_keeps_its_classifier_through_a_phrase() -> None:
    # OpenCC's 个旧 (the city 箇舊) matches across 嗰个|旧 "that old one": after a demonstrative 个 is 個.
    damaged = ("我係話嗰個舊嘅，唔係呢個新嘅。",) + CONVERTED_CANTONESE
    assert publisher(damaged).converted
    assert published(damaged)[0] == "我係話嗰個舊嘅，唔係呢個新嘅。"


def test_cantonese_is_stands_alone_through_a_phrase_of_another_form() -> None:
    # OpenCC's phrases 繫帶 and 繫留 match across 即係|帶 and 真係|留 ("is bring", "really keep"): the
    # words around say 係 stands alone, as in 韻母|係; 關係 and 聯繫 stay words.
    damaged = ("佢即系帶咗我哋去，真系留低咗好多嘢。", "我哋嘅關系好好，有聯系。") + CONVERTED_CANTONESE
    assert published(damaged)[:2] == ["佢即係帶咗我哋去，真係留低咗好多嘢。", "我哋嘅關係好好，有聯繫。"]


def test_cantonese_hey_is_kept_through_a_phrase_reading_feed() -> None:
    # OpenCC's 餵你, 餵我 ("feed you") match a Cantonese speaker's 喂 "hey" before a pronoun; in a text
    # shown converted 喂 standing alone is the interjection. A person's 餵 "to feed" is never evidence.
    damaged = ("喂你聽日得唔得閒啊？", "喂我講緊嘢啊，你聽唔聽到？") + CONVERTED_CANTONESE
    assert publisher(damaged).converted
    assert published(damaged)[:2] == list(damaged[:2])
    correct = ("你唔好餵咁多嘢佢食啊。", "佢成日餵隻貓食魚，我哋都話佢唔好。", "你哋有冇去過啊？我哋好鍾意。")
    assert not publisher(correct).converted
    assert published(correct) == list(correct)


def test_cantonese_particles_are_verbs_after_an_auxiliary() -> None:
    # A blind converter writes 曬, 嚇 and 喂 (OpenCC's defaults) for 晒 "all", 吓 "a bit" and 餵 "to feed":
    # alone they are Cantonese's particles and its "hey", after 唔好 "don't" or 要 "will" the verbs.
    written = ("佢食晒啲嘢，你睇吓先啦。", "唔好曬到我，我哋要嚇佢。", "喂，你唔好餵咁多嘢佢食。")
    blind = str.maketrans({"晒": "曬", "吓": "嚇", "餵": "喂"})
    damaged = tuple(line.translate(blind) for line in written) + CONVERTED_CANTONESE
    assert publisher(damaged).converted
    assert published(damaged)[:3] == list(written)


def test_cantonese_particles_written_as_mandarins_verbs_show_a_converter() -> None:
    # A converter that writes 係 "is" right (the seed's) leaves little else to see in written Cantonese; but
    # 嚇 and 曬 right after a verb (睇嚇 "have a look", 食曬 "eat it all") are Cantonese's particles 吓 and 晒
    # in Mandarin's forms, which a Cantonese writer does not write: each place is evidence.
    damaged = ("你睇嚇先，我試嚇。", "佢食曬啲嘢，畫曬出嚟。", "你問嚇佢啦，佢講曬㗎喇。")
    p = publisher(damaged)
    assert {"吓", "晒"} <= p.damaged
    assert published(damaged) == ["你睇吓先，我試吓。", "佢食晒啲嘢，畫晒出嚟。", "你問吓佢啦，佢講晒㗎喇。"]
    # 嚇 opening a sentence is the interjection "huh?", which writers write 嚇 too, and after a person the
    # verb "to scare": no evidence.
    asked = ("嚇？你講咩話？", "嚇，點解會咁㗎？", "嚇？佢真係噉講？")
    assert published(asked) == list(asked)
    scared = ("佢嚇我，我都嚇你。", "你哋嚇佢喇。")
    assert published(scared) == list(scared)


def test_cantonese_endure_is_its_own_word_standing_alone() -> None:
    # 捱 "to endure, to get through": a blind converter writes 挨 (OpenCC's default, Mandarin's 挨 "to
    # suffer, next to"), which a converted Cantonese text takes back where it stands alone.
    written = ("我捱咗咁多年，終於搵到份好工。", "佢話再捱多一排就得。")
    damaged = tuple(line.replace("捱", "挨") for line in written) + CONVERTED_CANTONESE
    assert publisher(damaged).converted
    assert published(damaged)[:2] == list(written)


def test_a_hong_kong_writers_own_forms_standing_alone_do_not_show_a_text_converted() -> None:
    # 籤 "a fortune stick" (求籤, 解籤) and the surname 鍾 stand where the forms most words take alone are
    # 簽 and 鐘 (tables.STANDALONE_FORMS): a guess from the word list's counts, not a converter's mark.
    # With one word calling for another form (趨吉避兇, OpenCC's 趨吉避凶) they made this correct text
    # "converted", and all three were "repaired" (求咗支簽, 阿鐘).
    correct = ("我哋去廟度求咗支籤，再搵個師傅解籤。", "阿鍾話佢聽日唔得閒，叫我哋自己去。",
               "佢成日講做人要趨吉避兇，唔好亂咁嚟。")
    assert not publisher(correct).converted
    assert published(correct) == list(correct)


def test_cantonese_fall_flat_is_its_own_word_standing_alone() -> None:
    # 仆 "to fall flat, to rush headlong" (仆街, 仆直, 仆過去): a blind converter writes 僕 (OpenCC's default,
    # "servant", which comes in words: 僕人, 公僕), which a converted Cantonese text takes back where it
    # stands alone. OpenCC's phrase 仆街 alone does not: the word list does not know it, so the word check
    # cuts it 仆|街.
    written = ("你真係仆街，行路都唔睇路。", "佢一仆就仆咗落地，實仆直喇。")
    damaged = tuple(line.replace("仆", "僕") for line in written) + CONVERTED_CANTONESE
    assert publisher(damaged).converted
    assert published(damaged)[:2] == list(written)


def test_a_word_asked_a_not_a_keeps_its_first_half_in_the_words_form() -> None:
    # 鍾唔鍾意 "like it or not", 贊唔贊成 "agree or not": the first 鍾 and 贊 belong to 鍾意 and 贊成, not
    # 鐘 "clock" and 讚 "great", the forms they take standing alone (tables.STANDALONE_FORMS). Cantonese 係唔係
    # "is it" is 係 asked by itself.
    written = ("你鍾唔鍾意食魚？佢贊唔贊成你去？", "佢係唔係好鍾意你？")
    damaged = written + CONVERTED_CANTONESE
    assert publisher(damaged).converted
    assert published(damaged)[:2] == list(written)


def test_cantonese_thanks_and_hours_are_words_of_their_own() -> None:
    # 唔該晒 "thanks a lot" and 個鐘 "an hour" (tables.REGIONAL_WORDS): a blind converter writes 曬 "to sun"
    # and 鍾 (OpenCC's defaults), which these words take back.
    written = ("唔該晒你，我等咗你成個鐘。", "多謝晒，我哋聽日六點鐘見。")
    blind = str.maketrans({"晒": "曬", "鐘": "鍾"})
    damaged = tuple(line.translate(blind) for line in written) + CONVERTED_CANTONESE
    assert publisher(damaged).converted
    assert published(damaged)[:2] == list(written)


def test_a_phrase_writing_the_default_form_is_not_broken_for_a_regional_word() -> None:
    # 沖 "to rinse" stands alone in written Cantonese, but OpenCC's 衝出來 "rush out", which writes 冲's
    # default form, is the plain reading: only phrases writing a rarer form (餵你) give way to the words.
    damaged = ("之後會有一班人衝出來。", "我哋即刻走咗。") + CONVERTED_CANTONESE
    assert publisher(damaged).converted
    assert published(damaged)[0] == damaged[0]


def test_cantonese_quoted_in_a_formal_text_has_its_own_words() -> None:
    """A Hong Kong report in formal Chinese quoting a speaker's Cantonese: the text as a whole is not
    written Cantonese, but a sentence holding one of its particles is, and its 係 "is" standing alone is
    Cantonese's own word, where a blind converter wrote 系 (it wrote 關系 too). A Mandarin sentence's
    系 keeps the word it stands in (中文系)."""
    from jizhu.scripts.tables import is_cantonese
    correct = ("政府發言人今日表示，兩地的關係一直良好，雙方會在經濟、文化及教育等方面繼續加強合作，並會定期舉行會議檢討進度。",
               "發言人又指出，現時全球經濟情況並不理想，政府會密切留意市場變化，適時推出措施支援中小企業，以及協助市民應對生活開支上升的壓力。",
               "一名讀中文系的年輕人說：「我覺得最難嘅係無同伴。」另一名市民則認為，社會各界應該加強溝通，改善彼此之間的關係。")
    assert not is_cantonese(correct)
    damaged = tuple(line.replace("係", "系") for line in correct)
    assert published(damaged) == list(correct)
    assert published(correct) == list(correct)


def test_every_word_of_cantonese_quoted_in_a_formal_text_is_its_own() -> None:
    """A quoted sentence shown Cantonese by a word Mandarin never writes (唔 "not" before a word, 諗 "to
    think") or by a particle takes all of written Cantonese's own words standing alone: 係 "is", 吓 "a
    bit", 晒 "all", where a blind converter wrote 系, 嚇 and 曬. A Mandarin sentence keeps Mandarin's:
    唔 alone is "mm", and 曬太陽 is "to sun"."""
    assert_a_formal_report_is_repaired("一名市民說：「我唔係想鬧人，只係想大家試吓諗清楚。」另一名市民說：「啲錢都用晒，點算？」",
                                       "發言人回應時說：「唔，這個問題要再研究。」他又表示，週末喜歡在家裡曬太陽，並與家人保持良好的關係。")


def test_is_after_an_adverb_shows_a_sentence_in_cantonese() -> None:
    """即係 "that is", 真係 "really" (Mandarin's 即是, 真是) show a quoted sentence is Cantonese, with no
    other word of its own: its 晒 "all" and 吓 "a bit" are Cantonese's too. 就系統 does not: that
    sentence's 曬 stays Mandarin's "to sun"."""
    assert_a_formal_report_is_repaired("一名市民說：「其實即係大家都用晒錢。」另一名說：「真係好想試吓。」",
                                       "就系統而言，他每天都把被子拿出來曬一曬，並與家人保持良好的關係。")


BLIND = str.maketrans({"係": "系", "繫": "系", "晒": "曬", "吓": "嚇", "面": "麵", "髮": "發"})
"""A context-blind converter's forms of these characters."""


def assert_a_formal_report_is_repaired(*lines: str) -> None:
    """`lines` between a formal report's opening and closing, which show a blind converter (`BLIND`:
    關系, 見麵, 理發): damaged, every line is repaired to the correct text; correct, nothing changes."""
    correct = ("政府發言人今日表示，兩地的關係一直良好，雙方會在經濟、文化及教育等方面加強聯繫，並會定期舉行會議檢討進度。",
               *lines, "他早上在麵店吃了一碗麵，下午與記者見面，談及理髮店的發展，以及頭髮護理方面的新趨勢。")
    damaged = tuple(line.translate(BLIND) for line in correct)
    assert published(damaged) == list(correct)
    assert published(correct) == list(correct)


def test_a_word_spelled_with_the_general_of_two_accepted_forms_shows_no_converter() -> None:
    """OpenCC's phrases take the rarer of two forms that both spell some words (復甦, 鉅額, 藉助, 柺杖, 慾望),
    where Hong Kong writes the general one (復蘇, 巨額, 借助, 拐杖, 欲望): a correct text writing them is
    no converter's, while the damage around them is still repaired once a text shows one."""
    hong_kong = ("香港特區政府今天在立法會報告經濟復蘇的進度和市民的欲望。", "財政司司長說，政府會借助巨額儲備支持中小企。",
                 "一位老人拄着拐杖到場，很高興在這裏見到大家。")
    p = publisher(hong_kong)
    assert not p.converted and not p.damaged
    assert published(hong_kong) == list(hong_kong)
    assert published(DAMAGED + hong_kong)[:len(DAMAGED)] == ["這個系統和那個系統的關係很複雜。",
                                                             "他見面時說麵條很好吃，方面也不錯。",
                                                             "我們的系統控制得很好，控制權在我們。",
                                                             "只是只要有人，只能這樣。"]


def test_a_short_formal_hong_kong_text_shows_a_converter_by_two_phrases_unless_it_writes_a_choice() -> None:
    """A short formal Hong Kong text shows a converter as a short Taiwan one does, by two characters each on
    an OpenCC phrase calling for another form (關系, 幹擾); not where it writes some character in two forms
    (並 and 併), which no blind converter does, and where such a pair of phrases is likelier a writer's
    spelling that OpenCC's phrases contradict (repair.shows_a_choice)."""
    damaged = ("香港特區政府與立法會的關系很重要。", "有人在香港的校園製造幹擾，我們很擔心。")
    p = publisher(damaged)
    assert p.region == "HK" and not p.cantonese and p.converted
    assert published(damaged) == ["香港特區政府與立法會的關係很重要。", "有人在香港的校園製造干擾，我們很擔心。"]
    chosen = damaged + ("政府並會考慮合併兩個部門。",)
    assert not publisher(chosen).converted and published(chosen) == list(chosen)
