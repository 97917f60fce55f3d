#!/usr/bin/env python3
"""Time against the size of the site's own lists: `python bench/lists_scaling.py [--runs 3]`.

A site's names list and its overrides grow with the site, and every transcript reads them. Each is
timed at a base size and at 4× and 16× it (in-process, best of `--runs`):
- reading `conversions.toml` of so many phrases (`load_dictionary`; each phrase's line used to be
  looked up line by line, time quadratic in the file);
- reading `names.toml` of so many names (`load_names`; the same);
- reading `glossary.toml` of so many terms (`load_glossary`; each term's header used to be looked up
  from the top of the file with a pattern made for it);
- cutting names out of the seed's paragraphs, three passes as a transcript makes them, with a names
  list of so many (`Dictionary.segments`; one alternation of every name used to try every name at
  each place where one could start).
Time proportional to size shows as a per-item time that stays flat across the three sizes. The
phrases and names are random words of jieba's word list and random three-character names; the seed
is read from ../shared.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jizhu.notes.glossary import load_glossary  # noqa: E402
from jizhu.scripts.convert import Converter  # noqa: E402
from jizhu.scripts.dictionary import Dictionary, Rule, load_dictionary, load_names  # noqa: E402
from jizhu.scripts.tables import word_frequencies  # noqa: E402

SEED = ROOT.parent / "shared" / "seed" / "000_f4d97af11941f01e.txt"


def best_time(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    converter = Converter()
    listed = word_frequencies()
    words = sorted(w for w in listed if 2 <= len(w) <= 4)
    pivot = converter.to_simplified(SEED.read_text(encoding="utf-8"))
    paragraphs = [p for p in pivot.split("\n") if p.strip()]
    han = sorted({c for c in pivot if "\u4e00" <= c <= "\u9fff"})
    random.seed(1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def conversions(size: int) -> Callable[[], object]:
            path = folder / f"conversions-{size}.toml"
            chosen = random.sample(words, size)
            path.write_text("[phrases]\n" + "".join(f'"{w}" = {{ zh-Hant = "{converter.to_traditional(w)}" }}\n'
                                                    for w in chosen), encoding="utf-8")
            return lambda: load_dictionary(path, converter.to_simplified)

        def names(size: int) -> Callable[[], object]:
            path = folder / f"names-{size}.toml"
            chosen = {"".join(random.choice(han) for _ in range(3)) for _ in range(size)}
            path.write_text("names = [\n" + "".join(f'  "{n}",\n' for n in sorted(chosen)) + "]\n", encoding="utf-8")
            return lambda: load_names(path, converter.to_simplified, converter.to_traditional)

        def glossary(size: int) -> Callable[[], object]:
            terms = folder / f"glossary-{size}"
            terms.mkdir()
            (terms / "glossary.toml").write_text("".join(
                f'[t{n}]\nterm = "詞{n}"\nmatch = ["別名{n}"]\ndefinition = """\n第{n}個詞的定義。\n"""\n\n'
                for n in range(size)), encoding="utf-8")
            return lambda: load_glossary(terms)

        def segments(size: int) -> Callable[[], object]:
            rules = {"".join(random.choice(han) for _ in range(3)): Rule({"zh-Hant": "名"}, "name") for _ in range(size)}

            def passes() -> None:
                dictionary = Dictionary(rules)
                for _ in range(3):
                    for paragraph in paragraphs:
                        dictionary.segments(paragraph)
            return passes

        cases = {"conversions.toml phrases": (conversions, 1_000), "names.toml names": (names, 1_000),
                 "glossary.toml terms": (glossary, 250), "names cut out of the seed (3 passes)": (segments, 300)}
        for name, (make, base) in cases.items():
            print(name)
            for factor in (1, 4, 16):
                size = base * factor
                seconds = best_time(make(size), args.runs)
                print(f"  {size:>7,}: {seconds * 1000:8.1f} ms, {seconds / size * 1e6:7.2f} µs each")


if __name__ == "__main__":
    main()
