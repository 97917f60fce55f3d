"""The conversion report: what an editor should check, riskiest first.

- For a Traditional source: every place where the published zh-Hant text differs from
  the source, with its reason (a character repaired because the text writes it one way
  throughout, a Simplified character converted, an override, punctuation).
- For every source: the one-to-many choices (one Simplified character, several
  Traditional forms: 发 → 發/髮, 后 → 後/后, 了 → 了/瞭), grouped by word with counts:
  first where the word check overrode OpenCC's phrase (a phrase crossing a word
  boundary), then rare forms chosen by a phrase (總髮, 元后), then overrides, then the
  rest; within each, the words jieba's word list knows least first (a phrase no one writes
  as a word, 个事 in 这个|事, before 关系). Characters whose forms differ only in glyph
  (为 → 爲/為) are left out.
`format_report` prints about 200 lines for a 40 KB interview; `full=True` prints all.
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .convert import HANT, Script
from ..reading.model import Transcript
from .dictionary import FRONT_MATTER_NAME
from .names import FOUND_NAME
from .publish import Piece, Publisher
from .tables import char_forms, one_to_many, same_character, word_around, word_frequencies
from ..strings import SITE_NAME

PUNCTUATION = set(",:?!;.()\"“”，：？！；。（）「」『』‘’ ")
PUNCTUATION_REASON = "full-width punctuation"
SHOWN_CHANGES = 60
SHOWN_CHOICES = 120
RISK = {"word check": 0, "rare form": 1, "rule": 2, "phrase": 3, "default": 4}
"""Order of the choices: the word check overrode a phrase; a phrase chose a form other than the
character's default; an override; other phrases; default forms."""


@dataclass(frozen=True, slots=True)
class Change:
    line: int
    paragraph: str
    source: str
    published: str
    reason: str
    risk: int = 7
    """`CHANGE_RISK`: 0 is the change most worth checking."""


@dataclass(slots=True)
class Choice:
    """One word's Traditional form, with how often and where."""

    simplified: str
    published: str
    reason: str
    places: list[str] = field(default_factory=list)

    @property
    def risk(self) -> int:
        return reason_risk(self.reason)


@dataclass(slots=True)
class Report:
    path: Path
    script: Script
    changes: list[Change]
    choices: list[Choice]
    changed_characters: int
    source_lang: str = "zh-Hant"
    decision: str = ""
    """For a Traditional source, what the repair decided (`converted_summary`)."""


def two_forms(char: str) -> bool:
    """Whether a Simplified character's Traditional forms differ in more than glyph (发: 發/髮; not 为: 爲/為)."""
    forms = one_to_many().get(char)
    return bool(forms) and any(not same_character(forms[0], f) for f in forms[1:])


CHANGE_RISK = {"repaired on one word": 0, "repaired by front matter": 1, "name": 2, "repaired": 3, "override": 4,
               "inline rule": 4, "converted": 5, "glyph": 6}
"""Order of a Traditional source's changes, riskiest first: a repair on the least evidence, one the editor
asked for, a name's character, other repairs, overrides, Simplified characters, the converter's glyphs."""


def change_risk(reason: str) -> int:
    return min((rank for prefix, rank in CHANGE_RISK.items() if reason.startswith(prefix)), default=7)


def reason_at(piece: Piece, offset: int, publisher: Publisher) -> str:
    """Why the character at `offset` in a piece's output reads as it does."""
    if piece.reason == "rule" and piece.rule is not None:
        return f"override ({piece.rule.origin})"
    if piece.reason == "inline":
        return "inline rule"
    if piece.reason == "name":
        changed = piece.out[offset] != piece.source[offset] and publisher.source_lang == "zh-Hant"
        if changed and piece.rule is not None and piece.rule.origin == FRONT_MATTER_NAME and \
                piece.out == piece.rule.form("zh-Hant"):
            return f"name: {piece.out} as front matter writes it"
        if changed and piece.rule is not None and piece.rule.origin in ("name", FRONT_MATTER_NAME):
            return f"name: {piece.source[offset]} is a character the converter damaged throughout the text"
        if changed and piece.rule is not None and piece.rule.origin == FOUND_NAME:
            return f"name found after an office, published as {piece.out}"
        return "name, kept whole"
    if piece.reason == "source":
        if offset in piece.repaired:
            return repair_reason(piece.simplified[offset], piece.source[offset], piece.out[offset], publisher)
        if offset in piece.kept:
            return "source form kept"
        if piece.out[offset] == piece.source[offset]:
            return PUNCTUATION_REASON if piece.out[offset] in PUNCTUATION else "as written"
        if same_character(piece.out[offset], piece.source[offset]):
            return f"glyph: the converter's {piece.source[offset]}, the script's {piece.out[offset]}"
        return "converted (a Simplified character)"
    return {"as-is": "as written", "t2s": "OpenCC t2s"}.get(piece.reason, piece.reason)


def repair_reason(s: str, source: str, out: str, publisher: Publisher) -> str:
    evidence = publisher.evidence.get(s)
    if s not in publisher.forms:
        return f"glyph: the converter's {source}, the script's {out} (the text was converted mechanically)"
    # what the text writes, as it writes it (麵, where the evidence counts OpenCC's standard glyph 麪)
    writes = f"writes {s} as {source}" if source != s else f"writes {s}"
    if evidence is not None and not evidence.against and publisher.forced is None:
        converted = f"the text was converted mechanically and {writes} throughout"
        if evidence.regional:
            return f"repaired on one word: {converted}; standing alone, its region writes {out}"
        return f"repaired on one word: {converted}, in no word that calls for {source}"
    if evidence is None or not evidence.against:
        return f"repaired by front matter (converted): {source} → {out}"
    words = ", ".join(w for w, _ in evidence.against.most_common(3))
    if publisher.forced is not None:
        return f"repaired by front matter (converted): the text {writes} ({words} …)"
    if not evidence.damaged(words=publisher.words):
        return f"repaired on one word: the text was converted mechanically and {writes} throughout, even in {words}"
    return f"repaired: the text {writes} throughout ({words} …)"


def transcript_report(transcript: Transcript, publisher: Publisher, script: Script = HANT) -> Report:
    changes: list[Change] = []
    choices: dict[tuple[str, str, str], Choice] = {}
    changed = 0
    for paragraph in transcript.paragraphs():
        pieces = publisher.pieces(paragraph.text, script)
        out = "".join(p.out for p in pieces)
        reasons: list[str] = []
        for piece in pieces:
            reasons += [reason_at(piece, i, publisher) for i in range(len(piece.out))]
            for word, published, why in decisions(piece):
                choices.setdefault((word, published, why), Choice(word, published, why)).places.append(paragraph.id)
        if publisher.source_lang == "zh-Hans":
            continue  # every character changes script: the choices say what matters
        for a1, a2, b1, b2 in differences(paragraph.text, out):
            changed += max(a2 - a1, b2 - b1)
            before, after = paragraph.text[a1:a2], out[b1:b2]
            if set(before + after) <= PUNCTUATION:
                why = PUNCTUATION_REASON
            else:
                why = ", ".join(dict.fromkeys(reasons[b1:b2])) or "removed"
            context = (max(0, a1 - 1), a2 + 1, max(0, b1 - 1), b2 + 1)
            changes.append(Change(paragraph.line, paragraph.id, paragraph.text[context[0]:context[1]],
                                  out[context[2]:context[3]], why,
                                  min((change_risk(r) for r in reasons[b1:b2]), default=7)))
    changes.sort(key=lambda c: c.risk)  # stable: in reading order within a rank
    # Within a reason, the words the word list knows least first: OpenCC's phrase for a common word (关系 →
    # 關係) is as sure as a choice gets, one for a word nobody writes (个事 of 这个|事) matched across words.
    frequency = word_frequencies()
    ordered = sorted(choices.values(), key=lambda c: (c.risk, frequency.get(c.simplified, 0), len(c.places),
                                                      c.simplified))
    return Report(transcript.path, script, changes, ordered, changed, publisher.source_lang,
                  converted_summary(publisher))


def differences(before: str, after: str) -> list[tuple[int, int, int, int]]:
    """(a1, a2, b1, b2) of each stretch where `after` differs from `before`: character by character where
    the lengths agree (conversion keeps them; linear in the text), else difflib's opcodes."""
    if len(before) != len(after):
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        return [(a1, a2, b1, b2) for op, a1, a2, b1, b2 in matcher.get_opcodes() if op != "equal"]
    found = []
    i, n = 0, len(before)
    while i < n:
        if before[i] == after[i]:
            i += 1
            continue
        j = i
        while j < n and before[j] != after[j]:
            j += 1
        found.append((i, j, i, j))
        i = j
    return found


def converted_summary(publisher: Publisher) -> str:
    """What the repair decided for a Traditional source, in one line."""
    if publisher.source_lang != "zh-Hant":
        return ""
    damaged = " ".join(sorted(publisher.damaged))
    region = f"; read as {REGION_NAMES[publisher.region]}'s ({publisher.region_why}"
    if publisher.region_why != "front matter":  # guessed: say how to say otherwise
        other = "TW" if publisher.region == "HK" else "HK"
        region += f'; front matter region = "{other}" reads it as {REGION_NAMES[other]}\'s'
    region += ")"
    if publisher.forced is not None:
        return f"front matter converted = {publisher.forced!r}: repaired {damaged or 'nothing'}{region}"
    if publisher.converted:
        return (f"converted mechanically (characters written one way in words calling for another); "
                f"repaired {damaged}; its glyphs in the script's standard forms{region}{AS_WRITTEN}")
    if damaged:
        return f"written as it should read; repaired {damaged}{region}{AS_WRITTEN}"
    return f"written as it should read; nothing repaired{region}"


AS_WRITTEN = "; if it was written so by hand, front matter converted = false publishes it as written"
"""The way out of a repair the editor disagrees with (OpenCC's 車伕 for a writer's standard 車夫): the
decision is read from a few words, and only the editor knows who wrote the text."""


REGION_NAMES = {"HK": "Hong Kong", "TW": "Taiwan"}


def decisions(piece: Piece) -> list[tuple[str, str, str]]:
    """(Simplified word, Traditional word, why) for each two-form character the piece decides."""
    if piece.reason in ("inline", "name", "t2s", "as-is", "source") or len(piece.simplified) != len(piece.out):
        return []
    found = []
    is_word = len(piece.simplified) > 1 and piece.reason != "default" and piece.reason != "source"
    for i, s in enumerate(piece.simplified):
        if not two_forms(s):
            continue
        if is_word:
            word, published = piece.simplified, piece.out
        else:  # a run of default forms: the word around the character, or the character
            word = word_around(piece.simplified, i) or s
            start = piece.simplified.find(word, max(0, i - len(word) + 1))
            published = piece.out[start:start + len(word)]
        why = "rule" if piece.reason == "rule" else piece.reason
        if why == "phrase" and piece.out[i] != char_forms()[s][0] and not same_character(piece.out[i],
                                                                                         char_forms()[s][0]):
            why = "rare form"
        if why == "source":
            why = "default"
        if why == "rule" and piece.rule is not None:
            why = f"rule ({piece.rule.origin})"
        found.append((word, published, why))
    # A word is one decision, listed once under its riskiest reason: 几分钟's 鐘 is a rare form, its 幾
    # the default, and the word stood twice in the list, once for each.
    riskiest: dict[tuple[str, str], str] = {}
    for word, published, why in found:
        kept = riskiest.get((word, published))
        if kept is None or reason_risk(why) < reason_risk(kept):
            riskiest[(word, published)] = why
    return [(word, published, why) for (word, published), why in riskiest.items()]


def reason_risk(why: str) -> int:
    return RISK.get(why.split(" (")[0], 5)


def report_page(reports: list[Report], env: jinja2.Environment, root: str = "../") -> str:
    """The report as an HTML page (templates/report.html), for the preview server."""
    return env.get_template("report.html").render(reports=reports, root=root, site_name=SITE_NAME)


def report_index(transcripts: list[Transcript], env: jinja2.Environment, root: str = "../") -> str:
    """The preview's list of reports, one link per transcript (templates/report_index.html)."""
    return env.get_template("report_index.html").render(transcripts=transcripts, root=root, site_name=SITE_NAME)


def format_report(report: Report, full: bool = False) -> str:
    """The report as text; unless `full`, the changes and choices most worth checking, with a count of the rest."""
    if report.source_lang == "zh-Hans":  # every character changes script: no change is listed, only choices
        lines = [f"{report.path}: source zh-Hans; published {report.script.lang} converted from it, "
                 f"{sum(len(c.places) for c in report.choices)} one-to-many choices"]
    else:
        lines = [f"{report.path}: source {report.source_lang}; published {report.script.lang} differs from the source "
                 f"in {len(report.changes)} places ({report.changed_characters} characters), riskiest first"]
    if report.decision:
        lines.append(f"{report.path}: {report.decision}")
    punctuation: dict[tuple[int, str], list[Change]] = defaultdict(list)
    words = [c for c in report.changes if c.reason != PUNCTUATION_REASON]
    for c in report.changes:
        if c.reason == PUNCTUATION_REASON:
            punctuation[(c.line, c.paragraph)].append(c)
    for c in words if full else words[:SHOWN_CHANGES]:
        lines.append(f"{report.path}:{c.line}: {c.paragraph}: {c.source} → {c.published}  ({c.reason})")
    if not full and len(words) > SHOWN_CHANGES:
        lines.append(f"  … {len(words) - SHOWN_CHANGES} more changes (--all shows them)")
    if full:
        for (line, paragraph), marks in punctuation.items():
            shown = " ".join(f"{m.source}→{m.published}" for m in marks)
            lines.append(f"{report.path}:{line}: {paragraph}: {PUNCTUATION_REASON} ×{len(marks)}: {shown}")
    elif punctuation:
        lines.append(f"  {PUNCTUATION_REASON}: {sum(map(len, punctuation.values()))} marks in "
                     f"{len(punctuation)} paragraphs (--all lists them)")
    if not report.choices:  # a Traditional source published as written chose nothing
        return "\n".join(lines)
    lines.append(f"{report.path}: one-to-many choices, Simplified → {report.script.lang}, riskiest first "
                 "(word, choice ×times, why: where)")
    shown = report.choices if full else report.choices[:SHOWN_CHOICES]
    for c in shown:
        places = " ".join(dict.fromkeys(c.places))
        where = places if full or len(places) < 60 else places[:57] + "…"
        lines.append(f"  {c.simplified} → {c.published} ×{len(c.places)}  {c.reason}: {where}")
    if len(shown) < len(report.choices):
        lines.append(f"  … {len(report.choices) - len(shown)} more words, all default forms or known phrases "
                     "(--all shows them)")
    return "\n".join(lines)
