"""Table-of-contents labels for questions and statements."""
import pytest

from jizhu.pages.outline import SUMMARY_MAX, summarize, turn_label, width


@pytest.mark.parametrize(("question", "label"), [
    ("你會買嗎?", "你會買嗎?"),
    ("你今年來過中國大陸三次。每次的目標和收獲有什麽不同?", "你今年來過中國大陸三次。每次的目標和收獲有什麽不同?"),
    ("美國商務部長說H20是最好的產品。這是真的嗎?", "美國商務部長說H20是最好的產品。這是真的嗎?"),
    ("因為特朗普的芯片禁令,英偉達資產減少數十億美元,這部分損失能恢複嗎?此外,特朗普政府對半導體領域施加了很多限製,你怎麽看待這些禁令對行業的影響?",
     "因為特朗普的芯片禁令,英偉達資產減少數十億美元…"),
    ("當前全球不確定性持續加劇,就業市場在很大程度上受製於監管政策的變化,你們如何應對?",
     "…就業市場在很大程度上受製於監管政策的變化,你們如何應對?"),
    ("有人提出,用隨著大模型發展,對AI算力基礎設施的需求會降低。對此你怎麽看?", "有人提出,用隨著大模型發展…"),
])
def test_summarize(question: str, label: str) -> None:
    assert summarize(question) == label
    assert width(label) <= SUMMARY_MAX


def test_a_clause_longer_than_the_limit_is_cut() -> None:
    label = summarize("這是一個沒有任何標點而且非常非常非常非常非常非常非常非常長的問題嗎?")
    assert label.endswith("…") and len(label) == 32


def test_turn_label() -> None:
    assert turn_label("何全德", "部長、次長、各位媒體記者，接下來就由我來簡單介紹一下今年的政策") == "何全德：部長、次長、各位媒體記者…"


def test_latin_letters_take_half_the_room_and_a_word_is_not_cut() -> None:
    said = "We have built a network of young people across the north of the country since the war"
    label = turn_label("Ravindra De Silva", said)
    assert label == "Ravindra De Silva: We have built a network of young people…"  # English, as English is written
    assert width(label) <= SUMMARY_MAX < len(label) * 2
    assert turn_label("唐鳳", "Serving democratic participation means listening to everyone first") == \
        "唐鳳：Serving democratic participation means listening to…"
