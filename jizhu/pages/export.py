"""The machine-readable export: a transcript as JSON, text keyed by script.

The same structure is written to `site/data/<slug>.json` and printed by
`python build.py parse FILE`. Its shape is documented in the README.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from ..scripts.convert import Script
from ..notes.marks import note_view
from ..reading.model import Note, Pair, Paragraph, Section, Transcript, Turn
from ..scripts.publish import Publisher

FORMAT_VERSION = 1


class Exporter:
    def __init__(self, transcript: Transcript, publisher: Publisher, scripts: tuple[Script, ...]):
        self.transcript = transcript
        self.publisher = publisher
        self.scripts = scripts
        self._texts: dict[str, dict[str, str]] = {}
        self.aliases: dict[str, list[str]] = {}
        """Live id -> the retired ids that land on it (so a site built from the export can redirect them)."""
        for r in transcript.retired:
            self.aliases.setdefault(r.at, []).append(r.id)

    def texts(self, script: Script) -> dict[str, str]:
        """Every paragraph's published text in `script`, by id: made once, for all the notes."""
        if script.key not in self._texts:
            self._texts[script.key] = {p.id: self.publisher.text(p.text, script) for p in self.transcript.paragraphs()}
        return self._texts[script.key]

    def text(self, source: str) -> dict[str, str]:
        """Published text in every script: {"zh-Hant": …, "zh-Hans": …, and any variant}."""
        return {s.lang: self.publisher.text(source, s) for s in self.scripts}

    def named(self, id_: str) -> dict[str, Any]:
        """`id`, and `aliases` when retired ids land here."""
        return {"id": id_, "aliases": self.aliases[id_]} if id_ in self.aliases else {"id": id_}

    def paragraph(self, p: Paragraph) -> dict[str, Any]:
        found: dict[str, Any] = self.named(p.id) | {"line": p.line, "text": self.text(p.text)}
        if p.kind != "text":
            found["kind"] = p.kind
        if p.media:
            found["media"] = {"type": p.media.kind, "src": p.media.src, "alt": p.media.alt}
        if p.time is not None:
            found["time"] = p.time
        if p.lang:
            found["lang"] = p.lang
        return found

    def turn(self, t: Turn) -> dict[str, Any]:
        found = {"type": "turn"} | self.named(t.id) | {"line": t.line, "speaker": self.text(t.speaker),
                                                      "role": t.role, "paragraphs": [self.paragraph(p) for p in t.paragraphs]}
        if t.continued:
            found["continued"] = True
        return found

    def item(self, item: Pair | Turn) -> dict[str, Any]:
        if isinstance(item, Turn):
            return self.turn(item)
        return {"type": "pair"} | self.named(item.id) | {"line": item.line, "turns": [self.turn(t) for t in item.turns]}

    def section(self, s: Section) -> dict[str, Any]:
        return self.named(s.id) | {"line": s.line, "number": s.number, "title": self.text(s.title),
                                   "items": [self.item(i) for i in s.items]}

    def note(self, n: Note) -> dict[str, Any]:
        """Where a note is, the words it quotes and its body HTML, in every script (images under the site root)."""
        views = {s.lang: note_view(n, self.texts(s), self.publisher, s, "") for s in self.scripts}
        first = n.places[self.scripts[0].key]
        return {"id": n.id, "target": first.paragraph if n.quote else n.target,
                "quote": {lang: v.quote for lang, v in views.items()},
                "body": {lang: str(v.body) for lang, v in views.items()}}

    def document(self) -> dict[str, Any]:
        t = self.transcript
        kp = t.key_points
        return {
            "format": FORMAT_VERSION,
            "slug": t.slug,
            "title": self.text(t.title),
            "date": t.meta.date,
            "source": self.text(t.meta.source),
            "source_url": t.meta.source_url,
            "source_script": t.script,
            "media": t.meta.media,
            "lang": t.lang,
            "front_matter": t.meta.extra,
            "cast": [self.paragraph(p) for p in t.cast],
            "speakers": [{"label": self.text(name), "role": role} for name, role in roles_of(t).items()],
            "headline": self.paragraph(t.headline) if t.headline else None,
            "intro": [self.paragraph(p) for p in t.intro],
            "key_points": {"lead": self.paragraph(kp.lead) if kp.lead else None,
                           "points": [self.paragraph(p) for p in kp.points]} if kp else None,
            "lead_in": [self.paragraph(p) for p in t.lead_in],
            "sections": [self.section(s) for s in t.sections],
            "notes": [self.note(n) for n in t.notes],
            "retired": [{"id": r.id, "at": r.at, "why": r.why} for r in t.retired],
        }


def roles_of(transcript: Transcript) -> dict[str, str]:
    """Each speaker's role, in the order of `transcript.speakers`: the role most of their turns have (a
    speaker can be `other` before the first question), the first in alphabetical order on a tie. One pass
    over the turns, not one per speaker."""
    counted: dict[str, Counter] = {name: Counter() for name in transcript.speakers}
    for turn in transcript.turns:
        if turn.speaker in counted:
            counted[turn.speaker][turn.role] += 1
    return {name: max(sorted(roles), key=roles.__getitem__) if roles else "other" for name, roles in counted.items()}


def export(transcript: Transcript, publisher: Publisher, scripts: tuple[Script, ...]) -> dict[str, Any]:
    return Exporter(transcript, publisher, scripts).document()
