"""Ids that survive edits: the ledger (`content/<slug>/ids.toml`), matching, retiring, and the commands around it."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from edit_history import HISTORY, SHARED, Replay
from jizhu.build.content import load
from jizhu.errors import ContentError
from jizhu.reading.model import Pair, Transcript
from jizhu.scripts.convert import Converter, site_scripts

ROOT = Path(__file__).resolve().parent.parent
TINY = """01 第一節
問:第一個問題是什麼?
答:第一個回答。
問:第二個問題是什麼?
答:第二個回答,說得很長。
答:還有第二段。
問:第三個問題是什麼?
答:第三個回答。
02 第二節
問:第四個問題是什麼?
答:第四個回答。
"""


def require_shared() -> None:
    if not (SHARED / "seed").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED} is missing: CI must check out shared/ beside the clone")
        pytest.skip(f"{SHARED} is absent: the edit history replays the seed from there")


def normal(text: str) -> str:
    """Text as a test compares it, independently of the matcher: compatibility forms, no white space."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def snapshot(t: Transcript) -> dict[str, dict[str, str]]:
    """Normalized text -> id, for sections (title), pairs (question) and paragraphs, texts that occur once."""
    def unique(pairs: list[tuple[str, str]]) -> dict[str, str]:
        counts: dict[str, int] = {}
        for text, _ in pairs:
            counts[text] = counts.get(text, 0) + 1
        return {text: id_ for text, id_ in pairs if counts[text] == 1}
    return {"section": unique([(normal(s.title), s.id) for s in t.sections]),
            "pair": unique([(normal("".join(p.text for p in pair.question.paragraphs)), pair.id) for pair in t.pairs]),
            "paragraph": unique([(normal(p.text), p.id) for p in t.paragraphs() if p.id != "headline"])}


def live_ids(t: Transcript) -> list[str]:
    return ([s.id for s in t.sections] + [i.id for s in t.sections for i in s.items]
            + [p.id for p in t.paragraphs()])


def paragraph_starting(t: Transcript, start: str):
    return next(p for p in t.paragraphs() if p.text.startswith(start))


def pair_asking(t: Transcript, start: str) -> Pair:
    return next(pair for pair in t.pairs if pair.question.paragraphs[0].text.startswith(start))


def check_step(name: str, before: Transcript, after: Transcript) -> None:
    """What each edit must keep, beyond every unchanged item keeping its id."""
    if name.startswith("insert"):
        new = pair_asking(after, "先問一個新問題")
        section = next(s for s in after.sections if new in s.items)
        assert section.items[0] is new and section.id == "s03"
        assert new.id not in live_ids(before) and new.id.startswith("s03-q")
        assert after.ids.new == [new.id, f"{new.id}-p1", f"{new.id}-p2"]
    elif name.startswith("fix a typo"):
        old, fixed = pair_asking(before, "你們是否仍打算"), pair_asking(after, "你們是否還打算")
        assert fixed.id == old.id and fixed.question.paragraphs[0].id == old.question.paragraphs[0].id
    elif name.startswith("split"):
        whole = paragraph_starting(before, "總的來說,這裏涉及到三個層麵")
        first = paragraph_starting(after, "總的來說,這裏涉及到三個層麵")
        assert first.id == whole.id and after.ids.new and after.ids.new[0] not in live_ids(before)
    elif name.startswith("join"):
        a, b = (paragraph_starting(before, "值得一提的是,DeepSeek"), paragraph_starting(before, "中國的競爭非常激烈"))
        joined = paragraph_starting(after, "值得一提的是,DeepSeek")
        assert joined.id == a.id
        assert [(r.id, r.at, r.why) for r in after.ids.retired] == [(b.id, a.id, "merged")]
    elif name.startswith("swap"):
        titles = [s.title for s in after.sections]
        assert titles.index("英偉達的AI工業布局") < titles.index("英偉達的合作與競爭")
        assert [s.id for s in after.sections if s.title in ("英偉達的AI工業布局", "英偉達的合作與競爭")] == ["s07", "s06"]
    elif name.startswith("delete"):
        gone = pair_asking(before, "還會去其他中國城市嗎")
        assert gone.id not in live_ids(after)
        landed = {r.id: (r.at, r.why) for r in after.retired}
        assert landed[gone.id] == ("s01", "removed")  # the last pair of section 01: it lands on the section
    elif name.startswith("re-paste"):
        assert not after.ids.new and not after.ids.retired
    elif name.startswith("add a conversion override"):
        old, now = pair_asking(before, "你是否改變了特朗普"), pair_asking(after, "你是否改變了-{")
        assert now.id == old.id and now.question.paragraphs[0].id == old.question.paragraphs[0].id


def test_an_edit_history_keeps_every_surviving_id(tmp_path: Path) -> None:
    require_shared()
    replay = Replay(tmp_path)
    before = replay.build()
    ever = set(live_ids(before))
    for step in HISTORY:
        after = replay.step(step)
        was, now = snapshot(before), snapshot(after)
        for kind in was:
            moved = {text[:16]: (id_, now[kind][text]) for text, id_ in was[kind].items()
                     if text in now[kind] and now[kind][text] != id_}
            assert moved == {}, f"{step.name}: {kind} ids changed"
        check_step(step.name, before, after)
        ids = live_ids(after)
        assert len(ids) == len(set(ids)), f"{step.name}: an id names two things"
        assert not set(after.ids.new) & ever, f"{step.name}: a new id was used before"
        assert not {r.id for r in after.retired} & set(ids)
        ever |= set(ids)
        before = after


def tiny(tmp_path: Path, text: str = TINY) -> Path:
    path = tmp_path / "content" / "t" / "transcript.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rebuild(path: Path) -> Transcript:
    """Read the transcript against its ledger and record the result, as `build` does."""
    transcript = load(path, Converter(site_scripts((), False)))
    transcript.ids.path.write_text(transcript.ids.text, encoding="utf-8")
    return transcript


def test_a_retired_id_is_never_used_again(tmp_path: Path) -> None:
    path = tiny(tmp_path)
    first = rebuild(path)
    assert [p.id for p in first.pairs] == ["s01-q01", "s01-q02", "s01-q03", "s02-q01"]
    path.write_text(TINY.replace("問:第三個問題是什麼?\n答:第三個回答。\n", ""), encoding="utf-8")
    second = rebuild(path)
    assert [(r.id, r.at, r.why) for r in second.retired if r.id == "s01-q03"] == [("s01-q03", "s01", "removed")]
    path.write_text(TINY.replace("問:第三個問題是什麼?\n答:第三個回答。\n", "問:一個全新的問題嗎?\n答:全新的回答。\n"),
                    encoding="utf-8")
    third = rebuild(path)
    assert [p.id for p in third.pairs] == ["s01-q01", "s01-q02", "s01-q04", "s02-q01"]
    assert "s01-q03" in {r.id for r in third.retired}, "the ledger forgot a retired id"


def test_a_moved_pair_keeps_its_first_section_prefix(tmp_path: Path) -> None:
    path = tiny(tmp_path)
    rebuild(path)
    moved = TINY.replace("問:第一個問題是什麼?\n答:第一個回答。\n", "").replace(
        "02 第二節\n", "02 第二節\n問:第一個問題是什麼?\n答:第一個回答。\n")
    path.write_text(moved, encoding="utf-8")
    t = rebuild(path)
    assert [[i.id for i in s.items] for s in t.sections] == [["s01-q02", "s01-q03"], ["s01-q01", "s02-q01"]]
    # Every pair moved or shifted, so all 4 pairs and their 9 paragraphs kept ids their places would not give.
    assert (t.ids.kept, t.ids.by_content) == (15, 13)
    assert t.ids.guesses == []  # one section's pair went to the other: clear, nothing to guess


def test_a_paragraph_removed_from_an_answer_lands_on_the_next_one(tmp_path: Path) -> None:
    path = tiny(tmp_path)
    rebuild(path)
    path.write_text(TINY.replace("答:第二個回答,說得很長。\n", ""), encoding="utf-8")
    t = rebuild(path)
    assert [(r.id, r.at, r.why) for r in t.ids.retired] == [("s01-q02-p2", "s01-q02-p3", "removed")]


LEDGER_ERRORS = {
    "not TOML": ('format = 1\n[ids]\ns01 = "x\n', 3, "not valid TOML"),
    "no format": ('[ids]\ns01 = "第一節"\n', 1, "format = 1"),
    "paragraph before any pair": ('format = 1\n[ids]\ns01 = "第一節"\ns01-q01-p1 = "x"\n', 4, "before any pair or turn"),
    "unknown id shape": ('format = 1\n[ids]\ns01 = "第一節"\nquestion-1 = "x"\n', 4, "is not an id"),
    "live and retired": ('format = 1\n[ids]\ns01 = "第一節"\n[retired]\ns01 = { at = "", why = "removed" }\n', 5,
                         "both live"),
    "lands nowhere": ('format = 1\n[ids]\ns01 = "第一節"\n[retired]\ns02 = { at = "s09", why = "removed" }\n', 5,
                      "not a live id"),
    "line deleted by hand": ('format = 1\n[ids]\ns01 = "第一節"\ns01-q01 = "問"\ns01-q03 = "問"\n', 5,
                             "s01-q02 is in neither [ids] nor [retired]"),
    "bad reason": ('format = 1\n[ids]\ns01 = "第一節"\n[retired]\ns02 = { at = "s01", why = "gone" }\n', 5, "why"),
}


@pytest.mark.parametrize("case", LEDGER_ERRORS)
def test_a_broken_ledger_is_an_error_at_its_line_never_a_reset(tmp_path: Path, case: str) -> None:
    text, line, message = LEDGER_ERRORS[case]
    path = tiny(tmp_path)
    ledger = path.parent / "ids.toml"
    ledger.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load(path, Converter(site_scripts((), False)))
    assert any(p.path == ledger and p.line == line and message in p.message for p in err.value.problems), \
        [str(p) for p in err.value.problems]
    assert ledger.read_text(encoding="utf-8") == text


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args, "--templates", str(ROOT / "templates")],
                          cwd=cwd, capture_output=True, text=True, timeout=180)


def test_check_reports_changes_and_writes_nothing_build_writes(tmp_path: Path) -> None:
    path = tiny(tmp_path)
    ledger = path.parent / "ids.toml"
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0 and "no id ledger yet" in result.stdout and not ledger.exists()
    result = run("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "wrote the id ledger" in result.stdout and ledger.is_file()
    path.write_text(TINY.replace("問:第三個問題是什麼?\n答:第三個回答。\n", "").replace("第一個回答", "第一個的回答"),
                    encoding="utf-8")
    recorded = ledger.read_text(encoding="utf-8")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "retired s01-q03: removed; its link lands at s01" in result.stdout
    assert re.search(r"transcript\.txt:3: (guess|low confidence): s01-q01-p2 matched by similarity", result.stdout)
    assert ledger.read_text(encoding="utf-8") == recorded
    assert run("build", cwd=tmp_path).returncode == 0
    assert 's01-q03 = { at = "s01", why = "removed" }' in ledger.read_text(encoding="utf-8")


def test_a_failed_build_leaves_the_ledger_as_it_was(tmp_path: Path) -> None:
    path = tiny(tmp_path)
    assert run("build", cwd=tmp_path).returncode == 0
    ledger = path.parent / "ids.toml"
    recorded = ledger.read_text(encoding="utf-8")
    path.write_text(TINY.replace("問:第三個問題是什麼?\n答:第三個回答。\n", ""), encoding="utf-8")
    (tmp_path / "content" / "conversions.toml").write_text("[phrases]\n\"x\" = 3\n", encoding="utf-8")
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1 and "conversions.toml" in result.stderr
    assert ledger.read_text(encoding="utf-8") == recorded


def test_retiring_an_id_a_note_or_the_glossary_links_to_fails(tmp_path: Path) -> None:
    path = tiny(tmp_path)
    assert run("build", cwd=tmp_path).returncode == 0
    notes = path.parent / "notes"
    notes.mkdir()
    (notes / "on-three.md").write_text('+++\ntarget = "s01-q03"\n+++\nAbout the third answer.\n', encoding="utf-8")
    (notes / "other.md").write_text('+++\nquote = "第一個回答"\n+++\nSee\n[the third](#s01-q03-p2).\n',
                                    encoding="utf-8")
    (tmp_path / "content" / "glossary.toml").write_text(
        '[term]\nterm = "第四"\ndefinition = "As [said](../t/s01-q03/)."\n', encoding="utf-8")
    assert run("build", cwd=tmp_path).returncode == 0
    path.write_text(TINY.replace("問:第三個問題是什麼?\n答:第三個回答。\n", ""), encoding="utf-8")
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "content/t/notes/on-three.md:2: target s01-q03: s01-q03 was removed by an edit" in result.stderr
    assert "content/t/notes/other.md:5: links to t#s01-q03-p2, but s01-q03-p2 was removed" in result.stderr
    assert "glossary.toml:1: links to t#s01-q03" in result.stderr
    assert "s01-q03 = " in (path.parent / "ids.toml").read_text(encoding="utf-8")  # not retired


def linked_then_retired(tmp_path: Path) -> tuple[Path, Path]:
    """Transcripts t and u, built, a note of u's linking to t's s01-q03; then t edited to remove that pair
    (not yet built): t's transcript file and u's note."""
    path = tiny(tmp_path)
    other = tmp_path / "content" / "u" / "transcript.txt"
    other.parent.mkdir()
    other.write_text(TINY.replace("第一", "另一"), encoding="utf-8")
    (other.parent / "notes").mkdir()
    note = other.parent / "notes" / "see.md"
    note.write_text('+++\nquote = "另一個回答"\n+++\nCompare\n[their third](../t/#s01-q03).\n', encoding="utf-8")
    assert run("build", cwd=tmp_path).returncode == 0
    path.write_text(TINY.replace("問:第三個問題是什麼?\n答:第三個回答。\n", ""), encoding="utf-8")
    return path, note


def test_retiring_an_id_another_transcripts_note_links_to_fails_the_build(tmp_path: Path) -> None:
    """Each transcript is made by its own worker, and the one that links may come unchanged from the
    cache: the build as a whole checks links across transcripts, both ways round."""
    path, note = linked_then_retired(tmp_path)
    result = run("check", cwd=tmp_path)  # which reads every transcript
    assert result.returncode == 1
    assert "content/u/notes/see.md:5: links to t#s01-q03, but s01-q03 was removed by an edit" in result.stderr
    result = run("build", cwd=tmp_path)  # t is made again; u's note comes from the cache
    assert result.returncode == 1
    assert "content/u/notes/see.md:5: links to t#s01-q03, but s01-q03 was removed by an edit" in result.stderr
    assert "s01-q03 = " in (path.parent / "ids.toml").read_text(encoding="utf-8")  # not retired
    note.unlink()
    assert run("build", cwd=tmp_path).returncode == 0
    assert 's01-q03 = { at = "s01", why = "removed" }' in (path.parent / "ids.toml").read_text(encoding="utf-8")
    note.write_text('+++\nquote = "另一個回答"\n+++\nSee [the answer](../../t/s01-q03/).\n', encoding="utf-8")
    result = run("build", cwd=tmp_path)  # now u is made and t comes from the cache
    assert result.returncode == 1
    assert "content/u/notes/see.md:4: links to t#s01-q03, but s01-q03 was removed by an edit" in result.stderr


def test_checking_one_transcript_still_checks_the_links_between_it_and_the_others(tmp_path: Path) -> None:
    """`check t` reads, checks and describes t alone, and the links across transcripts both ways round: u's
    notes come from the build cache while a build made u from its files as they are, else from u itself."""
    path, note = linked_then_retired(tmp_path)
    result = run("check", "t", cwd=tmp_path)  # u as the cache has it
    assert result.returncode == 1
    assert "content/u/notes/see.md:5: links to t#s01-q03, but s01-q03 was removed by an edit" in result.stderr
    note.write_text('+++\nquote = "另一個回答"\n+++\nSee [the answer](../../t/s01-q03/).\n', encoding="utf-8")
    for named in ("t", "content/u", "content/u/transcript.txt"):  # u edited since: read; or named itself
        result = run("check", named, cwd=tmp_path)
        assert result.returncode == 1, named
        assert "content/u/notes/see.md:4: links to t#s01-q03, but s01-q03 was removed by an edit" in result.stderr
    note.unlink()
    result = run("check", "t", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "content/t/transcript.txt" in result.stdout and "content/u/" not in result.stdout
    assert "retired s01-q03: removed; its link lands at s01" in result.stdout
    assert result.stdout.rstrip().endswith("ok: 1 transcript(s), 3 questions")
    result = run("check", "v", "t", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "content:1: v: no transcript content/v/transcript.txt"


def test_renumber_starts_again_and_says_so(tmp_path: Path) -> None:
    path = tiny(tmp_path)
    assert run("build", cwd=tmp_path).returncode == 0
    path.write_text(TINY.replace("問:第一個問題是什麼?\n答:第一個回答。\n", ""), encoding="utf-8")
    assert run("build", cwd=tmp_path).returncode == 0
    assert "s01-q01 = {" in (path.parent / "ids.toml").read_text(encoding="utf-8")
    result = run("build", "--renumber", "t", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "re-assigned from scratch" in result.stdout
    ledger = (path.parent / "ids.toml").read_text(encoding="utf-8")
    assert "\n[retired]" not in ledger and 's01-q01 = "問"' in ledger and "第二個問題" in ledger.split("s01-q01-p1 = ")[1]
    result = run("build", "--renumber", "nope", cwd=tmp_path)
    assert result.returncode == 1 and "--renumber nope: no transcript" in result.stderr


def test_pages_and_export_keep_retired_ids(tmp_path: Path) -> None:
    path = tiny(tmp_path)
    assert run("build", cwd=tmp_path).returncode == 0
    path.write_text(TINY.replace("問:第二個問題是什麼?\n答:第二個回答,說得很長。\n答:還有第二段。\n", ""), encoding="utf-8")
    assert run("build", cwd=tmp_path).returncode == 0
    site = tmp_path / "site"
    page = (site / "zh-hans" / "t" / "index.html").read_text(encoding="utf-8")
    anchor = re.search(r'<p class="retired" id="s01-q02" role="note">([^<]+)</p>(\s*<p class="retired"[^>]*>[^<]*</p>)*'
                       r'\s*<article class="pair" id="s01-q03"', page)
    assert anchor and anchor.group(1) == "这个回答已在修订时删除。"
    share = (site / "zh-hant" / "t" / "s01-q02" / "index.html").read_text(encoding="utf-8")
    assert "這個回答已在修訂時刪除。" in share and 'href="../#s01-q03"' in share
    data = json.loads((site / "data" / "t.json").read_text(encoding="utf-8"))
    pair = data["sections"][0]["items"][1]
    assert pair["id"] == "s01-q03" and pair["aliases"] == ["s01-q02", "s01-q02-p1", "s01-q02-p2", "s01-q02-p3"]
    assert {"id": "s01-q02", "at": "s01-q03", "why": "removed"} in data["retired"]
    # The table of contents and share pages use the ledger's ids, not positions.
    assert 'href="#s01-q03"' in page and (site / "zh-hant" / "t" / "s01-q03" / "index.html").is_file()
