"""People's names a text shows (scripts/names.py): found after an office, published whole, surnames in their own form."""
from __future__ import annotations

from jizhu.scripts.convert import HANT, Converter
from jizhu.scripts.dictionary import Dictionary
from jizhu.scripts.names import found_names
from jizhu.scripts.publish import Options, Publisher


def publisher(sample: tuple[str, ...], source_lang: str = "zh-Hant") -> Publisher:
    return Publisher(Converter(), Dictionary(), source_lang, Options(full_width=False), sample=sample)


def published(sample: tuple[str, ...], source_lang: str = "zh-Hant") -> list[str]:
    p = publisher(sample, source_lang)
    return [p.text(line, HANT) for line in sample]


def test_a_name_after_an_office_and_written_again_is_found() -> None:
    assert found_names(["主席余慧明表示，政府应该回应。", "余慧明又说，会继续跟进。"]) == ["余慧明"]
    assert found_names(["主席余慧明表示，政府应该回应。"]) == []  # once: maybe not a name
    assert found_names(["余慧明表示，政府应该回应。余慧明又说。"]) == []  # after no office
    # a word after an office (主任|周一), and a person addressed by surname and office (彭委員), are no names
    assert found_names(["主任周一表示，周一表示会回应。", "主席彭委员说，彭委员认为。"]) == []


def test_a_found_name_keeps_its_characters_from_a_phrase_across_it() -> None:
    """OpenCC's phrase 志喜 → 誌喜 "to commemorate a happy event" matches inside 李志喜; a correct text whose
    other words show no converter keeps the name as written."""
    correct = ("大律師李志喜認為，法院應該小心處理這宗案件，不應讓政治影響司法。",
               "李志喜又指出，律師的責任是維護法治，而不是迎合任何一方的意見。",
               "記者問及案件的進展時，李志喜表示會繼續留意，並在適當時候再作回應。")
    assert publisher(correct).found == ["李志喜"]
    assert published(correct) == list(correct)


def test_a_found_names_surname_takes_its_own_form_where_a_converter_wrote_it() -> None:
    """A blind converter wrote 鍾 for every 钟 (分鍾 "minutes") and 餘 for every 余: the text is repaired
    (分鐘), its names are not pulled along (被告鍾耀華 stays, though 鐘 is 钟's form standing alone), and
    a found name's surname takes the surname's own form (余慧明, not 餘 "surplus")."""
    correct = ("主席余慧明今日表示，工會會在十分鐘後發表聲明，並與其他團體保持聯繫。",
               "余慧明又指出，被告鍾耀華的案件關係重大，工會的系統會記錄每一次會面。",
               "鍾耀華在庭外沒有回應，只是向支持者揮手，剩餘的時間都留在車上。")
    blind = str.maketrans({"余": "餘", "鐘": "鍾", "係": "系", "繫": "系", "面": "麵"})
    damaged = tuple(line.translate(blind) for line in correct)
    p = publisher(damaged)
    assert p.converted and p.found == ["余慧明", "钟耀华"]
    assert published(damaged) == list(correct)


def test_a_simplified_sources_found_names_take_their_surnames_form() -> None:
    """OpenCC writes 余, 于 and 范 standing alone as 餘 "surplus", 於 "at" and 範 "model"; as a surname they
    are their own."""
    source = ("主席余慧明表示，余慧明认为政府应该回应。", "发言人于文明说，于文明的同事也在场。", "几分钟后，被告钟耀华到场。")
    assert published(source, "zh-Hans") == ["主席余慧明表示，余慧明認為政府應該回應。",
                                            "發言人于文明說，于文明的同事也在場。", "幾分鐘後，被告鍾耀華到場。"]


def test_a_surname_only_a_converter_writes_is_the_surnames_own_even_in_a_text_not_shown_converted() -> None:
    """餘 "surplus" is no surname: 主席餘慧明 is a converter's, whatever the rest of the text shows. 鐘 is
    one (鐘鎮濤), beside the commoner 鍾, so a text that shows no converter keeps it."""
    source = ("主席餘慧明今日表示，工會會繼續爭取勞工權益。", "餘慧明又指出，歌手鐘鎮濤也支持這次活動。",
              "記者問及時，主持人鐘鎮濤說，鐘鎮濤會出席。")
    p = publisher(source)
    assert not p.converted and p.found == ["余慧明", "钟镇涛"]
    assert published(source) == [line.replace("餘慧明", "余慧明") for line in source]
