"""Changing the served site in place without ever serving a half-written one.

`site.write_atomically` writes a whole new site beside the old one and swaps
the two folders: right for a build, but a site of 200 transcripts has tens of
thousands of pages, and a save changes a handful of them. Here only the
changed files are written, complete, into a holding folder beside the site
(the slow part, done while the server goes on serving); `Update.apply` then
moves them into place with renames, which the preview server runs on its
loop thread between two requests, so no request sees some of the changes
without the others. A file being sent while that happens was opened before
it and is sent whole, as it was.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

Files = dict[str, str | bytes]


def files_on_disk(out: Path) -> set[str]:
    """The files a site folder holds (to rewrite or remove them all when what is there is not known)."""
    if not out.is_dir():
        return set()
    return {path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file()}


class Update:
    """The changed files of a site (`changed`: paths of `files`, or gone from it), written and waiting
    to be put in place."""

    def __init__(self, out: Path, files: Files, changed: set[str]):
        self.out = out.resolve()
        self.removed = sorted(changed - files.keys())
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.holding = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.changes-", dir=self.out.parent))
        self.written: dict[str, Path] = {}
        try:
            for number, relative in enumerate(sorted(changed & files.keys())):
                data = files[relative]
                held = self.holding / str(number)
                held.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
                os.chmod(held, 0o644)
                self.written[relative] = held
        except BaseException:
            self.discard()
            raise

    def apply(self) -> None:
        """Put every change in place: quick renames, run where no request is being answered."""
        for relative, held in self.written.items():
            target = self.out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(held, target)
        for relative in self.removed:
            (self.out / relative).unlink(missing_ok=True)
            folder = (self.out / relative).parent
            while folder != self.out and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()  # a full build would not have made it
                folder = folder.parent

    def discard(self) -> None:
        shutil.rmtree(self.holding, ignore_errors=True)
