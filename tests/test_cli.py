"""The commands as a user runs them: exit codes, `path:line: message`, nothing lost on failure."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD = "問:你好嗎?\n黃仁勳:很好。\n問:然後呢?\n黃仁勳:沒有了。\n"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def project(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    for name, data in files.items():
        target = tmp_path / "content" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        target.write_bytes(data)
    return tmp_path


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run("--debug", "build", cwd=project(tmp_path, {"t/transcript.txt": b""}))
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "the transcript is empty" in result.stderr


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    root = project(tmp_path, {"t/transcript.txt": GOOD})
    assert run("build", cwd=root).returncode == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "content" / "t" / "transcript.txt").write_text("問:a?\n黃仁勳:\n", encoding="utf-8")
    result = run("build", cwd=root)
    assert result.returncode == 1
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == [".site.lock"]  # no staging left behind


def test_template_error_names_the_template_line(tmp_path: Path) -> None:
    root = project(tmp_path, {"t/transcript.txt": GOOD})
    page = root / "templates" / "transcript.html"
    page.write_text(page.read_text(encoding="utf-8").replace("{{ title }}</h1>",
                                                             "{{ titel }}</h1>"), encoding="utf-8")
    result = run("build", cwd=root)
    assert result.returncode == 1
    assert "transcript.html:" in result.stderr and "titel" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_writes_nothing(tmp_path: Path) -> None:
    english = "Host: Welcome to the show. What brings you here?\n\nGuest: I came to talk about databases.\n\n" \
              "Host: Why databases?\n\nGuest: Because they are everywhere.\n"
    root = project(tmp_path, {"t/transcript.txt": GOOD, "e/transcript.txt": english})
    result = run("check", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not (root / "site").exists()
    # English is published once, as written: no conversion report for it, one line saying so
    assert "content/e/transcript.txt: in English: published as written, in one script" in result.stdout
    assert "content/e/transcript.txt: source" not in result.stdout and "content/t/transcript.txt: source" in result.stdout


def test_check_on_every_core_says_what_one_process_says_in_the_same_order(tmp_path: Path) -> None:
    """`check` makes its transcripts in the build's pool of workers: what it prints, the problems
    included, is what one process prints, transcript by transcript in their order (three chunks of
    the pool's work here, which come back in any order)."""
    files = {f"t{n:02d}/transcript.txt": GOOD.replace("你好嗎", f"第{n}次你好嗎") for n in range(1, 10)}
    root = project(tmp_path, files)
    one, pool = run("check", "--jobs", "1", cwd=root), run("check", "--jobs", "2", cwd=root)
    assert one.returncode == pool.returncode == 0, (one.stderr, pool.stderr)
    assert pool.stdout == one.stdout
    told = [line.split("/")[1] for line in pool.stdout.splitlines() if line.startswith("content/t")]
    assert [slug for n, slug in enumerate(told) if n == 0 or told[n - 1] != slug] == [f"t{n:02d}" for n in range(1, 10)]
    for n in (3, 8):  # two broken transcripts, in different chunks
        (root / "content" / f"t{n:02d}" / "transcript.txt").write_text("問:a?\n黃仁勳:\n", encoding="utf-8")
    one, pool = run("check", "--jobs", "1", cwd=root), run("check", "--jobs", "2", cwd=root)
    assert one.returncode == pool.returncode == 1
    assert pool.stderr == one.stderr and "Traceback" not in pool.stderr
    assert [line.split("/")[1] for line in pool.stderr.splitlines()] == ["t03", "t08"], pool.stderr


def test_parse_prints_what_the_site_exports(tmp_path: Path) -> None:
    """The README's claim: `parse FILE` prints site/data/<slug>.json, notes included."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    assert run("build", cwd=tmp_path).returncode == 0
    slug = "jensen-huang-beijing-2025-07"
    kept = {p: p.stat().st_mtime_ns for p in (tmp_path / ".jizhu-cache").rglob("*")}
    result = run("parse", f"content/{slug}/transcript.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / ".jizhu-cache").rglob("*")} == kept  # read, not written
    data = json.loads(result.stdout)
    assert data == json.loads((tmp_path / "site" / "data" / f"{slug}.json").read_text(encoding="utf-8"))
    assert data["notes"]  # the seed's notes, which parse once left out


def test_console_script_is_installed() -> None:
    jizhu = shutil.which("jizhu", path=str(Path(sys.executable).parent)) or shutil.which("jizhu")  # .venv/bin
    if jizhu is None:
        pytest.skip("jizhu console script not on PATH: pip install -e .")
    result = subprocess.run([jizhu, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "serve" in result.stdout


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("jizhu.toml", b'[site]\nurl = "\xe9"\n', "jizhu.toml:2: is not UTF-8 (byte 0xe9)"),
    ("content/conversions.toml", b'[phrases]\n"\xe9" = { zh-Hant = "x" }\n',
     "content/conversions.toml:2: is not UTF-8 (byte 0xe9)"),
    ("content/glossary.toml", b'[gpu]\nterm = "\xe9"\n', "content/glossary.toml:2: is not UTF-8 (byte 0xe9)"),
])
def test_every_file_read_is_checked_as_text_the_same_way(tmp_path: Path, name: str, data: bytes,
                                                          expected: str) -> None:
    root = project(tmp_path, {"t/transcript.txt": GOOD})
    (root / name).write_bytes(data)
    result = run("build", cwd=root)
    assert result.returncode == 1 and expected in result.stderr and "internal error" not in result.stderr
    (root / name).write_bytes(b"\xef\xbb\xbf" + data.replace(b"\xe9", "é".encode()))  # a BOM, as Notepad saves
    assert "not valid TOML" not in run("build", cwd=root).stderr


def test_a_bug_in_jizhu_is_one_line_and_its_own_exit_status(monkeypatch, capsys) -> None:
    """Scripts tell bad content (1) and a bad command line (2) from a bug in jizhu (3)."""
    from jizhu import cli

    def broken(command, args):
        raise KeyError("oops")
    monkeypatch.setattr(cli, "run", broken)
    assert cli.main(["check"]) == 3
    printed = capsys.readouterr().err
    assert printed.startswith("jizhu: internal error: KeyError") and "Traceback" not in printed
    with pytest.raises(SystemExit) as usage:
        cli.main(["check", "--no-such-option"])
    assert usage.value.code == 2
