"""The streamed build: a pool of workers, the cache in .jizhu-cache/, and rewriting only what changed."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from jizhu.build.site import Project, build
from jizhu.errors import ContentError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "content"
SLUG = "jensen-huang-beijing-2025-07"


def content_of(tmp_path: Path, copies: int = 2) -> Path:
    """The seed's content folder, its transcript under `copies` slugs."""
    content = tmp_path / "content"
    content.mkdir()
    for item in SEED.iterdir():
        if item.is_file():
            shutil.copy(item, content / item.name)
    for number in range(1, copies + 1):
        shutil.copytree(SEED / SLUG, content / f"t{number}")
    return content


def project(tmp_path: Path, content: Path, out: str = "site", cache: bool = True) -> Project:
    return Project(content, ROOT / "templates", tmp_path / out, cache=tmp_path / ".jizhu-cache" if cache else None)


def snapshot(site: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of a site with its inode: a file rewritten (moved in anew) gets a new one."""
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in site.rglob("*") if p.is_file()}


def contents(site: Path) -> dict[str, bytes]:
    return {path: data for path, (_, data) in snapshot(site).items()}


def edit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("我本來希望能用普通話", "我本來很希望能用普通話", 1), encoding="utf-8")


def test_a_cached_build_makes_what_a_full_build_makes(tmp_path: Path) -> None:
    content = content_of(tmp_path)
    build(project(tmp_path, content))
    build(project(tmp_path, content, out="fresh", cache=False))
    assert contents(tmp_path / "site") == contents(tmp_path / "fresh")
    assert (tmp_path / ".jizhu-cache" / "site.json").is_file()
    assert not (tmp_path / ".jizhu-cache-unused").exists()


def test_an_unchanged_site_is_not_written_again(tmp_path: Path) -> None:
    content = content_of(tmp_path)
    build(project(tmp_path, content))
    before = snapshot(tmp_path / "site")
    build(project(tmp_path, content))
    assert snapshot(tmp_path / "site") == before


def test_an_edit_rewrites_only_that_transcripts_changed_files(tmp_path: Path) -> None:
    content = content_of(tmp_path)
    build(project(tmp_path, content))
    before = snapshot(tmp_path / "site")
    edit(content / "t2" / "transcript.txt")
    build(project(tmp_path, content))
    after = snapshot(tmp_path / "site")
    rewritten = {path for path in after if after[path][0] != before.get(path, (None,))[0]}
    assert "zh-hant/t2/index.html" in rewritten and "data/t2.json" in rewritten
    index = ("data/search/k/", "data/search/p/", "data/search/meta-")  # the merged search index: about every transcript
    assert all("/t2/" in path or path == "data/t2.json" or path.startswith(index) for path in rewritten), rewritten
    assert "zh-hant/t2/s01-q02/index.html" not in rewritten  # a share page whose answer did not change


def test_after_an_edit_the_cached_site_equals_a_fresh_build(tmp_path: Path) -> None:
    content = content_of(tmp_path)
    build(project(tmp_path, content))
    edit(content / "t2" / "transcript.txt")
    build(project(tmp_path, content))
    build(project(tmp_path, content, out="fresh", cache=False))
    assert contents(tmp_path / "site") == contents(tmp_path / "fresh")


def test_a_removed_transcript_leaves_the_site(tmp_path: Path) -> None:
    content = content_of(tmp_path)
    build(project(tmp_path, content))
    shutil.rmtree(content / "t2")
    build(project(tmp_path, content))
    site = tmp_path / "site"
    assert not (site / "zh-hant" / "t2").exists() and not (site / "data" / "t2.json").exists()
    build(project(tmp_path, content, out="fresh", cache=False))
    assert contents(site) == contents(tmp_path / "fresh")


def test_a_shortened_transcript_leaves_none_of_its_former_files(tmp_path: Path) -> None:
    """Files a transcript made before and no longer makes (share pages, search text) leave the site."""
    import dataclasses
    content = content_of(tmp_path)
    build(project(tmp_path, content))
    before = snapshot(tmp_path / "site")
    path = content / "t2" / "transcript.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[:next(i for i, line in enumerate(lines) if line.startswith("02 "))]) + "\n",
                    encoding="utf-8")  # its first section only
    shutil.rmtree(content / "t2" / "notes")  # (their quotes are gone)
    build(dataclasses.replace(project(tmp_path, content), renumber=frozenset({"t2"})))
    site = tmp_path / "site"
    gone = set(before) - set(contents(site))
    assert "zh-hant/t2/s02-q01/index.html" in gone and all("/t2/" in path for path in gone)
    assert not (site / "zh-hant" / "t2" / "s02-q01").exists()
    build(project(tmp_path, content, out="fresh", cache=False))
    assert contents(site) == contents(tmp_path / "fresh")


def test_a_template_change_remakes_every_transcript_once_and_rewrites_only_changed_pages(tmp_path: Path,
                                                                                        monkeypatch) -> None:
    from jizhu.build import workers
    content = content_of(tmp_path)
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    theme = lambda out="site", cache=True: Project(content, templates, tmp_path / out,  # noqa: E731
                                                   cache=tmp_path / ".jizhu-cache" if cache else None)
    build(theme())
    made: list[str] = []
    real = workers.make_transcript
    monkeypatch.setattr(workers, "make_transcript", lambda task, *rest: made.append(task.path.parent.name)
                        or real(task, *rest))
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "{# a comment: the same pages #}\n", encoding="utf-8")
    before = snapshot(tmp_path / "site")
    build(theme(), jobs=1)
    assert sorted(made) == ["t1", "t2"] and snapshot(tmp_path / "site") == before
    made.clear()
    build(theme(), jobs=1)  # the cache took the new keys, though no file changed
    assert made == [] and snapshot(tmp_path / "site") == before
    for name in ("base.html", "share.html"):
        template = templates / name
        template.write_text(template.read_text(encoding="utf-8").replace("<head>\n", "<head>\n<!-- new -->\n", 1),
                            encoding="utf-8")
    build(theme(), jobs=1)
    after = snapshot(tmp_path / "site")
    rewritten = {path for path in after if after[path][0] != before[path][0]}
    pages = {path for path in after if path.endswith(".html") and path.split("/")[1:2] in (["t1"], ["t2"])}
    assert len(pages) > 100 and pages <= rewritten  # every transcript's page, moved in place
    assert "data/t1.json" not in rewritten
    build(theme(out="fresh", cache=False))
    assert contents(tmp_path / "site") == contents(tmp_path / "fresh")


def test_a_failed_update_leaves_the_cache_as_the_site_on_disk_is(tmp_path: Path) -> None:
    content = content_of(tmp_path, copies=3)
    build(project(tmp_path, content))
    entries = tmp_path / ".jizhu-cache" / "transcripts"
    kept = {path.name: path.read_bytes() for path in entries.iterdir()}
    edit(content / "t1" / "transcript.txt")
    bad = content / "t3" / "notes" / "bad.md"
    bad.write_text('+++\nquote = "這句話不在文中"\n+++\n正文\n', encoding="utf-8")
    with pytest.raises(ContentError):
        build(project(tmp_path, content), jobs=1)
    assert {path.name: path.read_bytes() for path in entries.iterdir()} == kept  # t1's new entry was kept aside
    bad.unlink()
    build(project(tmp_path, content))
    build(project(tmp_path, content, out="fresh", cache=False))
    assert contents(tmp_path / "site") == contents(tmp_path / "fresh")


def test_a_corrupt_cache_is_not_trusted(tmp_path: Path) -> None:
    content = content_of(tmp_path)
    build(project(tmp_path, content))
    cache = tmp_path / ".jizhu-cache"
    (cache / "transcripts" / "t1.json").write_text("{not json", encoding="utf-8")
    entry = json.loads((cache / "transcripts" / "t2.json").read_text(encoding="utf-8"))
    entry["files"] = {path: "0" * 32 for path in entry["files"]}  # a stale record of t2's files
    (cache / "transcripts" / "t2.json").write_text(json.dumps(entry), encoding="utf-8")
    edit(content / "t1" / "transcript.txt")
    build(project(tmp_path, content))
    build(project(tmp_path, content, out="fresh", cache=False))
    assert contents(tmp_path / "site") == contents(tmp_path / "fresh")


def test_a_site_replaced_behind_the_caches_back_is_made_whole(tmp_path: Path) -> None:
    content = content_of(tmp_path)
    build(project(tmp_path, content))
    site = tmp_path / "site"
    shutil.rmtree(site)
    site.mkdir()
    (site / "stray.html").write_text("not ours", encoding="utf-8")
    build(project(tmp_path, content))
    build(project(tmp_path, content, out="fresh", cache=False))
    assert contents(site) == contents(tmp_path / "fresh")


def test_a_pool_of_workers_makes_the_same_site(tmp_path: Path) -> None:
    content = content_of(tmp_path, copies=3)
    build(project(tmp_path, content, out="pooled", cache=False), jobs=2)
    build(project(tmp_path, content, out="alone", cache=False), jobs=1)
    assert contents(tmp_path / "pooled") == contents(tmp_path / "alone")


def test_problems_from_every_worker_are_reported_and_nothing_is_written(tmp_path: Path) -> None:
    content = content_of(tmp_path, copies=3)
    build(project(tmp_path, content))
    before = snapshot(tmp_path / "site")
    for slug in ("t1", "t3"):
        (content / slug / "notes" / "bad.md").write_text('+++\nquote = "這句話不在文中"\n+++\n正文\n', encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build(project(tmp_path, content), jobs=2)
    where = sorted(str(problem.path) for problem in caught.value.problems)
    assert where == [str(content / "t1" / "notes" / "bad.md"), str(content / "t3" / "notes" / "bad.md")]
    assert snapshot(tmp_path / "site") == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.") and p.name != ".site.lock"] == []


def test_the_command_keeps_its_cache_beside_the_site_unless_told_not_to(tmp_path: Path) -> None:
    import subprocess
    import sys
    content_of(tmp_path, copies=1)
    command = [sys.executable, str(ROOT / "build.py"), "--templates", str(ROOT / "templates")]
    subprocess.run(command + ["--no-cache"], cwd=tmp_path, check=True, capture_output=True)
    assert not (tmp_path / ".jizhu-cache").exists()
    subprocess.run(command + ["--jobs", "2"], cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / ".jizhu-cache" / "site.json").is_file()
    before = snapshot(tmp_path / "site")
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)
    assert snapshot(tmp_path / "site") == before


def test_builds_in_one_process_never_share_a_workers_tools(tmp_path: Path) -> None:
    """The preview and the tests build again and again in one process: a build's converters, site
    dictionary and templates are its own, even when its context takes the memory of an earlier one's
    (CPython reuses a freed object's address, so tools found by `id(context)` were another site's)."""
    from jizhu.build.workers import SiteContext, tools
    earlier = SiteContext(project(tmp_path, content_of(tmp_path, copies=1)), (), [])
    address, earlier_tools = id(earlier), tools(earlier)
    other = project(tmp_path, tmp_path / "content", out="other")
    del earlier
    for _ in range(1000):  # until a context takes the freed address, if it was freed
        later = SiteContext(other, (), [])
        if id(later) == address:
            break
    assert tools(later) is not earlier_tools
    assert tools(later).edition.config is later.project.config


def test_the_parent_makes_the_chooser_its_workers_need_and_a_worker_keeps_few_of_its_own(tmp_path: Path,
                                                                                     monkeypatch) -> None:
    """The seed is a Traditional source: its chooser holds Taiwan's words, not the one for Simplified
    sources. Read before the pool forks, it is there for the workers; theirs are bounded."""
    from jizhu.build import workers
    from jizhu.build.pipeline import Context
    from jizhu.build.cache import Cache
    from jizhu.scripts import convert
    from jizhu.scripts.dictionary import Rule
    made: list[str | None] = []
    real = convert.Chooser
    monkeypatch.setattr(convert, "Chooser", lambda rules=None, **kw: made.append(kw.get("words")) or real(rules, **kw))
    site = project(tmp_path, content_of(tmp_path, copies=1), cache=False)
    context = Context(site, Cache(None, site.out))()
    workers.prepare_parent(context, [site.content / "t1" / "transcript.txt"])
    assert len(made) == 1 and made[0] and "村里" in made[0]  # one chooser, the region's
    workers.read_transcript(site.content / "t1" / "transcript.txt", context)
    assert len(made) == 1  # the worker's read needs no other
    converter = workers.tools(context).converter
    held = list(converter._choosers.values())

    def own(n: int) -> convert.Chooser:  # a transcript's own dictionary (told apart by where it is)
        return converter.chooser({"头发": Rule({"zh-Hant": "頭髮"}, f"t{n}/dictionary.toml:1")})
    first = [own(n) for n in range(convert.CHOOSERS_KEPT + 1)]
    assert own(convert.CHOOSERS_KEPT) is first[-1]
    assert own(0) is not first[0]  # the least recently used was dropped, and is made again
    assert len(made) == 1 + convert.CHOOSERS_KEPT + 2
    assert len(converter._choosers) == len(held) + convert.CHOOSERS_KEPT
    assert all(any(c is h for c in converter._choosers.values()) for h in held)


def test_a_worker_keeps_no_text_caches_from_one_transcript_to_the_next(tmp_path: Path, monkeypatch) -> None:
    from jizhu.build import workers
    sizes: list[list[int]] = []
    real = workers.make_transcript

    def make(*args):  # the caches' sizes as each transcript is made
        sizes.append([cached.cache_info().currsize for cached in workers.TEXT_CACHES])
        made = real(*args)
        sizes.append([cached.cache_info().currsize for cached in workers.TEXT_CACHES])
        return made
    monkeypatch.setattr(workers, "make_transcript", make)
    build(project(tmp_path, content_of(tmp_path), cache=False), jobs=1)
    assert len(sizes) == 4 and all(sizes[1]) and not any(sizes[2])  # filled by the first, empty for the second


def test_writing_a_new_id_ledger_does_not_make_the_transcript_again(tmp_path: Path, monkeypatch) -> None:
    from jizhu.build import workers
    content = content_of(tmp_path)
    (content / "t2" / "ids.toml").unlink()  # the first build writes it
    build(project(tmp_path, content))
    assert (content / "t2" / "ids.toml").is_file()
    made: list[str] = []
    real = workers.make_transcript
    monkeypatch.setattr(workers, "make_transcript", lambda task, *rest: made.append(task.path.parent.name)
                        or real(task, *rest))
    before = snapshot(tmp_path / "site")
    build(project(tmp_path, content), jobs=1)
    assert made == [] and snapshot(tmp_path / "site") == before


def test_a_save_while_the_build_reads_the_transcript_is_made_by_the_next_build(tmp_path: Path, monkeypatch) -> None:
    """A transcript's key is taken from its files before they are read: a save landing after the read
    leaves a key the next build does not find, so that build makes the saved text."""
    from jizhu.build import workers
    content = content_of(tmp_path, copies=1)
    real = workers.read_transcript

    def saved_meanwhile(path: Path, *rest):
        read = real(path, *rest)
        edit(path)  # saved while its worker renders what it read
        return read
    monkeypatch.setattr(workers, "read_transcript", saved_meanwhile)
    build(project(tmp_path, content), jobs=1)
    monkeypatch.setattr(workers, "read_transcript", real)
    build(project(tmp_path, content), jobs=1)
    build(project(tmp_path, content, out="fresh", cache=False), jobs=1)
    assert contents(tmp_path / "site") == contents(tmp_path / "fresh")


def test_the_streamed_build_makes_what_the_whole_site_in_memory_makes(tmp_path: Path) -> None:
    """The pool and the cache keep each transcript's listing on disk and read it back for the index pages
    and sitemaps (`spill.ReadBack`); `render_site` holds every transcript whole: the same site."""
    from dataclasses import replace
    from jizhu.build.site import prepare, render_site
    from jizhu.config import Config
    content = content_of(tmp_path, copies=3)
    for number in (1, 2, 3):  # each its own title and day, so that a listing read back for another shows
        transcript = content / f"t{number}" / "transcript.txt"
        transcript.write_text(transcript.read_text(encoding="utf-8").replace(
            'title = "黃仁勳北京媒體交流會實錄"\ndate = 2025-07-16', f'title = "第{number}場"\ndate = 2025-07-1{number}', 1),
            encoding="utf-8")
    streamed = replace(project(tmp_path, content), config=Config(site_url="https://example.org/site/"))
    build(streamed, jobs=2)
    whole = render_site(prepare(streamed), streamed.templates)
    assert "sitemap.xml" in whole and "zh-hans/index.html" in whole
    site = contents(tmp_path / "site")
    assert {path: site.get(path) for path in whole} == {
        path: data if isinstance(data, bytes) else data.encode("utf-8") for path, data in whole.items()}
    assert all(path.startswith("assets/") for path in set(site) - set(whole))  # the theme's, copied


def test_derived_tables_are_kept_read_back_and_made_again_when_their_source_or_file_changes(tmp_path: Path) -> None:
    from jizhu.scripts import kept
    source = tmp_path / "words.txt"
    source.write_text("头发 3\n", encoding="utf-8")
    made: list[int] = []

    def make() -> dict[str, int]:
        made.append(1)
        word, count = source.read_text(encoding="utf-8").split()
        return {word: int(count)}

    kept.keep_in(tmp_path / "tables")
    try:
        assert kept.kept("words", [source], make) == {"头发": 3} and len(made) == 1
        assert kept.kept("words", [source], make) == {"头发": 3} and len(made) == 1  # read back, not made
        (file,) = (tmp_path / "tables").glob("words-*.marshal")
        file.write_bytes(file.read_bytes()[:-3] + b"xyz")  # changed on disk: never trusted
        assert kept.kept("words", [source], make) == {"头发": 3} and len(made) == 2
        file.write_bytes(b"")  # cut short
        assert kept.kept("words", [source], make) == {"头发": 3} and len(made) == 3
        source.write_text("关系 32105\n", encoding="utf-8")  # an upgraded package: made again, the old file gone
        assert kept.kept("words", [source], make) == {"关系": 32105} and len(made) == 4
        assert len(list((tmp_path / "tables").glob("words-*.marshal"))) == 1
        kept.keep_in(None)  # --no-cache: made every time, nothing written
        assert kept.kept("words", [source], make) == {"关系": 32105} and len(made) == 5
    finally:
        kept.keep_in(None)


def test_check_reads_the_tables_a_build_kept_and_writes_none(tmp_path: Path, monkeypatch) -> None:
    """`check` writes nothing, but it may read what a build kept: making the tables again is about a second."""
    from jizhu.build.check import check
    from jizhu.scripts import kept
    content = content_of(tmp_path, copies=1)
    try:
        build(project(tmp_path, content))
        kept.settle()
        tables = tmp_path / ".jizhu-cache" / "tables"
        before = {p.name: p.stat().st_mtime_ns for p in tables.iterdir()}
        read_back = []
        reading = kept.read
        monkeypatch.setattr(kept, "read", lambda path: read_back.append(reading(path)) or read_back[-1])
        monkeypatch.setattr(kept, "write", lambda *_: pytest.fail("check wrote a table"))
        said, listings = check(project(tmp_path, content), lambda transcript, publisher: transcript.slug)
        kept.settle()
        assert list(said) == ["t1"] and [entry.slug for entry in listings] == ["t1"]
        assert read_back and all(found is not None for found in read_back)  # every table it needed, read
        assert {p.name: p.stat().st_mtime_ns for p in tables.iterdir()} == before
    finally:
        kept.keep_in(None)


def test_a_few_transcripts_are_made_in_one_process_unless_a_pool_is_asked_for(tmp_path: Path, monkeypatch) -> None:
    """A pool costs about 0.3 s to set up, which two cores repay only from about six seed-sized transcripts
    on (`workers.POOL_FROM`): fewer are made in the build's own process, but `--jobs` still decides."""
    import os
    from jizhu.build import workers
    content = content_of(tmp_path, copies=3)
    seed_bytes = (content / "t1" / "transcript.txt").stat().st_size
    where: list[int] = []
    real = workers.make_transcript
    monkeypatch.setattr(workers, "make_transcript", lambda *args: where.append(os.getpid()) or real(*args))
    assert 3 * seed_bytes < workers.POOL_FROM
    build(project(tmp_path, content, out="few", cache=False))
    assert where == [os.getpid()] * 3
    where.clear()
    build(project(tmp_path, content, out="asked", cache=False), jobs=2)
    assert where == []  # made in the workers, whose calls this process does not see
    where.clear()
    monkeypatch.setattr(workers, "POOL_FROM", 2 * seed_bytes)
    build(project(tmp_path, content, out="enough", cache=False))
    assert where == []


def test_check_makes_its_transcripts_in_worker_processes_and_says_them_in_order(tmp_path: Path) -> None:
    """`check` uses every core as a build does: each transcript is checked in a worker of the pool (what
    it says of one is made there), and what it says comes back in the transcripts' order."""
    import os
    from jizhu.build.check import check
    content = content_of(tmp_path, copies=6)
    said, listings = check(project(tmp_path, content, cache=False),
                           lambda transcript, publisher: f"{transcript.slug} {os.getpid()}", jobs=2)
    told = [line.split() for line in said]
    assert [slug for slug, _ in told] == [f"t{n}" for n in range(1, 7)]
    assert [entry.slug for entry in listings] == [f"t{n}" for n in range(1, 7)]
    assert str(os.getpid()) not in {pid for _, pid in told}  # (which worker took which chunk is the pool's choice)


def test_check_renders_only_what_no_build_made_from_the_same_files(tmp_path: Path, monkeypatch) -> None:
    """A transcript whose build cache entry is of its files as they are, with the same templates,
    configuration and jizhu, rendered without a problem then: `check` reads and describes it again,
    but renders only the others (an edited transcript; every one after a template changed)."""
    from jizhu.build import check as checking
    content = content_of(tmp_path, copies=3)
    rendered: list[str] = []
    real = checking.render_transcript_pages
    monkeypatch.setattr(checking, "render_transcript_pages",
                        lambda renderer, edition, transcript, templates: rendered.append(transcript.slug)
                        or real(renderer, edition, transcript, templates))

    def checked() -> list[str]:
        rendered.clear()
        said, _ = checking.check(project(tmp_path, content), lambda transcript, publisher: transcript.slug, jobs=1)
        assert list(said) == ["t1", "t2", "t3"]  # every one described
        return list(rendered)
    assert checked() == ["t1", "t2", "t3"]  # no build yet
    build(project(tmp_path, content))
    assert checked() == []
    edit(content / "t2" / "transcript.txt")
    assert checked() == ["t2"]
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "share.html").write_text((templates / "share.html").read_text(encoding="utf-8") + "\n",
                                          encoding="utf-8")
    rendered.clear()
    checking.check(Project(content, templates, tmp_path / "site", cache=tmp_path / ".jizhu-cache"),
                   lambda transcript, publisher: transcript.slug, jobs=1)
    assert rendered == ["t1", "t2", "t3"]


def test_a_choosers_matchers_are_kept_per_region_and_choose_alike(tmp_path: Path) -> None:
    from jizhu.scripts import kept
    from jizhu.scripts.dictionary import Rule
    from jizhu.scripts.tables import region_words
    from jizhu.scripts.traditional import MATCHERS_KEPT, Chooser
    text = "没有被发表的关系,我们的伙伴按赞"
    rules = {"伙伴": Rule({"zh-Hant": "夥伴"}, "conversions.toml:2")}
    made = Chooser(rules, words=region_words("TW"))  # no cache: the matchers' dictionaries made here
    kept.keep_in(tmp_path / "tables")
    try:
        first = Chooser(rules, words=region_words("TW"))  # from the text, compiled meanwhile for next time
        kept.settle()  # (the build's process does this when it ends)
        files = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "tables").glob("matcher-*.ocd")}
        assert len(files) == 2 and not list((tmp_path / "tables").glob(".*"))  # nothing left of the making
        again = Chooser(rules, words=region_words("TW"))  # the compiled ones
        kept.settle()
        assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "tables").glob("matcher-*.ocd")} == files
        assert made.choose(text) == first.choose(text) == again.choose(text)
        (forward,) = (tmp_path / "tables").glob("matcher-forward-*.ocd")
        forward.write_bytes(forward.read_bytes()[:-5] + b"xxxxx")  # changed on disk: never read, made again
        mended = Chooser(rules, words=region_words("TW"))
        kept.settle()
        assert forward.read_bytes() != b"" and not forward.read_bytes().endswith(b"xxxxx")
        assert mended.choose(text) == made.choose(text) == Chooser(rules, words=region_words("TW")).choose(text)
        assert made.convert(text) == "沒有被發表的關係,我們的夥伴按讚"
        plain = Chooser()  # another region and no overrides: its own matchers, kept beside the others
        assert plain.convert(text) == "沒有被發表的關係,我們的夥伴按贊"  # 讚 is Taiwan's
        kept.settle()
        assert len(list((tmp_path / "tables").glob("matcher-forward-*.ocd"))) == 2
        kept_now = {p.name for p in (tmp_path / "tables").glob("matcher-*.ocd")}
        for n in range(MATCHERS_KEPT + 1):  # transcripts' own overrides: added to the region's matchers
            own = Chooser({"头发": Rule({"zh-Hant": "頭髮"}, "t/dictionary.toml:1")}
                          | {f"{n}号": Rule({"zh-Hant": f"{n}號"}, "")})
            kept.settle()
            assert [(c.start, c.end) for c in own.choose(f"第{n}号头发") if c.why == "rule"] == [(1, 3), (3, 5)]
        assert {p.name for p in (tmp_path / "tables").glob("matcher-*.ocd")} == kept_now
    finally:
        kept.keep_in(None)


def test_a_build_puts_the_matchers_it_had_compiled_in_place_before_it_returns(tmp_path: Path) -> None:
    """The matchers are compiled by processes of their own while the build goes on, and put in place
    when it ends: not only when its process does (the preview's build process ends without `atexit`)."""
    from jizhu.scripts import kept
    content = tmp_path / "content"
    (content / "t").mkdir(parents=True)
    (content / "t" / "transcript.txt").write_text("問:你好嗎?\n黃仁勳:很好，頭髮也好。\n問:然後呢?\n黃仁勳:沒有了。\n",
                                                 encoding="utf-8")
    tables = tmp_path / ".jizhu-cache" / "tables"
    tables.mkdir(parents=True)
    given_up = tables / "matcher-forward-0123-4567.ocd2"  # an earlier version's format: removed
    given_up.write_bytes(b"old")
    try:
        build(project(tmp_path, content))
        assert len(list(tables.glob("matcher-*.ocd"))) == 2 and not list(tables.glob(".*"))
        assert not given_up.exists()
    finally:
        kept.keep_in(None)


def test_the_word_list_read_by_first_character_is_the_whole_list() -> None:
    from jizhu.scripts.tables import WordList, package_folder, word_groups
    source = package_folder("jieba") / "dict.txt"
    whole = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        word, count, _ = line.split(" ")
        whole[word] = int(count)
    words = WordList(word_groups(source))
    assert words.get("关系") == whole["关系"] == 32105 and words.get("没有这个词") == 0 and words.get("") == 0
    assert words["关系"] == 32105 and "关系" in words and "没有这个词" not in words
    assert len(words.read) == 2  # only the groups of 关 and 没 were read
    assert {word: words.get(word) for word in words} == whole


def test_a_build_keeps_the_tables_in_its_cache_and_no_cache_keeps_none(tmp_path: Path) -> None:
    import subprocess
    import sys
    root = Path(__file__).resolve().parents[1]
    (tmp_path / "content" / "t").mkdir(parents=True)
    (tmp_path / "content" / "t" / "transcript.txt").write_text(
        "問:你好嗎?\n黃仁勳:很好，頭髮也好。\n問:然後呢?\n黃仁勳:沒有了。\n", encoding="utf-8")
    command = [sys.executable, str(root / "build.py"), "build", "--templates", str(root / "templates")]
    subprocess.run([*command, "--no-cache"], cwd=tmp_path, check=True, capture_output=True)
    assert not (tmp_path / ".jizhu-cache").exists()
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)
    kept = {p.name: p.stat().st_mtime_ns for p in (tmp_path / ".jizhu-cache" / "tables").glob("*.*")}
    assert {"phrases", "word-list", "usual-forms"} <= {name.rsplit("-", 1)[0] for name in kept}
    assert {"matcher-forward", "matcher-backward"} <= {name.rsplit("-", 2)[0] for name in kept}
    (tmp_path / "content" / "t" / "transcript.txt").write_text(
        "問:你好嗎?\n黃仁勳:很好。\n問:然後呢?\n黃仁勳:沒有了。\n", encoding="utf-8")
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)  # an edit: read back, not made
    assert kept == {p.name: p.stat().st_mtime_ns for p in (tmp_path / ".jizhu-cache" / "tables").glob("*.*")}


def test_a_made_transcript_is_freed_as_it_ends_not_left_to_the_collector(tmp_path: Path, monkeypatch) -> None:
    """A worker's transcript leaves no cycle holding its converted text behind: such garbage is found only
    by a full collection, which traverses it at every collection until then. A seed-sized transcript's
    publisher held 10,500 objects so; what is left is the pages' (Jinja's macros and their context
    refer to each other), about 2,400."""
    import gc
    from jizhu.build import workers
    unreachable: list[int] = []
    real = workers.make_and_forget

    def make(*args):  # nothing collected while the transcript is made, then what it left for the collector
        gc.collect()
        gc.disable()
        try:
            return real(*args)
        finally:
            unreachable.append(gc.collect())
            gc.enable()
    monkeypatch.setattr(workers, "make_and_forget", make)
    build(project(tmp_path, content_of(tmp_path), cache=False), jobs=1)
    assert len(unreachable) == 2 and max(unreachable) < 5000, unreachable


def test_a_transcript_is_made_without_collections_and_its_cycles_collected_as_it_ends(tmp_path: Path,
                                                                                     monkeypatch) -> None:
    """The cyclic collector is paused while a transcript is made (its collections examined every object
    still alive, 8 % of a worker's time) and collects what the transcript left in cycles once, at its end."""
    import gc
    from jizhu.build import workers
    during: list[int] = []
    left: list[int] = []
    real_make, real_forget = workers.make_transcript, workers.make_and_forget

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            during[-1] += 1

    def make(*args):
        during.append(0)
        gc.callbacks.append(count)
        try:
            return real_make(*args)
        finally:
            gc.callbacks.remove(count)

    def make_and_forget(*args):
        made = real_forget(*args)
        left.append(gc.collect())  # what the transcript's own collection did not find
        return made
    monkeypatch.setattr(workers, "make_transcript", make)
    monkeypatch.setattr(workers, "make_and_forget", make_and_forget)
    assert gc.isenabled()
    build(project(tmp_path, content_of(tmp_path), cache=False), jobs=1)
    # (the first transcript's build also made the converters and templates: the second is the transcript's own)
    assert during == [0, 0] and left[1] == 0, (during, left)


def test_made_in_one_process_what_outlives_the_first_transcript_is_frozen_until_the_build_ends(
        tmp_path: Path, monkeypatch) -> None:
    """With one worker, the converters and tables the first transcript made are left out of every later
    transcript's full collection (about 20 ms a seed-sized transcript each), as the pool's parent does
    for its workers; unfrozen once the build is done, and never frozen where something else is."""
    import gc
    from jizhu.build import workers
    frozen: list[int] = []
    real = workers.make_and_forget

    def make(*args):
        frozen.append(gc.get_freeze_count())
        return real(*args)
    monkeypatch.setattr(workers, "make_and_forget", make)
    gc.unfreeze()  # (a preview test in this process may have frozen its tools)
    build(project(tmp_path, content_of(tmp_path, copies=3), cache=False), jobs=1)
    assert frozen[0] == 0 and min(frozen[1:]) > 10_000, frozen
    assert gc.get_freeze_count() == 0


def test_a_transcripts_cycles_through_older_objects_are_collected_as_it_ends() -> None:
    """A cycle the transcript leaves through an object of the oldest generation is garbage too: collecting
    the young generations alone kept it, and a worker grew by about 150 KB a transcript."""
    import gc
    import weakref
    from jizhu.build.workers import collected_as_it_ends

    class Node:
        ref: object = None

    old = Node()
    gc.collect()  # `old` is in the oldest generation now
    gone = weakref.ref(old)
    with collected_as_it_ends():
        new = Node()
        new.ref, old.ref = old, new
        del new, old
    assert gone() is None
    assert gc.isenabled()
