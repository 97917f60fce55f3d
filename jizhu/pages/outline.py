"""Table-of-contents labels: a long question cut to something a reader can scan."""
from __future__ import annotations

import re

SUMMARY_MAX = 32
"""Characters of a question shown in the table of contents (about two lines of the sidebar)."""
SENTENCE = re.compile(r"[^?？。!！]+[?？。!！]*")
CLAUSE = re.compile(r"[^,，;；:：、]+[,，;；:：、]*")
QUESTION_END = ("?", "？")
MEANINGFUL = 10
"""A question shorter than this (對此你怎麽看?) leans on what came before it."""


def summarize(question: str, limit: int = SUMMARY_MAX) -> str:
    """The question as a reader would name it, in at most `limit` characters.

    Keeps the lead-up and the first real question when both fit
    ("你今年來過中國大陸三次。每次的目標和收獲有什麽不同?"); else the question
    sentence alone; else the opening clauses of the question sentence, so the
    label reads like the start of the text it points to (or, when those say
    little, its closing clauses, where the asking is). Words are never split
    except when a single clause is longer than the limit.
    """
    text = question.strip()
    sentences = [s.strip() for s in SENTENCE.findall(text) if s.strip()] or [text]
    ask = next((i for i, s in enumerate(sentences) if s.endswith(QUESTION_END)), 0)
    lead_up = "".join(sentences[:ask + 1])
    if len(lead_up) <= limit:
        return lead_up
    sentence = sentences[ask]
    if len(sentence) < MEANINGFUL:  # 對此你怎麽看? leans on the sentence before it
        return head(text, limit)
    if len(sentence) <= limit:
        return sentence
    opening = head(sentence, limit)
    if len(opening) >= limit // 2:
        return opening
    # The opening clauses say little (當前全球不確定性持續加劇…): show what is asked instead.
    clauses = CLAUSE.findall(sentence)
    tails = ("".join(clauses[i:]) for i in range(1, len(clauses)))
    return next(("…" + tail for tail in tails if len(tail) <= limit - 1), opening)


TURN_WORTH_LISTING = 80
"""Characters a turn outside a pair needs (an opening statement, not a moderator's 謝謝) to get a contents entry."""


def worth_listing(paragraphs: list[str]) -> bool:
    return sum(len(p) for p in paragraphs) >= TURN_WORTH_LISTING


def turn_label(speaker: str, first_paragraph: str, limit: int = SUMMARY_MAX) -> str:
    """A contents entry for a statement outside the questions: 何全德：部長、次長、各位媒體記者…"""
    prefix = f"{speaker}：" if speaker else ""
    return prefix + head(first_paragraph, limit - len(prefix))


def head(text: str, limit: int) -> str:
    """The opening clauses of `text` that fit, marked as cut."""
    kept = ""
    for clause in CLAUSE.findall(text):
        if len(kept) + len(clause) > limit - 1:
            break
        kept += clause
    if len(kept) < MEANINGFUL:
        kept = text[:limit - 1]
    return kept.rstrip(",，;；:：、 ") + "…"
