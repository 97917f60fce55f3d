"""The parse of one transcript at a glance, as `check` prints it: is this how the text reads?"""
from __future__ import annotations

from collections import Counter

from .model import Transcript


def turn_counts(t: Transcript) -> dict[str, Counter[str]]:
    """Speaker -> role -> turns, in order of first appearance; a continued turn is not a new one."""
    counts: dict[str, Counter[str]] = {}
    for turn in t.turns:
        if not turn.continued:
            counts.setdefault(turn.speaker, Counter())[turn.role] += 1
    return counts


def parse_summary(t: Transcript, shown_path: str) -> list[str]:
    """Lines describing the parse: title, speakers with roles and turns, sections, pairs,
    timestamps, and each line that looked like a label or marker but was not taken (path:line)."""
    paragraphs = t.paragraphs()
    kinds = Counter(p.kind for p in paragraphs)
    turns = sum(sum(c.values()) for c in turn_counts(t).values())
    dated = f"dated {t.meta.date}; " if t.meta.date else "no date; "
    out = [f"{shown_path}: {t.title!r} ({t.lang}; {dated}{len(t.sections)} section(s), {turns} turns, "
           f"{len(t.pairs)} pairs, {sum(p.time is not None for p in paragraphs)} timestamps)"]
    speakers = []
    for name, roles in turn_counts(t).items():
        shown = ", ".join(f"{role} {n}" for role, n in sorted(roles.items(), key=lambda r: -r[1]))
        speakers.append(f"{name or '(narration)'}: {shown}")
    out.append("  speakers: " + "; ".join(speakers))
    if t.read_as:
        out.append(f"  read as: {t.read_as}")
    if t.cast:
        out.append("  cast: " + " | ".join(p.text for p in t.cast))
    for s in t.sections:
        title = f"{s.number} {s.title}".strip() or "(untitled)"
        under = f" (level {s.level})" if s.level > 1 else ""
        out.append(f"  section {s.id}{under} {title}: {len(s.turns)} turns, {len(s.pairs)} pairs")
    spans = Counter(s.kind for p in paragraphs for s in p.spans)
    extra = [f"{kinds[k]} {k}" for k in ("note", "marker", "media") if kinds[k]]
    extra += [f"{spans[k]} {shown} in the text" for k, shown in (("link", "link"), ("note", "editor's note"),
                                                                   ("voice", "voice breaking in"),
                                                                   ("direction", "stage direction")) if spans[k]]
    if extra:
        out.append("  also: " + ", ".join(extra))
    english = sum(p.lang == "en" for p in paragraphs)
    if english and t.lang != "en":
        out.append(f"  English paragraphs: {english} of {len(paragraphs)}")
    if t.meta.extra:
        out.append("  front matter kept, not published: " + ", ".join(sorted(t.meta.extra)))
    for alias in t.aliases:
        out.append(f"  same speaker: {shown_path}:{alias.line}: {alias.label!r} is {alias.speaker!r}: {alias.why}")
    for skipped in t.skipped:
        out.append(f"  not taken: {shown_path}:{skipped.line}: {skipped.text[:60]!r}: {skipped.why}")
    return out
