"""Table-of-contents labels for questions and statements."""
import pytest

from jizhu.pages.outline import SUMMARY_MAX, names_a_topic, summarize, turn_label, width


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
    assert (turn_label("唐鳳", "我們開始開會。"), turn_label("B", "係囖.")) == ("唐鳳：我們開始開會…", "B：係囖…")  # a full
    # stop gives way to the ellipsis that says the turn goes on


def test_latin_letters_take_half_the_room_and_a_word_is_not_cut() -> None:
    said = "We have built a network of young people across the north of the country since the war"
    label = turn_label("Ravindra De Silva", said)
    assert label == "Ravindra De Silva: We have built a network of young people…"  # English, as English is written
    assert width(label) <= SUMMARY_MAX < len(label) * 2
    assert turn_label("唐鳳", "Serving democratic participation means listening to everyone first") == \
        "唐鳳：Serving democratic participation means listening to…"


def test_a_question_turn_that_asks_nothing_and_is_short_gets_no_contents_entry() -> None:
    from jizhu.pages.render import table_of_contents
    from jizhu.reading.parse import parse_text
    transcript = parse_text('+++\nspeakers = { "問" = "question", "答" = "answer" }\n+++\n'
                            "問：今年的重點是什麼？\n答：是推理。推理的成本很高。\n問：不錯。\n答：謝謝。我們還在做很多事。\n"
                            "問：他們也涉足空調等設備!\n答：是的，很多設備。\n")
    listed = [entry.id for section in table_of_contents(transcript, str) for entry in section.children]
    assert [pair.id for pair in transcript.pairs] == ["s01-q01", "s01-q02", "s01-q03"]
    assert listed == ["s01-q01", "s01-q03"]  # 不錯。 names no topic; its answer keeps its id on the page
    assert [names_a_topic(said) for said in ("Nice.", "Massive effect.", "Why?", "Message in a bottle.")] == \
        [False, False, True, True]


def test_a_statement_is_named_by_its_first_paragraph_that_says_something() -> None:
    from jizhu.pages.render import table_of_contents
    from jizhu.reading.parse import parse_text
    opening = ("今天我們請到了三位來賓，一起談談城市裡的交通、住房和教育，這些都是大家最關心的問題，也是今年選舉的焦點。"
               "我們先從交通開始，請每位來賓簡單說說自己的看法，然後我們再開放現場提問。")
    transcript = parse_text(f"主持人：好。\n{opening}\n\n來賓：謝謝主持人。\n\n主持人：好。\n\n來賓：謝謝。\n")
    # not 主持人：好。… (a conversation's 係囖. or Yeah. before what the turn is about)
    assert [entry.label for section in table_of_contents(transcript, str) for entry in section.children] == \
        ["主持人：今天我們請到了三位來賓，一起談談城市裡的交通…"]
