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
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, compress, count, repeat
from operator import add, and_, le, rshift

from ..notes.inline import placed
from ..reading.model import Pair, Paragraph, Transcript
from ..scripts.convert import Script
from ..scripts.publish import Publisher
from .search_tokens import KINDS, fold_table, fold_word, folded_texts, is_han, split_tokens

FORMAT_VERSION = 4
FOLDER = "data/search"
CHUNK_CHARS = 3000
"""Text per chunk file: a result loads its chunk, so small chunks keep a query's download small."""
SPILL_BITS = 8
SPILL = 1 << SPILL_BITS
"""Groups of a part's keys, by the leading bits of their hash (search_merge.py spills each to its own file)."""
TAG_BITS = 6
TAG_BASE = 0x30
TAGS = [chr(TAG_BASE + n) for n in range(1 << TAG_BITS)]
"""What starts a key's line: the next TAG_BITS of its hash after the group's, as one character, in the
order of their numbers. A merge sorting a large spill file's lines a piece at a time can part them
by these (search_merge.py), with no hash computed again."""
BUCKET_BITS = SPILL_BITS + TAG_BITS
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
    line (`LINE`, `encoded`), the lines grouped by the leading SPILL_BITS of the key's hash: the merge
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
    table = occurrences(docs, [[publisher.text(doc.paragraph.text, s) for s in scripts] for doc in docs])
    keys = list(table)
    if len(KEY_HASHES) > KEYS_KEPT:
        KEY_HASHES.clear()
        POSITIONED.clear()
    with_positions = list(map(POSITIONED.__getitem__, keys))
    documents_parts, positions_parts = encoded(table.values(), with_positions)
    hashes = list(map(KEY_HASHES.__getitem__, keys))
    groups: list[list[str]] = [[] for _ in range(SPILL)]
    tags = map(TAGS.__getitem__, map(and_, map(rshift, hashes, repeat(32 - BUCKET_BITS)), repeat(len(TAGS) - 1)))
    consume(map(list.append, map(groups.__getitem__, map(rshift, hashes, repeat(32 - SPILL_BITS))),
                map(LINE.format, tags, keys, documents_parts, positions_parts)))
    sizes = [sum(map(len, documents_parts)) + 3 * len(keys),  # and the transcript's number, about
             sum(map(len, positions_parts)) + sum(with_positions)]
    sketch = sketch_of(keys, hashes)
    alphabet = {key for key, placed in zip(keys, with_positions) if not (placed or key[0] == "@")}
    chunks = chunk_starts(docs)
    index = TranscriptIndex(transcript.slug, transcript.meta.date,
                            {s.key: publisher.text(transcript.title, s) for s in scripts},
                            {speaker_key(name): {s.key: publisher.text(name, s) for s in scripts}
                             for name in transcript.speakers},
                            len(docs), chunks, ["".join(group) for group in groups], sizes, sketch)
    index.files = text_chunks(transcript, docs, chunks, publisher, scripts, alphabet)
    return index


LINE = "{}{}\t" + NUMBER + "{}\t{}\n"
"""A key's line in `TranscriptIndex.postings`: its tag (`TAGS`) and the key, its documents and its positions
(`encoded`)."""


def consume(iterator: Iterator) -> None:
    """Run an iterator to its end in C (a map of calls made for their effect)."""
    deque(iterator, maxlen=0)


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
    folded = {ord(char): form for char, form in fold_table(alphabet).items()}
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


def patch(text: str, wanted: str, table: dict[int, str]) -> str | list | None:
    """How `wanted` differs from `text` with its characters through `table` (a `str.translate` table
    of one character each): None when not at all; runs `[index, characters]` (code points) replacing
    as many when they are as long; else `wanted`."""
    if len(text) != len(wanted):
        return wanted
    made = text.translate(table)
    if made == wanted:
        return None
    runs: list[list] = []
    for i in [i for i, a, b in zip(count(), made, wanted) if a != b]:
        if runs and runs[-1][0] + len(runs[-1][1]) == i:
            runs[-1][1] += wanted[i]
        else:
            runs.append([i, wanted[i]])
    return runs


def sketch_of(keys: list[str], hashes: list[int]) -> list[list[int]]:
    """[hash, bytes] of the SKETCH keys of smallest hash (then fewest bytes), the bytes counted only
    for the keys whose hash is at most the SKETCH-th smallest (all of them when it is shared)."""
    chosen: Iterable[tuple[int, str]] = zip(hashes, keys)
    if len(hashes) > SKETCH:
        cut = heapq.nsmallest(SKETCH, hashes)[-1]
        chosen = compress(chosen, map(le, hashes, repeat(cut)))
    return sorted([[h, len(key.encode())] for h, key in chosen])[:SKETCH]


def occurrences(docs: list[Document], texts: list[list[str]]) -> dict[str, list[int]]:
    """Every key of the transcript, in the order first met, with its occurrences in order, each
    `occurrence` of (its document's number, its token position there). A document's keys are its
    text's tokens (but marks), each followed by its Han bigram with the next; then the other scripts'
    texts, SCRIPT_GAP positions on, each counted once if it folds alike; then its speaker's key."""
    folded_forms = iter(folded_texts(list(chain.from_iterable(texts))))
    table: defaultdict[str, list[int]] = defaultdict(list)
    values: list[str] = []
    kinds: list[str] = []
    places: list[int] = []
    """Documents' tokens in turn (with a mark after each text, so no bigram spans two), their kinds
    and their occurrences: the keys are taken from them together (`add_keys`), KEYS_AT_ONCE at a time."""
    speakers: dict[str, str] = {}
    for number, (doc, own) in enumerate(zip(docs, texts)):
        if len(values) >= KEYS_AT_ONCE:
            add_keys(table, values, "".join(kinds), places)
            values, kinds, places = [], [], []
        seen: list[list[str]] = []
        seen_folded: set[str] = set()
        """Folded texts as long as their text, whose tokens are taken: an equal one has the same tokens."""
        at = first = occurrence(number, 0)
        for text, folded in zip(own, folded_forms):
            if folded in seen_folded:
                continue
            tokens, token_kinds, _ = split_tokens(text, folded, text.translate(KINDS), spans=False)
            if tokens in seen:
                continue
            seen.append(tokens)
            if len(folded) == len(text):
                seen_folded.add(folded)
            values += tokens
            values.append("")
            kinds += (token_kinds, "s")
            places += range(at, at + len(tokens))
            places.append(0)
            at += len(tokens) + SCRIPT_GAP
        if doc.speaker:  # a word of its own, at the document's start
            name = speakers.get(doc.speaker)
            values += (name if name is not None else speakers.setdefault(doc.speaker, speaker_key(doc.speaker)), "")
            kinds += ("w", "s")
            places += (first, 0)
    add_keys(table, values, "".join(kinds), places)
    table.default_factory = None  # a plain dict from here: a look-up of a key not there fails
    return table


KEYS_AT_ONCE = 8192
"""Tokens whose keys are taken together, about: their pairs are made all at once (`keyed`)."""


def add_keys(table: defaultdict[str, list[int]], values: list[str], kinds: str, places: list[int]) -> None:
    """Add the keys of tokens (`keyed`) to `table`, each occurrence after those of earlier tokens: each
    place appended to its key's list (made when new by the defaultdict), the calls mapped in C."""
    keys, where = keyed(values, kinds, places)
    consume(map(list.append, map(table.__getitem__, keys), where))


KEYED = bytes.maketrans(b"hws", b"\1\1\0")
HAN_KIND = bytes.maketrans(b"hws", b"\1\0\0")


def keyed(values: list[str], kinds: str, places: list[int]) -> tuple[Iterator[str], Iterator[int]]:
    """The keys of the tokens `values` (of `kinds`, at `places`) in order, each token's (but a mark's)
    followed by its bigram with the next when both are Han, and their places: every token and every
    pair of tokens is a candidate, and a mask of bytes keeps the keys (itertools.compress, in C)."""
    if not values:
        return iter(()), iter(())
    candidates = [""] * (2 * len(values) - 1)
    candidates[::2] = values
    candidates[1::2] = map(add, values, values[1:])
    codes = kinds.encode("ascii")
    han = codes.translate(HAN_KIND)
    mask = bytearray(len(candidates))
    mask[::2] = codes.translate(KEYED)
    mask[1::2] = (int.from_bytes(han[:-1], "big") & int.from_bytes(han[1:], "big")).to_bytes(len(han) - 1, "big")
    return compress(candidates, mask), compress(chain.from_iterable(zip(places, places)), mask)


POSITION_BITS = 40
POSITION = (1 << POSITION_BITS) - 1


def occurrence(document: int, position: int) -> int:
    """A key's occurrence as one number, which sorts as (document, position) does."""
    return document << POSITION_BITS | position


def positioned(key: str) -> bool:
    """Whether a key's postings hold its positions: a bigram's and a word's, not a speaker's nor a
    Han character's (a count is enough for a query of one character)."""
    return not (len(key) == 1 and is_han(key) or key[0] == "@")


def encoded(found: Iterable[list[int]], with_positions: list[bool]) -> tuple[list[str], list[str]]:
    """Each key's occurrences in one transcript (`found`, each in order) as its documents and its
    positions, the two parts of its line in `TranscriptIndex.postings`: `tag key TAB NUMBER documents TAB
    positions NEWLINE` (NUMBER, the character \x01, stands for the transcript's number in the site,
    which the merge writes in; a key holds neither white space nor it). Each document is `number` of
    2 × (its distance from the previous one, less one; the first's from −1) + 1 when the key occurs
    there more than once, followed then by `number` of that count less two. Positions (bigrams and
    words only) are, for each document in turn, its token positions, each as `number` of its
    distance from the previous one less one (the first's from −1): as many as the document's count,
    so nothing separates them."""
    documents_parts: list[str] = []
    positions_parts: list[str] = []
    for places, placed in zip(found, with_positions):
        if len(places) == 1:  # most keys (two thirds in a seed-sized transcript)
            place = places[0]
            documents_parts.append(ENCODED[(place >> POSITION_BITS) * 2])
            positions_parts.append(ENCODED[place & POSITION] if placed else "")
            continue
        # each document with the number of its places: a run of places, as they are in order
        parts = []
        before = -1  # the document before, and where its run starts
        start = gap = 0
        for at, document in enumerate(map(rshift, places, repeat(POSITION_BITS))):
            if document != before:
                if at:
                    parts.append(ENCODED[gap] if at - start == 1 else ENCODED[gap + 1] + ENCODED[at - start - 2])
                gap = (document - before - 1) * 2
                before, start = document, at
        run = len(places) - start
        parts.append(ENCODED[gap] if run == 1 else ENCODED[gap + 1] + ENCODED[run - 2])
        documents_parts.append("".join(parts))
        # each position's distance from the one before in its document, less one; the first's from -1
        positions_parts.append("".join([
            ENCODED[place - before - 1 if place >> POSITION_BITS == before >> POSITION_BITS else place & POSITION]
            for place, before in zip(places, [-1, *places])]) if placed else "")
    return documents_parts, positions_parts


def speaker_key(name: str) -> str:
    return "@" + "".join(c for c in fold_word(name) if c.isprintable())


def key_hash(key: str) -> int:
    """FNV-1a over the key's code points (search.js computes the same)."""
    h = 0x811C9DC5
    for char in key:
        h ^= ord(char)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


class _KeyFacts(dict):
    """{key: `fact(key)`}, filled as keys are met: most keys recur in most transcripts, so a worker
    computes each once (up to KEYS_KEPT keys; then `index_transcript` starts again)."""

    def __init__(self, fact: Callable[[str], object]) -> None:
        super().__init__()
        self.fact = fact

    def __missing__(self, key: str) -> object:
        value = self[key] = self.fact(key)
        return value


KEY_HASHES, POSITIONED = _KeyFacts(key_hash), _KeyFacts(positioned)
KEYS_KEPT = 50_000
"""Keys whose facts a worker keeps, at most: about 10 MB."""


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


class _Encoded(dict):
    """{n: `number(n)`} for the numbers up to 4,095 (one or two characters), computed for larger ones."""

    def __missing__(self, n: int) -> str:
        return number(n)


ENCODED = _Encoded((n, number(n)) for n in range(4096))


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
