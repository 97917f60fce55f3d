"""The site's search index from every transcript's part, merged in bounded memory and time.

A part's postings are lines grouped by the leading bits of their key's hash
(search.py, `TranscriptIndex.postings`). `Merger.add` takes the parts one at a
time, in any order, keeps only their few facts (title, date, speakers, sizes)
and appends each group to its spill file on disk, with the transcript's number
written in. `Merger.files` then reads one spill file at a time, sorts its lines
(by key, then transcript: one sort in C, no arithmetic per line, as a
transcript's documents are counted from its own start) and yields each shard as
soon as it is whole. A shard is a range of hashes (`bucket`) as a spill file
is, so a shard is some whole spill files or a spill file some whole shards: the
merge holds one spill file and its shards, however many transcripts the site has.
"""
from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from pathlib import Path

from ..scripts.convert import Script
from .search import (FOLDER, FORMAT_VERSION, NUMBER, SKETCH, SPILL, TranscriptIndex, base36, is_han, key_hash,
                     script_file)
from .search_tokens import fold_table, regional_pairs

SHARD_BYTES = 24_000
"""Aim for shards about this size (before compression): the number of shards grows with the index."""
MAX_SHARDS = 4096


SAME_KEY = re.compile(r"([^\t\n]+)\t[^\n]*\n(?:\1\t[^\n]*\n)*")
"""The lines of one key (sorted, so together): the key, then a tab, on each."""
PIECE = re.compile(r"\t([^\t\n]*)\t([^\n]*)\n")
"""One transcript's documents and positions, on one line of a key."""


def bucket(key: str, count: int) -> int:
    """The shard of `key` among `count` (a power of two): the leading bits of its hash."""
    return key_hash(key) * count >> 32


def number_width(transcripts: int) -> int:
    """Base-36 digits of the last transcript's number: every number is written this wide."""
    return len(base36(max(transcripts - 1, 0)))


@dataclass(slots=True)
class Facts:
    """What the meta files need of a part."""

    titles: dict[str, str]
    date: str
    documents: int
    chunks: list[int]
    speakers: dict[str, dict[str, str]]
    files: dict[str, str]


class Merger:
    """Merge the parts of the transcripts `order` (slugs, as the site lists them) into the site's
    search files; use as a context manager (the spill files live in a temporary folder)."""

    def __init__(self, order: list[str]):
        self.order = {slug: n for n, slug in enumerate(order)}
        self.width = number_width(len(order))
        self.facts: dict[str, Facts] = {}
        self.sizes = [0, 0]
        """Bytes of the documents' and the positions' values, summed over the parts."""
        self.sketch: dict[int, int] = {}
        """The SKETCH smallest key hashes of the site -> the key's bytes (k minimum values)."""
        self._folder: tempfile.TemporaryDirectory | None = None
        self._spill: list = []

    def __enter__(self) -> Merger:
        self._folder = tempfile.TemporaryDirectory(prefix="jizhu-search-")
        self._spill = [open(self._path(n), "w", encoding="utf-8", newline="\n") for n in range(SPILL)]
        return self

    def __exit__(self, *exc: object) -> None:
        for f in self._spill:
            f.close()
        if self._folder is not None:
            self._folder.cleanup()

    def _path(self, spill: int) -> Path:
        assert self._folder is not None
        return Path(self._folder.name) / f"{spill}.txt"

    def add(self, part: TranscriptIndex) -> None:
        number = base36(self.order[part.slug]).rjust(self.width, "0")
        self.facts[part.slug] = Facts(part.titles, part.date, part.documents, part.chunks, part.speakers, part.files)
        for spill, lines in zip(self._spill, part.postings):
            spill.write(lines.replace(NUMBER, number))
        self.sizes[0] += part.sizes[0]
        self.sizes[1] += part.sizes[1]
        self.sketch.update(part.sketch)
        if len(self.sketch) > SKETCH:
            self.sketch = dict(sorted(self.sketch.items())[:SKETCH])

    def shard_count(self) -> int:
        """A power of two, so that shards hold about SHARD_BYTES."""
        total = max(self.sizes) + self.key_bytes()
        count = 1
        while count < MAX_SHARDS and total / count > SHARD_BYTES:
            count *= 2
        return count

    def key_bytes(self) -> float:
        """The keys' bytes in the shards (6 more each for quotes and separators): exact up to SKETCH
        keys, else estimated from the smallest hashes, whatever order the parts came in."""
        n = len(self.sketch)
        if n < SKETCH:
            return sum(self.sketch.values()) + 6 * n
        keys = (n - 1) / (max(self.sketch) / (1 << 32))
        return keys * (sum(self.sketch.values()) / n + 6)

    def files(self, scripts: tuple[Script, ...]) -> Iterator[tuple[str, str]]:
        """Every file of the index, (path under site/, text) one at a time; every part must be added."""
        missing = [slug for slug in self.order if slug not in self.facts]
        if missing:
            raise KeyError(f"no search index part for {missing[:3]}")
        facts = [self.facts[slug] for slug in self.order]
        count = self.shard_count()
        for f in self._spill:
            f.close()
        keys = Keys()
        yield from self._shards(count, keys)
        yield f"{FOLDER}/fold.js", script_file("fold", {
            "chars": fold_table(keys.alphabet),
            "regional": [[a, b] for a, b in regional_pairs() if occurs(a, keys.regional) or occurs(b, keys.regional)]})
        speakers: dict[str, dict[str, str]] = {}
        for f in facts:
            for key, labels in f.speakers.items():
                speakers.setdefault(key, labels)
        for script in scripts:
            name = f"meta-{script.key}"
            yield f"{FOLDER}/{name}.js", script_file(name, {
                "format": FORMAT_VERSION, "shards": count, "width": self.width, "script": script.key,
                "text": {"base": scripts[0].key, "folded": [s.key for s in scripts[1:] if not s.traditional]},
                "transcripts": [[slug, f.titles[script.key], f.date, f.documents, f.chunks]
                                for slug, f in zip(self.order, facts)],
                "speakers": [[key, labels[script.key]] for key, labels in speakers.items()]})
        for f in facts:
            yield from f.files.items()

    def _shards(self, count: int, keys: Keys) -> Iterator[tuple[str, str]]:
        """The k/ and p/ shards in order, each once the spill files holding its hashes are read."""
        pending: dict[int, tuple[dict[str, str], dict[str, str]]] = {}
        next_shard = 0
        for spill in range(SPILL):
            path = self._path(spill)
            lines = path.read_text(encoding="utf-8").split("\n")
            path.unlink()
            lines.pop()  # after the last line's end
            lines.sort()  # by key, then by the transcript's number (a tab sorts before any key character)
            lines.append("")
            text = "\n".join(lines)
            del lines
            for group in SAME_KEY.finditer(text):  # the work per line is the regular expressions', in C
                key, block = group[1], group[0]
                shard = pending.setdefault(bucket(key, count), ({}, {}))
                pieces = PIECE.findall(block)
                shard[0][key] = ";".join(map(itemgetter(0), pieces))
                if pieces[0][1]:
                    shard[1][key] = ",".join(map(itemgetter(1), pieces))
                keys.add(key)
            del text
            while next_shard < count and (next_shard + 1) * SPILL <= (spill + 1) * count:
                documents, positions = pending.pop(next_shard, ({}, {}))
                for folder, table in (("k", documents), ("p", positions)):
                    name = f"{folder}/{next_shard}"
                    yield f"{FOLDER}/{name}.js", script_file(name, {key: table[key] for key in sorted(table)})
                next_shard += 1


class Keys:
    """What fold.js needs of the keys, seen once each as the shards are made."""

    def __init__(self) -> None:
        self.alphabet: set[str] = set()
        """The folded Han characters of the index."""
        self.regional: set[str] = set()
        """The bigrams of regional words that the index holds."""
        self._wanted = regional_bigrams()

    def add(self, key: str) -> None:
        if len(key) == 1 and is_han(key):
            self.alphabet.add(key)
        elif key in self._wanted:
            self.regional.add(key)


@cache
def regional_bigrams() -> frozenset[str]:
    return frozenset(word[i:i + 2] for pair in regional_pairs() for word in pair for i in range(len(word) - 1))


def occurs(word: str, bigrams: set[str]) -> bool:
    """Whether the index may hold `word`: all its bigrams are in it."""
    return all(word[i:i + 2] in bigrams for i in range(len(word) - 1))


def search_files(parts: Iterable[TranscriptIndex], scripts: tuple[Script, ...]) -> dict[str, str]:
    """Every file of the index at once, from parts held in memory in the site's order (the
    preview's and `check`'s builds)."""
    parts = list(parts)
    with Merger([p.slug for p in parts]) as merger:
        for part in parts:
            merger.add(part)
        return dict(merger.files(scripts))
