#!/usr/bin/env python3
"""Rewrite tests/golden/*.json from the current parser: `python tests/regenerate_golden.py`.

Review the diff (`git diff tests/golden`) like code before committing it.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from golden_cases import CASES, GOLDEN, produce  # noqa: E402
for slug in CASES:
    target = GOLDEN / f"{slug}.json"
    target.write_text(produce(slug), encoding="utf-8")
    print(f"wrote {target}")

from corpus_cases import OUTLINES, outline_of, shared_transcripts  # noqa: E402
OUTLINES.mkdir(exist_ok=True)
for path in shared_transcripts():
    target = OUTLINES / f"{path.stem}.txt"
    target.write_text(outline_of(path), encoding="utf-8")
    print(f"wrote {target}")
