"""What the parse of new shapes looks like on a page: media, times, notes, the cast, English pages.

Small transcripts written here (in the shapes of real ones) are built into a site;
the media markup is built by jizhu from checked addresses, never passed through.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from jizhu.build.site import Project, build
from jizhu.config import Config, load_config
from jizhu.errors import ContentError
from jizhu.pages.media import clock, moment
from jizhu.reading.parse import parse_text
from site_fixture import ROOT

CHINESE = """+++
title = "茶館夜談"
date = 2025-03-01T19:30:00+08:00
media = "https://www.youtube.com/watch?v=abc123"
+++
**問：記者 甲；答：茶行 乙**

<figure><img src="https://images.example.org/tea.jpg" alt="一壺茶" onerror="alert(1)"><figcaption>當晚的<script>茶</script></figcaption></figure>

[00:01:05] 問：今天聊什麼？

答：[01:10] 聊茶。

（眾人笑）

Then in English: tea is calm.

<iframe src="https://player.example.org/embed/1"></iframe>

問：明天呢？

答：也聊茶。
"""

ENGLISH = """**Host Person:** Why tea? \\[laughs\\]

**Guest Person:** \\[00:30\\] Because it is calm.

**Host Person:** And coffee?

**Guest Person:** Too loud.
"""


IN_TEXT = """主持：去哪裡看？

來賓：我們三月開始（註：後來延到四月），（記者：三月？）對。（笑）詳見[官網](https://example.org/tea?a=1&b=2)，
別點[這裡](javascript:alert(1))。

主持：然後呢？

來賓：沒了。
"""


def site_of(tmp_path: Path, config: Config = Config()) -> Path:
    content = tmp_path / "content"
    for slug, text in (("tea", CHINESE), ("english", ENGLISH), ("in-text", IN_TEXT)):
        (content / slug).mkdir(parents=True)
        (content / slug / "transcript.txt").write_text(text, encoding="utf-8")
    build(Project(content=content, templates=ROOT / "templates", out=tmp_path / "site", config=config))
    return tmp_path / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return site_of(tmp_path_factory.mktemp("shapes"))


def test_media_is_a_link_unless_its_host_is_allowed(site: Path, tmp_path: Path) -> None:
    page = (site / "zh-hant" / "tea" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://images.example.org/tea.jpg">' in page and "<img" not in page
    assert "<iframe" not in page and '<a href="https://player.example.org/embed/1">' in page
    assert "onerror" not in page and "<script>茶" not in page  # raw markup is never passed on
    allowed = site_of(tmp_path, Config(media_hosts=("images.example.org", "player.example.org")))
    page = (allowed / "zh-hant" / "tea" / "index.html").read_text(encoding="utf-8")
    assert '<img src="https://images.example.org/tea.jpg" alt="一壺茶" loading="lazy">' in page
    assert '<iframe src="https://player.example.org/embed/1"' in page and 'referrerpolicy="no-referrer"' in page


def test_times_link_to_the_recording_and_leave_the_text(site: Path) -> None:
    page = (site / "zh-hans" / "tea" / "index.html").read_text(encoding="utf-8")
    assert '<a class="time" href="https://www.youtube.com/watch?v=abc123&amp;t=65s">1:05</a>' in page
    assert ">1:10</a>" in page and "[01:10]" not in page and "[00:01:05]" not in page


def test_cast_notes_and_english_paragraphs_are_marked(site: Path) -> None:
    page = (site / "zh-hant" / "tea" / "index.html").read_text(encoding="utf-8")
    assert 'class="cast"' in page and "記者 甲" in page
    assert 'class="p-note">（眾人笑）' in page
    assert 'lang="en">Then in English: tea is calm.' in page


def test_links_and_bracketed_notes_in_a_paragraph_are_shown_as_such(site: Path) -> None:
    page = (site / "zh-hans" / "in-text" / "index.html").read_text(encoding="utf-8")
    assert '<span class="visually-hidden">编者注</span><span class="in-text in-text-note">（注：后来延到四月）</span>' in page
    assert '<span class="visually-hidden">插话</span><span class="in-text in-text-voice">（记者：三月？）</span>' in page
    assert '<span class="in-text in-text-direction">（笑）</span>' in page
    assert '<a class="text-link" href="https://example.org/tea?a=1&amp;b=2">官网</a>' in page
    assert "javascript" not in page and "别点这里。" in page  # a link no page may have keeps its words
    # the interjection's question mark is not the answerer's: the answer stays an answer
    assert [turn.role for turn in parse_text(IN_TEXT).turns] == ["question", "answer", "question", "answer"]


def test_a_date_time_shows_its_day_and_keeps_the_time_for_machines(site: Path) -> None:
    shown = '<time datetime="2025-03-01T19:30:00+08:00">2025-03-01</time>'
    for page in (site / "zh-hant" / "tea" / "index.html", site / "zh-hans" / "tea" / "s01-q01" / "index.html",
                 site / "zh-hant" / "index.html"):
        assert shown in page.read_text(encoding="utf-8"), page


def test_the_index_counts_questions_only_of_a_transcript_that_has_them(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for slug, text in (("talk", "主持人：歡迎大家來到今天的講座。\n\n主持人：謝謝講者的分享。\n"), ("tea", CHINESE)):
        (content / slug).mkdir(parents=True)
        (content / slug / "transcript.txt").write_text(text, encoding="utf-8")
    build(Project(content=content, templates=ROOT / "templates", out=tmp_path / "site"))
    index = (tmp_path / "site" / "zh-hant" / "index.html").read_text(encoding="utf-8")
    talk, tea = index.split('href="talk/"')[1].split("</li>")[0], index.split('href="tea/"')[1].split("</li>")[0]
    assert "問答" not in talk and "<span>2 問答</span>" in tea


def test_a_headline_that_is_the_title_is_shown_once_as_the_heading(tmp_path: Path) -> None:
    content = tmp_path / "content"
    texts = {"raw": "署長會見傳媒談話全文\n\n記者：幾時推出？\n\n署長：下月。\n\n記者：會否諮詢？\n\n署長：會。\n",
             "titled": "+++\ntitle = \"署長記者會\"\n+++\n署長會見傳媒談話全文\n\n記者：幾時推出？\n\n署長：下月。\n"
                       "\n記者：會否諮詢？\n\n署長：會。\n"}
    for slug, text in texts.items():
        (content / slug).mkdir(parents=True)
        (content / slug / "transcript.txt").write_text(text, encoding="utf-8")
    build(Project(content=content, templates=ROOT / "templates", out=tmp_path / "site"))
    raw = (tmp_path / "site" / "zh-hant" / "raw" / "index.html").read_text(encoding="utf-8")
    assert raw.count("署長會見傳媒談話全文</") == 1 and '<h1 id="headline">署長會見傳媒談話全文</h1>' in raw
    titled = (tmp_path / "site" / "zh-hans" / "titled" / "index.html").read_text(encoding="utf-8")
    assert "<h1>署长记者会</h1>" in titled and '<p class="headline" id="headline">署长会见传媒谈话全文</p>' in titled
    listed = (tmp_path / "site" / "zh-hant" / "index.html").read_text(encoding="utf-8")
    assert listed.count("署長會見傳媒談話全文") == 2  # the raw one's title, the titled one's headline under its title


def test_at_question_time_the_chair_giving_the_word_is_in_the_pair_but_not_its_answer(tmp_path: Path) -> None:
    """`主席：行政長官。` answers nothing: the chief executive's words after it answer the question, and the
    share page's description (what a chat app shows) is theirs, not the chair's."""
    content = tmp_path / "content" / "qt"
    content.mkdir(parents=True)
    (content / "transcript.txt").write_text(
        "甲議員：為甚麼不早些提出？\n\n主席：行政長官。\n\n行政長官：多謝議員。這些都是惠民措施。\n\n"
        "主席：請乙議員。\n\n乙議員：有沒有時間表？\n\n主席：行政長官。\n\n行政長官：會盡快落實。\n", encoding="utf-8")
    build(Project(content=tmp_path / "content", templates=ROOT / "templates", out=tmp_path / "site"))
    share = (tmp_path / "site" / "zh-hant" / "qt" / "s01-q01" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:description" content="多謝議員。這些都是惠民措施。">' in share
    body = share[share.index("<main"):]
    assert body.index("行政長官。") < body.index("多謝議員")  # the chair's words stay, in order
    page = (tmp_path / "site" / "zh-hant" / "qt" / "index.html").read_text(encoding="utf-8")
    assert 'id="s01-q01-a2"' in page and 'class="turn turn-answer" id="s01-q01-a2"' in page
    assert 'class="turn turn-other" id="s01-t01"' in page  # 請乙議員 comes before the next question's pair


def test_a_title_that_opens_with_a_day_dates_the_transcript() -> None:
    dated = {"# 2020-05-15 遠見專訪": "2020-05-15", "# 2023/1/8 第 8 次會議": "2023-01-08",
             "# 2024年4月24日 記者會": "2024-04-24", "# 2024 年 4 月 24 號記者會": "2024-04-24",
             "# 2023-02-30 沒有這一天": "", "# 第 8 次會議 2023-01-18": "", "# 20230118 會議": "",
             # Taiwan's documents count the years of the Republic (1911 years on); a bare two-digit year may be 1999
             "# 113年3月4日 會後記者會": "2024-03-04", "# 中華民國99年5月1日 會議": "2010-05-01", "# 99年5月1日 聚會": ""}
    for heading, day in dated.items():
        assert parse_text(f"{heading}\n\n問：好嗎？\n答：好。\n").meta.date == day, heading
    given = parse_text('+++\ndate = 2025-03-01\n+++\n# 2020-05-15 遠見專訪\n\n問：好嗎？\n答：好。\n')
    assert given.meta.date == "2025-03-01" and given.title == "2020-05-15 遠見專訪"  # front matter wins


def test_a_headline_that_opens_with_a_day_dates_the_transcript() -> None:
    """A raw transcript's first line, its headline, is its title when it has no other: a government
    press conference opens with its day (`2017年12月6日外交部发言人…主持例行记者会`)."""
    pairs = "问:有何评论?\n\n答:没有。\n\n问:还有吗?\n\n答:也没有。\n"
    text = f"2017年12月6日发言人主持例行记者会\n\n{pairs}"
    transcript = parse_text(text)
    assert transcript.title == "2017年12月6日发言人主持例行记者会" and transcript.meta.date == "2017-12-06"
    assert parse_text(f"发言人主持例行记者会\n\n问:2017年12月6日呢?\n\n答:没有。\n\n{pairs}").meta.date == ""
    titled = parse_text(f"# 记者会\n\n2017年12月6日发言人主持\n\n{pairs}")
    assert titled.meta.date == ""  # a title of its own: the line under it is not the title


def test_a_records_header_field_that_says_when_dates_the_transcript() -> None:
    """A meeting record opens with fields (`時　　間：`, `地　　點：`), each a label seen once, so text; the
    one that says when dates the transcript, unless the front matter or the title gives a day."""
    turns = "\n主席：現在開會。\n\n甲部長：報告完畢。\n\n主席：請提問。\n\n甲部長：好。\n"
    header = "時　　間：中華民國113年3月4日（星期一）9時1分至12時30分\n地　　點：本院會議室\n"
    transcript = parse_text("某委員會會議紀錄\n\n" + header + turns)
    assert transcript.meta.date == "2024-03-04" and transcript.intro[0].text.startswith("時")
    for field, day in (("日期：2024年3月4日", "2024-03-04"), ("时间：2024年3月4日上午10时", "2024-03-04"),
                       ("時  間 中華民國105年3月10日(星期四)9時至15時52分", "2016-03-10"),  # no colon in the gazette
                       ("時間：上午10時", ""), ("地點：2024年3月4日", ""), ("時間過得好快，2024年3月4日", "")):
        assert parse_text(f"會議紀錄\n\n{field}\n" + turns).meta.date == day, field
    titled = parse_text("2024年3月5日會議紀錄\n\n" + header + turns)
    assert titled.meta.date == "2024-03-05"  # the title's day first
    words = parse_text("會議紀錄\n" + turns + "\n甲部長：時間：2024年3月4日。\n")
    assert words.meta.date == ""  # someone's words, not the header
    untitled = parse_text(header + turns)  # a field is never the headline, nor the title
    assert untitled.headline is None and untitled.title == "transcript" and untitled.meta.date == "2024-03-04"
    fields = parse_text("標題：會議紀錄\n訪談日期：2024年3月4日\n地點：本院會議室\n" + turns)
    assert fields.title == "會議紀錄" and fields.meta.date == "2024-03-04"  # the page shows that day once
    assert [p.text for p in fields.intro] == ["地點：本院會議室"] and fields.headline is None
    hours = parse_text("訪談時間：2024年3月4日上午10時至12時\n受訪者：王大明\n" + turns)  # a field after what is recorded
    assert hours.meta.date == "2024-03-04" and hours.intro[0].text.startswith("訪談時間")


def test_a_line_of_only_a_day_before_the_first_turn_dates_the_transcript() -> None:
    """A news interview gives its day on a line of its own under the headline (`2024年5月3日`): it dates the
    transcript, unless the front matter or the title gives a day, and the page shows it once, as the date
    (`check` lists the line). A first line that is only a day is the headline still, and the title."""
    turns = "\n記者：怎麼看這次的規劃？\n王大明：很重要。\n記者：預算呢？\n王大明：評估過了。\n"
    for line, day in (("2024年5月3日", "2024-05-03"), ("2024-05-03（星期五）", "2024-05-03"),
                      ("2024年5月3日，記者在現場", ""), ("2024年2月30日", "")):
        transcript = parse_text(f"【專訪】王大明談城市規劃\n{line}\n" + turns)
        assert transcript.meta.date == day, line
        assert [p.text for p in transcript.intro] == ([] if day else [line]), line
        assert [s.text for s in transcript.skipped] == ([line] if day else []), line
    assert parse_text("2024年5月5日專訪\n2024年5月3日\n" + turns).meta.date == "2024-05-05"  # the title's first
    given = parse_text('+++\ndate = 2025-03-01\n+++\n專訪\n2024年5月3日\n' + turns)
    assert given.meta.date == "2025-03-01" and not given.intro
    alone = parse_text("2024年5月3日\n" + turns)
    assert alone.title == "2024年5月3日" and alone.meta.date == "2024-05-03" and not alone.skipped


def test_a_dateline_closing_the_text_dates_the_transcript_and_is_no_one_s_words() -> None:
    pairs = "記者︰會否諮詢？\n\n署長︰會。\n\n記者︰幾時？\n\n署長︰下月。"
    for ending in ("\n\n2016年6月21日（星期二）\n香港時間11時05分\n", "\n\n2016年6月21日(星期二)香港時間11時05分\n",
                   "\n\n2016年6月21日\n"):
        transcript = parse_text(pairs + ending)
        assert transcript.meta.date == "2016-06-21", ending
        assert transcript.turns[-1].paragraphs[-1].text == "下月。", ending
        assert all(s.why.startswith("a dateline closing the text") for s in transcript.skipped)
    spoken = parse_text(pairs + "\n\n香港時間11時05分\n")  # a time alone is no dateline
    assert spoken.meta.date == "" and spoken.turns[-1].paragraphs[-1].text == "香港時間11時05分"
    given = parse_text("+++\ndate = 2016-06-20\n+++\n" + pairs + "\n\n2016年6月21日\n")
    assert given.meta.date == "2016-06-20" and given.turns[-1].paragraphs[-1].text == "下月。"  # front matter wins


def test_the_index_lists_the_newest_first_under_year_headings_then_the_undated(tmp_path: Path) -> None:
    content = tmp_path / "content"
    texts = {"a-undated": "# 座談\n\n主持人：歡迎。\n\n主持人：謝謝。\n",
             "b-older": "# 2020-05-15 專訪\n\n問：好嗎？\n答：好。\n",
             "c-newer": '+++\ndate = 2025-03-01\nspeakers = { "問" = "question", "答" = "answer" }\n+++\n'
                        "問：好嗎？\n答：好。\n問：不錯。\n答：謝謝，我們還在做很多事。\n",
             "d-undated": "主持人：歡迎。\n\n主持人：謝謝。\n"}
    for slug, text in texts.items():
        (content / slug).mkdir(parents=True)
        (content / slug / "transcript.txt").write_text(text, encoding="utf-8")
    build(Project(content=content, templates=ROOT / "templates", out=tmp_path / "site"))
    for script in ("zh-hant", "zh-hans"):
        index = (tmp_path / "site" / script / "index.html").read_text(encoding="utf-8")
        assert [index.find(f'href="{slug}/"') for slug in ("c-newer", "b-older", "a-undated", "d-undated")] \
            == sorted(index.find(f'href="{slug}/"') for slug in texts)
        assert '<time datetime="2020-05-15">2020-05-15</time>' in index.split('href="b-older/"')[1].split("</li>")[0]
        undated = {"zh-hant": "未註明日期", "zh-hans": "未注明日期"}[script]  # under year headings, in order
        headings = [index.find(f'id="y-{year}">{heading}</h2>')
                    for year, heading in (("2025", "2025 年"), ("2020", "2020 年"), ("undated", undated))]
        assert -1 not in headings and headings == sorted(headings) and headings[1] < index.find('href="b-older/"')
    page = (tmp_path / "site" / "zh-hant" / "c-newer" / "index.html").read_text(encoding="utf-8")
    # 不錯。 asks nothing: no contents entry, but its heading for screen readers and its id stay
    assert 'href="#s01-q02"' not in page and 'id="s01-q02-h">不錯。</h' in page and 'href="#s01-q01"' in page
    one_year = tmp_path / "one"
    (one_year / "c-newer").mkdir(parents=True)
    (one_year / "c-newer" / "transcript.txt").write_text(texts["c-newer"], encoding="utf-8")
    build(Project(content=one_year, templates=ROOT / "templates", out=tmp_path / "one-site"))
    assert "index-year" not in (tmp_path / "one-site" / "zh-hant" / "index.html").read_text(encoding="utf-8")


def test_an_english_transcript_is_published_once(site: Path) -> None:
    page = (site / "zh-hant" / "english" / "index.html").read_text(encoding="utf-8")
    assert '<h1 lang="en">' in page and 'hreflang="zh-Hans"' not in page
    other = (site / "zh-hans" / "english" / "index.html").read_text(encoding="utf-8")
    assert 'url=../../zh-hant/english/index.html' in other and "Because it is calm" not in other
    assert (site / "zh-hant" / "english" / "s01-q01" / "index.html").is_file()
    assert not (site / "zh-hans" / "english" / "s01-q01").exists()


def test_clock_and_moment() -> None:
    assert (clock(65), clock(754), clock(3604.01)) == ("1:05", "12:34", "1:00:04")
    assert moment("https://youtu.be/x?t=9", 754) == "https://youtu.be/x?t=754s"
    assert moment("https://vimeo.com/1", 754) == "https://vimeo.com/1#t=754s"
    assert moment("https://example.org/a.mp3", 754) == "https://example.org/a.mp3#t=754"


def test_media_hosts_must_be_host_names(tmp_path: Path) -> None:
    (tmp_path / "jizhu.toml").write_text('[media]\nhosts = ["https://evil.example/"]\n', encoding="utf-8")
    with pytest.raises(ContentError, match="jizhu.toml:2: media hosts"):
        load_config(tmp_path / "jizhu.toml")


def test_relative_pictures_are_published_from_content_and_never_from_outside(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "tea" / "pics").mkdir(parents=True)
    (content / "tea" / "pics" / "cup.png").write_bytes(b"\x89PNG\r\n\x1a\n picture")
    (tmp_path / "secret.png").write_bytes(b"not for the site")
    (content / "tea" / "transcript.txt").write_text(
        "主持：看照片？\n\n![一杯茶](pics/cup.png \"當晚的茶\")\n\n![外面](../../secret.png)\n\n![不見了](pics/gone.png)\n\n"
        "來賓：好看。\n\n主持：再看？\n\n來賓：好。\n", encoding="utf-8")
    build(Project(content=content, templates=ROOT / "templates", out=tmp_path / "site", config=Config()))
    page = (tmp_path / "site" / "zh-hant" / "tea" / "index.html").read_text(encoding="utf-8")
    assert '<img src="../../media/tea/pics/cup.png" alt="一杯茶" loading="lazy">' in page
    assert (tmp_path / "site" / "media" / "tea" / "pics" / "cup.png").read_bytes() == b"\x89PNG\r\n\x1a\n picture"
    assert "secret" not in page and "<figcaption>外面</figcaption>" in page  # the caption alone
    assert "<figcaption>不見了</figcaption>" in page
    published = [p.name for p in (tmp_path / "site").rglob("*.png")]
    assert published == ["cup.png"]


def test_a_paragraph_long_question_is_shown_at_the_texts_size_on_its_share_page(tmp_path: Path) -> None:
    asked = "我想請教您，" + "關於供應鏈的安排、市場的變化以及未來幾年的投資計畫，" * 4 + "您怎麼看？"
    text = f"問：今年的重點是什麼？\n答：是推理。\n問：{asked}\n答：我們會繼續投資。\n"
    (tmp_path / "content" / "talk").mkdir(parents=True)
    (tmp_path / "content" / "talk" / "transcript.txt").write_text(text, encoding="utf-8")
    build(Project(content=tmp_path / "content", templates=ROOT / "templates", out=tmp_path / "site"))
    short, long = (tmp_path / "site" / "zh-hant" / "talk" / pair / "index.html" for pair in ("s01-q01", "s01-q02"))
    assert '<h1><span class="speaker">' in short.read_text(encoding="utf-8")
    assert '<h1 class="long"><span class="speaker">' in long.read_text(encoding="utf-8")


def test_a_picture_elsewhere_with_no_words_is_a_link_named_by_its_host() -> None:
    """A saved page's picture with no caption or alt text (`![](https://cubox.pro/c/filters:no_upscale()?…)`,
    its address holding parentheses): a link named by its host, the address whole in the link only."""
    from markupsafe import Markup, escape

    from jizhu.pages.media import media_markup
    src = "https://cubox.pro/c/filters:no_upscale()?imageUrl=https%3A%2F%2Fmmbiz.qpic.cn%2Fa%2F640"
    t = parse_text(f"問：好嗎？\n\n![]({src})\n\n答：好。\n問：真的？\n答：真的。\n")
    media = next(p.media for p in t.paragraphs() if p.media)
    assert media.src == src
    shown = str(media_markup(media, Markup(""), ()))
    assert f'<a href="{escape(src)}">cubox.pro</a>' in shown and shown.count("imageUrl") == 1
