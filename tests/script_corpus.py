"""Real transcripts for measuring script conversion (../shared, read by path, never copied), and the
measures: changes to a correct source, wrong characters after repairing a damaged one.

Kinds: Taiwan (corpus 01–04 and the MODA briefing sample), Hong Kong written Cantonese (corpus
09–10, the Chinese of the CHAT `*XXA:` lines), Simplified (corpus 07–08). Each kind is split in two
(`PARTS`): the tuning texts, whose errors rules and thresholds may be chosen from, and the held-out
texts, which are only measured. Damage is context-blind:
each character to Simplified by OpenCC's character table, then back by one fixed form per
character, either OpenCC's default (`opencc_characters`) or the form the seed writes (`seed_converter`,
the blind converter that made the seed).
"""
from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import opencc

from jizhu.scripts.convert import HANT, Converter
from jizhu.scripts.dictionary import Dictionary
from jizhu.scripts.publish import Options, Publisher
from jizhu.scripts.tables import char_default, one_to_many, same_character, table

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "seed" / "000_f4d97af11941f01e.txt"
KINDS = {
    "Taiwan": [CORPUS / "01-tw-interview.txt", CORPUS / "02-tw-meeting.txt", CORPUS / "03-tw-bilingual-visit.txt",
               CORPUS / "04-tw-speech-qa.txt", SHARED / "samples" / "tw-moda-press-briefing-2024-04-24.md"],
    "Hong Kong": [CORPUS / "09-hk-cantonese-radio.txt", CORPUS / "10-hk-cantonese-dialogue.txt"],
    "Simplified": [CORPUS / "07-cn-podcast.txt", CORPUS / "08-cn-meetup.txt"],
}
HELD_OUT = frozenset({CORPUS / "04-tw-speech-qa.txt", SHARED / "samples" / "tw-moda-press-briefing-2024-04-24.md",
                      CORPUS / "10-hk-cantonese-dialogue.txt", CORPUS / "08-cn-meetup.txt"})
"""Texts nobody tunes to: a speech with Q&A and a press briefing (Taiwan), a dialogue (Hong Kong), a
meetup record (Simplified). The tuning texts are the rest: an interview, a meeting and a bilingual
visit (Taiwan), a radio programme (Hong Kong), a podcast (Simplified), and the seed."""
PARTS = ("tuning", "held-out")
HAN = re.compile("[\u3400-\u9fff\U00020000-\U0002ffff]")


def available() -> str:
    """"" when ../shared is there; else why not (a test skips, or under CI fails)."""
    missing = [p for paths in KINDS.values() for p in paths if not p.is_file()] + ([SEED] if not SEED.is_file() else [])
    return f"shared transcripts not found: {missing[0]}" if missing else ""


def skip_or_fail(pytest) -> None:
    reason = available()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def chinese_of(path: Path) -> str:
    """The text to convert: a CHAT file's utterances (continuation lines joined; the transcription's
    spaces between words of Han characters taken out, as written Cantonese has none), else the whole file."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("@UTF8"):
        lines: list[str] = []
        for line in text.splitlines():
            if line.startswith("*") and "\t" in line:
                lines.append(line.split("\t", 1)[1])
            elif line.startswith("\t") and lines:
                lines[-1] += " " + line.strip()
        return BETWEEN_HAN.sub("", "\n".join(lines))
    return text


BETWEEN_HAN = re.compile(f"(?<={HAN.pattern}) +(?={HAN.pattern})")


def han_count(text: str) -> int:
    return len(HAN.findall(text))


@cache
def to_simplified_characters() -> dict[int, str]:
    return {ord(k): v[0] for k, v in table("TSCharacters").items() if len(k) == 1 and len(v[0]) == 1}


@cache
def opencc_characters() -> dict[int, str]:
    """A blind converter: each Simplified character to OpenCC's default Traditional form."""
    return char_default()


@cache
def seed_converter() -> dict[int, str]:
    """The blind converter that made the seed: each Simplified character to the one form the seed writes
    (OpenCC's default where the seed does not show it)."""
    seed = SEED.read_text(encoding="utf-8")
    seen: dict[str, Counter] = defaultdict(Counter)
    for written, simplified in zip(seed, seed.translate(to_simplified_characters())):
        if written in one_to_many().get(simplified, ()):
            seen[simplified][written] += 1
    return char_default() | {ord(s): forms.most_common(1)[0][0] for s, forms in seen.items()}


def damage(text: str, converter: dict[int, str]) -> str:
    """`text` converted to Simplified and back one character at a time, as a context-blind tool would."""
    return text.translate(to_simplified_characters()).translate(converter)


@cache
def converter() -> Converter:
    return Converter()


def published(source: str, source_lang: str = "zh-Hant") -> str:
    """What jizhu publishes on zh-Hant pages for `source` (one paragraph per line, punctuation as written)."""
    lines = source.split("\n")
    publisher = Publisher(converter(), Dictionary(), source_lang, Options(full_width=False), sample=tuple(lines))
    return "\n".join(publisher.text(line, HANT) for line in lines)


@cache
def opencc_round_trip() -> tuple[opencc.OpenCC, opencc.OpenCC]:
    return opencc.OpenCC("t2s.json"), opencc.OpenCC("s2tw.json")


def round_trip(text: str) -> str:
    """Plain OpenCC: to Simplified and back (s2tw)."""
    t2s, s2tw = opencc_round_trip()
    return s2tw.convert(t2s.convert(text))


def wrong(out: str, reference: str) -> int:
    """Han characters of `out` that are not the reference's character (a variant form is not wrong)."""
    if len(out) != len(reference):
        raise ValueError("outputs must line up with the reference")
    return sum(1 for a, b in zip(out, reference) if a != b and HAN.match(b) and not same_character(a, b))


def changed(out: str, reference: str) -> int:
    """Han characters of `out` that differ from the reference at all."""
    return sum(1 for a, b in zip(out, reference) if a != b and HAN.match(b))


def per_10k(count: int, text: str) -> float:
    return count * 10_000 / max(1, han_count(text))


def paths_of(kind: str, part: str = "all") -> list[Path]:
    """A kind's texts: "all", or only its "tuning" or "held-out" ones."""
    return [p for p in KINDS[kind] if part == "all" or (p in HELD_OUT) == (part == "held-out")]


@cache
def counts(path: Path) -> Counter:
    """One text's Han characters ("han") and what went wrong in it, in characters: changes to the
    correct source and wrong characters after repairing each damage, jizhu beside plain OpenCC; and
    Simplified → Traditional on it made Simplified by OpenCC's t2s, jizhu beside s2tw."""
    return text_counts(chinese_of(path), simplified=path in KINDS["Simplified"])


def text_counts(text: str, simplified: bool = False) -> Counter:
    """`counts` of one text; of a `simplified` one, how far the word check strays from OpenCC."""
    found = Counter(han=han_count(text))
    t2s, s2tw = opencc_round_trip()
    simplified_text = t2s.convert(text)
    ours = published(simplified_text, "zh-Hans")
    if simplified:  # no Traditional original
        found["word check changed OpenCC"] += changed(ours, s2tw.convert(simplified_text))
        return found
    found["correct: jizhu"] += changed(published(text), text)
    found["correct: OpenCC round trip"] += changed(round_trip(text), text)
    for name, blind in (("OpenCC characters", opencc_characters()), ("seed's converter", seed_converter())):
        damaged = damage(text, blind)
        found[f"damaged ({name}): jizhu"] += wrong(published(damaged), text)
        found[f"damaged ({name}): OpenCC round trip"] += wrong(round_trip(damaged), text)
    if len(ours) == len(text):
        found["s2t: jizhu"] += wrong(ours, text)
        found["s2t: OpenCC"] += wrong(s2tw.convert(simplified_text), text)
    return found


PIECE = 1_000
"""Han characters in each piece of `counts_in_pieces`: a short transcript's worth."""


def pieces_of(text: str, size: int = PIECE) -> list[str]:
    """`text` cut at paragraph ends into pieces of at least `size` Han characters (the last one joins
    the one before it when shorter than half of that)."""
    pieces: list[list[str]] = []
    current: list[str] = []
    han = 0
    for line in text.split("\n"):
        current.append(line)
        han += han_count(line)
        if han >= size:
            pieces.append(current)
            current, han = [], 0
    if current:
        if pieces and han < size / 2:
            pieces[-1] += current
        else:
            pieces.append(current)
    return ["\n".join(piece) for piece in pieces]


@cache
def counts_in_pieces(path: Path, size: int = PIECE) -> Counter:
    """`counts`' measures of correct and damaged text, each piece of the text (`pieces_of`) published
    as a transcript of its own: how the repair decides on short texts, which show little evidence."""
    found = Counter()
    for piece in pieces_of(chinese_of(path), size):
        found["han"] += han_count(piece)
        found["correct: jizhu"] += changed(published(piece), piece)
        for name, blind in (("OpenCC characters", opencc_characters()), ("seed's converter", seed_converter())):
            damaged = damage(piece, blind)
            found[f"damaged ({name}): jizhu"] += wrong(published(damaged), piece)
            found[f"damaged ({name}): OpenCC round trip"] += wrong(round_trip(damaged), piece)
    return found


def rates_in_pieces(kind: str, part: str = "all", size: int = PIECE) -> dict[str, float]:
    """Per 10,000 Han characters over a kind's texts cut into pieces (`counts_in_pieces`)."""
    found = Counter()
    for path in paths_of(kind, part):
        found.update(counts_in_pieces(path, size))
    total = found.pop("han", 0)
    return {key: value * 10_000 / max(1, total) for key, value in found.items()}


def rates(kind: str, part: str = "all") -> dict[str, float]:
    """Per 10,000 Han characters over a kind's texts together (`paths_of`), every measure of `counts`."""
    found = Counter()
    for path in paths_of(kind, part):
        found.update(counts(path))  # update, not +, keeps the zeros
    total = found.pop("han", 0)
    return {key: value * 10_000 / max(1, total) for key, value in found.items()}


def rates_per_text(kind: str) -> dict[Path, dict[str, float]]:
    """The same per 10,000 Han characters of each text alone."""
    found = {}
    for path in KINDS[kind]:
        each = Counter(counts(path))
        total = each.pop("han", 0)
        found[path] = {key: value * 10_000 / max(1, total) for key, value in each.items()}
    return found
