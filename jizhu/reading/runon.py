"""Turns run together on one line, as a copy that lost its line breaks has them (`…过去了。 陈文茜 : 我话讲
太长了。 主持人 : 关于…`): each label that recurs, written after a sentence's end inside a line, starts a
line of its own there, so the text reads as if the breaks had been kept.
"""
from __future__ import annotations

import re
from collections import Counter

from .lines import COLON, NAME, SENTENCE_END, label_candidate, valid_name
from .source import Line

RUN_ON = re.compile(rf"(?<=[{SENTENCE_END}）)])[ \u3000\t]+(?P<name>{NAME})\s*{COLON}")
"""A label inside a line, after a sentence's end and a space: where a lost line break was."""


def unrun(lines: list[Line]) -> list[Line]:
    """The lines, each cut before every label inside it whose name labels two turns at least (here or at
    the start of a line), a blank line between the pieces; the pieces keep their line's number."""
    found = {id(line): matches for line in lines
             if (matches := [m for m in RUN_ON.finditer(line.text) if valid_name(m["name"].strip(), "bare")])}
    if not found:
        return lines  # nearly every text: no label inside a line
    counts = Counter(m["name"].strip() for matches in found.values() for m in matches)
    for line in lines:
        label = label_candidate(line.text.strip())
        if label is not None and label.name in counts:
            counts[label.name] += 1
    out: list[Line] = []
    for line in lines:
        cuts = [m.start("name") for m in found.get(id(line), ()) if counts[m["name"].strip()] >= 2]
        start = 0
        for cut in cuts:
            out += [Line(line.number, line.text[start:cut].rstrip()), Line(line.number, "")]
            start = cut
        out.append(Line(line.number, line.text[start:]) if start else line)
    return out
