#!/usr/bin/env python3
"""How much of a built site is words: `python bench/output_words.py SITE [--transcripts N]`.

For each kind of file (bench/scale.py's `kind_of`: full page, share page, JSON export, search
index, the rest) it prints the files and bytes per transcript and, of the bytes, the words the
reader or a program gets: in a page, its text (between tags, the title too) and what its
metadata says (the description and the Open Graph title, description and site name); in the
JSON export, every string under a script key (`zh-Hant`, `zh-Hans` …), the tags of a note's
HTML left out; in the search index, the words of its text chunks (what a result shows). The
rest is markup, structure, ids, addresses and the search keys. Run it on a site that
`bench/scale.py --keep DIR` built (DIR/<count>/site).
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import kind_of  # noqa: E402  (bench/ beside this file)

TAG = re.compile(r"<[^>]*>")
META = re.compile(r'<meta (?:name="description"|property="og:(?:title|description|site_name)") content="([^"]*)"')
SCRIPT_KEY = re.compile(r"^zh(-[A-Za-z]+)+$")
CHUNK = re.compile(r"^jizhuSearch\(\"[^\"]*\",\n?(.*)\);?\s*$", re.S)


def page_words(text: str) -> int:
    words = html.unescape(TAG.sub("", text.split("<body", 1)[-1]))
    meta = "".join(html.unescape(found) for found in META.findall(text))
    title = re.search(r"<title>([^<]*)</title>", text)
    return len(words.encode()) + len(meta.encode()) + (len(html.unescape(title.group(1)).encode()) if title else 0)


def script_strings(value: object, under_script: bool = False) -> int:
    """Bytes of the strings under script keys, with the tags of any HTML left out."""
    if isinstance(value, dict):
        return sum(script_strings(v, bool(SCRIPT_KEY.match(k))) for k, v in value.items())
    if isinstance(value, list):
        return sum(script_strings(v, under_script) for v in value)
    if isinstance(value, str) and under_script:
        return len(html.unescape(TAG.sub("", value)).encode())
    return 0


def chunk_words(text: str) -> int:
    """The words of a text chunk: each document's speaker and text, and each other script's patches."""
    found = CHUNK.match(text)
    if not found:
        return 0
    data = json.loads(found.group(1))
    if not isinstance(data, dict) or "docs" not in data:
        return 0
    return sum(strings(doc[2:]) for doc in data["docs"]) + strings(list(data.get("scripts", {}).values()))


def strings(value: object) -> int:
    """Bytes of the string values in `value` (not its keys)."""
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, dict):
        return sum(strings(v) for v in value.values())
    if isinstance(value, list):
        return sum(strings(v) for v in value)
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--transcripts", type=int, help="transcripts in the site (default: the JSON exports)")
    a = ap.parse_args()
    kinds: dict[str, list[int]] = {}
    for path in sorted(a.site.rglob("*")):
        if not path.is_file():
            continue
        kind = kind_of(path.relative_to(a.site))
        raw = path.read_bytes()
        text = raw.decode("utf-8", "replace")
        if path.suffix == ".html":
            words = page_words(text)
        elif kind == "JSON export":
            words = script_strings(json.loads(text))
        elif kind == "search index" and "/text/" in path.as_posix():
            words = chunk_words(text)
        else:
            words = 0
        entry = kinds.setdefault(kind, [0, 0, 0])
        entry[0] += 1
        entry[1] += len(raw)
        entry[2] += words
    count = a.transcripts or kinds.get("JSON export", [1])[0]
    print(f"{count} transcript(s); per transcript, KB (1,000 bytes):")
    rows = sorted(kinds.items(), key=lambda item: -item[1][1])
    rows.append(("all", [sum(entry[i] for entry in kinds.values()) for i in range(3)]))
    for kind, (files, size, words) in rows:
        print(f"  {kind:24} {files / count:6.1f} files {size / count / 1e3:7.1f} KB, "
              f"words {words / count / 1e3:6.1f} KB ({words / size:4.0%}), "
              f"the rest {(size - words) / count / 1e3:6.1f} KB")

if __name__ == "__main__":
    main()
