"""The merged search index kept in .jizhu-cache/search-index/: an edit patches it, and the result is
always what a full build makes, whatever state the kept index is in."""
from __future__ import annotations

import heapq
import json
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jizhu.build import cache as cache_module
from jizhu.build.site import build
from jizhu.pages import search
from test_build_cache import content_of, contents, edit, project


def index_of(site: Path) -> dict[str, bytes]:
    return {path: data for path, data in contents(site).items() if path.startswith("data/search/")}


def built_again(tmp_path: Path, content: Path, monkeypatch) -> list[tuple[str, str | None]]:
    """Build with the cache, recording every part of the search index read from it: (slug, key)."""
    read: list[tuple[str, str | None]] = []
    real = cache_module.Cache.search_part

    def recorded(self, slug, key):
        read.append((slug, key))
        return real(self, slug, key)
    monkeypatch.setattr(cache_module.Cache, "search_part", recorded)
    build(project(tmp_path, content), jobs=1)
    monkeypatch.undo()
    return read


def fresh_index(tmp_path: Path, content: Path) -> dict[str, bytes]:
    build(project(tmp_path, content, out="fresh", cache=False), jobs=1)
    return index_of(tmp_path / "fresh")


def test_an_edit_patches_the_kept_index_without_reading_the_other_parts(tmp_path: Path, monkeypatch) -> None:
    content = content_of(tmp_path, copies=3)
    build(project(tmp_path, content), jobs=1)
    manifest = tmp_path / ".jizhu-cache" / "search-index" / "manifest.json"
    header = manifest.read_text(encoding="utf-8").partition("\n")[0]  # its first line: all but the parts
    assert json.loads(header)["order"] == ["t1", "t2", "t3"]
    edit(content / "t2" / "transcript.txt")
    read = built_again(tmp_path, content, monkeypatch)
    assert read == [("t2", None)]  # the edited transcript's part as it was, to take out; t1's and t3's not at all
    assert index_of(tmp_path / "site") == fresh_index(tmp_path, content)


def test_a_kept_index_that_does_not_match_is_never_trusted(tmp_path: Path, monkeypatch) -> None:
    content = content_of(tmp_path)
    build(project(tmp_path, content), jobs=1)
    kept = tmp_path / ".jizhu-cache" / "search-index"
    shard = next(p for p in sorted((kept / "k").glob("*.js")) if "[[]" not in p.read_text(encoding="utf-8"))
    shard.write_text(shard.read_text(encoding="utf-8").replace('",', '0",', 1), encoding="utf-8")  # one key's documents
    edit(content / "t2" / "transcript.txt")
    read = built_again(tmp_path, content, monkeypatch)
    assert ("t1", None) not in read and any(slug == "t1" for slug, _ in read)  # merged in full: t1's part read
    assert index_of(tmp_path / "site") == fresh_index(tmp_path, content)


def test_a_part_whose_line_changed_after_the_manifest_was_read_is_read_from_the_cache(tmp_path: Path,
                                                                                     monkeypatch) -> None:
    """The merge holds each part's place in the manifest and reads its line when it holds the part:
    a line that is no longer that part's means the part is read and merged instead."""
    from jizhu.pages import search_store
    content = content_of(tmp_path, copies=3)
    build(project(tmp_path, content), jobs=1)
    real = search_store.Store.line
    monkeypatch.setattr(search_store.Store, "line", lambda self, place: real(self, place).replace(b'["t3"', b'["t9"'))
    edit(content / "t2" / "transcript.txt")
    read = built_again(tmp_path, content, monkeypatch)
    assert ("t3", None) not in read and any(slug == "t3" for slug, _ in read)  # t3's part read again
    assert index_of(tmp_path / "site") == fresh_index(tmp_path, content)


def test_without_the_old_part_the_kept_index_is_merged_again_in_full(tmp_path: Path) -> None:
    """The edited transcript's old postings are gone from the cache: the kept index gives back the
    other transcripts' postings, and every shard is merged again."""
    content = content_of(tmp_path, copies=3)
    build(project(tmp_path, content), jobs=1)
    (tmp_path / ".jizhu-cache" / "search" / "t2.json").unlink()
    edit(content / "t2" / "transcript.txt")
    build(project(tmp_path, content), jobs=1)
    assert index_of(tmp_path / "site") == fresh_index(tmp_path, content)


def test_a_change_in_the_number_of_shards_merges_in_full(tmp_path: Path, monkeypatch) -> None:
    from jizhu.pages import search_merge
    content = content_of(tmp_path)
    build(project(tmp_path, content), jobs=1)
    manifest = (tmp_path / ".jizhu-cache" / "search-index" / "manifest.json").read_text(encoding="utf-8")
    shards = json.loads(manifest.partition("\n")[0])["shards"]  # its first line
    monkeypatch.setattr(search_merge, "SHARD_BYTES", search_merge.SHARD_BYTES // 4)  # as if the index had grown
    edit(content / "t2" / "transcript.txt")
    build(project(tmp_path, content), jobs=1)
    assert index_of(tmp_path / "site") == fresh_index(tmp_path, content)
    assert json.loads((tmp_path / "site" / "data" / "search" / "meta-zh-hant.js").read_text(encoding="utf-8")
                      .partition(",\n")[2].removesuffix(");\n"))["shards"] == shards * 4


HASHES = st.one_of(st.integers(0, 3000), st.integers(0, 2**32 - 1))
"""Key hashes, many of them alike from part to part (and some alike with other byte counts)."""


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.tuples(HASHES, st.integers(1, 40)), max_size=700), max_size=10))
def test_the_key_count_reads_the_parts_sketches_as_one_dict_of_them_all(sketches: list[list[tuple[int, int]]]) -> None:
    """The merge folds each part's sketch into the site's as the part comes, keeping only the smallest
    hashes; the estimate is the one read from a dict of every part's pairs (a later part's bytes win)."""
    from jizhu.pages.search import SKETCH
    from jizhu.pages.search_merge import Merger
    from jizhu.pages.search_store import flat_sketch, packed, unpacked
    with Merger([f"t{n}" for n in range(len(sketches))]) as merger:
        for pairs in sketches:
            merger.fold(unpacked(packed(flat_sketch([list(pair) for pair in pairs]))))  # as the manifest keeps it
    smallest = dict(heapq.nsmallest(SKETCH, {h: size for pairs in sketches for h, size in pairs}.items()))
    n = len(smallest)
    if n < SKETCH:
        expected = sum(smallest.values()) + 6 * n
    else:
        expected = (n - 1) / (max(smallest) / (1 << 32)) * (sum(smallest.values()) / n + 6)
    assert merger.key_bytes() == expected


def test_a_worker_that_keeps_no_key_facts_makes_the_same_index(tmp_path: Path, monkeypatch) -> None:
    """The key hashes and kinds a worker keeps from one transcript to the next (search.KEY_HASHES,
    POSITIONED) change nothing: kept for every transcript, or made again for each one."""
    content = content_of(tmp_path, copies=2)
    kept = fresh_index(tmp_path, content)
    made: list[str] = []
    monkeypatch.setattr(search, "KEY_HASHES", search._KeyFacts(lambda key: made.append(key) or search.key_hash(key)))
    monkeypatch.setattr(search, "KEYS_KEPT", 0)  # cleared before each transcript once it holds a key
    build(project(tmp_path, content, out="again", cache=False), jobs=1)
    assert len(made) == 2 * len(set(made))  # the two copies' keys, each hashed for each copy
    assert index_of(tmp_path / "again") == kept


def test_parts_held_in_memory_or_spilled_merge_alike(tmp_path: Path, monkeypatch) -> None:
    """A merge holds parts in memory up to HELD_BYTES of postings, then spills them all to its spill
    files, and later ones a few at a time: merged from memory, from the files, or some from each,
    the index is the same; so it is when a large spill file is sorted a range of its lines' tags at a
    time (`SORTED_BYTES`), whether a shard spans spill files or a spill file several shards."""
    from jizhu.config import Config
    from jizhu.pages import search_merge
    from jizhu.pages.search import TranscriptIndex
    from jizhu.scripts.convert import site_scripts
    content = content_of(tmp_path, copies=3)
    build(project(tmp_path, content), jobs=1)
    parts = [TranscriptIndex.from_json(json.loads(path.read_text(encoding="utf-8"))["part"])
             for path in sorted((tmp_path / ".jizhu-cache" / "search").glob("t*.json"))]
    scripts = site_scripts(Config().variants, Config().taiwan_phrases)
    one_part = sum(map(sys.getsizeof, parts[0].postings))

    def merged(held: int) -> tuple[dict[str, str], bool]:
        monkeypatch.setattr(search_merge, "HELD_BYTES", held)
        with search_merge.Merger([part.slug for part in parts]) as merger:
            for part in reversed(parts):  # not in the site's order
                merger.add(part)
            return dict(merger.files(scripts)), merger._folder is not None
    in_memory, spilled = merged(10 * one_part), merged(0)
    assert not in_memory[1] and spilled[1]
    assert merged(one_part + 1) == spilled  # two parts spilled together, the third held
    parted = []
    monkeypatch.setattr(search_merge.Merger, "_parted", lambda self, spill, ranges, real=search_merge.Merger._parted:
                        parted.append(ranges) or real(self, spill, ranges))
    for sorted_bytes in (1, 2 * one_part // search.SPILL):  # each spill file a tag at a time, or a few ranges
        monkeypatch.setattr(search_merge, "SORTED_BYTES", sorted_bytes)
        assert merged(0) == spilled and merged(one_part + 1) == spilled
    assert set(parted) >= {len(search.TAGS), 2}
    monkeypatch.setattr(search_merge, "SHARD_BYTES", 1)  # as many shards as can be: a few in each spill file
    monkeypatch.setattr(search_merge, "SORTED_BYTES", 10**9)
    many_shards = merged(0)
    assert len([path for path in many_shards[0] if path.startswith("data/search/k/")]) == search_merge.MAX_SHARDS
    monkeypatch.setattr(search_merge, "SORTED_BYTES", 1)
    assert merged(0) == many_shards
    assert {path: text.encode() for path, text in in_memory[0].items()} == {
        path: data for path, data in index_of(tmp_path / "site").items() if not path.startswith("data/search/text/")}
