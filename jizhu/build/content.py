"""Finding and loading the transcripts in a content folder (`content/<slug>/transcript.txt`)."""
from __future__ import annotations

import re
from pathlib import Path

from ..scripts.convert import Converter
from ..errors import ContentError, Problem
from ..reading.model import Transcript
from ..reading.parse import parse_file

TRANSCRIPT_FILE = "transcript.txt"
SAFE_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")


def transcript_paths(content: Path) -> list[Path]:
    return sorted(content.glob(f"*/{TRANSCRIPT_FILE}"))


def check_slug(slug: str, path: Path) -> None:
    """Slugs become URL folders on case-sensitive hosts: keep them to a-z, 0-9 and inner hyphens."""
    if not SAFE_SLUG.match(slug):
        raise ContentError.at(path, 1, f"folder name {slug!r} is not a safe slug: use lowercase "
                                       "letters a-z, digits and hyphens (for example jensen-huang-2025)")


def read(path: Path, converter: Converter, slug: str) -> Transcript:
    """Parse one file and settle its source script (declared, or detected from the text)."""
    transcript = parse_file(path, slug)
    transcript.script = transcript.meta.source_script or converter.detect(*sample(transcript))
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


def load(path: Path, converter: Converter) -> Transcript:
    slug = path.parent.name
    check_slug(slug, path)
    return read(path, converter, slug)


def load_all(content: Path, converter: Converter) -> list[Transcript]:
    """Every transcript, or one ContentError listing the problems of all of them."""
    if not content.is_dir():
        raise ContentError.at(content, 1, "content folder not found")
    paths = transcript_paths(content)
    if not paths:
        raise ContentError.at(content, 1, f"no transcripts found: add {content}/<slug>/{TRANSCRIPT_FILE}")
    transcripts: list[Transcript] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            transcripts.append(load(path, converter))
        except ContentError as err:
            problems.extend(err.problems)
    if problems:
        raise ContentError(problems)
    return transcripts
