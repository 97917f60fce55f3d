"""The site's search index from every transcript's part, merged in bounded memory.

A part's postings are lines (search.py, `TranscriptIndex.postings`). `Merger.add`
takes the parts one at a time, in any order, keeps only their few facts (title,
date, speakers, sizes) and appends each line to one of SPILL files on disk,
chosen by the leading bits of its key's hash. `Merger.files` then reads one
spill file at a time, joins each key's pieces in the order the site lists the
transcripts, and yields each shard as soon as it is whole. A shard is a range of
hashes (`bucket`) as a spill file is, so a shard is some whole spill files or a
spill file some whole shards: the merge holds one spill file and its shards,
however many transcripts the site has.
"""
from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..scripts.convert import Script
from .search import FOLDER, FORMAT_VERSION, TranscriptIndex, base36, script_file
from .search_tokens import fold_table, is_han, regional_pairs

SHARD_BYTES = 24_000
"""Aim for shards about this size (before compression): the number of shards grows with the index."""
MAX_SHARDS = 4096
SPILL_BITS = 8
SPILL = 1 << SPILL_BITS
"""Spill files: each holds the keys whose hash starts with its number."""
SKETCH = 512
"""Hashes kept to estimate how many keys the site has (`KeyCount`)."""


def key_hash(key: str) -> int:
    """FNV-1a over the key's code points (search.js computes the same)."""
    h = 0x811C9DC5
    for char in key:
        h ^= ord(char)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def bucket(key: str, count: int) -> int:
    """The shard of `key` among `count` (a power of two): the hash's leading bits."""
    return key_hash(key) * count >> 32


class KeyCount:
    """How many different keys, and their bytes, estimated from the SKETCH smallest hashes
    (k minimum values): exact up to SKETCH keys, the same whatever order the keys come in."""

    def __init__(self) -> None:
        self.smallest: dict[int, int] = {}
        """hash -> the key's bytes."""
        self.top = 1 << 32

    def add(self, h: int, key: str) -> None:
        if h < self.top and h not in self.smallest:
            self.smallest[h] = len(key.encode())
            if len(self.smallest) > SKETCH:
                del self.smallest[max(self.smallest)]
                self.top = max(self.smallest)

    def estimate(self) -> tuple[float, float]:
        """(keys, their bytes)."""
        n = len(self.smallest)
        if n < SKETCH:
            return n, sum(self.smallest.values())
        keys = (n - 1) / (max(self.smallest) / (1 << 32))
        return keys, keys * sum(self.smallest.values()) / n


@dataclass(slots=True)
class Facts:
    """What the meta and fold files need of a part."""

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
        self.facts: dict[str, Facts] = {}
        self.sizes = [0, 0]
        """Bytes of the documents' and the positions' values, summed over the parts."""
        self.keys = KeyCount()
        self.alphabet: set[str] = set()
        """The folded Han characters of the index."""
        self.regional: set[str] = set()
        """The bigrams of regional words (`regional_bigrams`) that the index holds."""
        self._folder: tempfile.TemporaryDirectory | None = None
        self._spill: list = []

    def __enter__(self) -> Merger:
        self._folder = tempfile.TemporaryDirectory(prefix="jizhu-search-")
        self._spill = [open(Path(self._folder.name) / f"{n}.txt", "w", encoding="utf-8", newline="\n")
                       for n in range(SPILL)]
        return self

    def __exit__(self, *exc: object) -> None:
        for f in self._spill:
            f.close()
        if self._folder is not None:
            self._folder.cleanup()

    def add(self, part: TranscriptIndex) -> None:
        number = self.order[part.slug]
        self.facts[part.slug] = Facts(part.titles, part.date, part.documents, part.chunks, part.speakers, part.files)
        wanted = regional_bigrams()
        prefix = f"{number}\t"
        for line in part.postings.splitlines():
            key, _, rest = line.partition("\t")
            h = key_hash(key)
            self.keys.add(h, key)
            self._spill[h >> (32 - SPILL_BITS)].write(prefix + line + "\n")
            fields = rest.split("\t")
            self.sizes[0] += len(fields[2]) + len(fields[3]) + 3
            if fields[4]:
                self.sizes[1] += len(fields[4]) + 1
            if len(key) == 1 and is_han(key):
                self.alphabet.add(key)
            elif key in wanted:
                self.regional.add(key)

    def shard_count(self) -> int:
        """A power of two, so that shards hold about SHARD_BYTES."""
        keys, key_bytes = self.keys.estimate()
        total = max(self.sizes) + key_bytes + 6 * keys
        count = 1
        while count < MAX_SHARDS and total / count > SHARD_BYTES:
            count *= 2
        return count

    def files(self, scripts: tuple[Script, ...]) -> Iterator[tuple[str, str]]:
        """Every file of the index, {path under site/: text} one at a time; every part must be added."""
        missing = [slug for slug in self.order if slug not in self.facts]
        if missing:
            raise KeyError(f"no search index part for {missing[:3]}")
        facts = [self.facts[slug] for slug in self.order]
        offsets, start = [], 0
        for f in facts:
            offsets.append(start)
            start += f.documents
        count = self.shard_count()
        for f in self._spill:
            f.close()
        yield from self._shards(count, offsets)
        yield f"{FOLDER}/fold.js", script_file("fold", {
            "chars": fold_table(self.alphabet),
            "regional": [[a, b] for a, b in regional_pairs() if occurs(a, self.regional) or occurs(b, self.regional)]})
        speakers: dict[str, dict[str, str]] = {}
        for f in facts:
            for key, labels in f.speakers.items():
                speakers.setdefault(key, labels)
        for script in scripts:
            name = f"meta-{script.key}"
            yield f"{FOLDER}/{name}.js", script_file(name, {
                "format": FORMAT_VERSION, "shards": count, "script": script.key,
                "transcripts": [[slug, f.titles[script.key], f.date, f.documents, f.chunks]
                                for slug, f in zip(self.order, facts)],
                "speakers": [[key, labels[script.key]] for key, labels in speakers.items()]})
        for f in facts:
            yield from f.files.items()

    def _shards(self, count: int, offsets: list[int]) -> Iterator[tuple[str, str]]:
        """The k/ and p/ shards in order, each once the spill files holding its hashes are read."""
        assert self._folder is not None
        pending: dict[int, tuple[dict[str, str], dict[str, str]]] = {}
        next_shard = 0
        for spill in range(SPILL):
            lines = (Path(self._folder.name) / f"{spill}.txt").read_text(encoding="utf-8").splitlines()
            pieces = sorted((line.split("\t") for line in lines), key=lambda f: (f[1], int(f[0])))
            at = 0
            while at < len(pieces):
                key = pieces[at][1]
                end = at + 1
                while end < len(pieces) and pieces[end][1] == key:
                    end += 1
                documents, positions = merge(pieces[at:end], offsets)
                shard = pending.setdefault(bucket(key, count), ({}, {}))
                shard[0][key] = documents
                if positions:
                    shard[1][key] = positions
                at = end
            del lines, pieces
            while next_shard < count and (next_shard + 1) * SPILL <= (spill + 1) * count:
                documents, positions = pending.pop(next_shard, ({}, {}))
                for folder, table in (("k", documents), ("p", positions)):
                    name = f"{folder}/{next_shard}"
                    yield f"{FOLDER}/{name}.js", script_file(name, {key: table[key] for key in sorted(table)})
                next_shard += 1


def merge(pieces: list[list[str]], offsets: list[int]) -> tuple[str, str]:
    """One key's documents and positions across the site, from its lines (transcript number first),
    in the site's order."""
    out, previous = [], 0
    for number, _, first, last, head, rest, _ in pieces:
        offset = offsets[int(number)]
        out.append(base36(offset + int(first, 36) - previous) + head + rest)
        previous = offset + int(last, 36)
    return ",".join(out), ",".join(p[6] for p in pieces) if pieces[0][6] else ""


@cache
def regional_bigrams() -> frozenset[str]:
    return frozenset(word[i:i + 2] for pair in regional_pairs() for word in pair for i in range(len(word) - 1))


def occurs(word: str, bigrams: set[str]) -> bool:
    """Whether the index may hold `word`: all its bigrams are in it."""
    return all(word[i:i + 2] in bigrams for i in range(len(word) - 1))


def search_files(parts: Iterable[TranscriptIndex], scripts: tuple[Script, ...],
                 order: list[str] | None = None) -> dict[str, str]:
    """Every file of the index at once, from parts held in memory (the preview's and `check`'s
    builds); `order` defaults to the parts' own."""
    parts = list(parts)
    with Merger(order or [p.slug for p in parts]) as merger:
        for part in parts:
            merger.add(part)
        return dict(merger.files(scripts))
