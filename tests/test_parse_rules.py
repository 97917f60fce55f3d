"""Parser rules pinned by small readable cases in fixtures/parse_rules.txt."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from jizhu.reading.parse import parse_text
from jizhu.reading.summary import parse_summary
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


def test_bold_questions_take_the_front_matters_names_and_the_texts_script() -> None:
    """An interview printing its questions in bold and labelling no one: the asker and the answerer are the
    front matter's where it names one of each, else 問 (问 in a Simplified text) and 答. Bold paragraphs
    that mostly ask nothing are an article's headings: still no turns."""
    body = "**你為什麼開始？**\n\n因為我喜歡茶。\n\n**後來呢？**\n後來開了茶行。\n"
    named = parse_text('+++\nspeakers = { "記者" = "question", "王大明" = "answer" }\n+++\n' + body)
    assert [(t.speaker, t.role) for t in named.turns] == [("記者", "question"), ("王大明", "answer")] * 2
    simplified = parse_text("**你为什么开始？**\n\n因为我喜欢茶。\n\n**后来呢？**\n\n后来开了茶行。\n")
    assert [t.speaker for t in simplified.turns] == ["问", "答", "问", "答"]
    timed = parse_text("**你為什麼開始？**\n\n[00:12]\n\n因為我喜歡茶。\n\n**後來呢？**\n\n後來開了茶行。\n")
    assert [(t.speaker, t.paragraphs[0].time) for t in timed.turns][:2] == [("問", None), ("答", 12)]
    from jizhu.errors import ContentError
    with pytest.raises(ContentError, match="no speaker turns found"):
        parse_text("**一、公司簡介**\n\n我們是茶行。\n\n**二、未來**\n\n去日本。\n")


def test_numbered_questions_take_the_front_matters_names_and_need_an_answer_each() -> None:
    """An interview numbering its questions and labelling no one: the front matter's asker and answerer where it
    names one of each. Numbered points that ask nothing are an article's, and numbered questions one of which
    has no answer before the next are a list of questions: neither is read as turns."""
    body = "1. 你為什麼開始？\n\n因為我喜歡茶。\n\n2. 後來呢？\n\n後來開了茶行。\n"
    named = parse_text('+++\nspeakers = { "記者" = "question", "王大明" = "answer" }\n+++\n' + body)
    assert [(t.speaker, t.role) for t in named.turns] == [("記者", "question"), ("王大明", "answer")] * 2
    assert named.read_as == "no one labelled, the questions numbered: asked by 記者, answered by 王大明"
    from jizhu.errors import ContentError
    with pytest.raises(ContentError, match=r"or number them \(`1\. …？`\)"):
        parse_text("1、我們是茶行。\n\n開了三十年。\n\n2、我們也賣茶具。\n\n去日本買的。\n")
    with pytest.raises(ContentError, match="no speaker turns found"):
        parse_text("讀者常問：\n\n1. 茶怎麼泡？\n\n2. 茶放多久？\n\n3. 哪裡買？\n\n歡迎來信。\n")


def test_answers_left_bare_after_a_labelled_asker_take_the_front_matters_answerer() -> None:
    """Only the asker labelled (`問：…？`, the answer bare after it): the answerer is the front matter's where it
    names one, else 答. A lone speaker whose labelled paragraphs mostly ask nothing keeps every paragraph."""
    body = "問：你為什麼開始？\n因為我喜歡茶。\n問：後來呢？\n後來開了茶行。\n"
    named = parse_text('+++\nspeakers = { "問" = "question", "王大明" = "answer" }\n+++\n' + body)
    assert [(t.speaker, t.role) for t in named.turns] == [("問", "question"), ("王大明", "answer")] * 2
    lecture = parse_text("王教授：今天談AI。\n它改變了很多行業。\n王教授：再談教育。\n教育也在改變。\n")
    assert [(t.speaker, len(t.paragraphs)) for t in lecture.turns] == [("王教授", 2)] * 2
    assert lecture.read_as == "" and "read as" not in "\n".join(parse_summary(lecture, "t.txt"))
    assert f"  read as: {named.read_as}" in parse_summary(named, "t.txt")
    assert named.read_as == "only the asker 問 labelled: the first bare paragraph after each question is 王大明's"


def test_questions_left_bare_before_a_labelled_answerer_take_the_front_matters_asker() -> None:
    """Only the answerer labelled (the question bare before `王大明：…`): the asker is the front matter's where
    it names one, else 問. A speaker labelled after paragraphs that mostly ask nothing keeps them."""
    body = "你為什麼開始？\n王大明：因為我喜歡茶。\n後來呢？\n王大明：後來開了茶行。\n"
    named = parse_text('+++\nspeakers = { "記者" = "question", "王大明" = "answer" }\n+++\n' + body)
    assert [(t.speaker, t.role) for t in named.turns] == [("記者", "question"), ("王大明", "answer")] * 2
    assert parse_text(body).read_as == "only the answerer 王大明 labelled: the bare question before each answer is 問's"
    talk = parse_text("王教授：今天談AI。\n它改變了很多行業嗎？\n王教授：再談教育。\n教育也在改變。\n"
                      "王教授：最後談醫療。\n醫療很難。\n王教授：謝謝。\n")
    assert [(t.speaker, len(t.paragraphs)) for t in talk.turns] == [("王教授", 2)] * 3 + [("王教授", 1)]


def test_names_alone_on_their_lines_take_the_front_matters_names_and_need_two_speakers() -> None:
    """Each speaker named alone on a line above their words: where front matter names speakers, those are the
    speakers, each once or more, with their roles (an answer before any question opens the text); `check` says
    how the text was read. A time before the name is its turn's. A title underlined `===` is no legend of
    speakers, though a colon and a name or two follow its first words. Short lines that recur but are one name
    only, or that no words follow (a list), or stage directions, are no speakers."""
    body = "王大明\n各位好，今天談茶。\n\n李小華\n請問茶怎麼泡？\n\n王大明\n用熱水。\n"
    named = parse_text('+++\nspeakers = { "李小華" = "question", "王大明" = "answer" }\n+++\n' + body)
    assert [(t.speaker, t.role) for t in named.turns] == [("王大明", "other"), ("李小華", "question"),
                                                          ("王大明", "answer")]
    assert named.read_as == "each speaker named alone on a line above their words: 王大明, 李小華"
    assert f"  read as: {named.read_as}" in parse_summary(named, "t.txt")
    timed = parse_text("[00:01] 主持人\n歡迎。\n[00:05] 李明\n謝謝。\n[00:09] 主持人\n好嗎？\n[00:12] 李明\n好。\n")
    assert [(t.speaker, t.paragraphs[0].time, t.paragraphs[0].text) for t in timed.turns][:2] == [
        ("主持人", 1, "歡迎。"), ("李明", 5, "謝謝。")]
    titled = parse_text("【实录】对话王大明：创业十年\n==========\n\n小李\n你好。\n\n王大明\n你好。\n\n小李\n为什么？\n\n"
                        "王大明\n因为喜欢。\n")
    assert titled.title == "【实录】对话王大明：创业十年" and titled.speakers == ["小李", "王大明"]  # no legend
    from jizhu.errors import ContentError
    with pytest.raises(ContentError, match="lines 1, 4, 7 name 王大明、李小華 alone above their words, which are "
                                           "turns where two such names recur, or where front matter names"):
        parse_text(body)  # 李小華 speaks once, with no note in brackets: only one name recurs
    with pytest.raises(ContentError, match="lines 1, 4 name 王大明（副主席）、王大明 alone"):
        parse_text("王大明（副主席）\n各位好。\n\n王大明\n再見。\n")  # one name twice, its note once
    for one_name_or_none in ("王大明\n各位好。\n\n王大明\n再見。\n",
                             "出席的有\n王大明\n李小華\n\n會議開始。\n\n記錄\n王大明\n李小華\n\n散會。\n",
                             "各位好。\n笑\n今天談茶。\n鼓掌\n謝謝。\n笑\n再見。\n鼓掌\n謝謝。\n"):
        with pytest.raises(ContentError, match="no speaker turns found"):
            parse_text(one_name_or_none)


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


MEETING = ("主席：現在開會。請王委員發言。\n"
           "王委員：謝謝主席。我想請問部長，關於這個預算的編列，到底有多少是用在人事費用上？另外，去年的執行率只有"
           "百分之六十，為什麼會這麼低？請部長說明。\n主席：請部長答復。\n"
           "部長：謝謝委員的指教。這部分的預算主要是用在設備更新，人事費用只佔了大約兩成。至於執行率偏低的原因，是"
           "因為採購程序比較長，我們會再檢討。\n王委員：好，謝謝部長。\n主席：接下來請李委員發言。\n"
           "李委員：謝謝主席。我要請教部長一個問題，就是有關數位轉型的進度，目前到底做到哪裡了？還有預算的執行情況如何"
           "呢？\n部長：謝謝委員。目前第一階段已經完成，第二階段預計明年上半年可以完成，預算執行率也有提升。\n")


def copied_from_a_page(text: str, width: int, page_numbers: dict[int, str]) -> str:
    """`text` as a PDF's copy has it: each paragraph cut every `width` characters, page numbers between lines."""
    lines = [para[i:i + width] for para in text.splitlines() for i in range(0, len(para), width)]
    for at, number in sorted(page_numbers.items(), reverse=True):
        lines.insert(at, number)
    return "\n".join(lines) + "\n"


def test_a_copy_of_a_page_is_rejoined_where_its_lines_were_cut_and_its_page_numbers_left_out() -> None:
    """Text copied from a PDF (a legislature's gazette, a meeting record) is cut at the page's width, mid-sentence,
    with the pages' numbers among the lines; each paragraph reads whole again."""
    copy = copied_from_a_page(MEETING, 19, {3: "- 2 -", 9: "第 3 頁"})  # both amid a paragraph
    assert "\n- 2 -\n" in copy and "\n第 3 頁\n" in copy and max(map(len, copy.splitlines())) == 19
    copied, original = parse_text(copy), parse_text(MEETING)
    assert [(t.speaker, [p.text for p in t.paragraphs]) for t in copied.turns] == \
        [(t.speaker, [p.text for p in t.paragraphs]) for t in original.turns]
    assert [(s.text, s.why) for s in copied.skipped] == [
        ("- 2 -", "a page's number, as a copy of a PDF has: left out"),
        ("第 3 頁", "a page's number, as a copy of a PDF has: left out")]


def test_a_text_with_a_paragraph_a_line_is_not_taken_for_a_copy_of_a_page() -> None:
    from jizhu.reading import lines as L
    from jizhu.reading.markup import sources
    from jizhu.reading.source import read_lines
    from script_corpus import SEED, CORPUS, SHARED, skip_or_fail
    skip_or_fail(pytest)
    for path in [SEED, *sorted(CORPUS.glob("*.txt")), *sorted((SHARED / "samples").glob("*.md"))]:
        assert L.wrap_width(sources(read_lines(path)[1])) == 0, path
    kept = parse_text("問：第一頁呢？\n- 2 -\n答：就在這裡。\n問：好。\n答：謝謝。\n")
    assert not kept.skipped and "2 -" in kept.turns[0].paragraphs[-1].text  # words, in a text not cut


def test_the_index_of_names_finds_what_trying_every_label_finds() -> None:
    """`names_holding` (an index, linear in speakers) answers as `part_of` tried on every label did."""
    from jizhu.reading.aliases import names_holding, part_of, stem
    labels = ["黃仁勳", "黃先生", "黃仁", "仁勳", "Daniel Stenberg", "Daniel", "Stenberg", "Jon Calhoun", "Calhoun",
              "主持人 寿小丽", "寿小丽", "王小明教授", "王小明", "王", "吴晟，Skywalking", "吴晟", "Daniel Stenberg Jr", "Jr"]
    cores = {label: stem(label)[0] for label in labels}
    holding = names_holding(cores)
    for label in labels:
        core, titled = stem(label)
        assert set(holding(core, titled)) == {n for n in labels if part_of(core, titled, cores[n])}, label


def test_a_web_clippers_front_matter_gives_the_source_link_and_the_day() -> None:
    """Front matter a web clipper writes (Obsidian's: `source:` the page's address, `published:` its day): the
    source links the page, and `published` dates the transcript where no `date` does; Jekyll's `published:
    false` (a draft) is no day, and an outlet's name as the source is no link."""
    body = "問：好嗎？\n答：好。\n問：真的？\n答：真的。\n"
    clipped = parse_text('---\ntitle: "專訪"\nsource: "https://example.org/a/1"\npublished: 2024-03-05\n---\n' + body)
    assert (clipped.meta.source, clipped.meta.source_url, clipped.meta.date) == (
        "https://example.org/a/1", "https://example.org/a/1", "2024-03-05")
    blog = parse_text('---\ntitle: "專訪"\nsource: "騰訊科技 https://example.org"\npublished: false\n---\n' + body)
    assert (blog.meta.source_url, blog.meta.date) == ("", "")
    dated = parse_text('---\ndate: 2024-01-02\npublished: 2024-03-05\nsource: "javascript:alert(1)"\n---\n' + body)
    assert (dated.meta.date, dated.meta.source_url) == ("2024-01-02", "")


def test_a_heading_that_is_only_a_link_is_a_paragraph_whose_link_is_checked() -> None:
    """Further reading listed as headings at an article's end (`## [對話李小華](https://…)`): each a paragraph of
    its own with its link, which is checked as every link is (a `javascript:` one keeps its words only)."""
    t = parse_text("問：好嗎？\n答：好。\n\n## [壞](javascript:alert(1))\n## [對話李小華](https://example.org/a)\n")
    assert [p.text for p in t.turns[-1].paragraphs] == ["好。", "壞", "對話李小華"]
    assert [[(p.text[s.start:s.end], s.kind, s.href) for s in p.spans] for p in t.turns[-1].paragraphs][1:] == [
        [], [("對話李小華", "link", "https://example.org/a")]]


def test_a_saved_wechat_pages_header_gives_the_source_and_the_day() -> None:
    """A read-later app's source line (`[mp.weixin.qq.com](https://…)晚点团队`) is the source, link and publisher,
    where front matter gives none; the byline (`原创 程曼祺 晚点LatePost 2024年03月21日 08:00`) is the date; `check`
    lists both lines. A link whose words are not its host's name is the text's."""
    body = ("[mp.weixin.qq.com](https://mp.weixin.qq.com/s/abc)晚点团队\n\n原创 程曼祺 晚点LatePost 2024年03月21日 08:00\n\n"
            "問：好嗎？\n答：好。\n")
    t = parse_text(body)
    assert (t.meta.source, t.meta.source_url, t.meta.date) == ("晚点团队", "https://mp.weixin.qq.com/s/abc", "2024-03-21")
    assert [s.line for s in t.skipped] == [1, 3]
    own = parse_text('+++\nsource = "晚點"\nsource_url = "https://example.org/a"\n+++\n' + body)
    assert (own.meta.source, own.meta.source_url) == ("晚點", "https://example.org/a")
    cited = parse_text("[騰訊科技](https://mp.weixin.qq.com/s/abc)的報道\n\n問：好嗎？\n答：好。\n")
    assert cited.meta.source_url == "" and cited.headline is not None


def test_a_heading_saying_the_title_again_is_left_out() -> None:
    """A read-later app's export writes a saved page's title twice, as the title and as a heading: the heading
    is no section, and `check` lists it. A heading saying something else is a section."""
    t = parse_text("# 對話王大明\n\n# 對話王大明\n\n問：好嗎？\n答：好。\n")
    assert t.title == "對話王大明" and [s.title for s in t.sections] == [""]
    assert [(s.line, s.why) for s in t.skipped] == [(3, "the title again: left out")]
    assert [s.title for s in parse_text("# 對話王大明\n\n# 第一部分\n\n問：好嗎？\n答：好。\n").sections] == ["第一部分"]


def test_pictures_as_saved_pages_write_them_show_no_markup() -> None:
    """A picture that links elsewhere or nowhere (`[![圖](…)](…)`, `…]()`) is the picture; one at no address (a
    lazy page's `data:` placeholder, spaces and quotes in it) keeps its words only, as does a picture inside words.
    None shows its Markdown."""
    t = parse_text("問：好嗎？看![圖](https://example.org/c.jpg)這裡\n\n"
                   "[![圖](https://example.org/a.jpg)](https://example.org/post)\n\n"
                   "[![](https://example.org/b.jpg)]()\n\n"
                   "![图片](data:image/svg+xml,%3C?xml version='1.0' encoding='UTF-8'?%3E)\n\n答：好。\n問：真的？\n答：真的。\n")
    shown = [(p.text, p.media.src if p.media else None) for p in t.turns[0].paragraphs]
    assert shown == [("好嗎？看圖這裡", None), ("圖", "https://example.org/a.jpg"), ("", "https://example.org/b.jpg"),
                     ("图片", None)]


def test_a_list_of_other_articles_ending_the_page_is_left_out_but_not_an_answer() -> None:
    """Under a heading of further reading at the end (`**延伸阅读**`), short titles, links and pictures are the
    page's, and `check` lists the heading; an answer's paragraph after such a line keeps it all."""
    answer = "答：好。\n問：真的？\n答：真的。\n\n"
    listed = parse_text("問：好嗎？\n" + answer + "**延伸阅读**\n\n[对话李小华](https://example.org/a)\n\n为什么 AGI 应用还没有大爆发？\n")
    assert [p.text for p in listed.turns[-1].paragraphs] == ["真的。"]
    assert [s.why for s in listed.skipped] == ["a page's list of other articles, 2 lines after it: left out"]
    said = parse_text("問：好嗎？\n" + answer + "延伸阅读\n\n" + "我想補充一點，" * 20 + "就是這樣。\n")
    assert [p.text[:4] for p in said.turns[-1].paragraphs] == ["真的。", "延伸阅读", "我想補充"]
