"""The transcripts pinned by golden JSON files, and how to make their JSON."""
from __future__ import annotations

import json
from pathlib import Path

from jizhu.content import read
from jizhu.convert import Converter
from jizhu.export import export

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "jensen-huang-beijing-2025-07": ROOT / "content" / "jensen-huang-beijing-2025-07" / "transcript.txt",
    "tw-moda-press-briefing-2024-04-24": Path(__file__).parent / "fixtures" / "samples" / "tw-moda-press-briefing-2024-04-24.md",
}


def produce(slug: str, converter: Converter) -> str:
    """The JSON `python build.py parse FILE` prints for a case."""
    return json.dumps(export(read(CASES[slug], converter, slug), converter), ensure_ascii=False, indent=1) + "\n"
