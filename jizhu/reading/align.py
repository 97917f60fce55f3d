"""Which paragraphs of an edited text are which paragraphs of the text before: a sequence alignment.

Texts are compared by *match key*: folded (`folding.py`: one form for both
scripts, every punctuation width, no white space) with punctuation dropped, so a
re-paste with other hard wraps, punctuation or script changes nothing.

It runs in three steps, so that a long transcript is never compared all against all:
1. anchors: a key that occurs exactly once before and once after links those two,
   wherever they are (a moved section is found this way);
2. each run of unlinked new paragraphs is compared only with the unlinked old
   paragraphs next to its neighbours' old places (local alignment);
3. that comparison is a dynamic programme allowing one-to-one links (a typo
   fixed), one old to two new (a paragraph split) and two old to one new (two
   joined), scored by similarity; long runs are compared near the diagonal only.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .folding import fold_text

THRESHOLD = 0.5
"""Least similarity (Dice coefficient of character bigrams) at which two texts are the same item, edited."""
CONFIDENT = 0.8
"""Below this a link is reported as a low-confidence match."""
BLOCK = 200
"""Longest run compared as one block; longer runs are cut into blocks."""
BAND = 24
"""In a block, paragraphs are compared only this far (in places) from the diagonal."""
KEYS_KEPT = 4096
"""Texts whose match key is kept: a few seed-sized transcripts' paragraphs."""
INLINE_SCRIPT_LABEL = re.compile(r"(?<=[{;])\s*zh(?:-[A-Za-z]+)?\s*:")
"""`zh-Hant:` in an inline conversion rule `-{zh-Hant:川普;zh-Hans:特朗普}-`: a label, not text."""


NOT_ALNUM = re.compile(r"[\W_]+")
"""What `str.isalnum` rejects (a word character is alphanumeric or an underscore)."""


@lru_cache(maxsize=KEYS_KEPT)
def match_key(text: str) -> str:
    """The text as matching sees it: folded, letters, digits and Han only. Kept: a ledger's texts are
    its transcript's, and the preview matches the same ones again after each save."""
    text = INLINE_SCRIPT_LABEL.sub("", text)
    return NOT_ALNUM.sub("", fold_text(text))


@dataclass(frozen=True, slots=True)
class Link:
    """Old paragraphs (indices) that are now the new ones: 1:1, 1:2 (split) or 2:1 (joined)."""

    old: tuple[int, ...]
    new: tuple[int, ...]
    similarity: float
    """1.0 when the match keys are equal (joined, for a split or a join)."""


class Grams:
    """Bigram counts of each key, made when first needed."""

    def __init__(self, keys: list[str]):
        self.keys = keys
        self._made: dict[int, Counter[str]] = {}

    def __getitem__(self, index: int) -> Counter[str]:
        if index not in self._made:
            key = self.keys[index]
            self._made[index] = Counter(key[i:i + 2] for i in range(len(key) - 1)) or Counter([key])
        return self._made[index]


def dice(a: Counter[str], b: Counter[str]) -> float:
    total = a.total() + b.total()
    return 2 * (a & b).total() / total if total else 0.0


def align(old: list[str], new: list[str]) -> list[Link]:
    """Links between `old` and `new` match keys, each index in at most one link."""
    links: dict[int, Link] = {}  # by new index
    taken: set[int] = set()
    old_count, new_count = Counter(old), Counter(new)
    unique_old = {key: i for i, key in enumerate(old) if key and old_count[key] == 1}
    for j, key in enumerate(new):
        if key and new_count[key] == 1 and key in unique_old:
            links[j] = Link((unique_old[key],), (j,), 1.0)
            taken.add(unique_old[key])
    grams_old, grams_new = Grams(old), Grams(new)
    for run in unlinked_runs(len(new), links):
        candidates = neighbours(run, links, taken, len(old))
        for link in best_links(run, candidates, old, new, grams_old, grams_new):
            taken.update(link.old)
            for j in link.new:
                links[j] = link
    return sorted(set(links.values()), key=lambda link: link.new)


def unlinked_runs(size: int, links: dict[int, Link]) -> list[list[int]]:
    runs: list[list[int]] = []
    for j in range(size):
        if j in links:
            continue
        if runs and runs[-1][-1] == j - 1:
            runs[-1].append(j)
        else:
            runs.append([j])
    return runs


def neighbours(run: list[int], links: dict[int, Link], taken: set[int], size: int) -> list[int]:
    """Unlinked old paragraphs right after the old place of the paragraph before the run, and
    right before the old place of the paragraph after it."""
    before = links.get(run[0] - 1)
    after = links.get(run[-1] + 1)
    found: set[int] = set()
    i = max(before.old) + 1 if before else 0
    while i < size and i not in taken:
        found.add(i)
        i += 1
    i = min(after.old) - 1 if after else size - 1
    while i >= 0 and i not in taken:
        found.add(i)
        i -= 1
    return sorted(found)


def best_links(run: list[int], candidates: list[int], old: list[str], new: list[str],
               grams_old: Grams, grams_new: Grams) -> list[Link]:
    """The run aligned with its candidates, block by block."""
    if not candidates:
        return []
    blocks = max(1, -(-max(len(run), len(candidates)) // BLOCK))
    found: list[Link] = []
    for b in range(blocks):
        new_part = run[b * len(run) // blocks:(b + 1) * len(run) // blocks]
        old_part = candidates[b * len(candidates) // blocks:(b + 1) * len(candidates) // blocks]
        if new_part and old_part:
            found += Aligner(old_part, new_part, old, new, grams_old, grams_new).links()
    return found


class Aligner:
    """Dynamic programme over one block: maximise the sum of link scores, where a link of
    similarity s covering texts of total length n scores s² × n (so a split found whole beats
    half of it matched, and a weak whole beats nothing only when similar enough)."""

    def __init__(self, old_part: list[int], new_part: list[int], old: list[str], new: list[str],
                 grams_old: Grams, grams_new: Grams):
        self.old_part, self.new_part = old_part, new_part
        self.old, self.new = old, new
        self.grams_old, self.grams_new = grams_old, grams_new

    def score(self, olds: tuple[int, ...], news: tuple[int, ...]) -> tuple[float, float]:
        """(score, similarity) of linking these, score -1 when too different."""
        old_key = "".join(self.old[i] for i in olds)
        new_key = "".join(self.new[j] for j in news)
        shorter, longer = sorted((len(old_key), len(new_key)))
        if old_key == new_key:
            similarity = 1.0
        elif 2 * shorter < THRESHOLD * (shorter + longer):  # Dice cannot reach the threshold
            return -1.0, 0.0
        else:
            a = sum((self.grams_old[i] for i in olds), Counter())
            b = sum((self.grams_new[j] for j in news), Counter())
            similarity = dice(a, b)
        if similarity < THRESHOLD:
            return -1.0, similarity
        return similarity * similarity * (len(old_key) + len(new_key) + 1), similarity

    def links(self) -> list[Link]:
        olds, news = self.old_part, self.new_part
        m, n = len(olds), len(news)
        best = [[0.0] * (m + 1) for _ in range(n + 1)]
        step: list[list[tuple[int, int, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
        for i in range(n + 1):
            diagonal = i * m / n
            for j in range(m + 1):
                here, how = 0.0, None
                if i and best[i - 1][j] > here:
                    here, how = best[i - 1][j], (1, 0, 0.0)
                if j and best[i][j - 1] > here:
                    here, how = best[i][j - 1], (0, 1, 0.0)
                for di, dj in ((1, 1), (2, 1), (1, 2)) if abs(j - diagonal) <= BAND else ():
                    if i >= di and j >= dj:
                        gain, similarity = self.score(tuple(olds[j - dj:j]), tuple(news[i - di:i]))
                        if gain > 0 and best[i - di][j - dj] + gain > here:
                            here, how = best[i - di][j - dj] + gain, (di, dj, similarity)
                best[i][j], step[i][j] = here, how
        found: list[Link] = []
        i, j = n, m
        while i or j:
            how = step[i][j]
            if how is None:  # nothing gained before here: the rest is unlinked
                break
            di, dj, similarity = how
            if di and dj:
                found.append(Link(tuple(olds[j - dj:j]), tuple(news[i - di:i]), similarity))
            i, j = i - di, j - dj
        return found[::-1]
