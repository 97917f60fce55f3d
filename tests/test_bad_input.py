"""Bad input, as a table: each case's files, the exit code, the message, and proof that site/ is unchanged.

Every case starts from the same small project whose site was built once; the
case's files are laid over it and `build` runs again (in this process, through
`cli.main`, as `python build.py` would). A case that must fail leaves site/
byte for byte as it was, and no case prints a traceback or an internal error.
Cases that could hang (a FIFO) or that need a fresh process run as a
subprocess with a timeout.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from jizhu.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOOD = "問:你好嗎?\n黃仁勳:很好。\n問:然後呢?\n黃仁勳:沒有了。\n"
TRANSCRIPT = "content/t/transcript.txt"
FRONT = "+++\n{}\n+++\n" + GOOD
NOTE = "content/t/notes/n.md"

Edit = Callable[[Path], None]


@dataclass
class Case:
    files: dict[str, str | bytes | Edit]
    """Paths under the project root: text or bytes to write, or a function given the path to make."""
    message: str
    """Expected in what the command prints."""
    code: int = 1
    args: tuple[str, ...] = ()
    subprocess: bool = False
    extra: dict = field(default_factory=dict)


def edit_template(name: str, old: str, new: str) -> Edit:
    def edit(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name} no longer has {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def line_of(template: str, text: str) -> int:
    """The line of the shipped template where `text` first appears."""
    lines = (ROOT / "templates" / template).read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if text in line)


def symlink_to(target: str) -> Edit:
    def make(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target if target.startswith("/") else path.parents[2] / target)
    return make


def outside_folder(path: Path) -> None:
    """content/o -> a folder outside the project holding a good transcript."""
    outside = path.parents[2] / "outside"
    outside.mkdir()
    (outside / "transcript.txt").write_text(GOOD, encoding="utf-8")
    path.symlink_to(outside)


def fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def many_preamble_paragraphs(count: int) -> str:
    return "".join(f"第{n}段導言,沒有結束。\n" for n in range(count)) + GOOD


CASES: dict[str, Case] = {
    # --- files as files ----------------------------------------------------------------------------------
    "empty transcript": Case({TRANSCRIPT: b""}, "content/t/transcript.txt:1: the transcript is empty"),
    "not UTF-8": Case({TRANSCRIPT: "問:你好?\n黃仁勳:".encode() + b"\xff\xfe\n"},
                      "content/t/transcript.txt:2: is not UTF-8 (byte 0xff)"),
    "GBK file": Case({TRANSCRIPT: GOOD.encode("gbk")}, "content/t/transcript.txt:1: is not UTF-8 (byte 0x86): it reads "
                     "as GBK or GB18030, as Simplified Chinese Windows saves text; re-save the file as UTF-8 "
                     "(`iconv -f GB18030 -t UTF-8` converts it)"),
    "Big5 file": Case({TRANSCRIPT: GOOD.encode("big5")}, "content/t/transcript.txt:1: is not UTF-8 (byte 0xb0): it reads "
                      "as Big5, as Traditional Chinese Windows saves text; re-save the file as UTF-8 "
                      "(`iconv -f BIG5 -t UTF-8` converts it)"),
    "UTF-16 file": Case({TRANSCRIPT: GOOD.encode("utf-16")}, "content/t/transcript.txt:1: is not UTF-8 (byte 0xff): it is "
                        "UTF-16 (it opens with a byte order mark); re-save the file as UTF-8 (`iconv -f UTF-16 -t UTF-8`"),
    "lone surrogate": Case({TRANSCRIPT: "問:a?\n黃仁勳:b".encode() + b"\xed\xa0\x80\n"},
                           "content/t/transcript.txt:2: contains a lone surrogate"),
    "a Word document saved as the transcript": Case({TRANSCRIPT: b"PK\x03\x04\x14\x00\x06\x00word/document.xml"},
                                                    "content/t/transcript.txt:1: is a ZIP archive, as a Word (.docx)"),
    "a PDF saved as the transcript": Case({TRANSCRIPT: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"},
                                          "content/t/transcript.txt:1: is a PDF, not text"),
    "a web page saved as the transcript": Case({TRANSCRIPT: "<!DOCTYPE html>\n<html><body><p>問：你好嗎？</p>\n"},
                                               "content/t/transcript.txt:1: is a web page (HTML), not its text"),
    "an RTF note": Case({NOTE: "{\\rtf1\\ansi 正文}\n"}, "content/t/notes/n.md:1: is rich text (RTF)"),
    "NUL byte": Case({TRANSCRIPT: "問:你好嗎?\n黃仁勳:很\x00好。\n問:然後呢?\n黃仁勳:沒有了。\n"},
                     "content/t/transcript.txt:2: contains the character U+0000 (NUL)"),
    "escape character": Case({TRANSCRIPT: GOOD + "問:\x1b[31m紅?\n黃仁勳:是。\n"},
                             "content/t/transcript.txt:5: contains the character U+001B"),
    "noncharacter": Case({TRANSCRIPT: GOOD.replace("很好", "很\ufffe好")},
                         "content/t/transcript.txt:2: contains the character U+FFFE"),
    "NUL in a note": Case({NOTE: '+++\nquote = "很好"\n+++\n正\x00文\n'}, "content/t/notes/n.md:4: contains the character U+0000"),
    "FIFO as transcript": Case({"content/f/transcript.txt": fifo},
                               "content/f/transcript.txt:1: is not a regular file", subprocess=True),
    "FIFO as note": Case({NOTE: fifo}, "content/t/notes/n.md:1: is not a regular file", subprocess=True),
    "dangling transcript link": Case({"content/d/transcript.txt": symlink_to("/nonexistent/transcript.txt")},
                                     "content/d/transcript.txt:1: is a symbolic link to /nonexistent/transcript.txt, "
                                     "which does not exist"),
    "dangling folder link": Case({"content/gone": symlink_to("/nonexistent")},
                                 "content/gone:1: is a symbolic link to /nonexistent, which does not exist"),
    "transcript folder linked from outside content/": Case({"content/o": outside_folder},
                                                           "content/o/transcript.txt:1: is a link to "),
    "transcript file linked from outside content/": Case(
        {"content/x/transcript.txt": symlink_to("/etc/hostname")}, "content/x/transcript.txt:1: is a link to /etc/hostname"),
    "note file linked from outside content/": Case(
        {NOTE: symlink_to("/etc/hostname")}, "content/t/notes/n.md:1: is a link to /etc/hostname"),
    "transcript saved as Markdown": Case({"content/m/transcript.md": GOOD},
                                         "content/m/transcript.md:1: is not read: jizhu reads a transcript only "
                                         "from a file named transcript.txt"),
    "transcript under another name": Case({"content/m/interview.txt": GOOD, "content/m/cover.png": b"\x89PNG"},
                                          "content/m/interview.txt:1: is not read"),
    "notes left without their transcript": Case({"content/m/notes/n.md": "正文\n", "content/m/ids.toml": ""},
                                                "content/m:1: holds ids.toml and notes but no transcript.txt, "
                                                "so nothing of it is published"),
    "a folder starting with _ is a draft, never read": Case({"content/_draft/transcript.md": GOOD,
                                                             "content/_next/transcript.txt": "not: a transcript"},
                                                            "1 transcript(s)", code=0),
    "unsafe slug": Case({"content/Bad Slug/transcript.txt": GOOD},
                        "content/Bad Slug/transcript.txt:1: folder name 'Bad Slug' is not a safe slug"),
    # --- front matter ------------------------------------------------------------------------------------
    "broken front matter": Case({TRANSCRIPT: '+++\ntitle = "x\n+++\n' + GOOD},
                                "content/t/transcript.txt:2: front matter is not valid TOML"),
    "unclosed front matter": Case({TRANSCRIPT: '+++\ntitle = "x"\n' + GOOD},
                                  "content/t/transcript.txt:1: front matter opened with +++ is never closed"),
    "unknown front matter key": Case({TRANSCRIPT: FRONT.format('titel = "x"')},
                                     "content/t/transcript.txt:2: unknown front matter key 'titel'"),
    "date as a table": Case({TRANSCRIPT: FRONT.format("date = { a = 1 }")},
                            "content/t/transcript.txt:2: front matter date must be a date such as 2025-07-16"),
    "date as free text": Case({TRANSCRIPT: FRONT.format('date = "上週二"')},
                              "content/t/transcript.txt:2: front matter date must be a date"),
    "title as a number": Case({TRANSCRIPT: FRONT.format("title = 5")},
                              "content/t/transcript.txt:2: front matter 'title' must be a string"),
    "unknown role": Case({TRANSCRIPT: FRONT.format('speakers = { "問" = "asker" }')},
                         "content/t/transcript.txt:2: speaker '問' has role 'asker'"),
    "source_url javascript:": Case({TRANSCRIPT: FRONT.format('source = "x"\nsource_url = "javascript:alert(1)"')},
                                   "content/t/transcript.txt:3: front matter 'source_url': 'javascript:alert(1)' uses the "
                                   "javascript: scheme; it must be an absolute http or https address"),
    "source_url with a tab": Case({TRANSCRIPT: FRONT.format('source_url = "java\\tscript:alert(1)"')},
                                  "content/t/transcript.txt:2: front matter 'source_url': 'java\\tscript:alert(1)' uses the "
                                  "javascript: scheme"),
    "source_url with a leading space and capitals": Case({TRANSCRIPT: FRONT.format('source_url = " JAVASCRIPT:x"')},
                                                         "uses the javascript: scheme"),
    "source_url data:": Case({TRANSCRIPT: FRONT.format('source_url = "data:text/html,<script>alert(1)</script>"')},
                             "content/t/transcript.txt:2: front matter 'source_url': 'data:text/html,<script>alert(1)</script>' "
                             "uses the data: scheme"),
    "source_url vbscript:": Case({TRANSCRIPT: FRONT.format('source_url = "vbscript:msgbox(1)"')},
                                 "uses the vbscript: scheme"),
    "source_url mailto:": Case({TRANSCRIPT: FRONT.format('source_url = "mailto:a@b.org"')},
                               "uses the mailto: scheme; it must be an absolute http or https address"),
    "source_url relative": Case({TRANSCRIPT: FRONT.format('source_url = "../elsewhere"')},
                                "'../elsewhere' is not absolute; it must be an absolute http or https address"),
    "media javascript:": Case({TRANSCRIPT: FRONT.format('media = "javascript:alert(1)"')},
                              "content/t/transcript.txt:2: front matter 'media': 'javascript:alert(1)' uses the "
                              "javascript: scheme"),
    "source_url protocol-relative": Case({TRANSCRIPT: FRONT.format('source_url = "//evil.example/x"')},
                                         "content/t/transcript.txt:2: front matter 'source_url': '//evil.example/x' leaves out "
                                         "its scheme; it must be an absolute http or https address"),
    # --- transcript text ---------------------------------------------------------------------------------
    "label with no text": Case({TRANSCRIPT: "問:a?\n黃仁勳:\n問:c?\n黃仁勳:d。\n"},
                               "content/t/transcript.txt:2: speaker label '黃仁勳' has no text"),
    "empty section": Case({TRANSCRIPT: "01 開場\n" + GOOD + "02 空的\n03 再來\n" + GOOD},
                          "content/t/transcript.txt:6: section heading '空的' has nothing under it"),
    "no turns": Case({TRANSCRIPT: "只有一段文字。\n"}, "content/t/transcript.txt:1: no speaker turns found"),
    "10,000 preamble paragraphs (builds)": Case({TRANSCRIPT: many_preamble_paragraphs(10_000)}, "1 transcript(s)",
                                                code=0),
    "10,000 one-off labels (builds)": Case({TRANSCRIPT: "".join(f"第{n}點:說明。\n" for n in range(10_000)) + GOOD},
                                           "1 transcript(s)", code=0),
    # --- notes and glossary ------------------------------------------------------------------------------
    "note link javascript:": Case({NOTE: '+++\nquote = "很好"\n+++\n見[這裡](javascript:alert(1))。\n'},
                                  "content/t/notes/n.md:4: link 'javascript:alert(1)' uses the javascript: scheme"),
    "note autolink vbscript:": Case({NOTE: '+++\nquote = "很好"\n+++\n\n正文\n\n<vbscript:msgbox(1)>\n'},
                                    "content/t/notes/n.md:7: link 'vbscript:msgbox(1)' uses the vbscript: scheme"),
    "note reference link data:": Case({NOTE: '+++\nquote = "很好"\n+++\n[看][1]\n\n[1]: DATA:text/html,x\n'},
                                      "content/t/notes/n.md:4: link 'DATA:text/html,x' uses the data: scheme"),
    "note image data:": Case({NOTE: '+++\nquote = "很好"\n+++\n![圖](data:image/png;base64,AAAA)\n'},
                             "content/t/notes/n.md:4: image 'data:image/png;base64,AAAA' uses the data: scheme"),
    "glossary link javascript:": Case({"content/glossary.toml": '[gpu]\nterm = "GPU"\n'
                                       'definition = "[看](javascript:alert(1))"\n'},
                                      "content/glossary.toml:1: [gpu]: link 'javascript:alert(1)' uses the "
                                      "javascript: scheme"),
    # --- conversions ---------------------------------------------------------------------------------------
    "phrases = 5": Case({"content/conversions.toml": "phrases = 5\n"},
                        "content/conversions.toml:1: [phrases] must be a table"),
    "empty phrase": Case({"content/conversions.toml": '[phrases]\n"" = { zh-Hant = "X" }\n'},
                         "content/conversions.toml:2: phrase '' is empty"),
    "blank phrase": Case({"content/t/conversions.toml": '[phrases]\n" " = { zh-Hant = "X" }\n'},
                         "content/t/conversions.toml:2: phrase ' ' is empty"),
    "phrase named in a comment first": Case({"content/conversions.toml": '[phrases]\n# "伙伴": Taiwan writes 夥伴\n'
                                                                       '"伙伴" = { zh-Hant = 5 }\n'},
                                            "content/conversions.toml:3: phrase '伙伴' needs forms"),
    "phrase with a tab": Case({"content/conversions.toml": '[phrases]\n"伙伴" = { zh-Hant = "夥伴" }\n'
                                                         '"伙\\t伴" = { zh-Hant = "夥伴" }\n'},
                              "content/conversions.toml:3: phrase '伙\\t伴' holds a control character"),
    "phrase with a line break": Case({"content/t/conversions.toml": "[phrases]\n'合作' = { zh-Hant = '合作' }\n"
                                                                  '"合\\n作" = { zh-Hant = "合作" }\n'},
                                     "content/t/conversions.toml:3: phrase '合\\n作' holds a control character"),
    # --- configuration -----------------------------------------------------------------------------------
    "site url javascript:": Case({"jizhu.toml": '[site]\nurl = "javascript:alert(1)//"\n'},
                                 "jizhu.toml:2: the site URL must be an absolute http(s) URL"),
    "site url ftp:": Case({"jizhu.toml": '[site]\nurl = "ftp://example.com/"\n'},
                          "jizhu.toml:2: the site URL must be an absolute http(s) URL"),
    "site url with a tab": Case({"jizhu.toml": '[site]\nurl = "https://exa\\tmple.com/"\n'},
                                "jizhu.toml:2: the site URL must be an absolute http(s) URL"),
    "--site-url javascript:": Case({}, "argument --site-url: the site URL must be an absolute http(s) URL",
                                   code=2, args=("--site-url", "javascript:alert(1)")),
    "unknown variant": Case({"jizhu.toml": '[scripts]\nvariants = ["zh-mo"]\n'},
                            'jizhu.toml:2: variants must be a list of "zh-tw" and "zh-hk"'),
    "unknown section": Case({"jizhu.toml": '[sites]\nurl = "https://x.org/"\n'}, "jizhu.toml:1: unknown section [sites]"),
    "configuration not TOML": Case({"jizhu.toml": "[scripts\n"}, "jizhu.toml:1: not valid TOML"),
    "--config missing.toml": Case({}, "missing.toml:1: configuration file not found", args=("--config", "missing.toml")),
    "jizhu.toml is a FIFO": Case({"jizhu.toml": fifo}, "jizhu.toml:1: is not a regular file", subprocess=True),
    "conversions.toml is a folder": Case({"content/conversions.toml/x": "x"},
                                         "content/conversions.toml:1: is not a regular file"),
    "glossary.toml is a broken link": Case({"content/glossary.toml": symlink_to("/nonexistent.toml")},
                                           "content/glossary.toml:1: is a symbolic link to /nonexistent.toml"),
    # --- templates -----------------------------------------------------------------------------------------
    "template runtime error": Case({"templates/transcript.html": edit_template("transcript.html", "{% block toc %}",
                                                                               "{{ 1/0 }}{% block toc %}")},
                                   f"templates/transcript.html:{line_of('transcript.html', '{% block toc %}')}: "
                                   "template error: ZeroDivisionError: division by zero"),
    "template includes itself": Case({"templates/_toc.html": edit_template("_toc.html", "", '{% include "_toc.html" %}')},
                                     "templates/_toc.html:1: template error: endless recursion"),
    "template not UTF-8": Case({"templates/_toc.html": b"<nav>\n\xff</nav>\n"}, "templates/_toc.html:2: is not UTF-8"),
    "misspelt template variable": Case({"templates/transcript.html": edit_template(
        "transcript.html", "{{ title }}</h1>", "{{ titel }}</h1>")},
        "templates/transcript.html:", extra={"also": "titel"}),
    # the pages listing every transcript are written as they are made: an error halfway leaves nothing behind
    "template error in the index page's list": Case({"templates/script_index.html": edit_template(
        "script_index.html", '<a class="transcript-link"', '{{ 1/0 }}<a class="transcript-link"')},
        f"templates/script_index.html:{line_of('script_index.html', 'class=' + chr(34) + 'transcript-link')}: "
        "template error: ZeroDivisionError: division by zero"),
    "misspelt variable in the search page's list": Case({"templates/search.html": edit_template(
        "search.html", "{{ transcript.slug }}", "{{ transcirpt.slug }}")},
        f"templates/search.html:{line_of('search.html', '{{ transcript.slug }}')}: template error",
        extra={"also": "transcirpt"}),
    "misspelt variable in a partial's macro": Case({"templates/_paragraph.html": edit_template(
        "_paragraph.html", "{{ para(p) }}", "{{ para(paragraf) }}")},
        f"templates/_paragraph.html:{line_of('_paragraph.html', '{{ para(p) }}')}: template error",
        extra={"also": "paragraf"}),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A small project and its site, built once; each case works on a copy."""
    base = tmp_path_factory.mktemp("base")
    shutil.copytree(ROOT / "templates", base / "templates")
    (base / "content" / "t").mkdir(parents=True)
    (base / TRANSCRIPT).write_text(GOOD, encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "build.py")], cwd=base, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return base


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def lay_over(root: Path, files: dict[str, str | bytes | Edit]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(data):
            data(path)
        elif isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


def run_command(command: str, root: Path, case: Case, capsys, monkeypatch) -> tuple[int, str]:
    """Exit code and everything printed (stderr, then stdout)."""
    if case.subprocess:
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), command, *case.args], cwd=root,
                                capture_output=True, text=True, timeout=60)
        return result.returncode, result.stderr + result.stdout
    monkeypatch.chdir(root)
    try:
        code = main([command, *case.args])
    except SystemExit as exit:  # argparse refusing an option
        code = exit.code
    printed = capsys.readouterr()
    return code, printed.err + printed.out


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(name: str, built: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    case = CASES[name]
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    before = snapshot(root / "site")
    lay_over(root, case.files)
    for command in ("build", "check"):  # check reads and renders all that build does
        code, printed = run_command(command, root, case, capsys, monkeypatch)
        assert code == case.code, (command, printed)
        assert case.message in printed, (command, printed)
        assert case.extra.get("also", "") in printed
        assert "Traceback" not in printed and "internal error" not in printed
        if case.code != 0:
            assert snapshot(root / "site") == before
            assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == [".site.lock"]
