"""An interview that labels no one: its questions set in bold paragraphs, each answered by the plain
paragraphs after it, as magazines and news sites print interviews.

Only a text in which no speaker label was found is read so (without this it has no turns at all), and only
when at least two paragraphs are wholly in bold and most of them ask something: bold headings of an
article ask nothing. The asker and the answerer are named as such interviews would label them, in the
text's own script (問 and 答, or 问 and 答), and each gets its role.
"""
from __future__ import annotations

import re

from .lines import Label
from .markup import Source

BOLD_PARAGRAPH = re.compile(r"^(\*\*|__)(?=\S)(?P<words>(?:(?!\1).)+?)(?<=\S)\1$")
"""A paragraph wholly in bold (`**你為什麼開始？**`), with no other bold inside it."""
ASKS = re.compile(r"[?？]")
TRADITIONAL_MARKS = "們這說個為時會來對問"
SIMPLIFIED_MARKS = "们这说个为时会来对问"
"""Reviewed: the commonest characters whose Simplified and Traditional forms differ, each pair at the same
place: which of them a text writes more tells its script."""


def declared(speakers: dict[str, str]) -> tuple[str, str] | None:
    """The asker and the answerer front matter names (`speakers = { "記者" = "question", "王大明" = "answer" }`),
    "" for no front matter speakers, None if it names others (such a text is not read as this shape)."""
    if not speakers:
        return "", ""
    by_role = {role: name for name, role in speakers.items()}
    if len(speakers) != 2 or set(by_role) != {"question", "answer"}:
        return None
    return by_role["question"], by_role["answer"]


def read(lines: list[Source], named: tuple[str, str] | None = ("", "")) -> tuple[str, str] | None:
    """The asker's and the answerer's names (`named`, the front matter's, else `names`), each bold paragraph
    labelled the asker's and the first plain paragraph after it the answerer's (`Source.candidate`); None,
    and nothing labelled, if the text is not such an interview."""
    if named is None:
        return None
    bold = [(line, m["words"].strip()) for line in lines
            if not line.media and (m := BOLD_PARAGRAPH.match(line.words.strip()))]
    if len(bold) < 2 or sum(bool(ASKS.search(words)) for _, words in bold) * 2 < len(bold):
        return None
    asker, answerer = named if all(named) else names(lines)
    questions = {id(line): words for line, words in bold}
    answer_due = False
    for line in lines:
        if id(line) in questions:
            line.candidate = Label(asker, questions[id(line)], "bold", True)
            answer_due = True
        elif answer_due and line.text.strip() and not line.media:
            line.candidate = Label(answerer, line.words, "bare")
            answer_due = False
    return asker, answerer


def names(lines: list[Source]) -> tuple[str, str]:
    """問 and 答 in the text's script: 问 where it writes Simplified's common characters more."""
    text = "".join(line.text for line in lines)
    simplified = sum(text.count(c) for c in SIMPLIFIED_MARKS)
    traditional = sum(text.count(c) for c in TRADITIONAL_MARKS)
    return ("问" if simplified > traditional else "問"), "答"
