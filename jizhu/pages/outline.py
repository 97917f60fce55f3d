"""Table-of-contents labels: a long question cut to something a reader can scan."""
from __future__ import annotations

import re
from unicodedata import east_asian_width

SUMMARY_MAX = 64
"""Columns of a question shown in the table of contents (about two lines of the sidebar): 32 Han
characters, or twice as many Latin letters, which take half the room (`width`)."""
SENTENCE = re.compile(r"[^?？。!！]+[?？。!！]*")
CLAUSE = re.compile(r"[^,，;；:：、]+[,，;；:：、]*")
QUESTION_END = ("?", "？")
MEANINGFUL = 10
"""A question shorter than this (對此你怎麽看?) leans on what came before it."""


def width(text: str) -> int:
    """Columns `text` takes on a page: two for a Han character, a full-width mark or one a Chinese font
    draws wide (…, “”), one for a Latin letter, a digit or an ASCII mark."""
    return sum(2 if east_asian_width(c) in "WFA" else 1 for c in text)


def summarize(question: str, limit: int = SUMMARY_MAX) -> str:
    """The question as a reader would name it, in at most `limit` columns (`width`).

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
    if width(lead_up) <= limit:
        return lead_up
    sentence = sentences[ask]
    if len(sentence) < MEANINGFUL:  # 對此你怎麽看? leans on the sentence before it
        return head(text, limit)
    if width(sentence) <= limit:
        return sentence
    opening = head(sentence, limit)
    if width(opening) >= limit // 2:
        return opening
    # The opening clauses say little (當前全球不確定性持續加劇…): show what is asked instead.
    clauses = CLAUSE.findall(sentence)
    room = limit - width("…")
    tail, tail_width = "", 0
    for clause in reversed(clauses[1:]):  # the longest run of closing clauses that fits
        tail_width += width(clause)
        if tail_width > room:
            break
        tail = clause + tail
    return "…" + tail if tail else opening


QUESTION_NAMING_NOTHING = 16
"""Columns under which a question turn that asks nothing gets no contents entry: an interviewer's `Nice.`,
`Wow.` or 不管怎麼樣。 between answers names no topic to go to (its answer stays on the page, with its id)."""


def names_a_topic(question: str) -> bool:
    return any(mark in question for mark in QUESTION_END) or width(question) >= QUESTION_NAMING_NOTHING


TURN_WORTH_LISTING = 80
"""Characters a turn outside a pair needs (an opening statement, not a moderator's 謝謝) to get a contents entry."""


def worth_listing(paragraphs: list[str]) -> bool:
    return sum(len(p) for p in paragraphs) >= TURN_WORTH_LISTING


def turn_label(speaker: str, first_paragraph: str, limit: int = SUMMARY_MAX) -> str:
    """A contents entry for a statement outside the questions: 何全德：部長、次長、各位媒體記者…; one all in
    Latin letters is punctuated as English is (Mat Ryer: Hello, and welcome…)."""
    if not speaker:
        return head(first_paragraph, limit)
    opening = head(first_paragraph, limit - width(speaker) - 2)  # either colon takes two columns
    latin = width(speaker) == len(speaker) and width(opening[:-1]) == len(opening) - 1  # but the "…"
    return f"{speaker}{': ' if latin else '：'}{opening}"


LATIN_WORD_END = re.compile(r"[A-Za-z0-9'’-]*$")


def head(text: str, limit: int) -> str:
    """The opening clauses of `text` that fit, marked as cut; a clause too long for it alone is cut
    where the room ends, before a Latin word rather than inside it."""
    room = limit - width("…")
    kept, kept_width = "", 0
    for clause in CLAUSE.findall(text):
        kept_width += width(clause)
        if kept_width > room:
            break
        kept += clause
    if len(kept) < MEANINGFUL:
        kept, kept_width = "", 0
        for char in text:
            kept_width += width(char)
            if kept_width > room:
                break
            kept += char
        if len(kept) < len(text) and text[len(kept)].isascii() and text[len(kept)].isalnum():
            whole = kept[:len(kept) - len(LATIN_WORD_END.search(kept)[0])]
            if len(whole.rstrip()) >= MEANINGFUL:  # a word cut in two reads worse than one left out
                kept = whole
    return kept.rstrip(",，;；:：、。．. ") + "…"  # not 係囖.… or 開會。…: the ellipsis ends it
