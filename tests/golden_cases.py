"""The transcripts pinned by golden JSON files, and how to make their JSON."""
from __future__ import annotations

import json
from pathlib import Path

from jizhu.cli import parse_export
from jizhu.config import load_config
from jizhu.build.site import Project
from corpus_cases import SAMPLE, require_shared

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "jensen-huang-beijing-2025-07": ROOT / "content" / "jensen-huang-beijing-2025-07" / "transcript.txt",
    "tw-moda-press-briefing-2024-04-24": SAMPLE,  # read from ../shared, never copied
}


def produce(slug: str) -> str:
    """The JSON `python build.py parse FILE` prints for a case, with the shipped content's dictionaries."""
    if not CASES[slug].is_relative_to(ROOT):
        require_shared()
    project = Project(content=ROOT / "content", templates=ROOT / "templates", out=ROOT / "site",
                      config=load_config(ROOT / "jizhu.toml"))
    return json.dumps(parse_export(CASES[slug], project), ensure_ascii=False, indent=1) + "\n"
