"""Where made files go: straight into a fresh site folder, or into a holding folder to be moved into the site in place.

A `Sink` is handed to every worker of a build (it pickles, and forked workers
inherit it): a file is written as soon as it is made, never gathered in memory.
Either folder has the site's own layout, so nothing lists what was written:
`move_in` walks the holding folder.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .cache import hasher

BLOCK_CHARACTERS = 1 << 16


@dataclass(frozen=True, slots=True)
class Sink:
    root: Path
    """A fresh site folder, or a holding folder beside the site whose files `move_in` puts in place."""

    def put(self, relative: str, data: bytes) -> None:
        """Write one file at its site path under `root`."""
        target = self.root / relative
        try:
            target.write_bytes(data)
        except FileNotFoundError:  # its folder is not made yet: far cheaper to find out than to check first
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def put_blocks(self, relative: str, blocks: Iterable[bytes], unchanged: str | None) -> tuple[str, bool]:
        """Write one file a block at a time as it is made, and its digest (`cache.digest`'s); unless that is
        `unchanged`, the digest of what the site has: then nothing is written. Either way, whether written.
        The blocks go to a temporary file beside it, removed however this ends."""
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
        hashed = hasher()
        try:
            with open(temporary, "wb") as f:
                for block in blocks:
                    hashed.update(block)
                    f.write(block)
            made = hashed.hexdigest()
            if made != unchanged:
                os.replace(temporary, target)
            return made, made != unchanged
        finally:
            temporary.unlink(missing_ok=True)


def encoded_blocks(pieces: Iterable[str]) -> Iterator[bytes]:
    """Text made a few characters at a time (a template's pieces), as UTF-8 in blocks of about
    BLOCK_CHARACTERS."""
    held: list[str] = []
    size = 0
    for piece in pieces:
        held.append(piece)
        size += len(piece)
        if size >= BLOCK_CHARACTERS:
            yield "".join(held).encode("utf-8")
            held, size = [], 0
    yield "".join(held).encode("utf-8")


def move_in(holding: Path, out: Path, removed: list[str]) -> None:
    """Put every file held in place (renames, each file whole) and remove files the site no longer has,
    with folders they leave empty. The holding folder is walked one folder at a time: a build that
    rewrites every page holds no list of them."""
    for top, _, names in os.walk(holding):
        if names:
            into = out / Path(top).relative_to(holding)
            into.mkdir(parents=True, exist_ok=True)
            for name in names:
                os.replace(os.path.join(top, name), into / name)
    folders = set()
    for relative in removed:
        (out / relative).unlink(missing_ok=True)
        folders.add((out / relative).parent)
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        while folder != out and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
