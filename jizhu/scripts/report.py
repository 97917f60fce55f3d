"""The conversion report: what the published Traditional text changes, and every ambiguous choice.

Two lists an editor can review in minutes:
- every place where a published zh-Hant page differs from the source, with
  the paragraph id, the source line and the reason;
- every one-to-many character (one Simplified character, several Traditional
  ones: 干/乾/幹, 发/髮, 面/麵, 系/係/繫 …) with the choice made and why:
  an override, a phrase OpenCC knows, OpenCC's default for the character, or
  the source's own correct form kept.
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2

from .convert import HANT, Converter, Script
from ..reading.model import Transcript
from .publish import Piece, Publisher
from ..strings import SITE_NAME

PUNCTUATION = set(",:?!;()\"“”，：？！；（）「」『』‘’ ")
CJK_RANGE = range(0x4E00, 0xA000)


PUNCTUATION_REASON = "full-width punctuation"


@dataclass(frozen=True, slots=True)
class Change:
    line: int
    paragraph: str
    source: str
    published: str
    reason: str


@dataclass(slots=True)
class Choice:
    simplified: str
    published: str
    reason: str
    places: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    path: Path
    script: Script
    changes: list[Change]
    choices: list[Choice]
    changed_characters: int


@lru_cache(maxsize=4)
def one_to_many(converter: Converter) -> dict[str, frozenset[str]]:
    """Simplified characters that stand for more than one Traditional character, from OpenCC itself."""
    chars = [chr(c) for c in CJK_RANGE]
    simplified = converter.to_simplified("\n".join(chars)).split("\n")
    groups: dict[str, set[str]] = defaultdict(set)
    for traditional, s in zip(chars, simplified):
        if len(s) == 1:
            groups[s].add(traditional)
    defaults = converter.to_traditional("\n".join(groups)).split("\n")
    found = {}
    for (s, forms), default in zip(groups.items(), defaults):
        if default != s:  # 业 is not itself written in Traditional: only 業 counts
            forms = forms - {s}
        if len(forms) > 1:
            found[s] = frozenset(forms)
    return found


def reason_at(piece: Piece, offset: int, default_of: Callable[[str], str]) -> str:
    """Why the character at `offset` in a piece's output reads as it does."""
    if piece.reason == "rule" and piece.rule is not None:
        return f"override ({piece.rule.origin})"
    if piece.reason == "inline":
        return "inline rule"
    if offset in piece.kept:
        return "source form kept"
    if piece.reason == "as-is":
        return "as written"
    if len(piece.simplified) == len(piece.out):
        return "OpenCC default" if default_of(piece.simplified[offset]) == piece.out[offset] else "OpenCC phrase"
    return "OpenCC phrase"


def transcript_report(transcript: Transcript, publisher: Publisher, script: Script = HANT) -> Report:
    converter = publisher.converter
    ambiguous = one_to_many(converter)
    default_of = lru_cache(maxsize=None)(lambda char: converter.from_simplified(char, script))
    changes: list[Change] = []
    choices: dict[tuple[str, str, str], Choice] = {}
    changed = 0
    for paragraph in transcript.paragraphs():
        pieces = publisher.pieces(paragraph.text, script)
        out = "".join(p.out for p in pieces)
        reasons: list[str] = []
        for piece in pieces:
            reasons += [reason_at(piece, i, default_of) for i in range(len(piece.out))]
            if piece.reason in ("opencc", "rule", "as-is") and len(piece.simplified) == len(piece.out):
                for i, (s, c) in enumerate(zip(piece.simplified, piece.out)):
                    if s in ambiguous:
                        key = (s, c, reasons[len(reasons) - len(piece.out) + i])
                        choice = choices.setdefault(key, Choice(s, c, key[2]))
                        choice.places.append(paragraph.id)
        matcher = difflib.SequenceMatcher(None, paragraph.text, out, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                continue
            changed += max(a2 - a1, b2 - b1)
            before, after = paragraph.text[a1:a2], out[b1:b2]
            if set(before + after) <= PUNCTUATION:
                why = PUNCTUATION_REASON
            else:
                why = ", ".join(dict.fromkeys(reasons[b1:b2])) or "removed"
            context = (max(0, a1 - 1), a2 + 1, max(0, b1 - 1), b2 + 1)
            changes.append(Change(paragraph.line, paragraph.id, paragraph.text[context[0]:context[1]],
                                  out[context[2]:context[3]], why))
    ordered = sorted(choices.values(), key=lambda c: (c.simplified, -len(c.places), c.published))
    return Report(transcript.path, script, changes, ordered, changed)


def report_page(reports: list[Report], env: jinja2.Environment, root: str = "../") -> str:
    """The report as an HTML page (templates/report.html), for the preview server."""
    return env.get_template("report.html").render(reports=reports, root=root, site_name=SITE_NAME)


def report_index(transcripts: list[Transcript], env: jinja2.Environment, root: str = "../") -> str:
    """The preview's list of reports, one link per transcript (templates/report_index.html)."""
    return env.get_template("report_index.html").render(transcripts=transcripts, root=root, site_name=SITE_NAME)


def format_report(report: Report) -> str:
    lines = [f"{report.path}: published {report.script.lang} differs from the source in "
             f"{len(report.changes)} places ({report.changed_characters} characters)"]
    punctuation: dict[tuple[int, str], list[Change]] = defaultdict(list)
    for c in report.changes:
        if c.reason == PUNCTUATION_REASON:  # many per paragraph: one line each, every mark shown
            punctuation[(c.line, c.paragraph)].append(c)
        else:
            lines.append(f"{report.path}:{c.line}: {c.paragraph}: {c.source} → {c.published}  ({c.reason})")
    for (line, paragraph), marks in punctuation.items():
        shown = " ".join(f"{m.source}→{m.published}" for m in marks)
        lines.append(f"{report.path}:{line}: {paragraph}: {PUNCTUATION_REASON} ×{len(marks)}: {shown}")
    lines.append(f"{report.path}: one-to-many characters, Simplified → {report.script.lang} (choice, why, where)")
    for c in report.choices:
        places = " ".join(dict.fromkeys(c.places))
        shown = places if len(places) < 80 else places[:77] + "…"
        lines.append(f"  {c.simplified} → {c.published} ×{len(c.places)}  {c.reason}: {shown}")
    return "\n".join(lines)
