"""What the parent of a build keeps for the build's end, pickled into a temporary file instead of held.

Each transcript made tells the rest of the build something it needs only at the end: its cache
entry (what the index pages list, its notes' links, its images) and, on a first build, the id
ledger to write once everything succeeded (46 KB for the seed). Held as objects, that grew the
parent with the site: at 10,000 transcripts, hundreds of MB. Spilled, each costs the parent a few
numbers until it is read back, one at a time.
"""
from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Spill:
    """A temporary file of pickled objects, each read back by its place: (offset, length). The file has
    no name (it is gone when closed, or when the process ends however it ends)."""

    def __init__(self) -> None:
        self._file: Any = None

    def put(self, item: object) -> tuple[int, int]:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="jizhu-spill-")
        data = pickle.dumps(item, pickle.HIGHEST_PROTOCOL)
        offset = self._file.seek(0, 2)
        self._file.write(data)
        return offset, len(data)

    def get(self, place: tuple[int, int]) -> Any:
        offset, length = place
        self._file.seek(offset)
        return pickle.loads(self._file.read(length))


class SpilledList(Generic[T]):
    """A list that only grows and is read in order, its items kept in a `Spill`."""

    def __init__(self, spill: Spill) -> None:
        self._spill = spill
        self._places: list[tuple[int, int]] = []

    def append(self, item: T) -> None:
        self._places.append(self._spill.put(item))

    def __iter__(self) -> Iterator[T]:
        for place in self._places:
            yield self._spill.get(place)

    def __len__(self) -> int:
        return len(self._places)


class ReadBack:
    """An object kept in a `Spill`, standing in for it: the attributes named `held` are held here, any
    other is the object's, read back. The last object read back is kept (a template reads one
    transcript's fields together, then the next one's), so a site's index pages need one at a time."""

    __slots__ = ("_spill", "_place", "_held")
    _last: tuple[Spill | None, tuple[int, int] | None, object] = (None, None, None)

    def __init__(self, spill: Spill, item: object, held: tuple[str, ...] = ()) -> None:
        self._spill = spill
        self._place = spill.put(item)
        self._held = {name: getattr(item, name) for name in held}

    def __getattr__(self, name: str) -> Any:  # only for what the object's own slots do not hold
        if name in self._held:
            return self._held[name]
        spill, place, item = ReadBack._last
        if spill is not self._spill or place != self._place:
            item = self._spill.get(self._place)
            ReadBack._last = (self._spill, self._place, item)
        return getattr(item, name)
