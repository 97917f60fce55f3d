#!/usr/bin/env python3
"""Script conversion on real transcripts: `python bench/scripts.py`.

Prints, per kind of text (Taiwan, Hong Kong, Simplified) and per part (the tuning texts, whose errors
rules may be chosen from, and the held-out texts, only measured; tests/script_corpus.py says which),
per 10,000 Han characters:
- changes jizhu makes to a correct Traditional source, beside OpenCC's round trip (t2s, s2tw);
- wrong characters after repairing the same text damaged by a context-blind converter
  (OpenCC's character defaults, or the seed's own converter), beside OpenCC's round trip;
- Simplified → Traditional on the text made Simplified by OpenCC, jizhu beside s2tw;
then the same on each text cut into pieces of 1,000 Han characters, each published alone (a short
transcript shows little evidence of a converter), the damaged ones beside the round trip; then each text alone, marking any measure where
jizhu does worse than the round trip; then the time
per character of repair, publishing and the report on the seed at 1, 2 and 4 times its size.
The texts are read from ../shared. The results are deterministic, so one run is enough; the time
is the median of three.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from script_corpus import (KINDS, PARTS, PIECE, SEED, available, chinese_of, converter, counts,  # noqa: E402
                           han_count, paths_of, published, rates, rates_in_pieces, rates_per_text, text_counts)

from jizhu.reading.parse import parse_text  # noqa: E402
from jizhu.scripts.dictionary import Dictionary  # noqa: E402
from jizhu.scripts.publish import Options, Publisher  # noqa: E402
from jizhu.scripts.report import format_report, transcript_report  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--more", nargs="+", type=Path, default=[], metavar="PATH",
                    help="only measure these further Traditional texts (plain text; CHAT files, whose "
                         "utterances are read; a JSON array of sentences, read as texts of about 3,000 Han "
                         "characters each), read by path, e.g. the Hong Kong corpora in pycantonese's wheel")
    args = ap.parse_args()
    if args.more:
        more(args.more)
        return 0
    reason = available()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    for kind in KINDS:
        for part in PARTS:
            paths = paths_of(kind, part)
            print(f"{kind}, {part}: {len(paths)} texts, {sum(han_count(chinese_of(p)) for p in paths):,} Han "
                  f"characters ({', '.join(p.name[:24] for p in paths)})")
            for key, value in rates(kind, part).items():
                print(f"  {key:<48} {value:7.1f} per 10,000")
    print(f"Each text cut into pieces of {PIECE:,} Han characters, each published alone (short transcripts):")
    for kind in ("Taiwan", "Hong Kong"):
        for part in PARTS:
            shown = "; ".join(f"{name} {ours:.1f}" + ("" if theirs is None else f" (round trip {theirs:.1f})")
                              for name, ours, theirs in beside_opencc(rates_in_pieces(kind, part)))
            print(f"  {kind}, {part}: {shown} per 10,000")
    print("Each text, jizhu / OpenCC (round trip or s2tw), per 10,000; '!' where jizhu does worse:")
    for kind in KINDS:
        for path, measured in rates_per_text(kind).items():
            shown = "; ".join(f"{name} {ours:.1f}/{theirs:.1f}{' !' if ours > theirs else ''}"
                              for name, ours, theirs in beside_opencc(measured)) or \
                "; ".join(f"{key} {value:.1f}" for key, value in measured.items())
            print(f"  {path.name[:28]:<28} {shown}")
    timings = []
    for _ in range(3):
        counts.cache_clear()
        started = time.perf_counter()
        rates("Taiwan")
        timings.append(time.perf_counter() - started)
    print(f"time to measure Taiwan (publisher set-up and conversion, 4 versions of 5 texts): "
          f"median {statistics.median(timings):.2f} s of 3")
    scaling()
    return 0


def beside_opencc(measured: dict[str, float]) -> list[tuple[str, float, float | None]]:
    """Each of jizhu's measures (named without ": jizhu"), with OpenCC's on the same text: its round
    trip, else s2tw; None where OpenCC's was not measured."""
    return [(key.removesuffix(": jizhu"), value, measured.get(key.replace("jizhu", "OpenCC round trip"),
                                                              measured.get(key.replace("jizhu", "OpenCC"))))
            for key, value in measured.items() if key.endswith("jizhu")]


SENTENCES_PER_TEXT = 3_000
"""Han characters of each text a file of sentences is read as: a short interview's worth."""


def more(paths: list[Path]) -> None:
    """The measures of `counts` over further texts together."""
    found = Counter()
    texts = 0
    for path in paths:
        if path.suffix == ".json":
            sentences = json.loads(path.read_text(encoding="utf-8"))
            # An inline rule (-{…}-, MediaWiki's, in sentences taken from a wiki) is the editor's word
            # to jizhu, which publishes it without its marks: no character lines up with the source.
            for text in texts_of_sentences([s for s in sentences if "-{" not in s]):
                found.update(text_counts(text))
                texts += 1
        else:
            found.update(counts(path))
            texts += 1
    total = found.pop("han", 0)
    print(f"{texts} further texts, {total:,} Han characters:")
    for key, value in found.items():
        print(f"  {key:<48} {value:5d} {value * 10_000 / max(1, total):7.1f} per 10,000")


def texts_of_sentences(sentences: list[str], size: int = SENTENCES_PER_TEXT) -> list[str]:
    """Sentences in order, one per line, as texts of at least `size` Han characters (the last one shorter)."""
    texts: list[str] = []
    lines: list[str] = []
    han = 0
    for sentence in sentences:
        lines.append(sentence)
        han += han_count(sentence)
        if han >= size:
            texts.append("\n".join(lines))
            lines, han = [], 0
    return texts + (["\n".join(lines)] if lines else [])


def scaling() -> None:
    """Repair, publishing and the report on the seed's text (converted mechanically) at 1, 2 and 4 times
    its size, as paragraphs and as one paragraph: the time per character should stay flat."""
    converter()  # OpenCC and the tables, made once, before the timing
    published(SEED.read_text(encoding="utf-8")[:2000])
    text = "\n".join(line.split(":", 1)[-1] if ":" in line[:6] else line
                     for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip())
    for shape in ("paragraphs", "one paragraph"):
        row = []
        for times in (1, 2, 4):
            body = "\n\n".join([text] * times)
            if shape == "one paragraph":
                body = body.replace("\n", "")
            half = len(body) // 2
            transcript = parse_text(f"問:你好嗎?\n黃仁勳:{body[:half]}\n問:然後呢?\n黃仁勳:{body[half:]}\n")
            runs = []
            for _ in range(3):
                started = time.perf_counter()
                publisher = Publisher(converter(), Dictionary(), "zh-Hant", Options(),
                                      sample=tuple(p.text for p in transcript.paragraphs()))
                format_report(transcript_report(transcript, publisher))
                runs.append(time.perf_counter() - started)
            row.append(f"×{times} ({len(body):,} characters) {statistics.median(runs) * 1e6 / len(body):.0f} µs")
        print(f"repair, publishing and report, {shape}, per character (median of 3): {'; '.join(row)}")


if __name__ == "__main__":
    raise SystemExit(main())
