"""What stands inside a paragraph's text and is not the speaker's words: links, and notes in brackets.

A paragraph keeps all its words (notes anchor to them, search finds them); these
spans say which of them are a link (`[官網](https://…)`), an editor's note
(`（註：…）`, `[Note: …]`), another voice breaking in (`（記者：對）`) or a stage
direction (`[laughs]`, `（笑）`), so a page can show each as what it is.
Offsets are into the paragraph's source text. Every pattern is bounded, every
scan one pass.
"""
from __future__ import annotations

import re

from .lines import COLON, EDITOR_NOTE, is_stage_direction
from .markup import LINK_CLOSE, LINK_OPEN
from .model import Inline
from ..urls import link_problem, scheme

LINKED = re.compile(f"{LINK_OPEN}(?P<n>\\d{{1,4}}){LINK_CLOSE}(?P<words>[^{LINK_OPEN}{LINK_CLOSE}]*){LINK_CLOSE}")
BRACKETED = re.compile(r"（[^（）\n]{1,300}）|\([^()\n]{1,300}\)|\[[^\[\]\n]{1,300}\]|【[^【】\n]{1,300}】")
MORE_NOTE = re.compile(rf"^(?:編者注|编者注|編註|编注|譯者注|译者注|記者注|记者注|Editor['’]?s? note|Translator['’]?s? note)\s*{COLON}?",
                       re.I)
LOWER_DIRECTION = re.compile(r"^[a-z][a-z ,'’-]{0,40}(?: \d{1,2}(?::\d{2}){1,2}(?:\.\d{1,3})?)?$")
"""`[laughs]`, `[unintelligible 00:29:19.24]`: a square-bracketed direction in lower case."""
VOICE = re.compile(rf"^(?P<name>[^\s:：()（）\[\]]{{1,20}}?)\s*{COLON}\s*\S")
ROLES = frozenset({"問", "问", "記者", "记者", "主持", "主持人", "觀眾", "观众", "聽眾", "听众", "Q",
                   "Reporter", "Host", "Interviewer", "Audience"})
"""Who breaks into another's answer when the transcript does not name them: conventions, not anyone's name."""


def take_links(text: str, links: list[str]) -> tuple[str, list[Inline], list[str]]:
    """The text without the link marks `markup.inline` put in, the links as spans, and why each link
    that may not be published was left as its words (`links[n]` is the n-th link's address)."""
    spans: list[Inline] = []
    refused: list[str] = []
    out: list[str] = []
    position = length = 0
    for m in LINKED.finditer(text):
        out.append(text[position:m.start()])
        length += m.start() - position
        href, words = links[int(m["n"])], m["words"]
        problem = link_problem(href) or elsewhere(href) or ("" if words.strip() else f"link {href!r} has no words")
        if problem:
            refused.append(problem)
        else:
            spans.append(Inline(length, length + len(words), "link", href))
        out.append(words)
        length += len(words)
        position = m.end()
    out.append(text[position:])
    plain = "".join(out).replace(LINK_OPEN, "").replace(LINK_CLOSE, "")
    return plain, spans, refused


def elsewhere(href: str) -> str:
    """Why a relative link cannot be followed from the page (it named a file of the site the text was
    copied from); "" for an absolute link or one to a place on the page (`#…`)."""
    if scheme(href) or href.startswith("#"):
        return ""
    return f"relative link {href!r} names a file of the site the text came from, not of this one"


def bracketed_notes(text: str, speakers: frozenset[str] | set[str], taken: list[Inline]) -> list[Inline]:
    """Notes in brackets in a paragraph's words (a turn may be nothing but `[laughs]`)."""
    found: list[Inline] = []
    for m in BRACKETED.finditer(text):
        if any(s.start < m.end() and m.start() < s.end for s in taken):
            continue
        kind = note_kind(m.group()[1:-1].strip(), m.group()[0] == "[", speakers)
        if kind:
            found.append(Inline(m.start(), m.end(), kind))
    return found


def note_kind(inner: str, square: bool, speakers: frozenset[str] | set[str]) -> str:
    """"note" for an editor's note, "voice" for another speaker breaking in, "direction" for a stage
    direction; "" for words in brackets that belong to the sentence (`人工智慧（AI）`)."""
    if EDITOR_NOTE.match(inner) or MORE_NOTE.match(inner):
        return "note"
    if (m := VOICE.match(inner)) and (m["name"] in speakers or m["name"] in ROLES):
        return "voice"
    if is_stage_direction(inner) or (square and LOWER_DIRECTION.match(inner)):
        return "direction"
    return ""
