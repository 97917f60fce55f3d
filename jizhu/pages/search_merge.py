"""The site's search index from every transcript's part, merged in bounded memory and time.

A part's postings are lines grouped by the leading bits of their key's hash
(search.py, `TranscriptIndex.postings`). `Merger.add` takes the parts one at a
time, in any order, keeps only their few facts (title, date, speakers, sizes)
and appends each group to its spill file on disk, with the transcript's number
written in. `Merger.files` then reads one spill file at a time, sorts its lines
(by key, then transcript: one sort in C, no arithmetic per line, as a
transcript's documents are counted from its own start) and yields each shard as
soon as it is whole. A shard is a range of hashes (`bucket`) as a spill file
is, so a shard is some whole spill files or a spill file some whole shards. A
spill file grows with the site: one of more than SORTED_BYTES is first parted by
its lines' tags (the next bits of the key's hash) into files of about that size,
sorted in turn, so the merge holds one such piece and its shards: what grows
with the site is only the commonest keys' lines, which a piece holds together
(as a shard does).
"""
from __future__ import annotations

import heapq
import re
import sys
import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from operator import itemgetter
from pathlib import Path

from ..scripts.convert import Script
from .search import (BUCKET_BITS, FOLDER, FORMAT_VERSION, NUMBER, SKETCH, SPILL, SPILL_BITS, TAG_BASE, TAG_BITS,
                     TAGS, TranscriptIndex, fixed, is_han, key_hash, number_width, script_file)
from .search_store import (STORE_FORMAT, Facts, Kept, Store, changed_postings, digest, flat_sketch, patch_key,
                           postings_digest, read_shard)
from .search_tokens import fold_table, regional_pairs

SHARD_BYTES = 24_000
"""Aim for shards about this size (before compression): the number of shards grows with the index."""
MAX_SHARDS = 4096
"""At most 1 << BUCKET_BITS (16,384): a shard is a whole number of buckets (`_shards`)."""
MAX_CHANGES = 64
"""Parts an edit patches into the kept index at most: beyond, a full merge is as quick."""
HELD_BYTES = 8_000_000
"""Memory the postings of parts not spilled may take: past it, they are all spilled to the spill files
together. A site whose postings fit (about 200 KB a seed-sized transcript: up to some 40 of them) is
merged without spill files, which cost more to make than to fill (40 to 70 ms for the seed alone);
an edit's build, which patches the kept index, makes none either."""
SPILLED_TOGETHER = 8
"""Once the spill files are made, parts held to be spilled together (one write to each file for them all)."""


@dataclass(frozen=True, slots=True)
class Part:
    """What the merge holds of a part until the end: with its entry in `Merger.parts`, 0.3 KB (measured at
    1,000 transcripts), where its sketch and facts took 6.4 KB."""

    documents: int
    positions: int
    """Its bytes of documents and of positions (`TranscriptIndex.sizes`)."""
    place: tuple[int, int]
    """Its line's offset and length in `Merger._lines`."""


SAME_KEY = re.compile(r"([^\t\n]+)\t[^\n]*\n(?:\1\t[^\n]*\n)*")
"""The lines of one key (sorted, so together): the tagged key, then a tab, on each."""
SORTED_BYTES = 1 << 20
"""A spill file's lines sorted at once, about: a larger file is sorted a range of its lines' tags at a time,
so that what the merge holds grows with the site only as its commonest keys' lines do (a word in every
transcript has a line from each), up to 64 times this a spill file (a 256th of every part's postings:
some 16 GB of them, 180,000 seed-sized transcripts)."""
PIECE = re.compile(r"\t([^\t\n]*)\t([^\n]*)\n")
"""One transcript's documents and positions, on one line of a key."""


def bucket(key: str, count: int) -> int:
    """The shard of `key` among `count` (a power of two): the leading bits of its hash."""
    return key_hash(key) * count >> 32


class Merger:
    """Merge the parts of the transcripts `order` (slugs, as the site lists them) into the site's
    search files; use as a context manager (the spill files live in a temporary folder).

    With a `store` folder (search_store.py) the last build's merged index is kept there, and an
    edit patches it: `previous(slug)` gives the part the cache held for a transcript before this
    build (whatever its key), to take its old postings out."""

    def __init__(self, order: list[str], store: Path | None = None,
                 previous: Callable[[str], TranscriptIndex | None] | None = None):
        self.order = {slug: n for n, slug in enumerate(order)}
        self.width = number_width(len(order))
        self.parts: dict[str, Part] = {}
        """What the merge holds of each part added or held; the rest is in `_lines`."""
        self._lines = tempfile.TemporaryFile(prefix="jizhu-search-parts-")
        """Each part's line of the kept manifest (`Kept.line`): what the meta files and the next build
        need of it, read back at the end, in the site's order."""
        self._sketch: dict[int, int] = {}
        """The smallest hashes of all the parts' sketches so far, with their keys' bytes (`key_bytes`)."""
        self.files_of: dict[str, dict[str, str]] = {}
        self._store = Store(store) if store is not None else None
        self._previous = previous
        self._manifest: dict | None = None
        """The store's manifest, when it describes these transcripts in this order."""
        self._patchable = False
        """Whether the kept index can be patched: every changed part's old postings are known."""
        self._checked = False
        self._held: set[str] = set()
        """Parts not added: the store's shards hold them as they are."""
        self._changes: dict[str, tuple[list[str], list[str]]] = {}
        """Parts added whose postings differ from the store's: (old postings, new postings)."""
        self._folder: tempfile.TemporaryDirectory | None = None
        self._spill: list = []
        """The open spill files, once the first part is spilled."""
        self._pending: list[tuple[list[str], str]] = []
        """Parts added but not spilled (postings, the transcript's number): HELD_BYTES of postings at most,
        then SPILLED_TOGETHER parts."""
        self._pending_bytes = 0

    def __enter__(self) -> Merger:
        if self._store is not None:
            self._manifest = self._store.manifest(list(self.order), self.width, FORMAT_VERSION)
            self._patchable = self._manifest is not None
        return self

    def __exit__(self, *exc: object) -> None:
        self._lines.close()
        for f in self._spill:
            f.close()
        if self._folder is not None:
            self._folder.cleanup()

    def _path(self, spill: int) -> Path:
        assert self._folder is not None
        return Path(self._folder.name) / f"{spill}.txt"

    def add(self, part: TranscriptIndex, key: str | None = None) -> None:
        """Take one transcript's part (made for the build key `key`); call before the cache replaces
        the part it held, which an edit's patch reads."""
        if part.slug in self.parts:
            raise ValueError(f"{part.slug}: its search index part is added twice")
        kept = Kept(key, postings_digest(part.postings) if self._store is not None else "", part.sizes,
                    flat_sketch(part.sketch), Facts(part.titles, part.date, part.documents, part.chunks, part.speakers))
        self._take(part.slug, kept, kept.line(part.slug))
        if part.files:
            self.files_of[part.slug] = part.files
        if self._patchable:
            old = self._manifest["parts"][part.slug]
            if old.digest != kept.digest:
                before = self._previous(part.slug) if self._previous and len(self._changes) < MAX_CHANGES else None
                if before is None or postings_digest(before.postings) != old.digest:
                    self._patchable = False  # the old postings are not known: merge every part
                else:
                    self._changes[part.slug] = (before.postings, part.postings)
        self._pending.append((part.postings, fixed(self.order[part.slug], self.width)))
        self._pending_bytes += sum(map(sys.getsizeof, part.postings))
        if self._pending_bytes > HELD_BYTES or self._folder is not None and len(self._pending) >= SPILLED_TOGETHER:
            self._spill_pending()

    def _take(self, slug: str, kept: Kept, line: bytes) -> None:
        """Hold what the merge needs of a part added or held: its sizes, its sketch folded into the site's,
        its line kept on disk."""
        self.parts[slug] = Part(kept.sizes[0], kept.sizes[1], (self._lines.seek(0, 2), len(line)))
        self._lines.write(line)
        self.fold(kept.sketch)

    def fold(self, sketch: array) -> None:
        """Take a part's flat sketch into the site's. A later part's bytes for a hash win, as in one dict of
        every part's pairs; a hash beyond the smallest SKETCH so far is never one of the site's."""
        self._sketch.update(zip(sketch[::2], sketch[1::2]))
        if len(self._sketch) > 4 * SKETCH:
            self._sketch = dict(heapq.nsmallest(SKETCH, self._sketch.items()))

    def _facts(self) -> Iterator[Facts]:
        """The parts' facts, in the site's order, read back from `_lines`."""
        for slug in self.order:
            offset, length = self.parts[slug].place
            self._lines.seek(offset)
            yield Kept.of_line(self._lines.read(length))[1].facts

    def _spill_pending(self) -> None:
        """Write the pending parts' postings to the spill files (made at the first call)."""
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="jizhu-search-")
            self._spill = [open(self._path(n), "w", encoding="utf-8", newline="\n") for n in range(SPILL)]
        for n, spill in enumerate(self._spill):
            spill.write(self._pending_lines(n))
        self._pending.clear()
        self._pending_bytes = 0

    def _pending_lines(self, spill: int) -> str:
        """The pending parts' lines of one spill group, with their transcripts' numbers."""
        return "".join([postings[spill].replace(NUMBER, number) for postings, number in self._pending])

    def holds(self, slug: str, key: str) -> bool:
        """Whether the kept index holds the transcript's part as made for `key`: then it need not be
        added (nor read). Call once every part made in this build is added."""
        if self._manifest is None or slug in self.parts:
            return False
        if not self._checked:
            self._checked = True
            if not self._store.intact(self._manifest["files"]):
                self._manifest, self._patchable = None, False
                return False
        if self._manifest["parts"][slug].key != key:
            return False
        try:
            line = self._store.line(self._manifest["parts"][slug].place)
            listed, kept = Kept.of_line(line)
        except (OSError, ValueError, KeyError, TypeError):
            listed = None
        if listed != slug:  # the manifest changed since it was read: the part is added instead
            self._patchable = False
            return False
        self._held.add(slug)
        self._take(slug, kept, line)
        return True

    def shard_count(self) -> int:
        """A power of two, so that shards hold about SHARD_BYTES."""
        total = max(sum(p.documents for p in self.parts.values()), sum(p.positions for p in self.parts.values()))
        total += self.key_bytes()
        count = 1
        while count < MAX_SHARDS and total / count > SHARD_BYTES:
            count *= 2
        return count

    def key_bytes(self) -> float:
        """The keys' bytes in the shards (6 more each for quotes and separators): exact up to SKETCH
        keys, else estimated from the smallest hashes (`fold`), whatever order the parts came in."""
        sketch = dict(heapq.nsmallest(SKETCH, self._sketch.items()))
        n = len(sketch)
        if n < SKETCH:
            return sum(sketch.values()) + 6 * n
        keys = (n - 1) / (max(sketch) / (1 << 32))
        return keys * (sum(sketch.values()) / n + 6)

    def files(self, scripts: tuple[Script, ...]) -> Iterator[tuple[str, str]]:
        """Every file of the index, (path under site/, text) one at a time; every part must be added
        or held."""
        missing = [slug for slug in self.order if slug not in self.parts]
        if missing:
            raise KeyError(f"no search index part for {missing[:3]}")
        count = self.shard_count()
        manifest = self._manifest
        if self._patchable and not self._checked and not self._store.intact(manifest["files"]):
            manifest, self._patchable = None, False
        patch = self._patchable and manifest["shards"] == count
        if patch:
            self._pending.clear()  # the changed parts' postings are patched in (`_changes`), the others held
        elif self._held:
            self._spill_pending()  # the spill files then take the held parts' postings too
        for f in self._spill:
            f.close()
        if not patch and self._held:
            self._spill_held()
        if self._store is not None:
            self._store.forget()
        keys = Keys()
        shards = self._patched(manifest, keys) if patch else self._shards(count, keys)
        written: dict[str, str] = {}
        for relative, text in shards:
            if self._store is not None:
                written[relative] = digest(text)
            yield f"{FOLDER}/{relative}", text
        yield f"{FOLDER}/fold.js", script_file("fold", {
            "chars": fold_table(keys.alphabet),
            "regional": [[a, b] for a, b in regional_pairs() if occurs(a, keys.regional) or occurs(b, keys.regional)]})
        listed: dict[str, list] = {script.key: [] for script in scripts}
        speakers: dict[str, dict[str, str]] = {}
        for slug, f in zip(self.order, self._facts()):
            for script in scripts:
                listed[script.key].append([slug, f.titles[script.key], f.date, f.documents, f.chunks])
            for key, labels in f.speakers.items():
                speakers.setdefault(key, labels)
        for script in scripts:
            name = f"meta-{script.key}"
            yield f"{FOLDER}/{name}.js", script_file(name, {
                "format": FORMAT_VERSION, "shards": count, "width": self.width, "script": script.key,
                "text": {"base": scripts[0].key, "folded": [s.key for s in scripts[1:] if not s.traditional]},
                "transcripts": listed.pop(script.key),
                "speakers": [[key, labels[script.key]] for key, labels in speakers.items()]})
        for slug in self.order:
            yield from self.files_of.get(slug, {}).items()
        if self._store is not None:
            self._store.save({"store": STORE_FORMAT, "format": FORMAT_VERSION, "order": list(self.order),
                              "width": self.width, "shards": count, "files": written,
                              "alphabet": sorted(keys.alphabet), "regional": sorted(keys.regional)},
                             self._lines, [r for r in (manifest or {}).get("files", {}) if r not in written])

    def _shards(self, count: int, keys: Keys) -> Iterator[tuple[str, str]]:
        """The k/ and p/ shards in order, each once the spill groups holding its hashes are read (from
        the spill files and the parts held). A shard is a range of buckets (the leading BUCKET_BITS of a
        hash: a spill group and a line's tag), as many as MAX_SHARDS allows at most."""
        pending: dict[int, tuple[dict[str, str], dict[str, str]]] = {}
        next_shard = 0
        per_shard = (1 << BUCKET_BITS) // count
        for spill in range(SPILL):
            for end, text in self._sorted(spill):
                for group in SAME_KEY.finditer(text):  # the work per line is the regular expressions', in C
                    tagged, block = group[1], group[0]
                    key = tagged[1:]
                    shard = pending.setdefault((spill << TAG_BITS | ord(tagged[0]) - TAG_BASE) // per_shard, ({}, {}))
                    pieces = PIECE.findall(block)
                    shard[0][key] = ",".join(map(itemgetter(0), pieces))
                    if pieces[0][1]:
                        shard[1][key] = ",".join(map(itemgetter(1), pieces))
                    keys.add(key)
                del text
                while next_shard < count and (next_shard + 1) * per_shard <= end:
                    for relative, text in shard_files(next_shard, *pending.pop(next_shard, ({}, {}))):
                        if self._store is not None:
                            self._store.write(relative, text)
                        yield relative, text
                    next_shard += 1

    def _sorted(self, spill: int) -> Iterator[tuple[int, str]]:
        """A spill group's lines (its file's and the parts never spilled, if any), sorted by key, then
        by the transcript's number (a tab sorts before any key character), as text: whole, or, from a
        file of more than SORTED_BYTES, a range of its tags at a time, as many ranges as keep each
        about that size (`_parted`). Each with the end of its range of buckets."""
        first, tags = spill << TAG_BITS, len(TAGS)
        path = self._path(spill) if self._folder is not None else None
        ranges = 1
        while path is not None and ranges < tags and path.stat().st_size > ranges * SORTED_BYTES:
            ranges *= 2
        if ranges == 1:
            lines = self._pending_lines(spill).split("\n")
            if path is not None:
                lines += path.read_text(encoding="utf-8").split("\n")
                path.unlink()
            yield first + tags, sorted_text(lines)
            return
        for n, part in enumerate(self._parted(spill, ranges)):
            lines = part.read_text(encoding="utf-8").split("\n")
            part.unlink()
            yield first + (n + 1) * tags // ranges, sorted_text(lines)

    def _parted(self, spill: int, ranges: int) -> list[Path]:
        """Part a spill file into files of `ranges` ranges of its lines' tags, reading, sorting and cutting
        SORTED_BYTES of lines at a time (the tag leads a line, so a sorted piece's ranges are runs)."""
        path = self._path(spill)
        with open(path, "a", encoding="utf-8", newline="\n") as spilled:
            spilled.write(self._pending_lines(spill))
        parts = [path.with_name(f"{spill}-{n}.txt") for n in range(ranges)]
        bounds = [TAGS[n * len(TAGS) // ranges] for n in range(1, ranges)]
        files = [open(part, "w", encoding="utf-8", newline="\n") for part in parts]
        try:
            with open(path, encoding="utf-8", newline="\n") as spilled:
                rest = ""
                while text := spilled.read(SORTED_BYTES):
                    text, _, rest = (rest + text).rpartition("\n")  # whole lines; the rest with the next read
                    if not text:
                        continue
                    lines = text.split("\n")
                    lines.sort()
                    cuts = [0, *(bisect_left(lines, bound) for bound in bounds), len(lines)]
                    for f, start, end in zip(files, cuts, cuts[1:]):
                        if end > start:
                            f.write("\n".join(lines[start:end]) + "\n")
        finally:
            for f in files:
                f.close()
        path.unlink()
        return parts

    def _spill_held(self) -> None:
        """The held parts' postings, read back from the kept shards into the spill files (a full merge
        after all: the number of shards changed)."""
        assert self._manifest is not None and self._store is not None
        held = {fixed(self.order[slug], self.width) for slug in self._held}
        spills = [open(self._path(n), "a", encoding="utf-8", newline="\n") for n in range(SPILL)]
        try:
            for n in range(self._manifest["shards"]):
                keys, documents = read_shard(self._store.read(f"k/{n}.js"))
                positions = read_shard(self._store.read(f"p/{n}.js"))
                for key, docs, places in zip(keys, documents, positions):
                    hashed = key_hash(key)
                    spill = spills[hashed >> (32 - SPILL_BITS)]
                    tagged = TAGS[hashed >> (32 - BUCKET_BITS) & (len(TAGS) - 1)] + key
                    for piece, placed in zip(docs.split(","), places.split(",") if places else repeat("")):
                        if piece[:self.width] in held:
                            spill.write(f"{tagged}\t{piece}\t{placed}\n")
        finally:
            for f in spills:
                f.close()
        self._held.clear()

    def _patched(self, kept: dict, keys: Keys) -> Iterator[tuple[str, str]]:
        """The kept shards with each changed part's postings replaced, patching only the shards
        where a key's postings changed; the others as they are."""
        count = kept["shards"]
        keys.alphabet.update(kept["alphabet"])
        keys.regional.update(kept["regional"])
        touched: dict[int, list[tuple[str, str, tuple[str, str] | None]]] = {}
        for slug, (old, new) in self._changes.items():
            number = fixed(self.order[slug], self.width)
            for key, postings in changed_postings(old, new).items():
                touched.setdefault(bucket(key, count), []).append((key, number, postings))
        for n in range(count):
            if n not in touched:
                for folder in ("k", "p"):
                    yield f"{folder}/{n}.js", self._store.read(f"{folder}/{n}.js")
                continue
            names, values = read_shard(self._store.read(f"k/{n}.js"))
            documents = dict(zip(names, values))
            positions = {key: value for key, value in zip(names, read_shard(self._store.read(f"p/{n}.js"))) if value}
            for key, number, new in touched[n]:
                patch_key(documents, positions, key, number, new)
                keys.update(key, key in documents)
            for relative, text in shard_files(n, documents, positions):
                self._store.write(relative, text)
                yield relative, text


def sorted_text(lines: list[str]) -> str:
    """Lines sorted, as text, each ending in a new line (the empty ones, left after each text's last
    line, sort first and are dropped)."""
    lines.sort()
    del lines[:lines.count("")]
    lines.append("")
    return "\n".join(lines)


def shard_files(number: int, documents: dict[str, str], positions: dict[str, str]) -> Iterator[tuple[str, str]]:
    """Shard `number`'s two files (paths under data/search/): k/ `[[key…], [documents…]]`, the keys
    in code point order, and p/ `[positions…]` in the same order ("" for a key without positions)."""
    keys = sorted(documents)
    yield f"k/{number}.js", script_file(f"k/{number}", [keys, [documents[key] for key in keys]])
    yield f"p/{number}.js", script_file(f"p/{number}", [positions.get(key, "") for key in keys])


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

    def update(self, key: str, present: bool) -> None:
        """A key an edit changed: still in the index, or gone."""
        if present:
            self.add(key)
        else:
            self.alphabet.discard(key)
            self.regional.discard(key)


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
