"""The README tells the truth about the command line: every command in its table has --help, every
option it names exists, and each option is taken by exactly the commands its table says."""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jizhu.cli import parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
OTHER_TOOLS = {"--prefix"}
"""Options the README names for other programs (`npm ci --prefix tests/tools`)."""


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    return README[start:README.index("\n## ", start + 1)]


def table(text: str, header: str) -> list[list[str]]:
    rows = []
    for line in text[text.index(f"| {header}"):].split("\n")[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def options_of(command: argparse.ArgumentParser) -> set[str]:
    return {flag for action in command._actions for flag in action.option_strings}


README_COMMANDS = [re.match(r"`python build\.py(?: (\w+))?", row[0]).group(1) or "build"
                   for row in table(section("Commands"), "command")]


def test_the_readme_lists_every_command() -> None:
    assert sorted(README_COMMANDS) == sorted(commands())


@pytest.mark.parametrize("command", README_COMMANDS)
def test_every_command_in_the_readme_has_help(command: str) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), command, "--help"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and f"usage: jizhu {command}" in result.stdout


def test_every_option_the_readme_names_exists() -> None:
    """Outside the Benchmarks section, whose options are the benchmark scripts'."""
    text = README.replace(section("Benchmarks"), "")
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", text)) - OTHER_TOOLS
    known = set().union(*(options_of(c) for c in commands().values()), options_of(parser()))
    assert named - known == set()


def test_each_option_is_taken_by_the_commands_the_readme_says() -> None:
    every = set(commands())
    said = {}
    for option, which, _ in table(section("Commands"), "option"):
        flag = re.match(r"`(--[a-z-]+)", option).group(1)
        said[flag] = every if which == "all" else {c.strip() for c in which.split(",")}
    for flag, listed in said.items():
        taking = {name for name, command in commands().items() if flag in options_of(command)}
        assert taking == listed, flag
    every_option = set().union(*(options_of(c) for c in commands().values())) - {"-h", "--help"}
    assert every_option - said.keys() == set()  # and no option goes unmentioned


def elided_match(example: object, real: object, where: str = "") -> list[str]:
    """Where the README's example differs from a real export: keys and list items it shows must exist,
    and each text must be the real one with parts left out only where it says "…"."""
    if isinstance(example, dict):
        if not isinstance(real, dict):
            return [where]
        return [f for key, value in example.items()
                for f in (elided_match(value, real[key], f"{where}.{key}") if key in real else [f"{where}.{key}"])]
    if isinstance(example, list):
        if not isinstance(real, list) or len(real) < len(example):
            return [where]
        return [f for n, (e, r) in enumerate(zip(example, real)) for f in elided_match(e, r, f"{where}[{n}]")]
    if isinstance(example, str) and isinstance(real, str):
        pieces, at = example.split("…"), 0
        for n, piece in enumerate(pieces):
            found = real.find(piece, at)
            if found < 0 or (n == 0 and found != 0):
                return [f"{where}: {example!r} is not {real[:60]!r}…"]
            at = found + len(piece)
        return [] if len(pieces) > 1 or at == len(real) else [f"{where}: {example!r} != {real!r}"]
    return [] if example == real else [f"{where}: {example!r} != {real!r}"]


def test_the_json_example_is_the_seed_s_real_export() -> None:
    """Its punctuation too: the export has full-width punctuation among Chinese, so the example must."""
    start = README.index("```json\n", README.index("\n## JSON export\n")) + len("```json\n")
    example = json.loads(README[start:README.index("```", start)])
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "parse",
                             str(ROOT / "content" / example["slug"] / "transcript.txt")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert elided_match(example, json.loads(result.stdout)) == []


def test_every_page_template_is_in_the_readme() -> None:
    named = set(re.findall(r"`([a-z_0-9]+\.(?:html|xml))`", section("Templates")))
    shipped = {path.name for path in (ROOT / "templates").iterdir() if path.suffix in (".html", ".xml")
               and not path.name.startswith("_")}
    assert shipped - named == set()


def test_every_module_is_in_the_readme_s_code_section() -> None:
    named = set(re.findall(r"`([a-z_0-9]+\.py)`", section("Code")))
    modules = {path.name for path in (ROOT / "jizhu").rglob("*.py") if path.name not in ("__init__.py", "__main__.py")}
    assert modules - named == set()
