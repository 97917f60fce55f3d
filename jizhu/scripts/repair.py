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

Then the text as a whole: where that strict rule finds at least `CONVERTED` characters
damaged, the text was converted mechanically (a person's text shows none: measured on the
corpus), and one word calling for another form is evidence enough for the rest (簽章
in a text writing 籤 throughout). A short text (`SHORT_TEXT`) shows a converter in few
places, and a person's slips in fewer still, so there fewer characters are enough, each on a phrase. A converted text's glyph forms (麽, 裏) are the
converter's too, so its pages use their script's standard forms (publish.py).

Front matter may override the decision (`converted = true | false | ["係", "麵"]`: `decide`).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from .punctuation import HAN
from .tables import (STANDALONE_FORMS, char_forms, one_to_many, same_character, standard_forms, table, word_around,
                     word_frequencies)
from .traditional import CANTONESE, REGIONAL, Choice

MIN_AGAINST = 2
"""Words calling for another form before a character written in one form counts as damaged, in a
text not yet shown converted. One is not enough there: it is as likely OpenCC's phrase being wrong
for the place (批不准, 併存, 簽核). Measured (bench/scripts.py): 1 for every text repairs more of a
damaged text but changes correct ones (0.6 per 10,000 against 0)."""
CONVERTED = 2
"""Characters damaged that show a whole text converted mechanically, one of them by the strict rule,
or more than this many by the lenient rule (`Evidence.damaged(1)`) alone; in such a text one word
calling for another form is enough. Measured on the tuning texts cut into pieces of 500, 1,000 and
2,000 Han characters: no correct piece has a character damaged strictly, or more than 2 leniently,
so none is changed; damaged pieces are repaired far better than with 2 strict characters (OpenCC's
defaults, 1,000-character pieces: 3.9 wrong per 10,000 against 6.6)."""
SHORT_TEXT = 300
"""Places of characters with several forms (about a tenth of its Han characters) below which a text
is short, and CONVERTED characters damaged by the lenient rule show it converted where each stands in
a phrase (OpenCC's or an override's) calling for another form, or stands alone in the region's other
form (念 where a Taiwan text writes 唸: `Evidence.regional`); the word list's words are not enough
there (a writer's 風險系數 against its 風險係數). Standing alone counts since 5 December: the Taiwan
texts in pieces of 1,000 Han characters (OpenCC's defaults), tuning 3.5 → 2.5 and held-out 5.3 → 4.4
wrong per 10,000, pieces of 200 to 2,000 better or the same, no correct piece of any size changed.
A Hong Kong source in Cantonese keeps the long texts' rule, and so does a formal one that writes some
character in two forms (`shows_a_choice`). Measured on the five Taiwan texts (tuning and held-out)
cut into pieces of 200 to 2,000 Han characters: no correct piece changed; damaged pieces, OpenCC's
defaults and the seed's converter, per 10,000, before → after: pieces of 300, 12.7 and 16.6 → 7.9 and
9.2 (the round trip: 9.6); of 500, 9.0 and 8.8 → 6.8 and 5.7; of 1,000, 5.7 and 2.6 → 4.6 and 2.6.
Counting the word list's words too repaired pieces of 500 to 5.9 and 4.8 but changed a correct piece of
556 characters (風險系數 twice and 櫃台). Hong Kong Cantonese conversation (HKCanCor) cut into pieces of 500
would have a correct piece changed even so (2 characters), for little gain (the seed's converter 27.6 →
26.4 per 10,000).
Then raised from 150 (about 1,500 Han characters) to 300: a formal Hong Kong press transcript of
1,792 Han characters, mechanically converted, showed just 關系 and 制造業 (one phrase each) and kept
both, where OpenCC's round trip repairs them. On the three Taiwan tuning texts in pieces of 2,000 and
2,500 Han characters (OpenCC's defaults) 7 and 9 wrong → 5 and 7 (the held-out ones: 9 and 10 → 9
and 8), the seed's converter unchanged; no correct piece changed, at any threshold up to every text,
in pieces of 1,500 to 6,000. From pieces of 3,000 the long texts' rule finds the same."""
HONG_KONG_WORDS = 2
"""…and, in a Hong Kong source, those words at least two different ones: OpenCC's phrases spell words as
Taiwan and its standard do (灕江, 座標, 世界盃, 滙豐), where a Hong Kong writer's own spelling (漓江, 坐標,
世界杯, 匯豐) repeats in one word; a blind converter writes every word of the character its one way.
Measured on Hong Kong Cantonese conversation outside the corpus (HKCanCor): 5 of 28 correct texts had
a character repaired by one repeated word. Taiwan texts need no such rule (none of the corpus's), and
short damaged ones often show only one repeated word (關系)."""
AGAINST_SHARE = 4
"""…and, for a form other than OpenCC's default, at least a quarter as many as the words agreeing
with it (a blind converter's one form is right in some words: 製 in 製造, wrong in 控製)."""


PARTICLE_CHARACTERS = frozenset("吓晒")
"""Written Cantonese's particles 吓 "a bit" and 晒 "all", which follow a verb: a Cantonese writer's own
grammar, which a blind converter writes as Mandarin's 嚇 "to scare" and 曬 "to sun" (睇嚇, 食曬). Standing
alone right after a word in those forms, each place is evidence as a word calling for the particle is; not
at the start of a sentence, where 吓 "huh?" is an interjection that writers also write 嚇, nor after a
pronoun (`PRONOUNS`)."""
HAN_CHARACTER = re.compile(f"[{HAN}]")
PRONOUNS = frozenset("我你佢哋他她它您")
"""Reviewed (Simplified, as the pivot writes them): after a person, 嚇 is the verb "to scare" (佢嚇我), not
the particle that follows a verb."""


def after_a_word(pivot: str, i: int) -> bool:
    """Whether the character at `i` follows a Han character that is no pronoun: where a particle stands."""
    return i > 0 and HAN_CHARACTER.match(pivot, i - 1) is not None and pivot[i - 1] not in PRONOUNS


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
    inner: set = field(default_factory=set)
    """Of `weak`, words the word list holds whole where OpenCC, converting it, matched a phrase of its own
    inside (非常复杂 → 非常複雜, 複雜 a phrase): as good as a phrase once a text is shown converted."""
    regional: int = 0
    """Places where the character stands alone and the region's own form (tables.region_standalone:
    簽, 唸, Cantonese 吓) differs from the source's. Evidence only in a text already shown converted:
    a person may write either (念出來 is right in Taiwan too)."""
    support: int = 0
    """Places inside a known word where the source's form is the word's own."""
    particles: int = 0
    """Of `regional`, the places of a particle (`PARTICLE_CHARACTERS`) right after a word: evidence in any text."""
    alone: int = 0
    """Places standing alone where the source's form is the region's own (Cantonese 係 "is"): a
    person's form, but no weight against words calling for another (a blind converter writing 係 for
    every 系 gets every 係 "is" right, and 係統 wrong)."""

    def damaged(self, least: float = MIN_AGAINST, *, arbitrary: bool = True, words: int = 1,
                regional: bool = True, inner: bool = False) -> bool:
        """Written in one form, which stands in at least `least` words calling for another. In a text
        shown converted (`least` below MIN_AGAINST), standing alone in the region's other form counts
        too, and so does writing a form other than OpenCC's default in no word that calls for it: a
        converter's arbitrary choice (誌 for every 志, so 林誌潔), not a person's (unless not `arbitrary`).
        `words`: the different words (`places`) needed against a form in a text not shown converted. A
        Cantonese particle right after a word in Mandarin's form (`particles`) counts in any text, each
        place as a word. `inner`: words holding a phrase of OpenCC's (`inner`) count whole, as in a text
        shown converted (deciding that, they count half: a writer's 風險系數, twice, is OpenCC's 風險係數)."""
        particles = self.particles
        against = self.weighed_against(inner) + particles
        converted = least < MIN_AGAINST
        if converted and regional:
            against += self.regional - particles
        if len(self.forms) != 1:
            return False
        default = char_forms().get(self.char, (self.char,))[0]
        if against < least or not converted and self.places() + particles < words:
            # 才 read as OpenCC's standard 纔 is still the default's own character
            return (arbitrary and converted and not same_character(self.form, default)
                    and self.support + self.alone == 0)
        return self.form == default or against * AGAINST_SHARE >= self.support

    def weighed_against(self, inner: bool = False) -> float:
        """The words against the source's form, those of the word list alone (`weak`) counting half, unless
        `inner` and OpenCC matched a phrase inside them (`inner`)."""
        weak = self.weak - self.inner if inner else self.weak
        return sum(n / 2 if word in weak else n for word, n in self.against.items())

    def outweighed(self) -> bool:
        """The source's form stands in its own words and alone as the region's own more than
        AGAINST_SHARE times as often as in words calling for another: a writer's form, which a
        phrase matching across words contradicts now and then (即係|帶 read as 繫帶)."""
        return self.weighed_against() * AGAINST_SHARE < self.support + self.alone

    def add(self, other: Evidence) -> None:
        """Count `other`'s evidence too (the same character's, from other paragraphs)."""
        self.forms.update(other.forms)
        if other.against:  # most paragraphs have none: Counter.update is slow even on an empty one
            self.against.update(other.against)
            self.weak |= other.weak
            self.inner |= other.inner
        self.regional += other.regional
        self.particles += other.particles
        self.support += other.support
        self.alone += other.alone

    def places(self) -> int:
        """Different words against the source's form; a character standing alone (Cantonese 係) is a
        word of its own at each place."""
        return sum(n if len(word) == 1 else 1 for word, n in self.against.items())

    @property
    def form(self) -> str:
        return self.forms.most_common(1)[0][0] if self.forms else ""


def gather(texts: Iterable[tuple[str, str, list[Choice]]],
           ambiguous: dict[str, tuple[str, ...]] | None = None, unlisted_weak: bool = False,
           reviewed: Collection[str] = (), crosses_words: Callable[[str, int, int], bool] | None = None
           ) -> dict[str, Evidence]:
    """Evidence from (source, pivot, choices) of each paragraph; the source and pivot align.
    `ambiguous`: the characters with several forms (tables.region_forms), by default `one_to_many`.
    `unlisted_weak` (a Hong Kong source): OpenCC's phrases the word list does not know count half too.
    Its phrases are Mandarin's, and match across a Hong Kong writer's words (喂你 "hey, you" read as
    餵你 "feed you"); measured on Taiwan's texts they are good evidence (whole texts 0.9 → 1.9 per
    10,000 wrong when counted half there). `reviewed`: the region's own words (tables.region_words), which
    count whole though the word list does not know them (唔准 "not allowed"). `crosses_words(pivot, start,
    end)`: whether an OpenCC phrase there takes part of a word around it (`Chooser.crosses_words`), which
    makes it no evidence at all."""
    ambiguous = ambiguous or one_to_many()
    places_of = characters_of(ambiguous).finditer
    standard = standard_forms()
    own_simplified = table("TSCharacters")
    listed = word_frequencies() if unlisted_weak else {}
    found: dict[str, Evidence] = {}
    for source, pivot, choices in texts:
        if len(source) != len(pivot):
            continue
        at = 0  # choices cover the pivot in order: the one holding each place is found by walking on
        for place in places_of(pivot):
            i = place.start()
            while at < len(choices) and choices[at].end <= i:
                at += 1
            if at == len(choices):
                break
            choice = choices[at]
            if choice.start > i:
                continue
            s = pivot[i]
            written = source[i].translate(standard)
            if written not in ambiguous[s] or own_simplified.get(written, (s,))[0] != s:
                continue  # 覆 in 反覆: its own character (覆盖), which no blind converter makes from 复
            evidence = found.get(s) or found.setdefault(s, Evidence(s))
            evidence.forms[written] += 1
            aligned = len(choice.out) == choice.end - choice.start
            in_phrase = choice.end - choice.start > 1 and choice.why != "default" or choice.why in (CANTONESE, REGIONAL)
            word = choice.out if in_phrase else word_around(pivot, i)
            if not aligned or not word:
                continue
            wanted = choice.out[i - choice.start]
            if same_character(wanted, source[i]):
                if choice.why in (CANTONESE, REGIONAL):
                    evidence.alone += 1
                else:
                    evidence.support += 1
            elif choice.why == REGIONAL:
                evidence.regional += 1
                if s in PARTICLE_CHARACTERS and after_a_word(pivot, i):
                    evidence.particles += 1
            else:
                key = pivot[choice.start:choice.end]
                if choice.why == "phrase" and crosses_words is not None and crosses_words(pivot, choice.start,
                                                                                          choice.end):
                    continue  # OpenCC's phrase across words: no word of the text calls for its form
                evidence.against[word] += 1
                if not in_phrase or unlisted_weak and key not in listed and key not in reviewed:
                    evidence.weak.add(word)
                    if not in_phrase and len(key) > 1 and not same_character(wanted, ambiguous[s][0]):
                        evidence.inner.add(word)  # not the character's default: one of OpenCC's phrases
    return found


_CHARACTERS_OF: dict[int, tuple[dict, re.Pattern]] = {}


def characters_of(ambiguous: dict[str, tuple[str, ...]]) -> re.Pattern:
    """A pattern finding the characters of `ambiguous` (a table made once, kept with its pattern): most
    characters of a text have one form, and a loop in Python over every one of them was the repair's cost."""
    kept = _CHARACTERS_OF.get(id(ambiguous))
    if kept is None or kept[0] is not ambiguous:
        kept = _CHARACTERS_OF[id(ambiguous)] = (ambiguous, re.compile(
            "[" + "".join(re.escape(c) for c in sorted(ambiguous) if len(c) == 1) + "]"))
    return kept[1]


def shows_a_choice(evidence: dict[str, Evidence]) -> bool:
    """Whether the text writes some character in two forms (并 as 並 and 併, 只 as 只 and 隻), as no blind
    converter does: it writes each one way. The short texts' rule does not apply to such a formal Hong Kong
    text, whose writers' spellings OpenCC's phrases contradict more often than a Taiwan writer's (克制, OpenCC's
    剋制; 自製 read as 自制). Measured (5 December, per 10,000 Han characters, OpenCC's defaults / the seed's
    converter): 46 Hong Kong government press transcripts of about 600 Han characters each, damaged, 11.3 / 20.4
    → 8.0 / 10.2, the third and fourth hkcnews batches 14.4 / 11.5 → 12.0 / 11.5 and 8.3 / 8.6 → 7.8 / 8.6, no
    correct text changed; without this condition two correct hkcnews articles were (6 characters), which is
    how it was found. A fifth batch of 20 articles, measured blind once it was set: 16.7 / 18.3 → 15.9 / 18.3,
    its correct texts unchanged (0.0)."""
    return any(len(e.forms) > 1 for e in evidence.values())


@dataclass(frozen=True, slots=True)
class Decision:
    converted: bool
    """The text as a whole was converted mechanically: its glyph forms are the converter's too."""
    damaged: frozenset[str]
    """Simplified characters whose every occurrence takes the words' form."""


def decide(evidence: dict[str, Evidence], forced: bool | tuple[str, ...] | None = None,
           hong_kong: bool = False, cantonese: bool = False) -> Decision:
    """From the evidence, unless front matter says: `converted = true` (every character with several
    forms takes the words' form), `false` (a correct source: nothing repaired), or a list of the
    Simplified characters that were converted (those repaired, the rest kept as written).
    `hong_kong`: a Hong Kong source, which needs HONG_KONG_WORDS words against a character for the
    strict rule (`Evidence.damaged`), and, if `cantonese` or `shows_a_choice`, the long texts' rule however
    short it is (SHORT_TEXT). In a Hong Kong source, a
    character whose form the text writes in its own words far more often (`Evidence.outweighed`) does
    not count towards showing the text converted: Mandarin's phrases match across Cantonese words (山係水,
    即係帶), so three such characters in one conversation are no sign of a converter. Measured on
    Hong Kong Cantonese conversation outside the corpus (HKCanCor, written without the transcription's
    spaces): correct texts changed 1.9 → 0.0 per 10,000 (first half) and 1.0 → 0.5 (second half),
    damaged ones repaired as before; the corpus's figures are the same. Taiwan's texts need no such
    rule, and are worse with it (pieces of 1,000 characters: 5.8 → 6.7 wrong per 10,000).
    A form written where no word calls for another (Evidence.damaged's `arbitrary`) is no evidence that
    a text was converted: a person writes 捱, 剷, 錶 standing alone too. Nor, in a Hong Kong source, is a
    form standing alone where the form the word list's counts give it alone is another
    (tables.STANDALONE_FORMS: a fortune stick's 籤, the surname 鍾, where 簽 and 鐘 are likelier): measured
    on HKCanCor's second half, correct texts changed 0.5 → 0.0 per 10,000 (one text had 4 characters
    "repaired"), CTCPC's 6.1 → 5.8, damaged texts repaired as before everywhere; Taiwan's texts keep it
    (in pieces of 1,000 characters, 5.8 → 6.2 wrong without it)."""
    if forced is True:
        return Decision(True, frozenset(evidence))
    if forced is False:
        return Decision(False, frozenset())
    if forced is not None:
        return Decision(False, frozenset(forced))
    words = HONG_KONG_WORDS if hong_kong else 1
    strict = frozenset(s for s, e in evidence.items() if e.damaged(words=words))
    in_words = frozenset(s for s, e in evidence.items()
                         if e.damaged(1, arbitrary=False, regional=not (hong_kong and s in STANDALONE_FORMS))
                         and not (hong_kong and e.outweighed()))
    short = sum(sum(e.forms.values()) for e in evidence.values()) < SHORT_TEXT \
        and not (hong_kong and (cantonese or shows_a_choice(evidence)))
    # not the word list's alone: a phrase, or standing alone in the region's other form (念 where Taiwan writes 唸)
    on_phrases = [s for s in in_words if set(evidence[s].against) - evidence[s].weak or evidence[s].regional]
    if len(in_words) >= (CONVERTED if strict else CONVERTED + 1) or short and len(on_phrases) >= CONVERTED:
        return Decision(True, frozenset(s for s, e in evidence.items() if e.damaged(1, inner=True)))
    return Decision(False, strict)
