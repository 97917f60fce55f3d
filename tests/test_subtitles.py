"""Subtitles (SRT, WebVTT) saved as transcript.txt read as a timestamped transcript."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jizhu.errors import ContentError
from jizhu.reading.parse import parse_text
from jizhu.reading.model import Pair, Turn

ROOT = Path(__file__).resolve().parent.parent

SRT = """1
00:00:01,000 --> 00:00:04,000
主持人：大家好，欢迎收听本期节目。

2
00:00:04,500 --> 00:00:08,000
今天我们请到了王教授。

3
00:00:08,500 --> 00:00:12,000
王教授：谢谢主持人，
很高兴来到这里。

4
00:00:12,500 --> 00:00:15,000
主持人：请您先介绍一下您的研究？

5
00:00:15,500 --> 00:00:20,000
王教授：我主要研究<i>人工智能</i>在医疗中的应用。

6
00:00:25,000 --> 00:00:28,000
我们做了很多实验。
"""

VTT = """WEBVTT - 记者会

STYLE
::cue { color: yellow }

NOTE 这是注释，
不是讲话

00:01.000 --> 00:03.500 align:start
<v 主持人>各位记者朋友 大家好</v>

intro
00:03.600 --> 00:06.000
<v 主持人>现在开始提问

00:09.000 --> 00:12.000
<v 记者>请问发言人 对这件事&amp;那件事怎么看？

00:12.500 --> 00:16.000
<v.loud 发言人>谢谢你的提问
<c.yellow>我们的立场</c>是一贯的

00:16.200 --> 00:20.000
<v 发言人>我们会继续关注

00:24.000 --> 00:27.000
<v 发言人>下一个问题
"""


def turns(text: str) -> list[Turn]:
    transcript = parse_text(text)
    return [t for s in transcript.sections for item in s.items for t in (item.turns if isinstance(item, Pair) else [item])]


def said(text: str) -> list[tuple[str, float | None, int, str]]:
    """(speaker, time, line, words) of each paragraph."""
    return [(t.speaker, p.time, p.line, p.text) for t in turns(text) for p in t.paragraphs]


def test_an_srt_files_cues_are_paragraphs_with_their_times_and_labels() -> None:
    assert said(SRT) == [
        ("主持人", 1.0, 2, "大家好，欢迎收听本期节目。今天我们请到了王教授。"),  # numbers gone, cues run on
        ("王教授", 8.0, 10, "谢谢主持人，很高兴来到这里。"),  # a cue's two lines, one paragraph
        ("主持人", 12.0, 15, "请您先介绍一下您的研究？"),
        ("王教授", 15.0, 19, "我主要研究人工智能在医疗中的应用。"),  # markup dropped
        ("王教授", 25.0, 23, "我们做了很多实验。"),  # after a pause of 5 s: a paragraph of its own
    ]
    assert any(isinstance(item, Pair) for item in parse_text(SRT).sections[0].items)  # a question and its answer


def test_a_webvtt_files_voices_are_speakers_and_its_other_blocks_are_not_speech() -> None:
    assert said(VTT) == [
        ("主持人", 1.0, 9, "各位记者朋友 大家好 现在开始提问"),  # Chinese captions' pause: a space
        ("记者", 9.0, 16, "请问发言人 对这件事&那件事怎么看？"),
        ("发言人", 12.0, 19, "谢谢你的提问 我们的立场是一贯的 我们会继续关注"),
        ("发言人", 24.0, 26, "下一个问题"),
    ]


def test_bilibili_subtitles_are_read_as_captions() -> None:
    """Bilibili's subtitles (BCC) are JSON: its `body` lists cues of `from`, `to` and `content`, on one line
    or pretty-printed; a cue is read at the line its `content` stands on."""
    import json
    data = {"font_size": 0.4, "body": [
        {"from": 1.0, "to": 2.0, "location": 2, "content": "主持人：大家好"},
        {"from": 2.1, "to": 4.0, "content": "今天我们请到了王教授"},
        {"from": 4.5, "to": 6.0, "content": "王教授：谢谢\nThank you"},
        {"from": 6.1, "to": 8.0, "content": "主持人：请介绍一下？"}, {"from": 8.1, "to": 9.0, "content": "王教授：好的。"}]}
    expected = [("主持人", 1.0, "大家好 今天我们请到了王教授"), ("王教授", 4.0, "谢谢"), ("王教授", 4.0, "Thank you"),
                ("主持人", 6.0, "请介绍一下？"), ("王教授", 8.0, "好的。")]
    one_line = said(json.dumps(data, ensure_ascii=False))
    assert [(who, time) + (words,) for who, time, _, words in one_line] == expected
    pretty = said(json.dumps(data, ensure_ascii=False, indent=2))
    assert [line for _, _, line, _ in pretty] == [8, 18, 18, 23, 28]
    with pytest.raises(ContentError, match=r"transcript.txt:3: is not valid JSON"):
        parse_text('{"body": [\n{"from": 1, "to": 2,\n"content": "x" "y"}]}')
    with pytest.raises(ContentError, match=r"transcript.txt:2: cue 1 needs a number `from`"):
        parse_text('{"body": [\n{"from": "1", "to": 2, "content": "x"}]}')
    with pytest.raises(ContentError, match=r"transcript.txt:1: cue 1 holds the character U\+0000"):
        parse_text('{"body": [{"from": 1, "to": 2, "content": "x\\u0000"}]}')


def test_the_words_after_webvtt_are_the_title() -> None:
    assert parse_text(VTT).title == "记者会"
    assert parse_text(VTT.replace("WEBVTT - 记者会", "WEBVTT")).title == "transcript"  # the slug


def test_rolling_captions_are_read_once() -> None:
    """Automatic captions scroll: each cue shows the line before it again above the new one."""
    text = "WEBVTT\nKind: captions\nLanguage: en\n\n" + "".join(
        f"00:00:0{n}.000 --> 00:00:0{n + 1}.000\n{before}\n{line}\n\n"
        for n, (before, line) in enumerate([("", "<v Mat>hello<00:00:00.500><c> and welcome</c>"),
                                            ("hello and welcome", "to the show"),
                                            ("to the show", "today we talk about databases")]))
    assert said(text) == [("Mat", 0.0, 5, "hello and welcome to the show today we talk about databases")]
    flash = "00:00:03.000 --> 00:00:03.010\ntoday we talk about databases\n\n00:00:03.010 --> 00:00:04.000\nagain\n"
    assert said(text + "\n" + flash)[0][3].endswith("databases again")
    said_twice = "00:00:03.000 --> 00:00:04.000\ntoday we talk about databases\n"
    assert said(text + "\n" + said_twice)[0][3].endswith("databases today we talk about databases")


def test_bilingual_subtitles_give_the_translation_a_paragraph_of_its_own() -> None:
    text = ("1\n00:00:00,000 --> 00:00:06,000\nAlice was getting tired of sitting by her sister,\n"
            "主持人：爱丽丝开始感到厌倦，\n\n2\n00:00:06,100 --> 00:00:09,000\nonce or twice she peeped into the book.\n"
            "她偷看了一眼姐姐的书。\n\n3\n00:00:09,100 --> 00:00:10,000\nReally?\n嘉宾：真的吗？\n\n"
            "4\n00:00:10,100 --> 00:00:11,000\nYes.\n主持人：是的。\n\n5\n00:00:11,100 --> 00:00:12,000\nGood.\n嘉宾：好。\n")
    assert said(text) == [
        ("主持人", 0.0, 2, "爱丽丝开始感到厌倦，她偷看了一眼姐姐的书。"),
        ("主持人", 0.0, 2, "Alice was getting tired of sitting by her sister, once or twice she peeped into the book."),
        ("嘉宾", 9.0, 12, "真的吗？"), ("嘉宾", 9.0, 12, "Really?"),
        ("主持人", 10.0, 17, "是的。"), ("主持人", 10.0, 17, "Yes."),
        ("嘉宾", 11.0, 22, "好。"), ("嘉宾", 11.0, 22, "Good.")]
    english = parse_text(text).sections[0].items[0].paragraphs[1]
    assert english.lang == "en"


def test_a_line_marking_another_speaker_starts_a_paragraph() -> None:
    """Broadcast captions mark a change of speaker with `>>`, subtitles with a dialogue dash: the speaker is
    not named, but the words are not run on into the last speaker's sentence."""
    text = ('+++\nspeakers = { "Mat" = "other" }\n+++\n1\n00:00:01,000 --> 00:00:02,000\nMat: welcome to the show.\n\n'
            "2\n00:00:02,100 --> 00:00:04,000\n>> Thanks for having me.\n>> Glad you came -\nreally glad.\n\n"
            "3\n00:00:04,100 --> 00:00:05,000\n- 真的嗎？\n- 真的。\n")
    assert [words for _, _, _, words in said(text)] == [
        "welcome to the show.", "Thanks for having me.", "Glad you came - really glad.", "真的嗎？", "真的。"]


def test_a_long_run_of_captions_is_cut_into_paragraphs_at_sentence_ends() -> None:
    cue = "这是一句很长的话，我们一直在讲同一个题目，没有停下来。"
    text = '+++\nspeakers = { "甲" = "other" }\n+++\n' + "".join(
        f"{n + 1}\n00:{n // 60:02d}:{n % 60:02d},000 --> 00:{n // 60:02d}:{n % 60:02d},900\n"
        f"{'甲：' if n == 0 else ''}{cue}\n\n" for n in range(40))
    paragraphs = [words for _, _, _, words in said(text)]
    assert "".join(paragraphs) == cue * 40
    assert len(paragraphs) > 1 and all(200 <= len(p) < 200 + len(cue) for p in paragraphs[:-1])


def test_captions_naming_no_speaker_say_how_to_name_them() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nhello there\n\n00:02.000 --> 00:03.000\nand welcome\n"
    with pytest.raises(ContentError, match=r"transcript.txt:3: these captions name no speaker"):
        parse_text(text)
    declared = '+++\nspeakers = { "Mat" = "other" }\n+++\n' + text
    assert said(declared) == [("Mat", 1.0, 6, "hello there and welcome")]  # one speaker: no label needed
    assert said(declared.replace("hello", "Mat: hello")) == [("Mat", 1.0, 6, "hello there and welcome")]


@pytest.mark.parametrize("text", ["WEBVTT\n", "\nWEBVTT\n\n00:01.000 --> 00:02.000\n\n",
                                  "1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n"])
def test_captions_without_words_are_an_error_at_their_first_line(text: str) -> None:
    with pytest.raises(ContentError, match=r"transcript.txt:[12]: these captions hold no cue with words"):
        parse_text(text)


def test_a_transcript_opening_with_a_number_is_not_taken_for_subtitles() -> None:
    text = "1\n問：今年呢？\n答：很好。\n問：明年呢？\n答：更好。\n"
    assert [t.speaker for t in turns(text)] == ["問", "答", "問", "答"]
    assert parse_text(text).headline.text == "1"


def test_the_cli_builds_an_srt_transcript(tmp_path: Path) -> None:
    (tmp_path / "content" / "talk").mkdir(parents=True)
    (tmp_path / "content" / "talk" / "transcript.txt").write_text(SRT, encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", "content", "--out", "site",
                             "--templates", str(ROOT / "templates")], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "zh-hant" / "talk" / "index.html").read_text(encoding="utf-8")
    assert '<span class="time">0:01</span> 大家好，歡迎收聽本期節目。今天我們請到了王教授。</p>' in page
    assert "-->" not in page
