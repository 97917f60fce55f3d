"""Tables derived from installed packages' files, kept on disk from one build to the next.

Before converting anything, a build reads OpenCC's dictionaries (through its
`opencc_dict` tool, a process per dictionary) and jieba's word list of 349,000
words, and compiles its phrase matchers: about half a second of an edited
transcript's build. Read back from one marshal file each (`kept`), or as the
dictionary OpenCC compiled (`kept_file`), the same tables take a fraction of that.

The files live in the build cache (`.jizhu-cache/tables/`; `--no-cache` keeps
none, and `check` reads those a build kept but keeps none), each named by a digest of what it was made from: the
source files and the module that derives it (path, size and modification time
of each), so an upgraded package or an edited module makes it again. Each file
starts with (or, read by another program, is named by) a digest of its contents:
one cut short or changed is made again, never trusted.
"""
from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
FORMAT = 1
CHECK_BYTES = 32

_folder: Path | None = None
_writing = True


def keep_in(folder: Path | None, write: bool = True) -> None:
    """Where the tables are kept from now on in this process, or None to keep none; `write=False` reads
    what a build kept there and keeps nothing new (`check`, which writes nothing)."""
    global _folder, _writing
    _folder, _writing = folder, write


def kept(name: str, sources: Iterable[Path], make: Callable[[], T], given: object = (), versions: int = 1) -> T:
    """`make()`, or what it made before from the same sources (and the same `given`, a plain value
    such as the overrides it was made for), read back from the folder. The `versions` made last of
    `name` are kept; older ones are removed."""
    if _folder is None:
        return make()
    path = _folder / f"{name}-{source_digest(name, sources, given)}.marshal"
    found = read(path)
    if found is not None:
        return found
    value = make()
    if _writing:
        write(path, name, value, versions)
    return value


def kept_file(name: str, sources: Iterable[Path], start: Callable[[Path], subprocess.Popen], given: object = (),
              versions: int = 1, suffix: str = "ocd") -> Path | None:
    """A file made before from the same sources (and `given`), for another program to read (OpenCC's
    compiled dictionaries); else None, and `start(path)` is called to make it in a process of its own
    while this one goes on without it: the file is put in place when that process is done (at the
    latest when this one ends), for the next build. The digest of its bytes is in its name: a file
    whose bytes do not match it is made again, never used."""
    if _folder is None:
        return None
    settle(wait=False)
    stem = f"{name}-{source_digest(name, sources, given)}"
    for found in _folder.glob(f"{stem}-*.{suffix}"):
        try:
            if found.name == f"{stem}-{content_digest(found.read_bytes())}.{suffix}":
                return found
            if _writing:
                found.unlink()
        except OSError:
            pass
    if not _writing or any(job.stem == stem for job in _making) or _maker != os.getpid():  # (a forked worker
        return None  # makes none)
    try:
        _folder.mkdir(parents=True, exist_ok=True)
        temporary = _folder / f".{stem}.{os.getpid()}.{suffix}"
        _making.append(Making(start(temporary), temporary, _folder, stem, name, suffix, versions))
    except (OSError, subprocess.SubprocessError):  # a read-only or full disk, no tool: nothing kept
        pass
    return None


@dataclass(slots=True)
class Making:
    """A file being made by a process of its own (`kept_file`)."""

    process: subprocess.Popen
    temporary: Path
    folder: Path
    stem: str
    name: str
    suffix: str
    versions: int


_making: list[Making] = []
_maker = os.getpid()
"""The process that imported this module: only it starts and settles files (not a forked worker)."""


_at_end: list[Callable[[], None]] = []
"""What else `settle` does when it waits: other work of processes of their own to end (`tables`)."""


@atexit.register
def settle(wait: bool = True) -> None:
    """Put each file whose process is done in place (with `wait`, when it is done): named by the digest
    of its bytes, the older versions removed; a failed one's leftovers removed. Called when a build
    ends, and when this process does."""
    if _maker != os.getpid():
        return
    if wait:
        for finish in _at_end:
            finish()
    for job in list(_making):
        if job.process.poll() is None and not wait:
            continue
        _making.remove(job)
        try:
            if job.process.wait() == 0:
                path = job.folder / f"{job.stem}-{content_digest(job.temporary.read_bytes())}.{job.suffix}"
                os.replace(job.temporary, path)
                remove_older(path, f"{job.name}-*.{job.suffix}", job.versions)
                for given_up in job.folder.glob(f"{job.name}-*"):
                    if given_up.suffix != path.suffix:  # a format no longer made (matchers were .ocd2)
                        given_up.unlink(missing_ok=True)
        except OSError:
            pass
        for leftover in job.folder.glob(f"{job.temporary.name}*"):
            leftover.unlink(missing_ok=True)


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def source_digest(name: str, sources: Iterable[Path], given: object = ()) -> str:
    identity: list[object] = [FORMAT, name, given]
    for source in sources:
        stat = source.stat()
        identity += [str(source), stat.st_size, stat.st_mtime_ns]
    return hashlib.blake2b(repr(identity).encode(), digest_size=12).hexdigest()


def read(path: Path):  # noqa: ANN201 (whatever was kept)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) < CHECK_BYTES or data[:CHECK_BYTES] != hashlib.blake2b(data[CHECK_BYTES:]).digest()[:CHECK_BYTES]:
        return None
    try:
        return marshal.loads(data[CHECK_BYTES:])
    except (ValueError, EOFError, TypeError):
        return None


def write(path: Path, name: str, value: object, versions: int = 1) -> None:
    """Written whole or not at all (a new file renamed into place); all but the last `versions` of it removed."""
    payload = marshal.dumps(value)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_bytes(hashlib.blake2b(payload).digest()[:CHECK_BYTES] + payload)
        os.replace(temporary, path)
    except OSError:  # a read-only or full disk: the table is still made, only not kept
        return
    remove_older(path, f"{name}-*.marshal", versions)


def remove_older(path: Path, pattern: str, versions: int) -> None:
    """All files of `pattern` beside `path` but the last `versions` made (`path` among them)."""
    try:
        older = sorted((p for p in path.parent.glob(pattern) if p != path), key=modified, reverse=True)
        for old in older[versions - 1:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:  # removed meanwhile by another build
        return 0
