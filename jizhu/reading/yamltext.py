"""The part of YAML that transcript front matter uses, read without a YAML library.

Front matter copied from a blog or a static site (`---` … `---`) holds scalars,
lists and now and then a small map:

    title: " Apache APISIX 的快速之旅 "
    date: 2020-07-09T20:15:27+08:00
    tags: [播客, 开源]
    categories:
    - 开源
    speakers:
      問: question

That is all this reads: `key: value`, block lists (`- item`), flow lists
(`[a, b]`), one level of nested `key: value` maps, and `|` / `>` block text.
Values stay strings (YAML's guesses at numbers and dates are not wanted: a date
is kept as written). Anything else is an error naming its line, never a guess.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import ContentError

KEY = re.compile(r"^(?P<indent> *)(?P<key>[^\s#:\-\[\]{}\"'][^:#]*?|\"[^\"]*\"|'[^']*')\s*:(?:\s+(?P<value>.*))?$")
ITEM = re.compile(r"^(?P<indent> *)-(?:\s+(?P<value>.*))?$")


def scalar(text: str, path: Path, line: int) -> str:
    """A plain, single-quoted or double-quoted scalar as its text; a comment after it is dropped."""
    text = text.strip()
    if text[:1] == '"':
        end = re.match(r'"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$', text)
        if not end:
            raise ContentError.at(path, line, f"front matter value {text!r} has an unclosed double quote")
        return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), end[1])
    if text[:1] == "'":
        end = re.match(r"'((?:[^']|'')*)'\s*(?:#.*)?$", text)
        if not end:
            raise ContentError.at(path, line, f"front matter value {text!r} has an unclosed single quote")
        return end[1].replace("''", "'")
    return re.sub(r"\s+#.*$", "", text).strip()


def value(text: str, path: Path, line: int) -> str | list[str]:
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        return [scalar(part, path, line) for part in re.findall(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|[^,]+', inner)
                if part.strip()] if inner else []
    if text.startswith("{"):
        raise ContentError.at(path, line, "front matter: write a map as indented `key: value` lines, not {…}")
    return scalar(text, path, line)


def parse_yaml(lines: list[tuple[int, str]], path: Path) -> dict[str, object]:
    """The mapping written by `lines` (number, text) of a `---` front matter block."""
    table: dict[str, object] = {}
    i = 0
    while i < len(lines):
        number, text = lines[i]
        i += 1
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        m = KEY.match(text)
        if not m or m["indent"]:
            raise ContentError.at(path, number, f"front matter line {text.strip()!r} is not `key: value` "
                                                "(only scalars, lists and small maps are read)")
        key = m["key"].strip().strip("\"'")
        raw = (m["value"] or "").strip()
        if raw in ("|", ">", "|-", ">-"):
            block: list[str] = []
            while i < len(lines) and (not lines[i][1].strip() or lines[i][1].startswith(" ")):
                block.append(lines[i][1].strip())
                i += 1
            joiner = "\n" if raw.startswith("|") else " "
            table[key] = joiner.join(block).strip()
        elif raw and not raw.startswith("#"):
            table[key] = value(raw, path, number)
        else:
            nested: list[tuple[int, str]] = []
            while i < len(lines) and (not lines[i][1].strip() or lines[i][1].startswith((" ", "-"))):
                if lines[i][1].strip():
                    nested.append(lines[i])
                i += 1
            table[key] = block_value(nested, path, number)
    return table


def block_value(nested: list[tuple[int, str]], path: Path, line: int) -> object:
    """The list or map written on the indented lines under a key with no value of its own."""
    if not nested:
        return ""
    if ITEM.match(nested[0][1]):
        items: list[str] = []
        for number, text in nested:
            m = ITEM.match(text)
            if not m:
                raise ContentError.at(path, number, f"front matter list item {text.strip()!r} does not start with `- `")
            item = value(m["value"] or "", path, number)
            if isinstance(item, list):
                raise ContentError.at(path, number, "front matter: a list inside a list is not read")
            items.append(item)
        return items
    mapping: dict[str, object] = {}
    for number, text in nested:
        m = KEY.match(text)
        if not m or not m["indent"]:
            raise ContentError.at(path, number, f"front matter line {text.strip()!r} is not an indented `key: value`")
        mapping[m["key"].strip().strip("\"'")] = value(m["value"] or "", path, number)
    return mapping
