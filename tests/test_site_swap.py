"""`site/` is never missing: the swap is one step, interrupted writes are cleaned, two writers take turns."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from jizhu.build import staging
from jizhu.build.staging import clean_leftovers, new_site, site_lock

ROOT = Path(__file__).resolve().parent.parent


def write_site(out: Path, marker: str) -> None:
    with new_site(out) as folder:
        (folder / "index.html").write_text(marker, encoding="utf-8")
        (folder / "zh-hant").mkdir()
        (folder / "zh-hant" / "index.html").write_text(marker, encoding="utf-8")


def test_a_reader_never_finds_the_site_missing_while_it_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, "0")
    missing: list[str] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                (out / "index.html").read_text(encoding="utf-8")
            except OSError as err:
                missing.append(str(err))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for number in range(1, 200):
            write_site(out, str(number))
    finally:
        done.set()
        reader.join()
    assert missing == []
    assert (out / "index.html").read_text(encoding="utf-8") == "199"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_without_an_exchange_two_renames_still_end_with_the_new_site(tmp_path: Path, monkeypatch) -> None:
    def unavailable(a: Path, b: Path) -> None:
        raise OSError(38, "renameat2 is not available")  # ENOSYS, as on a system without it

    monkeypatch.setattr(staging, "exchange", unavailable)
    out = tmp_path / "site"
    write_site(out, "old")
    write_site(out, "new")
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_a_large_previous_site_is_removed_by_a_process_of_its_own(tmp_path: Path, monkeypatch) -> None:
    """A site of 1,000 transcripts took 21 s to remove: the build swaps the new site in and ends, and a
    process of its own removes the old one from `.site.gone-…`; a smaller one goes at once."""
    out = tmp_path / "site"
    removers = []
    monkeypatch.setattr(staging, "REMOVED_APART", 2)
    monkeypatch.setattr(staging, "remove_apart",
                        lambda folder, out, apart=staging.remove_apart: removers.append(apart(folder, out)))
    for name in ("old", "large", "new"):
        with new_site(out) as folder:
            (folder / "data").mkdir()
            for number in range(3 if name == "large" else 2):
                (folder / "data" / f"t{number}.json").write_text(name, encoding="utf-8")
            (folder / "index.html").write_text(name, encoding="utf-8")
    assert removers[:2] == [None, None]  # no previous site, then a small one: removed at once
    remover = removers[2]
    assert remover is not None and remover.wait(timeout=30) == 0
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_a_write_while_the_previous_site_is_removed_leaves_it_to_its_remover(tmp_path: Path, monkeypatch) -> None:
    """The next write removes the remover's folder only if its removal was cut short: it removed a folder
    being removed too, waiting as long as the remover did (an edit's build right after a whole write of
    200 transcripts took 3.5-4.9 s, not about 1 s). The remover holds a lock on its folder from before
    it starts."""
    out = tmp_path / "site"
    removers = []
    monkeypatch.setattr(staging, "REMOVED_APART", 1)
    monkeypatch.setattr(staging, "REMOVER", "import shutil, sys, time; time.sleep(1.5); "  # a large site's
                        "shutil.rmtree(sys.argv[1], ignore_errors=True)")  # removal, slow
    monkeypatch.setattr(staging, "remove_apart",
                        lambda folder, out, apart=staging.remove_apart: removers.append(apart(folder, out)))
    for name, transcripts in (("old", 2), ("new", 1)):  # a large site, then a small one in its place
        with new_site(out) as folder:
            (folder / "data").mkdir()
            for number in range(transcripts):
                (folder / "data" / f"t{number}.json").write_text(name, encoding="utf-8")
    remover = removers[-1]
    assert remover is not None and remover.poll() is None
    gone = [p for p in tmp_path.iterdir() if p.name.startswith(".site.gone-")]
    assert len(gone) == 1 and staging.being_removed(gone[0])
    started = time.perf_counter()
    write_site(out, "newer")  # (the small site it replaces goes at once)
    assert time.perf_counter() - started < 1.0 and gone[0].exists()  # left to its remover, not waited for
    assert len(removers) == 3 and remover.wait(timeout=30) == 0 and not gone[0].exists()
    assert not staging.being_removed(gone[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_a_removal_cut_short_is_finished_by_the_next_write(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, "old")
    (tmp_path / ".site.gone-abc" / "site" / "data").mkdir(parents=True)  # its remover was killed
    write_site(out, "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_a_failed_write_leaves_the_site_and_no_staging_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, "good")
    with pytest.raises(RuntimeError):
        with new_site(out) as folder:
            (folder / "index.html").write_text("half", encoding="utf-8")
            raise RuntimeError("a page failed")
    assert (out / "index.html").read_text(encoding="utf-8") == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_leftovers_of_interrupted_builds_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, "good")
    for name in (".site.new-abc123", ".site.old-def456/site", ".site.changes-x"):
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "page.html").write_text("left over", encoding="utf-8")
    (tmp_path / ".other.new-keep").mkdir()  # another output folder's: not this site's to remove
    write_site(out, "next")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.new-keep", ".site.lock", "site"]


def test_a_site_moved_away_by_an_interrupted_two_rename_swap_is_put_back(tmp_path: Path) -> None:
    kept = tmp_path / ".site.old-abc" / "site"
    kept.mkdir(parents=True)
    (kept / "index.html").write_text("previous", encoding="utf-8")
    (tmp_path / ".site.new-def").mkdir()  # the new site the killed build had written
    with site_lock(tmp_path / "site"):
        clean_leftovers(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_a_second_writer_says_it_waits_and_goes_on_after_the_first(tmp_path: Path, capsys) -> None:
    out = tmp_path / "site"
    order: list[str] = []
    first_holds = threading.Event()

    def first() -> None:
        with new_site(out) as folder:
            first_holds.set()
            time.sleep(0.5)
            (folder / "index.html").write_text("first", encoding="utf-8")
            order.append("first")

    thread = threading.Thread(target=first)
    thread.start()
    first_holds.wait(5)
    with new_site(out) as folder:
        order.append("second")
        (folder / "index.html").write_text("second", encoding="utf-8")
    thread.join()
    assert order == ["first", "second"]
    assert (out / "index.html").read_text(encoding="utf-8") == "second"
    assert "waiting for jizhu process" in capsys.readouterr().err


KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from jizhu.build import staging
out = Path(sys.argv[1])
if sys.argv[2] == "after-swap":
    staging.remove = lambda path: os.kill(os.getpid(), signal.SIGKILL)
with staging.new_site(out) as folder:
    (folder / "index.html").write_text("new", encoding="utf-8")
    if sys.argv[2] == "while-writing":
        os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("moment", ["while-writing", "after-swap"])
def test_kill_9_leaves_a_whole_site_and_the_next_write_cleans_up(tmp_path: Path, moment: str) -> None:
    out = tmp_path / "site"
    write_site(out, "old")
    script = tmp_path / "writer.py"
    script.write_text(KILLED_WRITER.format(root=str(ROOT)), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(out), moment], timeout=60)
    assert result.returncode == -signal.SIGKILL
    expected = "old" if moment == "while-writing" else "new"
    assert (out / "index.html").read_text(encoding="utf-8") == expected
    assert any(p.name.startswith(".site.new-") for p in tmp_path.iterdir())  # what the killed build left
    write_site(out, "next")  # the lock died with the process: no wait
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site", "writer.py"]


def test_a_file_where_the_site_should_be_is_an_error_and_stays(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.write_text("not a folder", encoding="utf-8")
    with pytest.raises(NotADirectoryError):
        write_site(out, "new")
    assert out.read_text(encoding="utf-8") == "not a folder"
    assert not any(p.name.startswith(".site.new-") for p in tmp_path.iterdir())


def test_the_site_stays_a_real_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, "a")
    write_site(out, "b")
    assert out.is_dir() and not out.is_symlink()
    assert os.stat(out).st_mode & 0o755 == 0o755
