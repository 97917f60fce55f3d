"""Real transcripts read from ../shared (never copied into the project), pinned by their parse summary."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from jizhu.reading.parse import parse_file
from jizhu.reading.summary import parse_summary

SHARED = Path(__file__).resolve().parents[2] / "shared"
OUTLINES = Path(__file__).parent / "golden" / "outlines"
SAMPLE = SHARED / "samples" / "tw-moda-press-briefing-2024-04-24.md"
"""The press-briefing sample the site tests build beside the seed."""


def shared_transcripts() -> list[Path]:
    """Every transcript of shared/corpus and shared/samples (their SOURCES.md and licences are not)."""
    found = sorted((SHARED / "corpus").glob("[0-9][0-9]-*.txt")) + sorted((SHARED / "samples").glob("*.md"))
    return [path for path in found if path.name != "SOURCES.md"]


def require_shared() -> None:
    """Skip a test that reads ../shared when it is absent, with a clear message; fail under CI."""
    if not (SHARED / "corpus").is_dir() or not SAMPLE.is_file():
        message = f"{SHARED} is absent: the real transcripts live beside the clone, in ../shared"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def outline_of(path: Path) -> str:
    """The `check` parse summary of a shared transcript, with its path as shared/<folder>/<file>."""
    transcript = parse_file(path, slug=path.stem)
    return "\n".join(parse_summary(transcript, f"shared/{path.parent.name}/{path.name}")) + "\n"
