"""Event-driven change detection: which files were saved, as soon as the kernel says so.

livereload's own Watcher compares modification times every 800 ms, which alone
costs a save 0.4 s on average. Here watchfiles (inotify on Linux, through the
Rust notify crate) is told of each change instead. Every group of watched
folders runs `watchfiles.watch` in a thread of its own, and all of them feed one
queue, so the rebuilding side takes everything saved since it last looked as a
single batch: several files saved at once, or saved while a rebuild was running,
make one rebuild.
"""
from __future__ import annotations

import queue
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import watchfiles

STEP_MS = 5
"""watchfiles hands over a batch once one step passes with no new event: all the delay it adds to a save."""
DEBOUNCE_MS = 500
"""A stream of events that never pauses (a checkout of many files) is still handed over this often."""


@dataclass(frozen=True, slots=True)
class Watched:
    """A folder to watch: with everything below it, or (`only`) for one file name directly in it.

    A single file such as jizhu.toml is watched through its folder, because editors
    save by writing a new file and renaming it over the old one, which ends a watch
    on the file itself.
    """

    folder: Path
    only: str | None = None

    def wants(self, path: Path) -> bool:
        if self.only is None:
            return path.is_relative_to(self.folder)
        return path.parent == self.folder and path.name == self.only


class ChangeFeed:
    """The paths changed under some folders, collected from watcher threads until taken."""

    def __init__(self, watched: list[Watched]):
        self.watched = [Watched(w.folder.resolve(), w.only) for w in watched]
        self._changes: queue.Queue[set[Path]] = queue.Queue()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._default_filter = watchfiles.DefaultFilter()  # editor swap files, .git, __pycache__ …

    def start(self) -> None:
        """One thread for the folders watched with their subfolders, one for those watched for one file."""
        for recursive in (True, False):
            group = [w for w in self.watched if (w.only is None) == recursive and w.folder.is_dir()]
            if group:
                thread = threading.Thread(target=self._watch, args=(group, recursive), daemon=True,
                                          name=f"watch {' '.join(str(w.folder) for w in group)}")
                thread.start()
                self._threads.append(thread)

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=2)

    def take(self, timeout: float) -> set[Path]:
        """Every path changed since the last call; waits up to `timeout` seconds for the first one."""
        try:
            batch = set(self._changes.get(timeout=timeout))
        except queue.Empty:
            return set()
        while True:
            try:
                batch |= self._changes.get_nowait()
            except queue.Empty:
                return batch

    def _watch(self, group: list[Watched], recursive: bool) -> None:
        def wanted(change: watchfiles.Change, path: str) -> bool:
            return self._default_filter(change, path) and any(w.wants(Path(path)) for w in group)

        folders = sorted({w.folder for w in group})
        try:
            for changes in watchfiles.watch(*folders, watch_filter=wanted, recursive=recursive,
                                            step=STEP_MS, debounce=DEBOUNCE_MS, stop_event=self._stopping,
                                            raise_interrupt=False):
                self._changes.put({Path(path) for _, path in changes})
        except Exception as err:  # e.g. the system's limit on inotify watches: say so rather than go quiet
            print(f"jizhu: watching {', '.join(map(str, folders))} failed ({err}); "
                  "changes there will not be seen until the preview is restarted", file=sys.stderr)
