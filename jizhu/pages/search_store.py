"""The merged search index kept between builds, so that an edit replaces one transcript's postings
instead of merging every part again.

The build's cache keeps, in its own folder, the k/ and p/ shard files of the
last merge as they were written, and `manifest.json`: the transcripts in site
order, the number and width, a digest of every shard file, the folded Han
characters and regional bigrams the index holds (for fold.js), and for each
transcript the build key and a digest of its postings, with what the merge
needs of it without reading it (sizes, sketch, the meta files' facts).

search_merge.Merger uses it: a transcript whose key is the one in the manifest
is not read at all (`Merger.holds`); a transcript made again whose postings
differ has its old postings (its part as the cache held it, checked against the
digest) taken out of the shards their keys fall in, and the new ones put in.
The result is byte for byte what a full merge makes (tests/test_build_cache.py
checks it). Anything that does not match (another format, other transcripts or
order, a shard file whose digest differs, an old part that is gone) means a full
merge; the manifest is removed before the shards change and written last, so a
build stopped half-way leaves no manifest to trust.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import BinaryIO

STORE_FORMAT = 4
MANIFEST = "manifest.json"
"""Its first line the rest of the manifest, a JSON object; then one line for each part, `[slug, part]`:
read and written one part at a time (a site of 10,000 transcripts has 60 MB of them, which as one
JSON value took 240 MB to read and 360 MB to write)."""


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(slots=True)
class Facts:
    """What the meta files need of a part."""

    titles: dict[str, str]
    date: str
    documents: int
    chunks: list[int]
    speakers: dict[str, dict[str, str]]


@dataclass(slots=True)
class Kept:
    """What the merge needs of one transcript's part, without the part."""

    key: str | None
    """The build's key for the transcript when the part was made (None: not known)."""
    digest: str
    """Of its postings (`postings_digest`); "" in a merge without a store, which never compares them."""
    sizes: list[int]
    sketch: array
    """The part's sketch (search.TranscriptIndex.sketch) flat, hash and bytes in turn: 4 KB, where
    the pairs as Python lists took 55 KB. The merge folds it into the site's as the part comes
    (`Merger.fold`) and holds none."""
    facts: Facts

    def line(self, slug: str) -> bytes:
        """Its line of the manifest: `[slug, part]`, the sketch packed."""
        return (json.dumps([slug, shallow(self)], ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def of_line(cls, line: bytes) -> tuple[str, Kept]:
        """Back from `line`; ValueError, KeyError or TypeError if it is not one."""
        slug, p = json.loads(line)
        return slug, cls(p["key"], p["digest"], p["sizes"], unpacked(p["sketch"]), Facts(**p["facts"]))


@dataclass(frozen=True, slots=True)
class Listed:
    """A part as the manifest lists it, without its sketch and facts: its line is read again when the
    part is held (`Store.line`). Holding every part's sketch took 68 MB at 10,000 transcripts."""

    key: str | None
    digest: str
    place: tuple[int, int]
    """Its line's offset and length in the manifest."""


def postings_digest(postings: list[str]) -> str:
    return digest("\x00".join(postings))


class Store:
    """The folder of the kept index: `manifest.json`, `k/<n>.js` and `p/<n>.js`."""

    def __init__(self, folder: Path):
        self.folder = folder

    def manifest(self, order: list[str], width: int, version: int) -> dict | None:
        """The manifest, when it describes these transcripts in this order and this index format: its
        first line, with "parts" {slug: Listed}. Every line is read whole, so that one that does not
        parse means no manifest."""
        try:
            with (self.folder / MANIFEST).open("rb") as lines:
                data = json.loads(next(lines))
                if (data.get("store") != STORE_FORMAT or data.get("format") != version or data.get("order") != order
                        or data.get("width") != width or not isinstance(data.get("files"), dict)):
                    return None
                data["parts"] = parts = {}
                offset = lines.tell()
                for line in lines:
                    slug, kept = Kept.of_line(line)
                    parts[slug] = Listed(kept.key, kept.digest, (offset, len(line)))
                    offset += len(line)
            if set(parts) != set(order):
                return None
            return data
        except (OSError, ValueError, KeyError, TypeError, AttributeError, StopIteration):
            return None

    def line(self, place: tuple[int, int]) -> bytes:
        """A part's line of the manifest (`Listed.place`), until `forget`."""
        offset, length = place
        with (self.folder / MANIFEST).open("rb") as manifest:
            manifest.seek(offset)
            return manifest.read(length)

    def rekey(self, keys: dict[str, tuple[str, str]]) -> None:
        """{slug: (old key, new key)}: those transcripts' parts, as merged, are theirs under the new
        key too (cache.Cache.rekey_search_part)."""
        temporary = self.folder / (MANIFEST + ".tmp")
        changed = False
        try:
            with (self.folder / MANIFEST).open(encoding="utf-8") as lines, \
                    temporary.open("w", encoding="utf-8") as out:
                out.write(next(lines))
                for line in lines:
                    slug = json.loads(line[:line.index(",")] + "]")[0]  # the part itself only when rekeyed
                    if slug in keys:
                        part = json.loads(line)[1]
                        if part["key"] == keys[slug][0]:
                            part["key"] = keys[slug][1]
                            line = json.dumps([slug, part], ensure_ascii=False) + "\n"
                            changed = True
                    out.write(line)
        except (OSError, ValueError, KeyError, TypeError, IndexError, StopIteration):
            changed = False
        if changed:
            os.replace(temporary, self.folder / MANIFEST)
        else:
            temporary.unlink(missing_ok=True)

    def read(self, relative: str) -> str:
        return (self.folder / relative).read_text(encoding="utf-8")

    def intact(self, files: dict[str, str]) -> bool:
        """Whether every file the manifest lists is there with its digest."""
        try:
            return all(digest(self.read(relative)) == expected for relative, expected in files.items())
        except (OSError, UnicodeDecodeError):
            return False

    def forget(self) -> None:
        """Called before the shards change: until `save`, nothing here is trusted."""
        (self.folder / MANIFEST).unlink(missing_ok=True)

    def write(self, relative: str, text: str) -> None:
        path = self.folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")

    def save(self, header: dict, lines: BinaryIO, stale: Iterable[str]) -> None:
        """Write the manifest last (the shard files are written): `header` its first line, then the
        parts' `lines` (a file, read from its start); remove the files no longer listed."""
        for relative in stale:
            (self.folder / relative).unlink(missing_ok=True)
        temporary = self.folder / (MANIFEST + ".tmp")
        with temporary.open("wb") as out:
            out.write((json.dumps(header, ensure_ascii=False) + "\n").encode("utf-8"))
            lines.seek(0)
            shutil.copyfileobj(lines, out)
        os.replace(temporary, self.folder / MANIFEST)


def shallow(kept: Kept) -> dict:
    """`dataclasses.asdict` without its deep copy of every list, the sketch packed."""
    return {field.name: getattr(kept, field.name) for field in fields(kept)} | {
        "sketch": packed(kept.sketch),
        "facts": {field.name: getattr(kept.facts, field.name) for field in fields(kept.facts)}}


def flat_sketch(pairs: list[list[int]]) -> array:
    """A sketch's [hash, bytes] pairs as one array of 32-bit numbers (both are below 2³²)."""
    return array("I", [n for pair in pairs for n in pair])


def packed(sketch: array) -> str:
    """A flat sketch as text for the manifest (base64 of its numbers, little-endian)."""
    if sys.byteorder == "big":
        sketch = array("I", sketch)
        sketch.byteswap()
    return base64.b64encode(sketch.tobytes()).decode("ascii")


def unpacked(text: str) -> array:
    sketch = array("I")
    sketch.frombytes(base64.b64decode(text, validate=True))
    if sys.byteorder == "big":
        sketch.byteswap()
    return sketch


def read_shard(text: str) -> object:
    """A shard file's JSON value (search.script_file's wrapper taken off)."""
    return json.loads(text.partition(",\n")[2].removesuffix(");\n"))


def changed_postings(old: list[str], new: list[str]) -> dict[str, tuple[str, str] | None]:
    """The keys whose postings differ between two versions of a part's postings, each with its new
    (documents without the transcript's number, positions), or None when gone. A key's line is in the
    same group in both, so only the groups that differ are read, and of them only the lines that differ."""
    changed: dict[str, tuple[str, str] | None] = {}
    for before, after in zip(old, new):
        if before == after:
            continue
        lines, new_lines = before.split("\n"), after.split("\n")
        for line in set(lines).difference(new_lines):
            if line:
                changed[line.partition("\t")[0][1:]] = None  # (the key, its tag taken off)
        for line in set(new_lines).difference(lines):
            if line:
                tagged, documents, positions = line.split("\t")
                changed[tagged[1:]] = (documents[1:], positions)
    return changed


def patch_key(documents: dict[str, str], positions: dict[str, str], key: str, number: str,
              new: tuple[str, str] | None) -> None:
    """Put transcript `number`'s piece of `key` in the shard (`new`: its documents and positions),
    or take it out (`new` None): the pieces stay in the order of the transcripts' numbers, which
    sort as text."""
    pieces = documents[key].split(",") if key in documents else []
    placed = positions[key].split(",") if key in positions else None
    width = len(number)
    at = 0
    while at < len(pieces) and pieces[at][:width] < number:
        at += 1
    if at < len(pieces) and pieces[at][:width] == number:
        del pieces[at]
        if placed is not None:
            del placed[at]
    if new is not None:
        pieces.insert(at, number + new[0])
        if new[1]:
            placed = placed if placed is not None else []
            placed.insert(at, new[1])
    if not pieces:
        documents.pop(key, None)
        positions.pop(key, None)
        return
    documents[key] = ",".join(pieces)
    if placed:
        positions[key] = ",".join(placed)
