"""CHAT transcripts (the CHILDES/TalkBank format of spoken-language corpora) read as turns.

What is supported: `@` header lines (participants become the cast, `@Date` the
date, the rest is kept in the JSON export), `*XXA:` utterances with their tab
continuation lines, consecutive utterances of one speaker as the paragraphs of
one turn. Dependent tiers (`%mor`, `%gra`, …) are analysis, not text: they are
left out. The corpus's word segmentation (spaces between Han words) is undone so
the text reads as Chinese; Latin words keep their spaces. Not supported: CHAT's
inline codes (`[/]`, `&-um`, `xxx`, `@s` markers) are published as written, and
media bullets (time marks) are not read.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from . import lines as L
from .model import FrontMatter
from .source import Line

UTTERANCE = re.compile(r"^\*(?P<code>[^:\s]{1,10}):\s*(?P<text>.*)$")
HEADER = re.compile(r"^@(?P<key>[^:\t]{1,40})(?::\s*(?P<value>.*))?$")
SEGMENT_SPACE = re.compile(rf"(?<=[{L.HAN}，。？！、,.?!○]) +(?=[{L.HAN}，。？！、,.?!○])")


def is_chat(body: list[Line]) -> bool:
    first = next((line.text.strip() for line in body if line.text.strip()), "")
    return first in ("@UTF8", "@Begin")


def unsegmented(text: str) -> str:
    """`佢哋 嘅 fans 呢 .` → `佢哋嘅 fans 呢.`: the spaces between Han words go, Latin words keep theirs."""
    return SEGMENT_SPACE.sub("", " ".join(text.split()))


def records(body: list[Line]) -> list[tuple[int, str]]:
    """Each header, utterance or tier with its continuation lines (starting with a tab) joined."""
    out: list[tuple[int, list[str]]] = []
    for line in body:
        if line.text.startswith("\t") and out:
            out[-1][1].append(line.text.strip())
        elif line.text.strip():
            out.append((line.number, [line.text.strip()]))
    return [(number, " ".join(parts)) for number, parts in out]


def logical_lines(body: list[Line], path: Path):
    """The utterances as logical label and text lines, the speakers, and the header facts."""
    from .parse import Logical
    headers: dict[str, str] = {}
    participants: dict[str, str] = {}
    described: dict[str, str] = {}
    out: list[Logical] = []
    speakers: list[str] = []
    previous = ""
    for number, text in records(body):
        if m := HEADER.match(text):
            key, value = m["key"].strip(), (m["value"] or "").strip()
            if key == "Participants":
                for part in value.split(","):
                    words = part.split()
                    if words:
                        participants[words[0]] = words[1] if len(words) > 1 else words[0]
            elif key == "ID":
                fields = value.split("|")
                if len(fields) > 2:
                    described[fields[2]] = ", ".join(f.strip(" ;") for f in fields[3:] if f.strip(" ;"))
            elif key not in ("UTF8", "Begin", "End"):
                headers[key] = value
            continue
        m = UTTERANCE.match(text)
        if not m:
            continue  # a dependent tier (%mor: …) or a comment: analysis, not speech
        code = known_code(m["code"], participants)
        name = participants.get(code, code)
        words = unsegmented(m["text"])
        if not words:
            continue
        if name == previous:
            out.append(Logical("text", words, number))
        else:
            out.append(Logical("label", words, number, label=L.Label(name, words, "chat")))
        previous = name
        if name not in speakers:
            speakers.append(name)
    cast = [Logical("legend", f"{participants[code]} ({code}): {described[code]}" if described.get(code)
                    else f"{participants[code]} ({code})", 1) for code in participants]
    meta = FrontMatter(date=chat_date(headers.pop("Date", "")), extra={"chat": headers} if headers else {})
    return cast + out, speakers, meta


def known_code(code: str, participants: dict[str, str]) -> str:
    """A speaker code as declared; an irregular one (`XB*` for `XXB`) is matched to the one
    declared code it ends like, else kept as written."""
    if code in participants:
        return code
    bare = re.sub(r"[^A-Za-z0-9]", "", code)
    matches = [c for c in participants if bare and c.endswith(bare)]
    return matches[0] if len(matches) == 1 else code


def chat_date(text: str) -> str:
    """CHAT's `07-MAR-1998` as ISO `1998-03-07`; anything else as written."""
    try:
        return datetime.strptime(text, "%d-%b-%Y").date().isoformat()
    except ValueError:
        return text


def merged(meta: FrontMatter, found: FrontMatter) -> FrontMatter:
    """Front matter the editor wrote wins over what the CHAT headers say."""
    return replace(meta, date=meta.date or found.date, extra={**found.extra, **meta.extra})
