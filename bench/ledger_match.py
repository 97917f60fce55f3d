#!/usr/bin/env python3
"""How long matching a long transcript to its id ledger takes, and that it stays near-linear.

    python bench/ledger_match.py [--turns 100000] [--runs 3]

Makes a synthetic transcript of TURNS question and answer turns (the seed's
questions and answers, each made unique by a number), records its ledger, then
edits 1 % of it (a typo in a paragraph, a paragraph deleted, a pair inserted,
spread evenly) and times `apply_ledger` (matching and relabelling, no parse)
on the edited parse: the median of RUNS runs, at TURNS/10 and at TURNS turns.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jizhu.reading.parse import parse_file  # noqa: E402
from jizhu.reading.relabel import apply_ledger  # noqa: E402


def seed_turns() -> list[tuple[str, str]]:
    seed = parse_file(ROOT / "content" / "jensen-huang-beijing-2025-07" / "transcript.txt")
    return [(pair.question.paragraphs[0].text, pair.answers[0].paragraphs[0].text) for pair in seed.pairs if pair.answers]


def synthetic(turns: int) -> list[str]:
    base = seed_turns()
    lines = []
    for n in range(turns // 2):
        if n % 500 == 0:
            lines.append(f"{n // 500 % 100:02d} 第{n // 500}節的標題")
        question, answer = base[n % len(base)]
        lines += [f"問:第{n}題。{question}", f"黃仁勳:第{n}答。{answer}"]
    return lines


def edited(lines: list[str]) -> list[str]:
    out = []
    for i, line in enumerate(lines):
        if i % 300 == 101 and line.startswith("黃仁勳:"):
            out.append(line.replace("。", "，", 1) + "補一句。")  # a typo fixed and a word added
        elif i % 300 == 201 and line.startswith("黃仁勳:"):
            out.append("黃仁勳:這一段被刪去了。")
        elif i % 300 == 3 and line.startswith("問:"):
            out += ["問:插入的新問題是什麼?", "黃仁勳:插入的新回答。", line]
        else:
            out.append(line)
    return out


def time_match(turns: int, runs: int) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big" / "transcript.txt"
        path.parent.mkdir()
        lines = synthetic(turns)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        first = parse_file(path, "big")
        changes = apply_ledger(first)
        changes.path.write_text(changes.text, encoding="utf-8")
        path.write_text("\n".join(edited(lines)) + "\n", encoding="utf-8")
        times = []
        for _ in range(runs):
            transcript = parse_file(path, "big")
            started = time.perf_counter()
            result = apply_ledger(transcript)
            times.append(time.perf_counter() - started)
        return statistics.median(times), result.kept, len(result.new)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--turns", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    for turns in (a.turns // 10, a.turns):
        seconds, kept, new = time_match(turns, a.runs)
        print(f"{turns} turns: matching took {seconds:.2f} s (median of {a.runs}); {kept} ids kept, {new} new")


if __name__ == "__main__":
    main()
