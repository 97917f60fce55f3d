"""The id ledger, `content/<slug>/ids.toml`: every id a transcript has published, read and written.

One line per live id, in reading order, with the source text it names (a
section's title, a paragraph's text; a pair or a turn outside a pair holds its
speaker), so that a diff of the ledger reads like a diff of the transcript, and
a table of retired ids with the place each one now lands:

    format = 1

    [ids]
    i01 = "英偉達CEO黃仁勳今年第三次訪華,…"
    s01 = "黃仁勳來華的“小目標”"
    s01-q01 = "問"
    s01-q01-p1 = "這是你今年第三次來中國,此次的主要目的是什麼?"

    [retired]
    s03-q05 = { at = "s03-q06", why = "removed" }

A paragraph belongs to the pair or turn above it, a pair or turn to the section
above it. The build writes the ledger (`build/ids.py`); reading it checks
everything a hand edit could break and reports it at its line, never resetting it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import ContentError, Problem
from .model import Retired
from .source import read_text
from .tomltext import parse_toml

LEDGER_FILE = "ids.toml"
FORMAT = 1
SECTION = re.compile(r"s\d+")
ITEM = re.compile(r"s\d+-[qt]\d+")
PARAGRAPH = re.compile(r"s\d+-[qt]\d+-p\d+")
PREAMBLE = re.compile(r"[cik]\d+")
NUMBER = re.compile(r"\d+")
WHY = ("removed", "merged")
"""removed: its text is gone (the page says so); merged: its text lives on at `at` (no notice)."""
KEY = re.compile(r'^\s*"?([A-Za-z0-9_-]+)"?\s*=')
TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]")
HEADER = """\
# Permanent ids of {slug}/transcript.txt: links to answers keep working through edits.
# Written by `python build.py` (never by `check`); commit it with the transcript.
# [ids]: each live id, in reading order, with the text it names; [retired]: ids that
# named something now gone, never used again, and the place each one lands.
"""


@lru_cache(maxsize=65536)
def kind_of(id_: str) -> str:
    """"section", "item", "paragraph" or "preamble"; "" for an id no ledger holds. Kept: a ledger asks
    for each entry's kind many times, and ids repeat from one transcript to the next."""
    for kind, shape in (("section", SECTION), ("item", ITEM), ("paragraph", PARAGRAPH), ("preamble", PREAMBLE)):
        if shape.fullmatch(id_):
            return kind
    return ""


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    text: str
    line: int
    """Line of the ledger file."""

    @property
    def kind(self) -> str:
        return kind_of(self.id)


@dataclass(slots=True)
class Ledger:
    path: Path
    entries: list[Entry]
    """Live ids in reading order."""
    retired: list[Retired] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    """Retired id -> its line."""

    def known(self) -> set[str]:
        """Every id the transcript ever published."""
        return {e.id for e in self.entries} | {r.id for r in self.retired}


def read_ledger(path: Path) -> Ledger | None:
    """The ledger at `path`, None when there is none yet; every problem of a hand edit is an error at its line."""
    if not path.is_file():
        return None
    text = read_text(path)
    data = parse_toml(text, path)
    lines = key_lines(text)
    problems: list[Problem] = []

    def problem(table: str, key: str, message: str) -> None:
        problems.append(Problem(path, lines.get((table, key), 1), message))

    for key in data:
        if key not in ("format", "ids", "retired"):
            problem("", key, f"unknown key {key!r} in the id ledger (known: format, ids, retired)")
    if data.get("format") != FORMAT:
        problem("", "format", f"the id ledger needs `format = {FORMAT}`")
    ids, retired = data.get("ids", {}), data.get("retired", {})
    if not isinstance(ids, dict) or not isinstance(retired, dict):
        raise ContentError.at(path, 1, "the id ledger's `ids` and `retired` must be tables ([ids], [retired])")
    entries = read_entries(ids, lines, problem)
    live = {e.id for e in entries}
    gone: list[Retired] = []
    for id_, value in retired.items():
        if not kind_of(id_):
            problem("retired", id_, f"{id_!r} is not an id of a section, pair, turn or paragraph")
        elif id_ in live:
            problem("retired", id_, f"{id_} is both live (in [ids]) and retired: a retired id is never used again")
        elif (not isinstance(value, dict) or set(value) != {"at", "why"} or value.get("why") not in WHY
              or not isinstance(value.get("at"), str)):
            problem("retired", id_, f'{id_} must read {{ at = "<id>", why = "removed" }} (why: {" or ".join(WHY)})')
        elif value["at"] and value["at"] not in live:
            problem("retired", id_, f"{id_} lands at {value['at']!r}, which is not a live id in [ids]")
        else:
            gone.append(Retired(id_, value["at"], value["why"]))
    if not problems:
        for missing, after in gaps([e.id for e in entries] + [r.id for r in gone]):
            table = "ids" if after in live else "retired"
            problem(table, after, f"{missing} is in neither [ids] nor [retired], though {after} was numbered after it: "
                    f"a line deleted by hand? Put it back, or move it to [retired] with where its links land")
    if problems:
        raise ContentError(problems)
    return Ledger(path, entries, gone, {r.id: lines.get(("retired", r.id), 1) for r in gone})



def read_entries(ids: dict, lines: dict[tuple[str, str], int], problem) -> list[Entry]:
    """The [ids] table as entries, checking that each id has a known shape and sits under its parent."""
    entries: list[Entry] = []
    in_section = in_item = False
    for id_, text in ids.items():
        kind = kind_of(id_)
        if not isinstance(text, str):
            problem("ids", id_, f"{id_} must name its text as a string")
        elif not kind:
            problem("ids", id_, f"{id_!r} is not an id of a section (s01), pair (s01-q01), turn (s01-t01), "
                                "paragraph (s01-q01-p1), intro paragraph (i01), key point (k01) or cast line (c01)")
        elif kind == "item" and not in_section:
            problem("ids", id_, f"{id_} stands before any section: a pair or turn belongs to the section above it")
        elif kind == "paragraph" and not in_item:
            problem("ids", id_, f"{id_} stands before any pair or turn: a paragraph belongs to the one above it")
        else:
            in_section = in_section or kind == "section"
            in_item = (in_item or kind == "item") and kind != "section"
            entries.append(Entry(id_, text, lines.get(("ids", id_), 1)))
    return entries


def key_lines(text: str) -> dict[tuple[str, str], int]:
    """(table, key) -> the line it is written on."""
    found: dict[tuple[str, str], int] = {}
    table = ""
    for number, line in enumerate(text.split("\n"), 1):
        if header := TABLE.match(line):
            table = header.group(1)
        elif key := KEY.match(line):
            found.setdefault((table, key.group(1)), number)
    return found


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; DEL must be escaped in TOML)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def ledger_text(slug: str, entries: list[tuple[str, str]], retired: list[Retired]) -> str:
    """The ledger file for live (id, text) pairs in reading order and the retired ids."""
    lines = [HEADER.format(slug=slug), f"format = {FORMAT}", "", "[ids]"]
    lines += [f"{id_} = {toml_string(text)}" for id_, text in entries]
    if retired:
        lines += ["", "[retired]"]
        lines += [f'{r.id} = {{ at = {toml_string(r.at)}, why = "{r.why}" }}' for r in retired]
    return "\n".join(lines) + "\n"



def gaps(known: list[str]) -> list[tuple[str, str]]:
    """(first missing id, the id numbered next after it) for each run of numbers skipped in the ledger.
    Ids are given in order, each after the highest of its kind ever given (`relabel.Numbers`), so every
    number below a known one is known too: one missing was deleted by hand, its links broken unseen."""
    numbers: dict[str, dict[int, str]] = {}
    for id_ in known:
        last = list(NUMBER.finditer(id_))[-1]
        numbers.setdefault(id_[:last.start()], {})[int(last.group())] = id_
    found: list[tuple[str, str]] = []
    for prefix, taken in numbers.items():
        expected = 1
        for number in sorted(taken):
            if number > expected:
                width = len(NUMBER.findall(taken[number])[-1])
                found.append((f"{prefix}{expected:0{width}d}", taken[number]))
            expected = number + 1
    return found
