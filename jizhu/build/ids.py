"""The build's side of the id ledger: refuse to retire an id something links to, and write the ledger.

Matching a transcript to its ledger happens when it is read (`reading/relabel.py`),
the same in `build`, `check` and the preview. Only `build` writes, and only after
the site was written: a build that fails leaves every ledger as it was.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import ContentError, Problem
from ..notes.notes import read_notes
from ..reading.model import Note, Retired, Term, Transcript

LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?\s*$|<((?:https?://|\.{0,2}/|#)[^>\s]+)>", re.M)
"""Markdown link targets: inline `[a](url)`, reference definitions `[a]: url` and autolinks `<url>`."""


def linked_ids(url: str, own_slug: str, slugs: set[str]) -> tuple[str, str] | None:
    """(slug, id) a link points at: `#id` (own transcript), `…/<slug>/#id` or a share page `…/<slug>/<id>/`."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https"):
        return None
    segments = [unquote(s) for s in parts.path.split("/") if s and s not in (".", "..")]
    if not segments:
        return (own_slug, unquote(parts.fragment)) if own_slug and parts.fragment else None
    for n, segment in enumerate(segments):
        if segment in slugs:
            if parts.fragment:
                return segment, unquote(parts.fragment)
            if n + 1 < len(segments):
                return segment, segments[n + 1]
    return None


def why_broken(r: Retired) -> str:
    if r.why == "merged":
        return f"{r.id} was joined into {r.at} by an edit"
    return f"{r.id} was removed by an edit" + (f" (its link now lands at {r.at})" if r.at else "")


def check_retired_links(transcripts: list[Transcript], glossary: list[Term]) -> None:
    """A note's target, a note's link or a glossary definition's link naming a retired id stops the build."""
    retired = {t.slug: retired_table(t) for t in transcripts if t.retired}
    if not retired:
        return
    problems: list[Problem] = []
    for transcript in transcripts:
        notes, _ = read_notes(transcript)  # their own problems are reported when they are placed
        own = retired.get(transcript.slug, {})
        for note in notes:
            if note.target in own:
                problems.append(Problem(note.path, note.key_lines.get("target", 1),
                                        f"target {note.target}: {own[note.target]}; point the note at a live id"))
        problems += broken_links(note_links(notes), transcript.slug, retired)
    problems += broken_links([link for term in glossary for link in links_in(term.definition, term.path, term.line)],
                             "", retired)
    if problems:
        raise ContentError(problems)


@dataclass(frozen=True, slots=True)
class NoteLink:
    """A link written in a note: plain data, kept in the build cache with its transcript."""

    url: str
    path: str
    line: int


def links_in(text: str, path: Path, first_line: int) -> list[NoteLink]:
    return [NoteLink(next(g for g in m.groups() if g), str(path), first_line + text.count("\n", 0, m.start()))
            for m in LINK.finditer(text)]


def note_links(notes: list[Note]) -> list[NoteLink]:
    return [link for note in notes for link in links_in(note.body, note.path, note.body_line)]


def retired_table(transcript: Transcript) -> dict[str, str]:
    """{retired id: why a link to it is broken}: plain data, kept in the build cache."""
    return {r.id: why_broken(r) for r in transcript.retired}


def broken_links(links: list[NoteLink], own_slug: str, retired: dict[str, dict[str, str]]) -> list[Problem]:
    """A problem for each link naming an id that `retired` ({slug: retired_table}) lists."""
    problems: list[Problem] = []
    slugs = set(retired)
    for link in links:
        found = linked_ids(link.url, own_slug, slugs)
        if found and found[1] in retired.get(found[0], {}):
            problems.append(Problem(Path(link.path), link.line, f"links to {found[0]}#{found[1]}, but "
                                    f"{retired[found[0]][found[1]]}: link to a live id"))
    return problems


def check_links_across(links: Iterable[tuple[str, list[NoteLink]]], retired: dict[str, dict[str, str]]) -> None:
    """Links from one transcript's notes to another's retired ids. A worker checks a transcript's links
    to itself; only the build as a whole knows every transcript's retired ids and every note's links.
    `links`: (slug, its notes' links), taken one transcript at a time (a build reads them back from disk)."""
    retired = {slug: table for slug, table in retired.items() if table}
    problems = [problem for slug, found in links
                for problem in broken_links(found, slug, {other: t for other, t in retired.items() if other != slug})]
    if problems:
        raise ContentError(problems)


@dataclass(frozen=True, slots=True)
class LedgerUpdate:
    """A ledger to write once the build succeeded, and what to say about it (plain data: it comes back
    from a worker process)."""

    path: Path
    text: str
    said: str


def ledger_update(transcript: Transcript) -> LedgerUpdate | None:
    """What this build changes in the transcript's ledger, None when nothing."""
    changes = transcript.ids
    if changes is None or not changes.stale:
        return None
    if changes.renumbered:
        said = (f"{changes.path}: ids of {transcript.slug} re-assigned from scratch by position "
                "(--renumber); the earlier ledger, its retired ids included, is forgotten")
    elif changes.previous is None:
        said = f"{changes.path}: wrote the id ledger ({len(changes.new)} ids); commit it with the transcript"
    else:
        said = (f"{changes.path}: {len(changes.new)} new id(s), {len(changes.retired)} retired; "
                "commit it with the transcript")
    return LedgerUpdate(changes.path, changes.text, said)


def write_ledgers(updates: list[LedgerUpdate]) -> list[str]:
    """Write the ledgers a build changed, after the site was written; what each one records."""
    for update in updates:
        write_file(update.path, update.text)
    return [update.said for update in updates]


def write_file(path: Path, text: str) -> None:
    """Write through a temporary file and a rename, so a ledger is never half-written."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(temporary, 0o644)  # mkstemp makes it 0600; the ledger is an ordinary content file
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def id_report(transcript: Transcript) -> list[str]:
    """What `check` says about a transcript's ids: what changed since its ledger, and every guess."""
    changes = transcript.ids
    if changes is None:
        return []
    if changes.previous is None or changes.renumbered:
        return [f"{changes.path}: no id ledger yet; `python build.py` writes one with {len(changes.new)} ids"]
    if not changes.stale:
        return [f"{changes.path}: ids as recorded ({changes.kept} live, {len(transcript.retired)} retired)"]
    listed = ", ".join(changes.new[:20]) + (f" and {len(changes.new) - 20} more" if len(changes.new) > 20 else "")
    lines = [f"{changes.path}: since the ledger: {changes.kept} ids kept ({changes.by_content} of them by "
             f"content rather than by position), {len(changes.new)} new" + (f" ({listed})" if changes.new else "")
             + f", {len(changes.retired)} retired; `python build.py` records this"]
    lines += [f"{changes.path}: retired {r.id}: " + ("its text was joined into " if r.why == "merged" else
              "removed; its link lands at ") + (r.at or "the top of the page") for r in changes.retired]
    lines += [f"{transcript.path}:{g.line}: {'low confidence: ' if g.low_confidence else 'guess: '}{g.message}"
              for g in changes.guesses]
    return lines
