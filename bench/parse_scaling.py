#!/usr/bin/env python3
"""Time against input size, for the shapes that used to be quadratic: `python bench/parse_scaling.py [--runs 5] [--build]`.

Four inputs, each at a base size and at 2× and 4× it (medians of several runs,
in-process, parse only: no I/O, no conversion):
- a transcript of about 5 MB at 4× (ordinary question–answer lines, hard wraps);
- one paragraph of 30,000 characters at 4×, hard-wrapped every 40 characters
  (the wrap repair used to rescan the paragraph at every join);
- 100,000 turns at 4× (pair numbering used to recount the pairs at every question);
- 10,000 preamble paragraphs at 4× (the key-point scan used to look ahead from every line);
- 100,000 SRT caption cues at 4× (captions run on into paragraphs, joined once each);
- a caption line of 30,000 characters of tags never closed at 4× (markup used to be scanned from each `<`);
- 20,000 speakers at 4×, each labelled twice (each label used to be tried against every other as a part of it).
Time proportional to size shows as a per-unit time that stays flat across the three sizes, and
so does the time of the units each size adds to the one before (fixed costs drop out of it).

With `--build`, each input is instead built whole (`python build.py build --no-cache --jobs 1`
into a fresh folder, a process per run: parse, conversion, notes, pages, share pages, JSON, search
index, files written), and its CPU time in Python and C (user) is what is reported, with the kernel's
(system) beside it: the kernel's time for a folder of tens of thousands of share pages grows faster
than their number on this machine's file system (ext4; making 12,500, 25,000 and 50,000 folders of a
file each took 1.7, 4.2 and 14.1 s of system time in a plain loop, without jizhu); the
sizes are `--fraction` of the ones above (default ½: the 5 MB transcript at 4× is then 2.5 MB and
28,000 share pages), because each build writes a share page per answer in each script.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
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


def captions(count: int) -> str:
    """`count` SRT cues of two speakers taking turns every 50 cues, without a pause or a sentence's end
    (captions without punctuation): each paragraph runs on to `subtitles.LONG` × 4 characters."""
    return "".join(f"{n + 1}\n{stamp(n)} --> {stamp(n + 0.9)}\n{('甲：', '乙：')[n // 50 % 2] if n % 50 == 0 else ''}"
                   f"第{n}句沒有標點的字幕\n\n" for n in range(count))


def speakers(count: int) -> str:
    """`count` speakers, each labelled twice (a legislature's record names hundreds): telling one
    speaker's two labels apart used to try every label against every other."""
    return "".join(f"說話者{n}：第{n}句。\n說話者{n}：再一句。\n" for n in range(count))


def unclosed_tags(characters: int) -> str:
    """One caption line of `characters` characters of tags never closed (`<v 甲` and `{\\an8`): the markup
    patterns used to scan from each opening to the line's end."""
    line = UNCLOSED * (characters // len(UNCLOSED))
    return ("1\n00:00:01,000 --> 00:00:02,000\n甲：開始。\n\n2\n00:00:02,000 --> 00:00:03,000\n" + line
            + "\n\n3\n00:00:03,000 --> 00:00:04,000\n甲：結束。\n")


UNCLOSED = "<v 甲{\\an8"


def stamp(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d},{int(seconds % 1 * 1000):03d}"


CASES: dict[str, tuple[Callable[[int], str], int, str]] = {
    "5 MB transcript": (transcript, 7_000, "exchanges"),
    "30,000-character paragraph": (long_paragraph, 7_500, "characters"),
    "100,000 turns": (turns, 25_000, "turns"),
    "10,000 preamble paragraphs": (preamble, 2_500, "paragraphs"),
    "100,000 caption cues": (captions, 25_000, "cues"),
    "20,000 speakers": (speakers, 5_000, "speakers"),
    "a caption line of 30,000 characters of unclosed tags": (unclosed_tags, 7_500, "characters"),
}


def median_time(text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        parse_text(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


ROOT = Path(__file__).resolve().parent.parent


def build_cpu(text: str, runs: int) -> tuple[float, float]:
    """Median CPU seconds, user and system, of whole builds of `text` as one transcript, each a fresh
    process writing into a fresh folder."""
    user, system = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="jizhu-scaling-") as tmp:
            folder = Path(tmp) / "content" / "t"
            folder.mkdir(parents=True)
            (folder / "transcript.txt").write_text('+++\ntitle = "測試"\n+++\n\n' + text, encoding="utf-8")
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--no-cache", "--jobs", "1",
                            "--content", str(Path(tmp) / "content"), "--out", str(Path(tmp) / "site")],
                           check=True, stdout=subprocess.DEVNULL, cwd=tmp)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            user.append(after.ru_utime - before.ru_utime)
            system.append(after.ru_stime - before.ru_stime)
    return statistics.median(user), statistics.median(system)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--build", action="store_true", help="time whole builds (CPU), not the parse alone")
    ap.add_argument("--fraction", type=float, default=0.5, help="with --build: the sizes' share of the parse's")
    args = ap.parse_args()
    for name, (make, base, unit) in CASES.items():
        print(name + (" (whole build, CPU)" if args.build else ""))
        if args.build:
            base = max(1, int(base * args.fraction))
        last = None
        for factor in (1, 2, 4):
            size = base * factor
            text = make(size)
            system = ""
            if args.build:
                seconds, kernel = build_cpu(text, args.runs)
                system = f" (and {kernel:.3f}s in the kernel)"
            else:
                seconds = median_time(text, args.runs)
            # the time the added units took: flat when time is proportional to size (fixed costs drop out)
            added = "" if last is None else f", the added ones {(seconds - last[1]) / (size - last[0]) * 1e6:8.2f} µs each"
            print(f"  {size:>9,} {unit} ({len(text.encode()) / 1e6:5.2f} MB): median {seconds:7.3f}s{system}, "
                  f"{seconds / size * 1e6:8.2f} µs per {unit[:-1]}{added}")
            last = (size, seconds)


if __name__ == "__main__":
    main()
