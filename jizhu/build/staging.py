"""Putting a new site in place of the old one, so that `site/` is never missing or half-written.

A whole build (`site.write_atomically`, through `new_site`) writes the new site
into a fresh folder beside the old one, `.site.new-…`, and then exchanges the
two folders in one step: `renameat2(RENAME_EXCHANGE)` on Linux, where a
reader, a server or `upload-pages-artifact` sees either the old site or the
new one and never neither. `site/` stays a real folder (not a symlink to a
versioned one), so `cp -r site`, `ls site`, `file://` and every server treat it
as any folder. Where the exchange is not available (another system, a file
system without it) two renames are made instead, and a build interrupted
between them is repaired by the next one, which puts the old site back first.

Only one process writes a site at a time: `.site.lock` beside it is locked
(`flock`, released by the kernel even when a process is killed) by a build
while it writes and by each preview update; a second build says it is waiting
and waits. Holding the lock, a build first removes what interrupted builds
left behind (`.site.new-…`, `.site.old-…`, `.site.changes-…`, and `.site.gone-…`, a previous site
whose removal was cut short: `remove_apart`; one whose remover is still at work is left to it). All these names
start with `.site.`, which `.gitignore` ignores.

The preview writes the pages open in a browser itself, each through a new
file renamed over the old one, without the lock (a build it would wait for may
take minutes); the preview puts them back if a build running meanwhile wrote
older ones (`preview/serve.py`).
"""
from __future__ import annotations

import errno
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ctypes

LEFTOVERS = ("new", "old", "changes", "gone")
"""Kinds of folder a write makes beside the site: `.site.new-…`, `.site.old-…`, `.site.changes-…`, and
`.site.gone-…`, a previous site being removed (`remove_apart`)."""
REMOVED_APART = 50
"""A folder a whole write leaves (the previous site, or a failed write's) of more than this many
transcripts (JSON exports in its `data/`) is removed by a process of its own, after the build: a site of
1,000 took 21 s to remove (137,000 files and 122,000 folders), a fifth of its `--no-cache` build, with
the lock held and the command not yet done. A smaller one is removed at once."""


def beside(out: Path, kind: str) -> str:
    """The name prefix of a folder or file of `kind` kept beside the site folder `out`."""
    return f".{out.name}.{kind}"


@contextmanager
def site_lock(out: Path) -> Iterator[None]:
    """Hold the site's lock file while writing it; wait, saying so, while another process holds it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / beside(out, "lock")
    with open(path, "a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            print(f"jizhu: waiting for {holder} to finish writing {out.name}/ (lock {path})", file=sys.stderr)
            fcntl.flock(lock, fcntl.LOCK_EX)
        lock.seek(0)
        lock.truncate()
        lock.write(f"jizhu process {os.getpid()}\n")
        lock.flush()
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def clean_leftovers(out: Path) -> None:
    """Remove what interrupted writes left beside the site; first put back a site an interrupted
    two-rename swap had moved away. Call with the lock held."""
    if not out.exists() and not out.is_symlink():
        for kept in sorted(out.parent.glob(f"{beside(out, 'old')}-*/{out.name}")):
            os.rename(kept, out)
            break
    for kind in LEFTOVERS:
        for leftover in out.parent.glob(f"{beside(out, kind)}-*"):
            if kind != "gone" or not being_removed(leftover):
                remove(leftover)


def being_removed(folder: Path) -> bool:
    """Whether a `.site.gone-…` folder's remover is still at work: it holds a lock on the folder
    (`remove_apart`), which the kernel drops when it ends, finished or killed."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # gone meanwhile
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)  # (and with it the lock, if this took it)
    return False


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextmanager
def new_site(out: Path) -> Iterator[Path]:
    """A fresh, empty staging folder beside `out` to write a whole site into. When the block ends
    without an error it takes the place of `out` in one step (`exchange`); on any error it is removed
    and `out` is left as it was. The site's lock is held throughout."""
    out = out.resolve()
    with site_lock(out):
        clean_leftovers(out)
        staging = Path(tempfile.mkdtemp(prefix=f"{beside(out, 'new')}-", dir=out.parent))
        try:
            yield staging
            os.chmod(staging, 0o755)  # mkdtemp makes it 0700; a served site must be readable
            put_in_place(staging, out)
        finally:
            remove_apart(staging, out)  # after the swap it holds the previous site


def remove_apart(folder: Path, out: Path) -> subprocess.Popen | None:
    """Remove a folder a whole write leaves beside `out`: at once, or, when it holds more than
    REMOVED_APART transcripts, renamed `.site.gone-…` and removed by a process of its own that outlives
    this one (returned), so that the build ends without waiting for it. The remover holds a lock on that
    folder from before it starts until it ends, so a write meanwhile leaves the folder to it (it once
    removed it itself, waiting as long as the remover: an edit's build right after a whole write of 200
    transcripts took 3.5–4.9 s, now 1.1–1.3 s, about 1 s once the removal is done); a removal cut short,
    its lock gone with it, is finished by the next write (`clean_leftovers`)."""
    try:
        with os.scandir(folder / "data") as entries:
            large = sum(1 for _ in zip(entries, range(REMOVED_APART + 1))) > REMOVED_APART
    except OSError:  # no data/ (a failed write's, or not a site)
        large = False
    if not large or not folder.is_dir() or folder.is_symlink():
        remove(folder)
        return None
    gone = Path(tempfile.mkdtemp(prefix=f"{beside(out, 'gone')}-", dir=out.parent))
    held = None
    try:  # locked before the remover starts, which inherits the lock: a build meanwhile leaves the folder to it
        held = os.open(gone, os.O_RDONLY)
        fcntl.flock(held, fcntl.LOCK_EX)
        os.rename(folder, gone / out.name)
        return subprocess.Popen([sys.executable, "-c", REMOVER, str(gone)], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                                pass_fds=(held,))
    except OSError:
        remove(gone)
        remove(folder)
        return None
    finally:
        if held is not None:
            os.close(held)  # the remover's copy keeps the lock until it ends


REMOVER = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def put_in_place(staging: Path, out: Path) -> None:
    """Make `staging` the site at `out`; the previous site, if any, ends up at `staging`."""
    if not out.exists() and not out.is_symlink():
        os.rename(staging, out)
        return
    if not out.is_dir() or out.is_symlink():
        raise NotADirectoryError(errno.ENOTDIR, f"{out} is not a folder; remove it or choose --out", str(out))
    try:
        exchange(staging, out)
    except OSError as err:
        if err.errno not in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
            raise
        swap_with_two_renames(staging, out)


def exchange(a: Path, b: Path) -> None:
    """Swap two paths in one step (Linux `renameat2` with RENAME_EXCHANGE); OSError(ENOSYS) elsewhere."""
    import ctypes  # a new site's swap only: a build updating the site in place does not load it
    renameat2 = getattr(libc(), "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(b))


AT_FDCWD = -100
RENAME_EXCHANGE = 2


def libc() -> ctypes.CDLL:
    import ctypes
    return ctypes.CDLL(None, use_errno=True)


def swap_with_two_renames(staging: Path, out: Path) -> None:
    """Where there is no exchange: between the two renames there is no `out`; the previous site waits
    in `.site.old-…`, from where `clean_leftovers` puts it back if this process dies right there."""
    retired = Path(tempfile.mkdtemp(prefix=f"{beside(out, 'old')}-", dir=out.parent))
    os.rename(out, retired / out.name)
    os.rename(staging, out)
    os.rename(retired / out.name, staging)
    retired.rmdir()
