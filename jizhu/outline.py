"""Table-of-contents labels: a long question cut to something a reader can scan."""
from __future__ import annotations

import re

SUMMARY_MAX = 32
"""Characters of a question shown in the table of contents (about two lines of the sidebar)."""
SENTENCE = re.compile(r"[^?？。!！]+[?？。!！]*")
CLAUSE = re.compile(r"[^,，;；:：、]+[,，;；:：、]*")
QUESTION_END = ("?", "？")
ASKS = re.compile("嗎|吗|什麽|什麼|什么|如何|怎|是否|哪|何|誰|谁|幾|几|多少|能否|有沒有|有没有|呢")
"""A clause cut loose from its question must still ask something to stand alone in the contents."""
MEANINGFUL = 10
"""A question shorter than this (對此你怎麽看?) leans on what came before it."""


def summarize(question: str, limit: int = SUMMARY_MAX) -> str:
    """The question as a reader would name it, in at most `limit` characters.

    Keeps the lead-up and the first real question when both fit
    ("你今年來過中國大陸三次。每次的目標和收獲有什麽不同?"); else the question
    sentence alone; else its last clauses, which carry what is asked
    ("…就業市場…受製於監管政策的變化,你們如何應對?"). Words are never split
    except when a single clause is longer than the limit.
    """
    text = question.strip()
    sentences = [s.strip() for s in SENTENCE.findall(text) if s.strip()] or [text]
    ask = next((i for i, s in enumerate(sentences) if s.endswith(QUESTION_END)), 0)
    lead_up = "".join(sentences[:ask + 1])
    if len(lead_up) <= limit:
        return lead_up
    sentence = sentences[ask]
    if len(sentence) <= limit and len(sentence) >= MEANINGFUL:
        return sentence
    clauses = CLAUSE.findall(sentence)
    for start in range(1, len(clauses)):
        tail = "".join(clauses[start:])
        if MEANINGFUL + 4 <= len(tail) <= limit - 1 and ASKS.search(tail):
            return "…" + tail
    return head(text, limit)


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
