"""The search index: made at build time, one transcript at a time, then merged and split into shards.

Every paragraph with an id is a document. Its words are folded into tokens
(search_tokens.py) and indexed under keys: each Han bigram and each word with
the token positions where it stands (an exact phrase is a run of positions),
each Han character alone with a count (for one-character queries), and its
speaker as `@` + the folded name (for the speaker filter).

`index_transcript` makes one transcript's part (its text chunks, the files a
result shows, and its postings); `search_files` merges every part into the
site's files under `data/search/`. The format is documented in the README;
templates/assets/search.js reads it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..reading.model import Pair, Paragraph, Transcript
from ..scripts.convert import Script
from ..scripts.publish import Publisher
from .search_tokens import fold_table, fold_word, is_han, regional_pairs, tokens
from .share import joined

FORMAT_VERSION = 1
FOLDER = "data/search"
CHUNK_CHARS = 3000
"""Text per chunk file: a result loads its chunk, so small chunks keep a query's download small."""
SHARD_BYTES = 24_000
"""Aim for shards about this size (before compression): the number of shards grows with the index."""
MAX_SHARDS = 4096
SCRIPT_GAP = 2
"""Positions between one script's text of a paragraph and another's, so no phrase spans them."""


@dataclass(slots=True)
class Document:
    id: str
    """The paragraph's id."""
    unit: str
    """What a result links to and groups by: the pair, the turn outside a pair, or the paragraph itself."""
    speaker: str
    paragraph: Paragraph


@dataclass(slots=True)
class TranscriptIndex:
    """One transcript's part of the index, made without looking at any other transcript."""

    slug: str
    date: str
    titles: dict[str, str]
    """Script key -> title."""
    speakers: dict[str, dict[str, str]]
    """Folded speaker key -> {script key: label}."""
    documents: int
    chunks: list[int]
    """The first document of each text chunk."""
    postings: dict[str, Encoded]
    """Key -> its documents (counted from 0 in this transcript) with their token positions, encoded."""
    files: dict[str, str] = field(default_factory=dict)
    """Its text chunks, {path under site/: text}."""

    @classmethod
    def from_json(cls, data: dict) -> "TranscriptIndex":
        """Back from `dataclasses.asdict` (the build cache); TypeError if the shape is not this one."""
        return cls(**(data | {"postings": {key: Encoded(**value) for key, value in data["postings"].items()}}))


def documents(transcript: Transcript) -> list[Document]:
    """Every paragraph in reading order, with the unit a result for it links to."""
    found = [Document(p.id, p.id, "", p) for p in preamble(transcript)]
    for section in transcript.sections:
        for item in section.items:
            for turn in (item.turns if isinstance(item, Pair) else [item]):
                found += [Document(p.id, item.id, turn.speaker, p) for p in turn.paragraphs]
    return found


def preamble(transcript: Transcript) -> list[Paragraph]:
    turn_paragraphs = {p.id for turn in transcript.turns for p in turn.paragraphs}
    return [p for p in transcript.paragraphs() if p.id not in turn_paragraphs]


def index_transcript(transcript: Transcript, publisher: Publisher, scripts: tuple[Script, ...]) -> TranscriptIndex:
    docs = documents(transcript)
    postings: dict[str, list[tuple[int, list[int]]]] = {}
    for number, doc in enumerate(docs):
        for key, positions in doc_keys([publisher.text(doc.paragraph.text, s) for s in scripts], doc.speaker).items():
            postings.setdefault(key, []).append((number, positions))
    chunks = chunk_starts(docs)
    speakers = {speaker_key(name): {s.key: publisher.text(name, s) for s in scripts} for name in transcript.speakers}
    index = TranscriptIndex(transcript.slug, transcript.meta.date,
                            {s.key: publisher.text(transcript.title, s) for s in scripts},
                            speakers, len(docs), chunks, {key: encode(key, p) for key, p in postings.items()})
    for script in scripts:
        index.files |= text_chunks(transcript, docs, chunks, publisher, script)
    return index


class Indexer:
    """Each transcript's part of the index, made again only for a transcript (or publisher) that is a
    new object: the preview reads again only the transcript that changed, then merges every part."""

    def __init__(self) -> None:
        self._parts: dict[str, tuple[Transcript, Publisher, tuple[Script, ...], TranscriptIndex]] = {}

    def parts(self, transcripts: list[Transcript], publishers: dict[str, Publisher],
              scripts: tuple[Script, ...]) -> list[TranscriptIndex]:
        kept = {}
        for transcript in transcripts:
            publisher = publishers[transcript.slug]
            old = self._parts.get(transcript.slug)
            if old and old[0] is transcript and old[1] is publisher and old[2] == scripts:
                kept[transcript.slug] = old
            else:
                kept[transcript.slug] = (transcript, publisher, scripts, index_transcript(transcript, publisher, scripts))
        self._parts = kept
        return [entry[3] for entry in kept.values()]


def text_chunks(transcript: Transcript, docs: list[Document], chunks: list[int], publisher: Publisher,
                script: Script) -> dict[str, str]:
    """The transcript's text in one script, chunk by chunk: what a result shows."""
    def t(text: str) -> str:
        return publisher.text(text, script)
    questions = {pair.id: pair.question for pair in transcript.pairs}
    files = {}
    for n, start in enumerate(chunks):
        part = docs[start:chunks[n + 1] if n + 1 < len(chunks) else len(docs)]
        units = {d.unit for d in part}
        data = {"docs": [[d.id, d.unit, t(d.speaker) if d.speaker else "", t(d.paragraph.text)] for d in part],
                "questions": {unit: joined([t(p.text) for p in turn.paragraphs])
                              for unit, turn in questions.items() if unit in units}}
        name = chunk_name(transcript.slug, script.key, n)
        files[f"{FOLDER}/{name}.js"] = script_file(name, data)
    return files


def doc_keys(texts: list[str], speaker: str) -> dict[str, list[int]]:
    """Every key of one paragraph with its positions; each script's text counts once if it folds alike."""
    keys: dict[str, list[int]] = {}
    seen: list[list[str]] = []
    offset = 0
    for text in texts:
        found = tokens(text)
        values = [t.value for t in found]
        if values in seen:
            continue
        seen.append(values)
        for i, token in enumerate(found):
            if token.kind == "s":
                continue
            keys.setdefault(token.value, []).append(offset + i)
            if token.kind == "h" and i + 1 < len(found) and found[i + 1].kind == "h":
                keys.setdefault(token.value + found[i + 1].value, []).append(offset + i)
        offset += len(found) + SCRIPT_GAP
    if speaker:
        keys[speaker_key(speaker)] = []
    return keys


def speaker_key(name: str) -> str:
    return "@" + fold_word(name)


def chunk_starts(docs: list[Document]) -> list[int]:
    """Where each text chunk starts: at a unit's first document, once the chunk holds CHUNK_CHARS."""
    starts, size = [0], 0
    for number, doc in enumerate(docs):
        if size >= CHUNK_CHARS and doc.unit != docs[number - 1].unit:
            starts.append(number)
            size = 0
        size += len(doc.paragraph.text)
    return starts if docs else []


def chunk_name(slug: str, script: str, number: int) -> str:
    return f"text/{slug}/{script}-{number}"


def script_file(name: str, data: object) -> str:
    """A JSON value that a page can load with <script> (fetch() of a file:// URL is refused): one
    call, `jizhuSearch(name, value);`, so a reader of the format strips the first line's wrapper."""
    return f"jizhuSearch({json.dumps(name)},\n{json.dumps(data, ensure_ascii=False, separators=(',', ':'))});\n"


def bucket(key: str, count: int) -> int:
    """FNV-1a over the key's code points (search.js computes the same)."""
    h = 0x811C9DC5
    for char in key:
        h ^= ord(char)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % count


def base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


@dataclass(frozen=True, slots=True)
class Encoded:
    """One key's postings in one transcript, encoded but for the first document's delta, which
    depends on the transcripts before it: merging a site's parts only joins strings."""

    first: int
    last: int
    """The first and last document (counted in the transcript)."""
    head: str
    """What follows the first document's delta (its count)."""
    rest: str
    """The other documents' entries, each after a `,`."""
    positions: str
    """Each document's token positions, in the same order; empty for keys without positions."""


def encode(key: str, postings: list[tuple[int, list[int]]]) -> Encoded:
    """Documents as base-36 deltas joined by `,`, each followed by `*` and its count when above one;
    apart, for a bigram or word, each document's positions as base-36 deltas joined by `.`."""
    entries, previous = [], postings[0][0]
    for doc, positions in postings:
        entries.append(base36(doc - previous) + ("*" + base36(len(positions)) if len(positions) > 1 else ""))
        previous = doc
    first = entries[0].partition("*")
    placed = "" if key.startswith("@") or len(key) == 1 and is_han(key) else ",".join(
        deltas(positions) for _, positions in postings)
    return Encoded(postings[0][0], postings[-1][0], first[1] + first[2], "".join("," + e for e in entries[1:]), placed)


def deltas(positions: list[int]) -> str:
    out, last = [], 0
    for p in positions:
        out.append(base36(p - last))
        last = p
    return ".".join(out)


def merge(pieces: list[tuple[int, Encoded]]) -> str:
    """One key's documents across the site, from (document offset of the transcript, its part)."""
    out, previous = [], 0
    for offset, part in pieces:
        out.append(base36(offset + part.first - previous) + part.head + part.rest)
        previous = offset + part.last
    return ",".join(out)


def search_files(parts: list[TranscriptIndex], scripts: tuple[Script, ...]) -> dict[str, str]:
    """The site's index files from every transcript's part, in the order the site lists transcripts."""
    merged: dict[str, list[tuple[int, Encoded]]] = {}
    offset = 0
    for part in parts:
        for key, encoded_part in part.postings.items():
            merged.setdefault(key, []).append((offset, encoded_part))
        offset += part.documents
    documents = {key: merge(pieces) for key, pieces in merged.items()}
    positions = {key: ",".join(part.positions for _, part in pieces) for key, pieces in merged.items()
                 if pieces[0][1].positions}
    count = shard_count(max(size(documents), size(positions)))
    files = {}
    for folder, table in (("k", documents), ("p", positions)):
        shards: list[dict[str, str]] = [{} for _ in range(count)]
        for key in sorted(table):
            shards[bucket(key, count)][key] = table[key]
        files |= {f"{FOLDER}/{folder}/{n}.js": script_file(f"{folder}/{n}", shard) for n, shard in enumerate(shards)}
    alphabet = {key for key in merged if len(key) == 1 and is_han(key)}
    bigrams = {key for key in merged if len(key) == 2 and all(is_han(c) for c in key)}
    files[f"{FOLDER}/fold.js"] = script_file("fold", {
        "chars": fold_table(alphabet),
        "regional": [[a, b] for a, b in regional_pairs() if occurs(a, bigrams) or occurs(b, bigrams)]})
    speakers: dict[str, dict[str, str]] = {}
    for part in parts:
        for key, labels in part.speakers.items():
            speakers.setdefault(key, labels)
    for script in scripts:
        name = f"meta-{script.key}"
        files[f"{FOLDER}/{name}.js"] = script_file(name, {
            "format": FORMAT_VERSION, "shards": count, "script": script.key,
            "transcripts": [[p.slug, p.titles[script.key], p.date, p.documents, p.chunks] for p in parts],
            "speakers": [[key, labels[script.key]] for key, labels in speakers.items()]})
    for part in parts:
        files |= part.files
    return files


def size(table: dict[str, str]) -> int:
    return sum(len(k.encode()) + len(v) + 6 for k, v in table.items())


def shard_count(total: int) -> int:
    """A power of two, so that shards hold about SHARD_BYTES."""
    count = 1
    while count < MAX_SHARDS and total / count > SHARD_BYTES:
        count *= 2
    return count


def occurs(word: str, bigrams: set[str]) -> bool:
    """Whether the index may hold `word`: all its bigrams are in it."""
    return all(word[i:i + 2] in bigrams for i in range(len(word) - 1))
