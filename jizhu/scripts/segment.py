"""Cutting Simplified text into words: OpenCC's phrases, the editor's overrides and a word list.

OpenCC converts a phrase wherever its forward maximum matching meets one, so a phrase that
straddles two words misfires: 没有被发表 is cut 没有|被发|表 and written 被髮表, 展示了如何
becomes 展示瞭如何. Here the same matching runs forward and backward, and OpenCC itself does
it (a text dictionary whose values mark each match), so the cost is C++ time. `best_cut`
then cuts a few characters around each doubtful place (where the two matchings disagree, or
where a phrase writes a form other than its characters' defaults) into the most likely words
under a word list with frequencies, as jieba does: 没有|被|发表, 展示|了|如何, 单元|后.
"""
from __future__ import annotations

import math
import re
import subprocess
import tempfile
from bisect import bisect_right
from collections.abc import Callable, Iterable
from pathlib import Path

from ..reading.opencc_setup import compiled_file, converter
from .tables import opencc_dict_tool, reach_of

OPEN, CLOSE = "\ue000", "\ue001"
"""Private-use marks written for each match in the matcher's output, one per character of it: the first
OPEN, the others CLOSE; any in the input are masked first."""
MATCH = re.compile(f"{OPEN}{CLOSE}*")


def matcher_dictionary(keys: Iterable[str], backward: bool = False) -> str:
    """The text of OpenCC's dictionary that marks each of `keys` (reversed, to match backward). Its values
    are the marks alone, about ten different ones: the compiled dictionary is a third of the size. Each
    line is made by `map` rather than a line of Python for each of 50,000 keys, in no order: OpenCC sorts
    a text dictionary as it reads it (TextDict::NewFromFile), as its tool does compiling one."""
    entries = list({k[::-1] for k in keys} if backward else set(keys))
    joined = "\n".join(entries)
    if OPEN in joined or CLOSE in joined or "" in entries:  # (never met: a text's marks are masked)
        entries = [k for k in entries if k and OPEN not in k and CLOSE not in k]
    return "".join(map(str.__add__, entries, map(Marks().__getitem__, map(len, entries))))


class Marks(dict):
    """{length: the tab and the marks of a key of that length, and the line's end}."""

    def __missing__(self, length: int) -> str:
        found = self[length] = f"\t{OPEN}{CLOSE * (length - 1)}\n"
        return found


def compile_dictionary(dictionary: str, path: Path) -> subprocess.Popen:
    """Start OpenCC's tool writing the compiled form (`.ocd`: `opencc_setup.compiled_file`) of a dictionary's
    text (a matcher's: about 0.1 s) to `path`, from a copy of it beside `path`."""
    words = path.with_name(f"{path.name}.txt")
    words.write_text(dictionary, encoding="utf-8")
    return subprocess.Popen([opencc_dict_tool(), "-i", str(words), "-o", str(path), "-f", "text", "-t", "ocd"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class ForwardMatching:
    """What a matcher reads: `matched`, the spans of its forward maximum matching of a text as given (reversed
    already when it matches `backward`), and from it `spans`, those of a text in reading order."""

    backward: bool

    def matched(self, text: str) -> list[tuple[int, int]]:
        raise NotImplementedError

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every key matched in `text`, in order."""
        return in_reading_order(self.matched(masked(text[::-1] if self.backward else text)), len(text),
                                self.backward)


class Matcher(ForwardMatching):
    """OpenCC's maximum matching over `keys`, forward or (on reversed text and keys) backward; or over
    the dictionary OpenCC compiled from them (`compile_dictionary`, kept from an earlier build: each
    matcher starts in about 20 ms, against 65 ms making and reading the text, and matches as fast)."""

    def __init__(self, keys: Iterable[str] = (), backward: bool = False, compiled: Path | None = None,
                 dictionary_text: str | None = None) -> None:
        """`dictionary_text`: `matcher_dictionary` of the keys, made already."""
        self.backward = backward
        with tempfile.TemporaryDirectory() as tmp:
            if compiled is None:
                words = Path(tmp) / "words.txt"
                words.write_text(dictionary_text if dictionary_text is not None else
                                 matcher_dictionary(keys, backward), encoding="utf-8")
                dictionary = {"type": "text", "file": str(words)}
            else:
                dictionary = compiled_file(compiled)
            self._opencc = converter({"name": "match", "segmentation": {"type": "mmseg", "dict": dictionary},
                                      "conversion_chain": [{"dict": dictionary}]}, "match")  # words read: may go

    def matched(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every key matched forward in `text` as given (reversed already for a backward
        matcher, whose keys are), its marks masked (`masked`)."""
        return [match.span() for match in MATCH.finditer(self._opencc.convert(text))]  # a mark a character


def masked(text: str) -> str:
    """`text` with the matcher's own marks, if any, made a character no key holds."""
    if OPEN in text or CLOSE in text:
        return text.replace(OPEN, "\ufffd").replace(CLOSE, "\ufffd")
    return text


def in_reading_order(found: list[tuple[int, int]], n: int, backward: bool) -> list[tuple[int, int]]:
    """Spans matched in a text of length `n`, reversed if it was matched `backward`, as spans of the text."""
    return [(n - end, n - start) for start, end in reversed(found)] if backward else found


class WithKeys(ForwardMatching):
    """A matcher's maximum matching over its keys and a few more (a transcript's own overrides), the same
    as a matcher made over all of them, without OpenCC reading its 50,000 phrases again for each set of
    overrides (two matchers, about 100 ms). Where none of the keys added occurs, the matcher's spans are
    the answer. Else its matching is walked: it agrees with the matching over all keys until an added key
    is the longest at a place it stands at; after that key, the longest of its keys at each place is
    found by matching a window as long as its longest key, until the walk stands where the matcher's own
    did (from there on both go alike)."""

    def __init__(self, matcher: Matcher, keys: Iterable[str], longest: int) -> None:
        """`longest`: the length of the matcher's longest key."""
        self.matcher = matcher
        self.backward = matcher.backward
        self.longest = longest
        self.by_start: dict[str, list[str]] = {}
        """Keys of two characters or more by their first two, longest first: a site's list of thousands of
        overrides shares first characters with most of a text, and rarely its first two."""
        self.single: set[str] = set()
        for key in sorted({k[::-1] if matcher.backward else k for k in keys
                           if k and OPEN not in k and CLOSE not in k}, key=len, reverse=True):
            if len(key) == 1:
                self.single.add(key)
            else:
                self.by_start.setdefault(key[:2], []).append(key)
        firsts = sorted({start[0] for start in self.by_start} | self.single)
        self.firsts = re.compile(f"[{''.join(map(re.escape, firsts))}]") if firsts else None

    def added_at(self, text: str) -> dict[int, int]:
        """{place: the length of the longest added key there} of every place one starts at."""
        found: dict[int, int] = {}
        for match in self.firsts.finditer(text) if self.firsts else ():
            at = match.start()
            for key in self.by_start.get(text[at:at + 2], ()):
                if text.startswith(key, at):
                    found[at] = len(key)
                    break
            else:
                if text[at] in self.single:
                    found[at] = 1
        return found

    def matched(self, text: str) -> list[tuple[int, int]]:
        spans = self.matcher.matched(text)
        added = self.added_at(text)
        if not added:
            return spans
        ends = [end for _, end in spans]
        out: list[tuple[int, int]] = []
        k = 0  # the matcher's first span not yet taken
        at = 0  # where the walk stands: it stood where the matcher's did, up to here
        for place in sorted(added):
            if place < at:
                continue  # inside what the walk took
            stop = bisect_right(ends, place, k)
            out += spans[k:stop]  # the matcher's, ending by the place: the walk took them too
            k = stop
            if k < len(spans) and spans[k][0] < place:
                continue  # inside a span of the matcher's, which the walk takes whole
            own = spans[k][1] - place if k < len(spans) and spans[k][0] == place else 0
            if added[place] <= own:
                continue
            out.append((place, place + added[place]))
            at = place + added[place]
            while True:  # the walk's own way, until it stands where the matcher's did
                k = bisect_right(ends, at, k)
                if k == len(spans) or spans[k][0] >= at:
                    break
                longest = max(self.longest_at(text, at), added.get(at, 0))
                if longest:
                    out.append((at, at + longest))
                at += longest or 1
        return out + spans[k:]

    def longest_at(self, text: str, at: int) -> int:
        """The length of the matcher's longest key at `at` (0 if none): the span its matching of a window
        as long as its longest key starts with."""
        found = self.matcher.matched(text[at:at + self.longest])
        return found[0][1] if found and found[0][0] == 0 else 0


class Weights(dict):
    """{word: its weight in `best_cut`, the log of its probability}, each found by `frequency` when first
    asked for: a word asked for again costs a dictionary's look-up, without a call into Python or a
    logarithm. A word longer than a character that `frequency` does not know weighs None (no word); a
    character it does not know, as much as a word seen once."""

    def __init__(self, frequency: Callable[[str], int], total: float) -> None:
        super().__init__()
        self.frequency = frequency
        self.log_total = math.log(total)

    def __missing__(self, word: str) -> float | None:
        found = self.frequency(word)
        weight = self[word] = math.log(found or 1) - self.log_total if found or len(word) == 1 else None
        return weight


def best_cut(text: str, weight: Callable[[str], float | None], follows: Callable[[str], str] | None = None,
             longest: int = 8) -> list[tuple[int, int]]:
    """The most likely cut of `text` into words (a unigram model, as jieba's): (start, end) pairs.
    `weight`: a word's (`Weights`). A single character is always a word; longer words only when known.
    `follows(first)`: the characters that follow the character `first` in the words of three characters
    or more that `weight` knows, each with the longest such word's length (tables.followers): where the
    next character is none of them, no longer word than two characters is looked up (half of the look-ups
    in the seed's word check, each in vain), and none longer than that length where it is (most are of
    three or four characters: two thirds of the rest)."""
    n = len(text)
    score = [0.0] * (n + 1)  # the weight of the best cut of text[i:], and where its first word ends: two
    word_end = [n] * (n + 1)  # lists of numbers, not a tuple made for each option
    for i in range(n - 1, -1, -1):
        top, end = weight(text[i]) + score[i + 1], i + 1
        last = min(n, i + longest)
        if follows is not None and last > i + 2:
            last = min(last, i + reach_of(follows(text[i]), text[i + 1]))  # no longer known word starts here
        for j in range(i + 2, last + 1):
            known = weight(text[i:j])
            if known is not None and known + score[j] >= top:  # a tie goes to the longer word, as max of
                top, end = known + score[j], j  # (weight, end) pairs had it
        score[i], word_end[i] = top, end
    cut, i = [], 0
    while i < n:
        cut.append((i, word_end[i]))
        i = word_end[i]
    return cut
