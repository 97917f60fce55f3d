"""The search index: made at build time, one transcript at a time, then merged and split into shards.

Every paragraph with an id is a document. Its words are folded into tokens
(search_tokens.py) and indexed under keys: each Han bigram and each word with
the token positions where it stands (an exact phrase is a run of positions),
each Han character alone with a count (for one-character queries), and its
speaker as `@` + the folded name (for the speaker filter).

`index_transcript` makes one transcript's part (its text chunks, the files a
result shows, and its postings); search_merge.py merges every part into the
site's files under `data/search/`. The format is documented in the README;
templates/assets/search.js reads it.
"""
from __future__ import annotations

import heapq
import json
from collections import defaultdict
from dataclasses import dataclass, field

from ..notes.inline import placed
from ..reading.model import Pair, Paragraph, Transcript
from ..scripts.convert import Script
from ..scripts.publish import Publisher
from .search_tokens import fold_table, fold_text, fold_word, is_han, token_spans

FORMAT_VERSION = 4
FOLDER = "data/search"
CHUNK_CHARS = 3000
"""Text per chunk file: a result loads its chunk, so small chunks keep a query's download small."""
SPILL_BITS = 8
SPILL = 1 << SPILL_BITS
"""Groups of a part's keys, by the leading bits of their hash (search_merge.py spills each to its own file)."""
SKETCH = 512
"""Smallest key hashes a part keeps, to estimate the site's number of keys (search_merge.KeyCount)."""
NUMBER = "\x01"
ASIDE = ("\ue000", "\ue001")
"""Around a bracketed note in a text chunk (`marked`)."""
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
    postings: list[str]
    """Each key's documents (counted from 0 in this transcript) and token positions, encoded as one
    line (`Postings`), the lines grouped by the leading SPILL_BITS of the key's hash: the merge
    hands each group to its spill file whole. Plain text: small to send from a worker, to cache
    and to merge."""
    sizes: list[int]
    """Bytes of the documents' and of the positions' encodings, summed over the keys."""
    sketch: list[list[int]]
    """[hash, bytes] of the SKETCH keys of smallest hash: with the others' parts, how many keys the site has."""
    files: dict[str, str] = field(default_factory=dict)
    """Its text chunks, {path under site/: text}."""

    @classmethod
    def from_json(cls, data: dict) -> "TranscriptIndex":
        """Back from `dataclasses.asdict` (the build cache); TypeError if the shape is not this one."""
        if not isinstance(data.get("postings"), list) or len(data["postings"]) != SPILL:
            raise TypeError("postings of another format")
        return cls(**data)


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
    postings: dict[str, Postings] = {}
    for number, doc in enumerate(docs):
        for key, positions in doc_keys([publisher.text(doc.paragraph.text, s) for s in scripts], doc.speaker).items():
            found = postings.get(key)
            if found is None:
                found = postings[key] = Postings(key)
            found.add(number, positions)
    chunks = chunk_starts(docs)
    speakers = {speaker_key(name): {s.key: publisher.text(name, s) for s in scripts} for name in transcript.speakers}
    groups: list[list[str]] = [[] for _ in range(SPILL)]
    sizes = [0, 0]
    hashes = []
    for key, found in postings.items():
        documents_part, placed = "".join(found.documents), "".join(found.places)
        h = key_hash(key)
        groups[h >> (32 - SPILL_BITS)].append(f"{key}\t{NUMBER}{documents_part}\t{placed}\n")
        hashes.append([h, len(key.encode())])
        sizes[0] += len(documents_part) + 3  # and the transcript's number, about
        sizes[1] += len(placed) + 1 if placed else 0
    index = TranscriptIndex(transcript.slug, transcript.meta.date,
                            {s.key: publisher.text(transcript.title, s) for s in scripts},
                            speakers, len(docs), chunks, ["".join(group) for group in groups],
                            sizes, heapq.nsmallest(SKETCH, hashes))
    index.files = text_chunks(transcript, docs, chunks, publisher, scripts,
                              {key for key, found in postings.items() if not (found.placed or key.startswith("@"))})
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
                scripts: tuple[Script, ...], alphabet: set[str]) -> dict[str, str]:
    """The transcript's text, chunk by chunk (what a result shows), in the first script; each other
    script as patches on it (`patch`), after folding its Han characters for a Simplified script:
    the Simplified text is that but for a few words (覆/复, 藉/借), so a chunk holds the text once.
    Only characters folding to one of `alphabet` (the transcript's own) are folded: search.js folds
    with fold.js, which holds every character folding to one the site's index holds."""
    base, others = scripts[0], scripts[1:]
    folded = fold_table(alphabet)
    questions = {pair.id: pair.question for pair in transcript.pairs}
    files = {}
    for n, start in enumerate(chunks):
        part = docs[start:chunks[n + 1] if n + 1 < len(chunks) else len(docs)]
        units = {d.unit for d in part}
        asked = {unit: turn for unit, turn in questions.items() if unit in units}

        def texts(script: Script) -> list[list[str]]:
            return [[publisher.text(d.speaker, script) if d.speaker else "", marked(d.paragraph, publisher, script)]
                    for d in part]
        shown = texts(base)
        data: dict = {"docs": [[d.id, d.unit, *pair] for d, pair in zip(part, shown)],
                      "questions": {unit: len(turn.paragraphs) for unit, turn in asked.items()}, "scripts": {}}
        for script in others:
            table = {} if script.traditional else folded
            changes = {str(i): [patch(a, b, table) for a, b in zip(mine, their)]
                       for i, (mine, their) in enumerate(zip(shown, texts(script)))}
            data["scripts"][script.key] = {"docs": {i: p for i, p in changes.items() if p != [None, None]}}
        name = chunk_name(transcript.slug, n)
        files[f"{FOLDER}/{name}.js"] = script_file(name, data)
    return files


def marked(paragraph: Paragraph, publisher: Publisher, script: Script) -> str:
    """The paragraph's published text, its bracketed notes (an editor's note, another voice, a stage
    direction: reading/spans.py) between ASIDE marks, so that a result shows them apart from the
    speaker's words, as the page does."""
    published = publisher.text(paragraph.text, script)
    if ASIDE[0] in published or ASIDE[1] in published:  # (private-use characters: never in a real text)
        return published.replace(ASIDE[0], "").replace(ASIDE[1], "")
    if all(span.kind == "link" for span in paragraph.spans):
        return published
    for start, end, span in sorted(placed(paragraph, published, publisher, script), key=lambda found: -found[0]):
        if span.kind != "link":
            published = published[:start] + ASIDE[0] + published[start:end] + ASIDE[1] + published[end:]
    return published


def patch(text: str, wanted: str, table: dict[str, str]) -> str | list | None:
    """How `wanted` differs from `text` with its characters through `table`: None when not at all;
    runs `[index, characters]` (code points) replacing as many when they are as long; else `wanted`."""
    made = [table.get(c, c) for c in text]
    if len(made) != len(wanted):
        return wanted
    runs: list[list] = []
    for i, (a, b) in enumerate(zip(made, wanted)):
        if a != b:
            if runs and runs[-1][0] + len(runs[-1][1]) == i:
                runs[-1][1] += b
            else:
                runs.append([i, b])
    return runs or None


def doc_keys(texts: list[str], speaker: str) -> dict[str, list[int]]:
    """Every key of one paragraph with its positions; each script's text counts once if it folds alike."""
    keys: defaultdict[str, list[int]] = defaultdict(list)
    seen: list[list[str]] = []
    seen_folded: set[str] = set()
    """Folded texts as long as their text, whose tokens are taken: an equal one has the same tokens."""
    offset = 0
    for text in texts:
        folded = fold_text(text)
        if folded in seen_folded:
            continue
        values, kinds, _ = token_spans(text, spans=False)
        if values in seen:
            continue
        seen.append(values)
        if len(folded) == len(text):
            seen_folded.add(folded)
        position = offset
        for value, kind, following, following_kind in zip(values, kinds, values[1:] + [""], kinds[1:] + "s"):
            if kind != "s":
                keys[value].append(position)
                if kind == "h" and following_kind == "h":
                    keys[value + following].append(position)
            position += 1
        offset += len(values) + SCRIPT_GAP
    if speaker:
        keys[speaker_key(speaker)] = []
    return keys


def speaker_key(name: str) -> str:
    return "@" + "".join(c for c in fold_word(name) if c.isprintable())


def key_hash(key: str) -> int:
    """FNV-1a over the key's code points (search.js computes the same)."""
    h = 0x811C9DC5
    for char in key:
        h ^= ord(char)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def chunk_starts(docs: list[Document]) -> list[int]:
    """Where each text chunk starts: at a unit's first document, once the chunk holds CHUNK_CHARS."""
    starts, size = [0], 0
    for number, doc in enumerate(docs):
        if size >= CHUNK_CHARS and doc.unit != docs[number - 1].unit:
            starts.append(number)
            size = 0
        size += len(doc.paragraph.text)
    return starts if docs else []


def chunk_name(slug: str, number: int) -> str:
    return f"text/{slug}/{number}"


def script_file(name: str, data: object) -> str:
    """A JSON value that a page can load with <script> (fetch() of a file:// URL is refused): one
    call, `jizhuSearch(name, value);`, so a reader of the format strips the first line's wrapper."""
    return f"jizhuSearch({json.dumps(name)},\n{json.dumps(data, ensure_ascii=False, separators=(',', ':'))});\n"


DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_abcdefghijklmnopqrstuvwxyz"
"""A number's last character, worth 0 to 63 (in ASCII order, so fixed-width numbers sort as text)."""
MORE = "!#$%()*+-./:;=?@"
"""A number's earlier characters, worth 0 to 15: a number is self-delimiting, so lists need no separator."""


def number(n: int) -> str:
    """`n` (≥ 0) as its quotient by 64 in MORE (base 16, none when 0) and its remainder in DIGITS:
    0–63 take one character, 64–1,023 two."""
    q, r = divmod(n, 64)
    out = DIGITS[r]
    while q:
        q, m = divmod(q, 16)
        out = MORE[m] + out
    return out


SMALL = [number(n) for n in range(4096)]


def fixed(n: int, width: int) -> str:
    """`n` in base 64 (DIGITS), `width` characters."""
    out = ""
    for _ in range(width):
        n, r = divmod(n, 64)
        out = DIGITS[r] + out
    return out


def number_width(transcripts: int) -> int:
    """Base-64 digits of the last transcript's number: every number is written this wide."""
    width, n = 1, max(transcripts - 1, 0)
    while n >= 64:
        n //= 64
        width += 1
    return width


def encode(n: int) -> str:
    return SMALL[n] if n < 4096 else number(n)


class Postings:
    """One key's postings in one transcript, encoded as its documents are added, in order: the line
    `key TAB NUMBER documents TAB positions NEWLINE` (`index_transcript`; NUMBER, the character \x01,
    stands for the transcript's number in the site, which the merge writes in; a key holds neither
    white space nor it). Each document is `number` of 2 × (its distance from the previous one, less
    one; the first's from −1) + 1 when the key occurs there more than once, followed then by `number`
    of that count less two. Positions (bigrams and words only) are, for each document in turn, its
    token positions, each as `number` of its distance from the previous one less one (the first's
    from −1): as many as the document's count, so nothing separates them."""

    __slots__ = ("documents", "places", "previous", "placed")

    def __init__(self, key: str) -> None:
        self.documents: list[str] = []
        self.places: list[str] = []
        self.previous = -1
        self.placed = not (key.startswith("@") or len(key) == 1 and is_han(key))

    def add(self, document: int, positions: list[int]) -> None:
        gap = (document - self.previous - 1) * 2
        self.previous = document
        if len(positions) > 1:
            self.documents.append(encode(gap + 1) + encode(len(positions) - 2))
        else:
            self.documents.append(SMALL[gap] if gap < 4096 else number(gap))
        if self.placed:
            last = -1
            for p in positions:
                gap = p - last - 1
                self.places.append(SMALL[gap] if gap < 4096 else number(gap))
                last = p
