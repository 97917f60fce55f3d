"""Where made files go: straight into a fresh site folder, or held aside to be moved into the site in place.

A `Sink` is handed to every worker of a build (it pickles, and forked workers
inherit it): a file is written as soon as it is made, never gathered in memory.
"""
from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Sink:
    root: Path
    """A fresh site folder (`in_place` False: files go to their own path in it), or a holding folder
    beside the site (`in_place` True: files get unique names, and `move_in` puts them in place)."""
    in_place: bool
    written: list[tuple[str, str]] = field(default_factory=list)
    """(site path, where `put` wrote it), gathered by the parent from every worker."""
    _numbers: itertools.count = field(default_factory=itertools.count, repr=False)

    def put(self, relative: str, data: bytes) -> str:
        """Write one file; returns where it was written, relative to `root`."""
        if self.in_place:
            name = f"{os.getpid()}-{next(self._numbers)}"
            (self.root / name).write_bytes(data)
            return name
        target = self.root / relative
        try:
            target.write_bytes(data)
        except FileNotFoundError:  # its folder is not made yet: far cheaper to find out than to check first
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return relative


def move_in(holding: Path, out: Path, written: list[tuple[str, str]], removed: list[str]) -> None:
    """Put held files in place (renames, each file whole) and remove files the site no longer has,
    with folders they leave empty."""
    for relative, held in written:
        target = out / relative
        try:
            os.replace(holding / held, target)
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(holding / held, target)
    folders = set()
    for relative in removed:
        (out / relative).unlink(missing_ok=True)
        folders.add((out / relative).parent)
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        while folder != out and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
