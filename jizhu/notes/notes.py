"""Reading editorial notes: `content/<slug>/notes/<name>.md`, one note per file.

    +++
    quote = "H20芯片已被重新批準銷售"   # exact words of the transcript, in either script
    target = "k02"                     # optional: a pair, paragraph, section or turn id to search in
    prefix = "…"                       # optional: words right before the quote, to choose one place
    suffix = "…"                       # optional: words right after it
    +++
    The body, in Markdown.

A note without `quote` annotates its whole `target`. Every problem of every
note is collected and reported together, each as `path:line: message`.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import ContentError, Problem
from ..reading.model import Note, Transcript
from ..reading.source import read_text
from ..reading.tomltext import parse_toml

NOTES_DIR = "notes"
NOTE_SUFFIX = ".md"
FENCE = "+++"
KEYS = ("quote", "target", "prefix", "suffix")
NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
TEXT_LIKE = {".markdown", ".mdown", ".txt", ".text"}
"""Files that look like notes but would be skipped: reported rather than silently ignored."""


def note_paths(transcript: Transcript) -> tuple[list[Path], list[Problem]]:
    """The transcript's note files, and a problem for each file that looks like a note but is not one.
    The folder's entries say which are links and folders (`os.scandir`): no look at each file for that."""
    folder = transcript.path.parent / NOTES_DIR
    if not folder.is_dir():
        return [], []
    paths, problems = [], []
    content = transcript.path.parent.parent.resolve()
    real_folder = folder.resolve()
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        path = folder / entry.name
        if path.suffix == NOTE_SUFFIX and not real_path(path, real_folder, entry.is_symlink()).is_relative_to(content):
            problems.append(Problem(path, 1, f"is a link to {path.resolve()}, outside {content}/: only what is "
                                             "inside the content folder is published; copy it in instead"))
        elif path.suffix == NOTE_SUFFIX and not entry.is_dir():  # a pipe or a broken link: read_text says so
            paths.append(path)
        elif path.suffix.lower() in TEXT_LIKE | {NOTE_SUFFIX}:
            problems.append(Problem(path, 1, f"notes are read from *{NOTE_SUFFIX} files only; "
                                             f"rename it to {path.stem}{NOTE_SUFFIX}"))
    return paths, problems


def real_path(path: Path, real_folder: Path, link: bool) -> Path:
    """Where a file of a folder (really at `real_folder`) is: a file that is no link (`link`) is there,
    found without `resolve`'s look at every folder above it."""
    return path.resolve() if link else real_folder / path.name


def read_note(path: Path) -> Note:
    """One note file, checked as a file: name, encoding, front matter, keys and their types, a body."""
    name = path.stem
    if not NAME.match(name):
        raise ContentError.at(path, 1, f"note file name {name!r} cannot be a link: use lowercase letters a-z, "
                                       "digits and inner hyphens (for example h20-licence.md)")
    lines = read_text(path).split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != FENCE:
        raise ContentError.at(path, (first or 0) + 1, f"a note starts with front matter between {FENCE} lines "
                                                      'naming its quote, for example quote = "H20芯片"')
    close = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == FENCE), None)
    if close is None:
        raise ContentError.at(path, first + 1, f"front matter opened with {FENCE} is never closed")
    table = front_matter_table(lines[first + 1:close], path, first + 1)
    key_lines = {key: key_line(lines, first + 1, close, key) for key in table}
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ContentError.at(path, key_lines[unknown[0]], f"unknown note key {unknown[0]!r}; "
                                                           f"known keys: {', '.join(KEYS)}")
    for key, value in table.items():
        if not isinstance(value, str):
            raise ContentError.at(path, key_lines[key], f"{key} must be a string in quotes")
    values = {key: table.get(key, "").strip() for key in KEYS}
    if not values["quote"] and not values["target"]:
        raise ContentError.at(path, first + 1, "a note needs a quote (words of the transcript), "
                                               "a target (a pair or paragraph id), or both")
    body = "\n".join(lines[close + 1:]).strip("\n")
    if not body.strip():
        raise ContentError.at(path, close + 1, "the note has no text after its front matter")
    body_line = close + 2 + next(i for i, line in enumerate(lines[close + 1:]) if line.strip())
    return Note(id=f"n-{name}", path=path, body=body, body_line=body_line, key_lines=key_lines, **values)


def front_matter_table(lines: list[str], path: Path, offset: int) -> dict:
    return parse_toml("\n".join(lines), path, offset + 1, "front matter")


def key_line(lines: list[str], start: int, stop: int, key: str) -> int:
    """1-based line where `key = …` is written between the fences."""
    for i in range(start, stop):
        if re.match(rf'\s*"?{re.escape(key)}"?\s*=', lines[i]):
            return i + 1
    return start


def read_notes(transcript: Transcript) -> tuple[list[Note], list[Problem]]:
    """Every readable note of a transcript, and the problems of the others."""
    paths, problems = note_paths(transcript)
    notes = []
    for path in paths:
        try:
            notes.append(read_note(path))
        except ContentError as err:
            problems.extend(err.problems)
    return notes, problems
