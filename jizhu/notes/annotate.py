"""Notes and the glossary, read and checked with the transcripts, before anything is rendered.

For every transcript: read its notes, find each note's place on every
script's page, check the images its body uses, and number the notes in
reading order. Every problem of every note and of the glossary is collected
and raised together, so one build reports them all and writes nothing.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from .anchor import Locator
from ..scripts.convert import Script
from ..errors import ContentError, Problem
from .glossary import load_glossary
from .markdown import MEDIA, images, unsafe_links
from ..reading.model import Note, Skipped, Term, Transcript
from .notes import read_notes
from ..scripts.publish import Publisher
from ..urls import is_protocol_relative, scheme

def annotate(transcripts: list[Transcript], content: Path, scripts: tuple[Script, ...],
             publishers: dict[str, Publisher], glossary: list[Term] | None = None) -> list[Term]:
    """Attach notes and the glossary to each transcript, or raise every problem found; returns the
    glossary. `glossary`: the site's terms as an earlier build read and checked them (the preview
    reading one transcript again); read here when None."""
    problems: list[Problem] = []
    if glossary is None:
        glossary, problems = read_glossary(content)
    for transcript in transcripts:
        transcript.glossary = glossary
        find_local_media(transcript, content)
        notes, found = read_notes(transcript)
        problems += found
        locator = Locator(transcript, publishers[transcript.slug], scripts)
        placed = []
        for note in notes:
            try:
                note.places = locator.place(note)
            except ContentError as err:
                problems += err.problems
                continue
            media, found = media_of(note, content)
            problems += found + [Problem(note.path, note.body_line + offset, problem)
                                 for problem, offset in unsafe_links(note.body)]
            note.media = media
            placed.append(note)
        placed.sort(key=locator.reading_order)
        for number, note in enumerate(placed, 1):
            note.number = number
        transcript.notes = placed
    if problems:
        raise ContentError(problems)
    return glossary


def read_glossary(content: Path) -> tuple[list[Term], list[Problem]]:
    """The site's terms, and the problems of the glossary file (images belong in notes only)."""
    try:
        glossary = load_glossary(content)
    except ContentError as err:
        return [], err.problems
    return glossary, ([Problem(term.path, term.line, f"images are for notes; [{term.id[2:]}] uses {src!r}")
                       for term in glossary for src, _ in images(term.definition)]
                      + [Problem(term.path, term.line, f"[{term.id[2:]}]: {problem}")
                         for term in glossary for problem, _ in unsafe_links(term.definition)])


def media_of(note: Note, content: Path) -> tuple[dict[str, str], list[Problem]]:
    """Images of a note's body: files under content/, found relative to the note's folder."""
    media: dict[str, str] = {}
    problems = []
    root = content.resolve()
    for src, offset in images(note.body):
        line = note.body_line + offset
        if scheme(src) or is_protocol_relative(src):
            problems.append(Problem(note.path, line, f"image {src!r} is not a file in {content}/: pages load "
                                                     "nothing from other sites"))
            continue
        path = content_file(src, note.path.parent, root)
        if path is None:
            problems.append(Problem(note.path, line, f"image {src!r} not found: images are files in {content}/, "
                                                     "written relative to the note"))
            continue
        media[src] = path.relative_to(root).as_posix()
    return media, problems


def content_file(src: str, folder: Path, root: Path) -> Path | None:
    """The file a relative address names from `folder`, when it is one under `root` (content/)."""
    path = (folder / unquote(src.split("#")[0].split("?")[0])).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def find_local_media(transcript: Transcript, content: Path) -> None:
    """The files under content/ that the transcript's own pictures and recordings name, relative to
    its folder. One that is missing or outside content/ (a page copied from a site keeps that site's
    addresses) shows its caption alone, and `check` says so: the text still reads without it."""
    root = content.resolve()
    transcript.local_media = {}
    for p in transcript.paragraphs():
        media = p.media
        if media is None or scheme(media.src) or media.kind == "embed" or media.src in transcript.local_media:
            continue
        path = content_file(media.src, transcript.path.parent, root)
        missing = Skipped(p.line, media.src, f"not a file in {content.name}/ beside the transcript: "
                                             "shown as its caption")
        if path is None and missing not in transcript.skipped:
            transcript.skipped.append(missing)
        elif path is not None:
            transcript.local_media[media.src] = path.relative_to(root).as_posix()


def used_media(transcript: Transcript) -> list[str]:
    """Paths under content/ of every file the transcript's pages show: its own and its notes' pictures."""
    return sorted({*transcript.local_media.values(), *(m for note in transcript.notes for m in note.media.values())})


def media_files(transcripts: list[Transcript]) -> dict[str, bytes]:
    """{site path: bytes} of every picture or recording a transcript or a note shows."""
    files = {}
    for transcript in transcripts:
        content = transcript.path.parent.parent
        for relative in used_media(transcript):
            files[f"{MEDIA}/{relative}"] = (content / relative).read_bytes()
    return files
