"""Recognising what one line of a raw transcript is: speaker label, section heading, title or text.

Nothing here knows any speaker's name: labels are found by their shape and
confirmed by how often they recur (see `find_speakers`).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .source import Line

COLON = "[:：]"
# A label is a short name: CJK, Latin words, digits, middle dots; no sentence punctuation.
NAME = r"[^\s:：,，。、;；!！?？「」『』“”\"'()（）《》#*][^:：,，。、;；!！?？「」『』“”\"'()（）《》#*]{0,11}?"
HEADING_LABEL = re.compile(rf"^#{{1,6}}\s*(?P<name>{NAME})\s*{COLON}\s*$")
BARE_LABEL = re.compile(rf"^(?:\*\*)?(?P<name>{NAME})\s*{COLON}(?:\*\*)?\s*(?P<rest>.*)$")
SECTION_NUMBERED = re.compile(r"^(?P<number>\d{1,3})(?:[.．、]\s*|\s+)(?P<title>\S.{0,59})$")
SECTION_MARKDOWN = re.compile(r"^#{2,6}\s+(?P<title>\S.*)$")
TITLE_MARKDOWN = re.compile(r"^#\s+(?P<title>\S.*)$")
# Punctuation that ends a sentence (or a quotation closing one); a heading does not end with it.
TERMINAL = "。！？!?…；;，,"
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
LATIN_END = re.compile(r"[A-Za-z0-9]$")
LATIN_START = re.compile(r"^[A-Za-z0-9]")
SPACED_MIX = re.compile(rf"[{HAN}] [A-Za-z0-9]|[A-Za-z0-9] [{HAN}]")


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    rest: str
    """Text after the colon on the same line (empty for heading-style labels)."""


def label_candidate(text: str) -> tuple[Label, bool] | None:
    """The label a line would carry if its name is a speaker, and whether its shape alone proves it."""
    if m := HEADING_LABEL.match(text):
        return Label(m["name"].strip(), ""), True
    if text.startswith("#"):
        return None
    if m := BARE_LABEL.match(text):
        return Label(m["name"].strip(), m["rest"].strip()), False
    return None


def find_speakers(lines: list[Line], declared: list[str]) -> list[str]:
    """Speaker labels in order of first appearance.

    A name is a speaker when the editor declared it, when it stands as a Markdown
    heading (`### 唐鳳：`), or when it labels at least two lines: a one-off
    `黃仁勳談CUDA兼容:英特爾…` is a headline, not a speaker.
    """
    counts: Counter[str] = Counter()
    proven: set[str] = set(declared)
    order: list[str] = []
    for line in lines:
        found = label_candidate(line.text)
        if not found:
            continue
        label, by_shape = found
        counts[label.name] += 1
        if by_shape:
            proven.add(label.name)
        if label.name not in order:
            order.append(label.name)
    return [name for name in order if name in proven or counts[name] >= 2]


def speaker_label(text: str, speakers: set[str]) -> Label | None:
    found = label_candidate(text)
    if found and found[0].name in speakers:
        return found[0]
    return None


def section_heading(text: str) -> tuple[str, str] | None:
    """(number, title) for `01 標題` or `## 標題` lines; None for anything else."""
    if m := SECTION_MARKDOWN.match(text):
        return "", m["title"].strip().rstrip("#").strip()
    m = SECTION_NUMBERED.match(text)
    if not m or m["title"][-1] in TERMINAL or re.search(COLON, m["title"]):
        return None
    if not re.search(f"[{HAN}]", m["title"]):  # "2025 年" style dates and plain numbers are text
        return None
    return m["number"], m["title"].strip()


def markdown_title(text: str) -> str | None:
    m = TITLE_MARKDOWN.match(text)
    return m["title"].strip() if m else None


def ends_open(text: str) -> bool:
    """True when a line stops mid-phrase on a Latin letter or digit: the mark of a hard wrap."""
    return bool(LATIN_END.search(text))


def join_wrapped(before: str, after: str) -> str:
    """Rejoin two pieces of one paragraph split by a line break.

    Two Latin words get their space back ("RTX" + "Pro"); between Han characters
    no space is ever added. Between Latin and Han a space is restored only when
    the text around already spaces Latin from Han ("Claude 和 Perplexity" + "四款").
    """
    if LATIN_END.search(before) and LATIN_START.search(after):
        return f"{before} {after}"
    if LATIN_END.search(before) or LATIN_START.search(after):
        if SPACED_MIX.search(before) or SPACED_MIX.search(after):
            return f"{before} {after}"
    return before + after
