"""A transcript's parse as short indented text, for fixture cases a person can read and write."""
from __future__ import annotations

from jizhu.reading.model import Pair, Paragraph, Transcript, Turn


def shown(p: Paragraph) -> str:
    """A paragraph's text, with what is not plain text about it: [note], [marker], [media …], @seconds, [en],
    and after it each span in it: {link words address}, {note …}, {voice …}, {direction …}."""
    marks = [f"[{p.kind}{' ' + p.media.kind + ' ' + p.media.src if p.media else ''}]"] if p.kind != "text" else []
    marks += [f"@{p.time:g}"] if p.time is not None else []
    marks += ["[en]"] if p.lang == "en" else []
    spans = [f"{{{s.kind} {p.text[s.start:s.end]}{' ' + s.href if s.href else ''}}}" for s in p.spans]
    return " ".join(marks + [p.text] + spans)


def turn_lines(turn: Turn, indent: str) -> list[str]:
    speaker = turn.speaker or "-"
    return [f"{indent}{turn.role} {speaker} {p.id}: {shown(p)}" for p in turn.paragraphs]


def outline(t: Transcript) -> str:
    out: list[str] = [f"title: {t.title}"]
    if t.lang != "zh":
        out.append(f"lang: {t.lang}")
    out += [f"cast {p.id}: {p.text}" for p in t.cast]
    if t.headline:
        out.append(f"headline: {t.headline.text}")
    out += [f"intro {p.id}: {shown(p)}" for p in t.intro]
    if t.key_points:
        if t.key_points.lead:
            out.append(f"key-lead {t.key_points.lead.id}: {t.key_points.lead.text}")
        out += [f"key {p.id}: {p.text}" for p in t.key_points.points]
    out += [f"lead-in {p.id}: {p.text}" for p in t.lead_in]
    for section in t.sections:
        under = f" (level {section.level})" if section.level > 1 else ""
        out.append(f"section {section.id}{under} {section.number} {section.title}".rstrip())
        for item in section.items:
            if isinstance(item, Pair):
                out.append(f"pair {item.id}")
                for turn in item.turns:
                    out += turn_lines(turn, "  ")
            else:
                out.append(f"turn {item.id}{' (continued)' if item.continued else ''}")
                out += turn_lines(item, "  ")
    return "\n".join(out)
