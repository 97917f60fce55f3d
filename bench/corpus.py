#!/usr/bin/env python3
"""A large content folder made from the seed: `python bench/corpus.py DEST [--count 200]`.

Each transcript is a copy of the seed's folder (transcript, notes, dictionary)
under its own slug, with its own title and date, so index pages list them all
apart; the content folder's own files (site dictionary, glossary) are copied
once. Used by bench/preview_latency.py to see whether a save still costs the
same when the site has hundreds of transcripts.

`--distinct` (bench/scale.py) also makes every paragraph of every copy its own:
a short numbered remark follows each sentence-ending line, so no converted
text can be reused from another transcript and each is as much work as the seed.

Each copy gets its own id ledger (`ids.toml`, as `python build.py` writes it),
not the seed's: a site in use has its ledgers committed and matching its
transcripts, so a build times the steady state, not a first matching of every
paragraph against a ledger of other text.
"""
from __future__ import annotations

import argparse
import datetime
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "content"

from jizhu.reading.ledger import LEDGER_FILE  # noqa: E402  (the repository's own jizhu, as build.py runs it)


def make_corpus(dest: Path, count: int, seed: Path = SEED, distinct: bool = False,
                own_overrides: bool = False) -> list[str]:
    """Write `count` transcripts into `dest` (a new content folder); returns their slugs. `own_overrides`:
    each with a `conversions.toml` of its own (`OWN_OVERRIDES`), as an editor's fixes for one transcript."""
    folders = sorted(p.parent for p in seed.glob("*/transcript.txt"))
    if not folders:
        raise SystemExit(f"no transcript in {seed}")
    original = folders[0]
    dest.mkdir(parents=True)
    for item in seed.iterdir():
        if item.is_file():
            shutil.copy(item, dest / item.name)
    text = (original / "transcript.txt").read_text(encoding="utf-8")
    slugs = []
    for number in range(1, count + 1):
        slug = f"{original.name}-{number:03d}"
        shutil.copytree(original, dest / slug, ignore=shutil.ignore_patterns(LEDGER_FILE))
        made = retitled(text, number)
        (dest / slug / "transcript.txt").write_text(varied(made, number) if distinct else made, encoding="utf-8")
        write_ledger(dest / slug / "transcript.txt")
        if own_overrides:
            (dest / slug / "conversions.toml").write_text(OWN_OVERRIDES.format(number=number), encoding="utf-8")
        slugs.append(slug)
    return slugs


OWN_OVERRIDES = """[phrases]
"合作伙伴" = {{ zh-Hant = "合作夥伴" }}
"第{number}号芯片" = {{ zh-Hant = "第{number}號晶片" }}
"""
"""A transcript's own overrides: a phrase OpenCC knows, and one of its own that no other transcript has."""


def write_ledger(path: Path) -> None:
    """The id ledger a first build writes beside `path` (ids by position)."""
    from jizhu.reading.parse import parse_file
    from jizhu.reading.relabel import apply_ledger
    changes = apply_ledger(parse_file(path, path.parent.name))
    changes.path.write_text(changes.text, encoding="utf-8")


def retitled(text: str, number: int) -> str:
    """The same transcript with `（number）` after its front-matter title and its date `number` days earlier."""
    text = re.sub(r'(?m)^(title = ".*)"$', lambda m: f'{m.group(1)}（{number}）"', text, count=1)

    def earlier(match: re.Match[str]) -> str:
        date = datetime.date.fromisoformat(match.group(1)) - datetime.timedelta(days=number)
        return f"date = {date.isoformat()}"

    return re.sub(r"(?m)^date = (\d{4}-\d{2}-\d{2})$", earlier, text, count=1)


SENTENCE_END = re.compile(r"[。！？!?”」]$")
"""Lines that end a sentence: paragraphs. Headings, the headline, lines ending in a colon (a key-point
lead) and hard-wrapped lines (ending in Latin) are left alone, so every copy parses as the seed does."""


def varied(text: str, number: int) -> str:
    """Every sentence-ending line after the front matter gets `（第N場·K）` after it: the same shape and
    about the same size as the seed, but no paragraph equal to one of another copy. Added after the
    line's last character, so every note's quote is still found exactly once."""
    head, _, body = text.rpartition("+++\n") if text.startswith("+++") else ("", "", text)
    lines = body.split("\n")
    count = 0
    for index, line in enumerate(lines):
        if SENTENCE_END.search(line.rstrip()):
            count += 1
            lines[index] = f"{line.rstrip()}（第{number}場·{count}）"
    return (head + "+++\n" if head else "") + "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dest", type=Path, help="the content folder to create")
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--distinct", action="store_true", help="make every paragraph of every copy different")
    ap.add_argument("--own-overrides", action="store_true", help="give every copy a conversions.toml of its own")
    args = ap.parse_args()
    made = make_corpus(args.dest, args.count, distinct=args.distinct, own_overrides=args.own_overrides)
    print(f"{len(made)} transcripts in {args.dest}")


if __name__ == "__main__":
    main()
