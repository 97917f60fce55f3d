"""Finding and loading the transcripts in a content folder (`content/<slug>/transcript.txt`)."""
from __future__ import annotations

import os
import re
from pathlib import Path

from ..scripts.convert import Converter
from ..errors import ContentError, Problem
from ..reading.model import Transcript
from ..reading.parse import parse_file
from ..reading.relabel import apply_ledger
from ..reading.source import absent

TRANSCRIPT_FILE = "transcript.txt"
PARKED = ("_", ".")
"""Folders of content/ whose names start so are never read: a draft kept out of the site (`_drafts`), or
a repository's own folder (`.git`)."""
READABLE = frozenset((".txt", ".md", ".markdown", ".text", ".srt", ".vtt", ".json", ".cha"))
"""Endings of files jizhu could read as a transcript, were they named `transcript.txt`."""
COMPANIONS = ("ids.toml", "conversions.toml", "notes")
"""What a transcript's folder holds beside it: a folder with these and no transcript lost it."""
SAFE_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")


def transcript_paths(content: Path) -> list[Path]:
    """`content/<slug>/transcript.txt` for every folder that has one; dangling links included, for
    `check_inside` to report rather than skip."""
    return sorted(path for folder in content.iterdir() if (folder.is_dir() or folder.is_symlink())
                  and not folder.name.startswith(PARKED)
                  for path in [folder / TRANSCRIPT_FILE] if not absent(path))


def check_inside(path: Path, content: Path) -> None:
    """A transcript (or its folder) that is a link must lead to a file inside content/: what is published
    is what the content folder holds, never a file elsewhere on the editor's machine."""
    for link in (path.parent, path):
        if link.is_symlink() and not link.exists():
            raise ContentError.at(link, 1, f"is a symbolic link to {os.readlink(link)}, which does not exist")
    real = path.resolve()
    if not real.is_relative_to(content.resolve()):
        raise ContentError.at(path, 1, f"is a link to {real}, outside {content}/: only what is inside "
                                       f"{content}/ is published; copy it in instead")


def dangling_links(content: Path) -> list[Problem]:
    """Links in content/ that lead nowhere (a transcript folder moved away): said, not skipped silently."""
    return [Problem(entry, 1, f"is a symbolic link to {os.readlink(entry)}, which does not exist")
            for entry in sorted(content.iterdir()) if entry.is_symlink() and not entry.exists()]


def unread_folders(content: Path) -> list[Problem]:
    """What content/ holds that would be left out of the site unsaid: links leading nowhere, and folders
    with no transcript.txt that hold one under another name (transcript.md, Transcript.txt, interview.txt)
    or a transcript's other files (its ledger, its notes). Nothing of such a folder is published, so a
    build that went on would drop its pages, and every link to them, without a word."""
    problems = dangling_links(content)
    for folder in sorted(content.iterdir()):
        own = folder / TRANSCRIPT_FILE
        if folder.name.startswith(PARKED) or not folder.is_dir() or not absent(own):
            continue
        files = sorted(path for path in folder.iterdir() if path.is_file())
        named = ([path for path in files if path.name.lower().startswith("transcript")]
                 or [path for path in files if path.suffix.lower() in READABLE])
        park = "or start the folder's name with _ to keep it out of the site"
        if named:
            problems.append(Problem(named[0], 1, f"is not read: jizhu reads a transcript only from a file named "
                                                 f"{TRANSCRIPT_FILE} (text, Markdown and subtitles alike): rename "
                                                 f"it {own}, {park}"))
        elif companions := [name for name in COMPANIONS if (folder / name).exists()]:
            problems.append(Problem(folder, 1, f"holds {' and '.join(companions)} but no {TRANSCRIPT_FILE}, so "
                                               f"nothing of it is published: put its transcript back as {own}, "
                                               f"{park}"))
    return problems


def check_slug(slug: str, path: Path) -> None:
    """Slugs become URL folders on case-sensitive hosts: keep them to a-z, 0-9 and inner hyphens."""
    if not SAFE_SLUG.match(slug):
        raise ContentError.at(path, 1, f"folder name {slug!r} is not a safe slug: use lowercase "
                                       "letters a-z, digits and hyphens (for example jensen-huang-2025)")


def read(path: Path, converter: Converter, slug: str, renumber: bool = False) -> Transcript:
    """Parse one file, settle its source script (declared, or detected from the text) and, for a
    `transcript.txt`, give it its ledger's ids (`ids.toml` beside it; ignored when renumbering)."""
    transcript = parse_file(path, slug)
    transcript.script = transcript.meta.source_script or converter.detect(*sample(transcript))
    if path.name == TRANSCRIPT_FILE:
        transcript.ids = apply_ledger(transcript, renumber)
    return transcript


def sample(transcript: Transcript, size: int = 5000) -> list[str]:
    """Paragraphs from the start, about `size` characters: enough to tell the script apart. Whole
    paragraphs, so that an edit of one leaves the others' detection cached (`Converter.detect`)."""
    taken, count = [], 0
    for paragraph in transcript.paragraphs():
        if count >= size:
            break
        taken.append(paragraph.text)
        count += len(paragraph.text)
    return taken


def load(path: Path, converter: Converter, renumber: bool = False) -> Transcript:
    slug = path.parent.name
    check_slug(slug, path)
    check_inside(path, path.parent.parent)
    return read(path, converter, slug, renumber)


def load_all(content: Path, converter: Converter, renumber: frozenset[str] = frozenset()) -> list[Transcript]:
    """Every transcript, or one ContentError listing the problems of all of them. `renumber`: slugs whose
    ledgers are ignored (ids assigned from scratch)."""
    if not content.is_dir():
        raise ContentError.at(content, 1, "content folder not found")
    paths = transcript_paths(content)
    problems: list[Problem] = unread_folders(content)
    if not paths and not problems:
        raise ContentError.at(content, 1, f"no transcripts found: add {content}/<slug>/{TRANSCRIPT_FILE}")
    transcripts: list[Transcript] = []
    for path in paths:
        try:
            transcripts.append(load(path, converter, path.parent.name in renumber))
        except ContentError as err:
            problems.extend(err.problems)
    unknown = renumber - {t.slug for t in transcripts}
    problems += [Problem(content, 1, f"--renumber {slug}: no transcript {content}/{slug}/{TRANSCRIPT_FILE}")
                 for slug in sorted(unknown)]
    if problems:
        raise ContentError(problems)
    return transcripts
