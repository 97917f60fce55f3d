"""One transcript's postings (pages/search.py), made a whole transcript at a time, are what the plain
definition makes document by document: each text's tokens, each Han pair of them, each speaker, in
the order first met, with the same encoded documents and positions; the sketch is the keys of
smallest (hash, bytes); a text chunk's patch for another script is what comparing character by
character makes."""
from __future__ import annotations

import heapq
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from jizhu.pages import search
from jizhu.pages.search_tokens import FOLDED, fold_search_char, folded_texts, is_han, token_spans

CHARACTERS = "發髮发著着黃黄仁勳芯片軟體软件的了是一々〇\uf900\U00020000aZ9Ｈ２İß ，。、「」“”！?-@\t\n"
"""Han characters that fold together or not at all, ones outside the BMP and compatibility ones, Latin
and full-width letters, ones that fold to two characters, marks of both scripts and white space."""
TEXTS = st.text(st.sampled_from(CHARACTERS), max_size=40)


def plain_keys(texts: list[str], speaker: str) -> dict[str, list[int]]:
    """One document's keys with their positions, the plain way: token by token."""
    keys: dict[str, list[int]] = {}
    seen: list[list[str]] = []
    offset = 0
    for text in texts:
        values, kinds, _ = token_spans(text, spans=False)
        if values in seen:
            continue
        seen.append(values)
        for position, (value, kind) in enumerate(zip(values, kinds)):
            if kind != "s":
                keys.setdefault(value, []).append(offset + position)
                if kind == "h" and kinds[position + 1:position + 2] == "h":
                    keys.setdefault(value + values[position + 1], []).append(offset + position)
        offset += len(values) + search.SCRIPT_GAP
    if speaker:
        keys[search.speaker_key(speaker)] = []
    return keys


def plain_postings(documents: list[tuple[list[str], str]]) -> dict[str, tuple[str, str]]:
    """{key: (documents, positions)} as `search.encoded` describes them, one document and one position at a time."""
    found: dict[str, list[tuple[int, list[int]]]] = {}
    for number, (texts, speaker) in enumerate(documents):
        for key, positions in plain_keys(texts, speaker).items():
            found.setdefault(key, []).append((number, positions))
    postings = {}
    for key, places in found.items():
        documents_part, positions_part, previous = "", "", -1
        for number, positions in places:
            gap = (number - previous - 1) * 2
            previous = number
            documents_part += (search.number(gap + 1) + search.number(len(positions) - 2) if len(positions) > 1
                               else search.number(gap))
            if not (key.startswith("@") or len(key) == 1 and is_han(key)):
                last = -1
                for position in positions:
                    positions_part += search.number(position - last - 1)
                    last = position
        postings[key] = (documents_part, positions_part)
    return postings


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(TEXTS, st.one_of(st.none(), TEXTS), st.sampled_from(["", "王明", "李 華", " "])),
                max_size=12), st.sampled_from([1, 10, search.KEYS_AT_ONCE]))
def test_the_postings_are_the_plain_definitions(documents: list[tuple[str, str | None, str]], at_once: int) -> None:
    texts = [[first, first if second is None else second] for first, second, _ in documents]
    docs = [search.Document(str(n), str(n), speaker, None) for n, (_, _, speaker) in enumerate(documents)]
    with patch.object(search, "KEYS_AT_ONCE", at_once):  # the documents' keys taken a few at a time, or all at once
        table = search.occurrences(docs, texts)
    made = dict(zip(table, zip(*search.encoded(table.values(), [search.positioned(key) for key in table]))))
    expected = plain_postings([(pair, speaker) for pair, (_, _, speaker) in zip(texts, documents)])
    assert list(made) == list(expected)  # in the order first met: the part's lines are in that order
    assert made == expected


def test_numbers_past_the_table_are_encoded_alike() -> None:
    assert [search.ENCODED[n] for n in (0, 63, 64, 4095, 4096, 10**6)] == [
        search.number(n) for n in (0, 63, 64, 4095, 4096, 10**6)]


@settings(max_examples=100, deadline=None)
@given(count=st.integers(0, search.SKETCH + 80), spread=st.integers(1, 600), rng=st.randoms(use_true_random=False))
def test_the_sketch_is_the_smallest_hashes_then_bytes(count: int, spread: int, rng) -> None:
    keys = [str(n) + "發𠀀"[:rng.randrange(3)] for n in range(count)]
    hashes = [rng.randrange(spread) for _ in keys]  # few values at times, so that many keys share one at the cut
    assert search.sketch_of(keys, hashes) == heapq.nsmallest(
        search.SKETCH, [[h, len(key.encode())] for h, key in zip(hashes, keys)])


def plain_patch(text: str, wanted: str, table: dict[str, str]) -> str | list | None:
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


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS, st.dictionaries(st.sampled_from(CHARACTERS), st.sampled_from(CHARACTERS)), st.booleans())
def test_a_patch_is_the_plain_comparison(text: str, other: str, table: dict[str, str], alike: bool) -> None:
    wanted = other
    if alike:  # as long as `text`, and through `table` but for some of `other`'s characters
        made = [table.get(c, c) for c in text]
        for i, c in enumerate(other[:len(made)]):
            if c in "發。a ":
                made[i] = c
        wanted = "".join(made)
    assert search.patch(text, wanted, {ord(c): folded for c, folded in table.items()}) == plain_patch(text, wanted, table)


def test_characters_never_met_are_folded_as_one_by_one() -> None:
    """`folded_texts` stops at a character FOLDED has not met (here ones no other test uses), folds the
    texts' new characters together, and gives what folding each character alone gives."""
    texts = ["龘靐齉爩", "abc", "Ｘ龖〇\U0002A700 𪚥", "", "龘"]
    assert folded_texts(texts) == ["".join(fold_search_char(c) for c in text) for text in texts]
    assert folded_texts(texts) == [text.translate(FOLDED) for text in texts]  # the second time, every one met
