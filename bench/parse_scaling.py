#!/usr/bin/env python3
"""Parse time against input size, for the shapes that used to be quadratic: `python bench/parse_scaling.py [--runs 5]`.

Four inputs, each at a base size and at 2× and 4× it (medians of several runs,
in-process, parse only: no I/O, no conversion):
- a transcript of about 5 MB at 4× (ordinary question–answer lines, hard wraps);
- one paragraph of 30,000 characters at 4×, hard-wrapped every 40 characters
  (the wrap repair used to rescan the paragraph at every join);
- 100,000 turns at 4× (pair numbering used to recount the pairs at every question);
- 10,000 preamble paragraphs at 4× (the key-point scan used to look ahead from every line).
Time proportional to size shows as a per-unit time that stays flat across the three sizes.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jizhu.reading.parse import parse_text  # noqa: E402


def transcript(units: int) -> str:
    """`units` question–answer exchanges of about 300 bytes, one in three answers hard-wrapped."""
    out = []
    for n in range(units):
        out.append(f"問:第{n}個問題是關於晶片供應鏈的,你怎麼看?")
        if n % 3 == 0:
            out.append(f"黃仁勳:我們會繼續投資 RTX\nPro 和相關的系統,這是第{n}個回答的一部分,供應鏈非常複雜而且先進。")
        else:
            out.append(f"黃仁勳:供應鏈非常複雜而且先進,涉及眾多供應商、能力與技術,這是第{n}個回答。")
    return "\n".join(out) + "\n"


def long_paragraph(characters: int) -> str:
    """One answer of `characters` characters, wrapped every 40 with the wrap on a Latin word."""
    piece = "這一段很長的回答提到 GPU 與 CUDA 平台的 AI"
    lines, size = [], 0
    while size < characters:
        lines.append(piece)
        size += len(piece)
    return "問:請談談?\n黃仁勳:" + "\n".join(lines) + "。\n問:還有嗎?\n黃仁勳:沒有。\n"


def turns(count: int) -> str:
    return "\n".join(f"問:第{n}題?\n答:第{n}答。" for n in range(count // 2)) + "\n"


def preamble(count: int) -> str:
    """`count` intro paragraphs before the first turn and a lead-in ending in a colon after them:
    the key-point scan used to look from every paragraph all the way to that colon."""
    lines = [f"導言第{n}段,說明背景。" for n in range(count)] + ["以下為實錄:"]
    return "\n".join(lines) + "\n問:開始?\n答:好。\n問:再來?\n答:好。\n"


CASES: dict[str, tuple[Callable[[int], str], int, str]] = {
    "5 MB transcript": (transcript, 7_000, "exchanges"),
    "30,000-character paragraph": (long_paragraph, 7_500, "characters"),
    "100,000 turns": (turns, 25_000, "turns"),
    "10,000 preamble paragraphs": (preamble, 2_500, "paragraphs"),
}


def median_time(text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        parse_text(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    for name, (make, base, unit) in CASES.items():
        print(name)
        for factor in (1, 2, 4):
            size = base * factor
            text = make(size)
            seconds = median_time(text, args.runs)
            print(f"  {size:>9,} {unit} ({len(text.encode()) / 1e6:5.2f} MB): median {seconds:7.3f}s, "
                  f"{seconds / size * 1e6:8.2f} µs per {unit[:-1]}")


if __name__ == "__main__":
    main()
