"""What a build keeps in `.jizhu-cache/` so that the next one redoes only what changed.

Each transcript's output depends on its own folder (transcript, notes, its
dictionary, ids), the images its notes show, and on what every transcript
shares: the site dictionary and glossary (the files directly in content/),
the templates, the configuration and jizhu itself (its code and the libraries
that shape the output). A transcript's key is a hash of all of that; while it
is the key recorded for the transcript in the site that is on disk, the
transcript's files there are up to date and it is not made again.

Files, all JSON, each written whole (to a temporary name, then renamed):
- `transcripts/<slug>.json`: a transcript's key, the fingerprints of its
  inputs, what the index pages show of it (`Listing`) and a digest of every
  site file it made; a build updating the site in place writes the entries it
  makes into `pending/` first and moves them here once the site is updated;
- `search/<slug>.json`: its part of the search index, merged with the
  others' whenever any transcript changed;
- `search-index/`: the merged search index as last written, which an edit
  patches (pages/search_store.py);
- `site.json`, written last: the site folder it describes (path, inode, time),
  the key of every transcript in it and the digests of the other files. It is
  removed before a build changes the site and written again after, so a build
  that died half-way leaves no `site.json`, and the next one makes the whole
  site afresh. Anything unreadable, of another format or disagreeing with
  `site.json` is ignored, never trusted.
Jinja's compiled templates are kept in `jinja/`.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
from stat import S_ISREG
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..config import Config
from ..pages.listing import Listing, PairRef, SectionRef
from ..reading.model import FrontMatter, Paragraph
from .ids import NoteLink

if TYPE_CHECKING:
    from ..pages.search import TranscriptIndex

FORMAT = 3
PACKAGE = Path(__file__).resolve().parent.parent
LIBRARIES = ("jinja2", "markupsafe", "opencc", "jieba", "markdown_it", "mdit_py_plugins", "pygments")
"""Libraries whose version shapes the output: an upgrade makes every page again."""
Fingerprints = dict[str, list]
"""{path: [size, mtime_ns, digest]}: a file whose size and time are unchanged is not read again."""


def digest(data: bytes) -> str:
    return hasher(data).hexdigest()


def hasher(data: bytes = b"") -> hashlib.blake2b:
    """What `digest` hashes with: a file made in blocks is hashed as it is written (output.Sink.put_blocks)."""
    return hashlib.blake2b(data, digest_size=16)


def fingerprints(paths: list[Path], root: Path, known: Fingerprints) -> Fingerprints:
    """Each file's fingerprint, by its path relative to `root`; a file is read only when its size or
    modification time differ from `known`."""
    found: Fingerprints = {}
    for path in paths:
        relative = path.relative_to(root).as_posix()
        try:
            stat = path.stat()
        except OSError:
            found[relative] = [-1, 0, ""]  # gone: differs from any file
            continue
        if not S_ISREG(stat.st_mode):  # a pipe would block the read; reading the content says what it is
            found[relative] = [-2, 0, ""]
            continue
        old = known.get(relative)
        if old and old[0] == stat.st_size and old[1] == stat.st_mtime_ns:
            found[relative] = old
        else:
            found[relative] = [stat.st_size, stat.st_mtime_ns, digest(path.read_bytes())]
    return found


def files_under(folder: Path) -> list[Path]:
    return sorted(Path(top) / name for top, _, names in os.walk(folder) for name in names)


def key_of(*parts: object) -> str:
    return digest(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode())


def transcript_key(shared: str, inputs: Fingerprints) -> str:
    """A transcript's key: what all share (`site_key`) and its own inputs' digests."""
    return key_of(shared, {path: fingerprint[2] for path, fingerprint in inputs.items()})


def site_key(content: Path, templates: Path, config: Config, assets: str) -> str:
    """The part of every transcript's key that they all share."""
    code = fingerprints([p for p in files_under(PACKAGE) if p.suffix == ".py"], PACKAGE, {})
    theme = fingerprints([p for p in files_under(templates) if not p.relative_to(templates).parts[0] == assets],
                         templates, {}) if templates.is_dir() else {}
    shared = fingerprints(sorted(p for p in content.iterdir() if p.is_file()), content, {}) if content.is_dir() else {}
    libraries = []
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin else None
        stat = origin.stat() if origin and origin.exists() else None
        libraries.append([name, str(origin), stat.st_size if stat else 0, stat.st_mtime_ns if stat else 0])
    return key_of(FORMAT, __version__, {k: v[2] for k, v in code.items()}, {k: v[2] for k, v in theme.items()},
                  {k: v[2] for k, v in shared.items()}, libraries, repr(replace(config, path=None)))


@dataclass(slots=True)
class Entry:
    """What the cache knows of one transcript as last built."""

    key: str
    inputs: Fingerprints
    """Its folder's files (relative to content/) and the images its notes use."""
    listing: Listing
    files: dict[str, str] | None
    """{site path: digest} of every file it made (None: in the cache, not held)."""
    media: list[str] = field(default_factory=list)
    """Images its notes show (paths under content/): inputs outside its folder."""
    links: list[NoteLink] = field(default_factory=list)
    """The links its notes make: one may name another transcript's id that an edit retires."""
    retired: dict[str, str] = field(default_factory=dict)
    """Its retired ids and why a link to each is broken (`ids.retired_table`)."""
    ledger: list[str] | None = None
    """[path, text, what to say] of the id ledger this build of it calls for, until written: a build that
    writes no ledger (the preview's) keeps it here for the next `build` to write."""


def listing_data(listing: Listing) -> dict[str, Any]:
    return asdict(listing)


def listing_from(data: dict[str, Any]) -> Listing:
    headline = data["headline"]
    return Listing(data["slug"], data["title"], FrontMatter(**data["meta"]),
                   Paragraph(**headline) if headline else None, data["lang"],
                   tuple(PairRef(**pair) for pair in data["pairs"]),
                   tuple(SectionRef(**section) for section in data["sections"]), data["texts"])


def identity(stat: os.stat_result) -> list[int]:
    """Tells the site folder the cache describes from one put in its place (a folder made anew may
    get the inode number of the one removed, but not its modification time)."""
    return [stat.st_dev, stat.st_ino, stat.st_mtime_ns]


class Cache:
    """`.jizhu-cache/` for one site folder; `enabled=False` (`--no-cache`) reads and keeps nothing."""

    def __init__(self, folder: Path | None, out: Path):
        self.folder = folder
        self.out = out.resolve()

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    @property
    def templates(self) -> Path | None:
        """Where Jinja keeps compiled templates."""
        if self.folder is None:
            return None
        path = self.folder / "jinja"
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def tables(self) -> Path | None:
        """Where the tables derived from OpenCC's dictionaries and jieba's word list are kept (`scripts.kept`)."""
        return None if self.folder is None else self.folder / "tables"

    def _read(self, path: Path) -> dict[str, Any] | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("format") == FORMAT else None

    def _write(self, path: Path, data: dict[str, Any]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps({"format": FORMAT, **data}, ensure_ascii=False, separators=(",", ":")),
                             encoding="utf-8")
        os.replace(temporary, path)

    def site(self) -> dict[str, Any] | None:
        """The record of the site on disk, when it is there and is the very folder recorded."""
        if self.folder is None:
            return None
        data = self._read(self.folder / "site.json")
        try:
            stat = self.out.stat()
        except OSError:
            return None
        if not data or data.get("out") != str(self.out) or data.get("identity") != identity(stat):
            return None
        return data

    def entry(self, slug: str, key: str | None = None) -> Entry | None:
        """The transcript's entry; None when missing, unreadable or (with `key`) of another build."""
        if self.folder is None:
            return None
        data = self._read(self.folder / "transcripts" / f"{slug}.json")
        if data is None or (key is not None and data.get("key") != key):
            return None
        try:
            return Entry(data["key"], data["inputs"], listing_from(data["listing"]), data["files"], data["media"],
                         [NoteLink(*link) for link in data["links"]], data["retired"], data.get("ledger"))
        except (KeyError, TypeError):
            return None

    def files_of(self, slug: str, key: str, pending: bool = False) -> dict[str, str]:
        """{site path: digest} of the files the transcript's entry of `key` records (else empty); with
        `pending`, an entry kept aside by this build is looked for first."""
        if self.folder is None:
            return {}
        for kind in ("pending", "transcripts") if pending else ("transcripts",):
            data = self._read(self.folder / kind / f"{slug}.json")
            if data is not None and data.get("key") == key:
                files = data.get("files")
                return files if isinstance(files, dict) else {}
        return {}

    def remembered(self, name: str, key: str) -> dict[str, Any]:
        """A small table kept under `name` for builds of the same site key (else empty)."""
        data = self._read(self.folder / f"{name}.json") if self.folder else None
        return data["table"] if data and data.get("key") == key and isinstance(data.get("table"), dict) else {}

    def remember(self, name: str, key: str, table: dict[str, Any]) -> None:
        if self.folder is not None:
            self._write(self.folder / f"{name}.json", {"key": key, "table": table})

    def search_part(self, slug: str, key: str | None) -> TranscriptIndex | None:
        """The transcript's part of the search index, as made for `key` (None: whatever the key)."""
        data = self._read(self.folder / "search" / f"{slug}.json") if self.folder else None
        if data is None or key is not None and data.get("key") != key:
            return None
        from ..pages.search import TranscriptIndex
        try:
            return TranscriptIndex.from_json(data["part"])
        except (KeyError, TypeError, AttributeError):
            return None

    def has_search_part(self, slug: str) -> bool:
        return self.folder is not None and (self.folder / "search" / f"{slug}.json").is_file()

    def save_search_part(self, slug: str, key: str, part: TranscriptIndex) -> None:
        if self.folder is not None:
            self._write(self.folder / "search" / f"{slug}.json", {"key": key, "part": asdict(part)})

    def rekey_search_part(self, slug: str, old: str, key: str) -> None:
        """The part saved under `old` is the transcript's under `key` too (its ledger, now an input,
        was written from that very build)."""
        data = self._read(self.folder / "search" / f"{slug}.json") if self.folder else None
        if data is not None and data.get("key") == old:
            self._write(self.folder / "search" / f"{slug}.json", {"key": key, "part": data["part"]})

    def rekey_search_index(self, keys: dict[str, tuple[str, str]]) -> None:
        """The merged search index kept in `search-index/` holds these parts under their new keys:
        {slug: (old key, new key)}."""
        if self.folder is not None and keys:
            from ..pages.search_store import Store
            Store(self.folder / "search-index").rekey(keys)

    def forget_site(self) -> None:
        """Called before the site changes: until `save_site`, no build trusts what it knew of it."""
        if self.folder is not None:
            (self.folder / "site.json").unlink(missing_ok=True)

    def save_entry(self, slug: str, entry: Entry, pending: bool = False) -> None:
        """Save the entry, or (`pending`) keep it aside until `commit_entry`: the entries of the site on
        disk stay as they are until the site is updated."""
        if self.folder is not None:
            self._write(self.folder / ("pending" if pending else "transcripts") / f"{slug}.json",
                        {"key": entry.key, "inputs": entry.inputs, "listing": listing_data(entry.listing),
                         "files": entry.files, "media": entry.media,
                         "links": [[link.url, link.path, link.line] for link in entry.links],
                         "retired": entry.retired, "ledger": entry.ledger})

    def commit_entry(self, slug: str) -> None:
        """The entry kept aside for the transcript (if any) becomes its entry."""
        if self.folder is not None:
            (self.folder / "transcripts").mkdir(parents=True, exist_ok=True)
            try:
                os.replace(self.folder / "pending" / f"{slug}.json", self.folder / "transcripts" / f"{slug}.json")
            except FileNotFoundError:
                pass

    def drop_pending(self) -> None:
        """Forget the entries an interrupted build kept aside."""
        if self.folder is not None:
            shutil.rmtree(self.folder / "pending", ignore_errors=True)

    def save_site(self, keys: dict[str, str], files: dict[str, str], theme: str) -> None:
        """Record the site now on disk: each transcript's key, the digests of the other files and the
        key of the theme's assets."""
        if self.folder is None:
            return
        self._write(self.folder / "site.json", {"out": str(self.out), "identity": identity(self.out.stat()),
                                                "transcripts": keys, "files": files, "theme": theme})
