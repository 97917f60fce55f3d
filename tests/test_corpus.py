"""Every real transcript in ../shared/corpus and ../shared/samples parses as a careful reader reads it.

The golden outline (tests/golden/outlines/<file>.txt) is what `check` prints for
it: title, speakers with roles and turns, sections, pairs and timestamps.
Regenerate with `python tests/regenerate_golden.py` and review the diff.
"""
from __future__ import annotations

import pytest

from corpus_cases import OUTLINES, outline_of, require_shared, shared_transcripts
from jizhu.reading.parse import parse_file

NAMES = sorted(path.name for path in OUTLINES.glob("*.txt"))


@pytest.mark.parametrize("name", NAMES)
def test_outline(name: str) -> None:
    require_shared()
    path = next((p for p in shared_transcripts() if p.stem == name.removesuffix(".txt")), None)
    assert path is not None, f"{name}: the transcript is gone from shared/"
    expected = (OUTLINES / name).read_text(encoding="utf-8")
    assert outline_of(path) == expected, "parse changed: review, then python tests/regenerate_golden.py"


def test_every_shared_transcript_is_pinned() -> None:
    require_shared()
    assert sorted(f"{p.stem}.txt" for p in shared_transcripts()) == NAMES


def by_name(prefix: str):
    require_shared()
    return parse_file(next(p for p in shared_transcripts() if p.name.startswith(prefix)))


def turns_of(t, speaker: str) -> int:
    return sum(1 for turn in t.turns if turn.speaker == speaker and not turn.continued)


def test_heading_labels_every_turn() -> None:
    t = by_name("01-")
    # two 問 turns ask nothing and get no answer (a remark before the next question, the closing thanks)
    assert (turns_of(t, "問"), turns_of(t, "唐鳳"), len(t.pairs)) == (63, 83, 61)


def test_meeting_agenda_blockquotes_are_sections_and_repeated_notes_are_notes() -> None:
    t = by_name("02-")
    assert len(t.turns) == 101
    assert [s.title for s in t.sections][1:4] == ["歷次會議結論辦理情形", "報告事項：一、我國開放政府國家行動方案推動情形",
                                                 "報告事項：二、「完備政府資料開放與再利用制度」承諾事項推動進度"]
    notes = [p.text for p in t.paragraphs() if p.kind == "note"]
    assert notes.count("（與會者皆無意見）") == 8
    assert "（繼續報告）" in notes and "繼續報告" not in [s.title for s in t.sections]  # the report goes on
    assert [(a.label, a.speaker) for a in t.aliases] == [("嚴婉玲共同召集人", "嚴婉玲委員")]


def test_long_latin_names_and_mixed_colons() -> None:
    t = by_name("03-")
    assert turns_of(t, "Ravindra De Silva") == 24 and turns_of(t, "唐鳳") == 29 and len(t.turns) == 75


def test_speech_divided_by_part_markers_inside_one_turn() -> None:
    t = by_name("04-")
    assert t.title.startswith("2026-05-28 從憤怒到交集")
    assert len(t.sections) == 17 and t.sections[1].title == "50/50"
    assert all(s.turns[0].continued and s.turns[0].speaker == "唐鳳" for s in t.sections[1:16])
    assert sum(not turn.continued for turn in t.turns) == 19


def test_english_podcast_bold_labels_markers_and_timestamps() -> None:
    t = by_name("05-")
    assert t.lang == "en"
    assert (turns_of(t, "Jerod Santo"), turns_of(t, "Daniel Stenberg"), turns_of(t, "Adam Stacoviak")) == (57, 75, 26)
    times = [p.time for p in t.paragraphs() if p.time is not None]
    assert len(times) == 17 and times[0] == 3 * 60 + 57 and times[-1] == 3604.01
    assert [p.text for p in t.paragraphs() if p.kind == "marker"] == ["Break", "Break"]
    assert not any("\\[" in p.text or p.text.startswith("[0") for p in t.paragraphs())


def test_yaml_front_matter_and_blockquoted_speech() -> None:
    t = by_name("07-")
    assert t.title == "Apache APISIX 的快速之旅（全文版）" and t.meta.date.startswith("2020-07-09")
    assert {"tags", "keywords", "authors"} <= set(t.meta.extra)
    assert turns_of(t, "姜宁") == 24 and turns_of(t, "温铭") == 25
    assert [p.text for p in t.paragraphs() if p.kind == "note"] == ["（一阵欢笑）"]
    assert "适兕" not in t.speakers and [(a.label, a.speaker) for a in t.aliases] == [("适兕", "适兕主持人")]


def test_bracketed_speakers_and_toml_keys_kept() -> None:
    t = by_name("08-")
    assert set(t.meta.extra) == {"author", "description", "tags"}
    assert turns_of(t, "Justin") == 8 and turns_of(t, "Roman") == 6 and turns_of(t, "吴晟，Skywalking") == 2
    assert "总结" not in t.speakers  # `**<u>总结：…</u>**` heads a summary: a caption, not a speaker
    assert sum(p.text.startswith("总结：") for p in t.paragraphs()) == 5
    assert [p.media.src for p in t.paragraphs() if p.media] == ["../../images/apache-developers-gathering-shanghai.jpg"]


def test_chat_utterances_and_participants() -> None:
    t = by_name("10-")
    assert [p.text for p in t.cast][0].startswith("A (XXA)")
    assert t.meta.date == "1997-04-30"
    assert {turn.speaker for turn in t.turns} == {"A", "B"}
    assert not any("%mor" in p.text or "|" in p.text for p in t.paragraphs())


def test_every_shared_transcript_builds_into_valid_pages(tmp_path) -> None:
    """Each real transcript, of every shape, as its own site's page in both scripts: built without error
    (a question the contents leave out once broke the page's rendering) and valid HTML."""
    from jizhu.build.site import Project, build
    from site_fixture import ROOT
    from webcheck import require_vnu, validate_html
    require_shared()
    content = tmp_path / "content"
    for path in shared_transcripts():
        (content / path.stem.lower()).mkdir(parents=True)
        (content / path.stem.lower() / "transcript.txt").write_bytes(path.read_bytes())
    site = tmp_path / "site"
    listings = build(Project(content=content, templates=ROOT / "templates", out=site))
    pages = [site / script / entry.slug / "index.html" for entry in listings for script in ("zh-hant", "zh-hans")]
    assert len(listings) == len(shared_transcripts()) and all(page.is_file() for page in pages)
    require_vnu()
    assert validate_html(pages + [site / "zh-hant" / "index.html", site / "zh-hans" / "index.html"]) == []
