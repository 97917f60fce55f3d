"""Which characters of a Traditional source were converted mechanically, decided from the text.

A context-blind converter writes each Simplified character one way everywhere: 係 in
both 關係 and 係統, 麵 in both 麵條 and 見麵. A person writes the form each word needs.
So, for each Simplified character with several Traditional forms (系 → 系 係 繫), the
source's forms are set beside the words around them (the Simplified pivot cut into
words by `Chooser`: OpenCC's phrases, checked by both matchings and the word list):

- the source writes two or more of its forms: written by someone who chose → kept;
- it writes one form only, and that form stands in words whose phrase calls for another
  form (係統, 聯係, 見麵), in at least a quarter as many words as call for it (關係), or, for
  OpenCC's default form, at least twice → damaged: every occurrence takes the words' form;
- otherwise kept: a form standing alone proves nothing (written Cantonese writes 係,
  "is", as its own word, which OpenCC's defaults would make 系).

A front-matter setting may force the decision either way (`repair = ["係"]`, `keep = ["只"]`).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .tables import char_forms, one_to_many, same_character, standard_forms, table, word_frequencies
from .traditional import Choice

MIN_AGAINST = 2
"""Words calling for another form before a character written in one form other than OpenCC's default
(麵, 係, 隻) counts as damaged. One is not enough: it is as likely OpenCC's phrase being wrong for
the place (批不准, 併存, 簽核). Measured (bench/scripts.py): 1 repairs more of a damaged text (8.7
wrong per 10,000 against 10.5) but changes correct ones (0.6 per 10,000 against 0)."""
MIN_AGAINST_DEFAULT = 2
"""The same for a character written in OpenCC's default form everywhere (驚歎號)."""
AGAINST_SHARE = 4
"""…and, for a form other than OpenCC's default, at least a quarter as many as the words agreeing
with it (a blind converter's one form is right in some words: 製 in 製造, wrong in 控製)."""
WORD_MIN = 2
"""A word of the word list counts as evidence from this frequency on."""


@dataclass(slots=True)
class Evidence:
    """What the text shows about one Simplified character's Traditional forms."""

    char: str
    forms: Counter = field(default_factory=Counter)
    """Each Traditional form the source writes, and how often."""
    against: Counter = field(default_factory=Counter)
    """Words (Traditional, as they should read) where the source's form differs from the word's:
    OpenCC's phrases (系統), or words of the word list written in default forms (不準), which count half."""
    weak: set = field(default_factory=set)
    """Which of `against` come from the word list alone."""
    support: int = 0
    """Places inside a known word where the source's form is the word's own."""
    forced: bool | None = None

    @property
    def damaged(self) -> bool:
        if self.forced is not None:
            return self.forced
        against = sum(n / 2 if word in self.weak else n for word, n in self.against.items())
        if len(self.forms) != 1:
            return False
        if self.form == char_forms()[self.char][0]:
            return against >= MIN_AGAINST_DEFAULT
        return against >= MIN_AGAINST and against * AGAINST_SHARE >= self.support

    @property
    def form(self) -> str:
        return self.forms.most_common(1)[0][0] if self.forms else ""


def gather(texts: Iterable[tuple[str, str, list[Choice]]]) -> dict[str, Evidence]:
    """Evidence from (source, pivot, choices) of each paragraph; the source and pivot align."""
    ambiguous = one_to_many()
    standard = standard_forms()
    own_simplified = table("TSCharacters")
    found: dict[str, Evidence] = {}
    for source, pivot, choices in texts:
        if len(source) != len(pivot):
            continue
        for choice in choices:
            aligned = len(choice.out) == choice.end - choice.start
            in_phrase = choice.end - choice.start > 1 and choice.why != "default"
            for i in range(choice.start, choice.end):
                s = pivot[i]
                forms = ambiguous.get(s)
                written = source[i].translate(standard)
                if forms is None or written not in forms or own_simplified.get(written, (s,))[0] != s:
                    continue  # 覆 in 反覆: its own character (覆盖), which no blind converter makes from 复
                evidence = found.setdefault(s, Evidence(s))
                evidence.forms[written] += 1
                word = choice.out if in_phrase else word_around(pivot, i)
                if not aligned or not word:
                    continue
                wanted = choice.out[i - choice.start]
                if same_character(wanted, source[i]):
                    evidence.support += 1
                else:
                    evidence.against[word] += 1
                    if not in_phrase:
                        evidence.weak.add(word)
    return found


def word_around(pivot: str, i: int) -> str:
    """The longest word of the word list (2–4 characters) that holds pivot[i], or "": a character
    standing alone (written Cantonese 係, "is") is no evidence either way."""
    freq = word_frequencies()
    for length in (4, 3, 2):
        for start in range(max(0, i - length + 1), min(i, len(pivot) - length) + 1):
            word = pivot[start:start + length]
            if freq.get(word, 0) >= WORD_MIN:
                return word
    return ""


def force(evidence: dict[str, Evidence], repair: Iterable[str], keep: Iterable[str],
          to_simplified) -> dict[str, Evidence]:
    """Front matter's word on characters (in either script), over the text's evidence."""
    for chars, verdict in ((repair, True), (keep, False)):
        for char in chars:
            s = to_simplified(char)
            evidence.setdefault(s, Evidence(s)).forced = verdict
    return evidence
