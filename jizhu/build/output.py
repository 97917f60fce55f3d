"""Where made files go: straight into a fresh site folder, or into a holding folder to be moved into the site in place.

A `Sink` is handed to every worker of a build (it pickles, and forked workers
inherit it): a file is written as soon as it is made, never gathered in memory.
Either folder has the site's own layout, so nothing lists what was written:
`move_in` walks the holding folder.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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
