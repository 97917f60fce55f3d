"""Simplified → Traditional, each choice with its reason.

OpenCC's way, kept where it is sure: forward maximum matching over its phrases
(STPhrases) and the editor's overrides, each phrase written as OpenCC's table (or the
override) says, every other character in its default form. Where it is not sure, a
second look: the text is also matched backward, and a few characters around every
place where the two matchings disagree, or where a phrase writes a form other than
its characters' defaults (被发 → 被髮, 了如 → 瞭如, 元后 → 元后), are cut again into the
most likely words of a word list (segment.best_cut). A phrase the words do not
confirm is not used: 没有|被|发表 → 沒有被發表, 单元|后 → 單元後, 何|总|发|的 → 何總發的.
Overrides are phrases of the same matching, so `制造` can never touch 机制造成.
The output is OpenCC's standard Traditional; regional variants (裡, 爲 → 為) come after.
"""
from __future__ import annotations

import re
import subprocess
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator
from functools import cached_property, lru_cache
from itertools import chain
from pathlib import Path
from typing import NamedTuple

from . import segment, tables
from .dictionary import Rule
from .kept import kept_file
from .punctuation import HAN
from .s2t import plain_s2t
from .segment import ForwardMatching, Matcher, Weights, WithKeys, best_cut, compile_dictionary, matcher_dictionary
from .tables import (AFTER_AUXILIARY, AUXILIARIES, CANTONESE_FORMS, CANTONESE_IS, CANTONESE_PARTICLES,
                     CANTONESE_SENTENCE_WORDS, CANTONESE_VERBS, CLASSIFIER, CLASSIFIER_FORM, PHRASES_FROM_REGIONS,
                     QUANTITY_BEFORE, WORD_MIN, WordList, cantonese_counts, char_default, confirmed_phrases, followers,
                     known_followers, merged_reach, phrases, predicates, share_file, usual_forms, word_frequencies)

CONTEXT = 3
"""Characters on each side of a doubtful place that the word check looks at."""
WORD_CHECK = "word check"
CANTONESE = "written Cantonese"
REGIONAL = "regional word"
KNOWN_PHRASE = 20
"""The weight of a phrase OpenCC or an override knows and the word list does not (藉由, 被发左衽):
as likely as a rare word. Measured on Taiwan texts 01–03 (bench/scripts.py): 1 lost 藉由, 20–500 agree."""
ONE_TABLE = 1
"""…but a phrase writing a character's rarer form (not the one most of OpenCC's phrases write) that only OpenCC's Simplified → Traditional table knows (总发 →
總髮; neither the word list nor OpenCC's reverse table has it) is no likelier than two characters the
word list does not know: one table is not enough to cut a text against its words (何|总|发|的)."""


class Choice(NamedTuple):
    """How one stretch of the Simplified text is written in Traditional: a named tuple, not a frozen
    dataclass, as immutable and made in a third of the time (a transcript's text makes some 6,000)."""

    start: int
    end: int
    out: str
    why: str
    """"default" (each character's default form), "phrase" (an OpenCC phrase), "rule" (an
    override: `rule` says which), "word check" (the second look changed OpenCC's choice), or
    "written Cantonese" (a character standing alone in Cantonese text: `in_cantonese`), or "regional
    word" (a character standing alone in a Traditional source of a known region: `standing_alone`)."""
    rule: Rule | None = None


def within_phrases(rules: dict[str, Rule], phrases: dict[str, str]) -> dict[str, Rule]:
    """The rules, and for each OpenCC phrase that holds a rule's phrase whole (合作伙伴 holds 伙伴), the
    phrase with the rule's form inside it: an editor's phrase is more specific than OpenCC's longer one
    around it (while a phrase that only overlaps it, 机制 in 机制造成, is another word)."""
    found = dict(rules)
    joined = "\n" + "\n".join(phrases) + "\n" if rules else ""
    for key, rule in rules.items():
        for phrase in holding(joined, key) if key and "\n" not in key else phrases:
            at = phrase.find(key)
            written = phrases[phrase]
            if at < 0 or phrase == key or phrase in rules or len(written) != len(phrase):
                continue
            forms = {lang: written[:at] + form + written[at + len(key):]
                     for lang, form in rule.forms.items() if len(form) == len(key)}
            if forms:
                found.setdefault(phrase, Rule(forms, rule.origin))
    return found


def holding(joined: str, key: str) -> Iterator[str]:
    """Each line of `joined` (the phrases, one a line) that holds `key`, in order: found by `str.find`
    over all of them at once, not a call for each of 50,000 phrases."""
    at = joined.find(key)
    while at >= 0:
        end = joined.find("\n", at)
        yield joined[joined.rfind("\n", 0, at) + 1:end]
        at = joined.find(key, end)


def in_cantonese(pivot: str, choices: list[Choice]) -> list[Choice]:
    """Choices for written Cantonese: a character of `CANTONESE_FORMS` in its default form, in no
    phrase and a word of its own (`stands_alone`: 系列 stays), is Cantonese's own word (即系 → 即係, 系 → 係)."""
    return standing_alone(pivot, choices, CANTONESE_FORMS, CANTONESE, through_phrases=ANY_PHRASE)


SENTENCE = re.compile("[^。！？!?；;「」『』“”\n]+")
CANTONESE_MARK = re.compile(f"[{''.join(sorted(CANTONESE_PARTICLES | CANTONESE_SENTENCE_WORDS))}𠮶]"
                            f"|唔(?=[{HAN}])(?!唔)|{CANTONESE_IS}")
"""What shows a sentence of written Cantonese in a Simplified pivot (嗰 is 𠮶 there)."""


def in_cantonese_sentences(pivot: str, choices: list[Choice],
                           as_cantonese: Callable[[str, list[Choice]], list[Choice]]) -> list[Choice]:
    """The choices `as_cantonese` makes for written Cantonese, in the sentences of a text not written in
    Cantonese as a whole that are: each one holding a character Mandarin never writes (`CANTONESE_MARK`: a
    Hong Kong report quoting a speaker, 「最難嘅係無同伴」, 「唔係話我傻」)."""
    if CANTONESE_MARK.search(pivot) is None:
        return choices  # nearly every paragraph of a text not in Cantonese
    spans = [m.span() for m in SENTENCE.finditer(pivot) if CANTONESE_MARK.search(m.group())]
    starts = [start for start, _ in spans]

    def in_a_span(at: int) -> bool:  # the span starting last at or before `at`, found by bisection
        k = bisect_right(starts, at) - 1
        return k >= 0 and at < spans[k][1]
    cantonese = [c for c in as_cantonese(pivot, choices) if c.why in (CANTONESE, REGIONAL) and in_a_span(c.start)]
    for why in (CANTONESE, REGIONAL):
        choices = with_forms(choices, {c.start: c.out for c in cantonese if c.why == why}, why)
    return choices


def stands_alone(pivot: str, i: int, cantonese: bool = False) -> bool:
    """Whether pivot[i] is a word of its own in the most likely cut of the words around it (the word
    check's unigram model over the word list). Not "in no word of the list": 韵母系 is 韵母 + 系 ("is"),
    though the list knows 母系 "matrilineal", and 应该系用 is 应该 + 系 + 用, though it knows 该系.
    `cantonese`: Cantonese's own words weigh as the Mandarin words of their use (`CANTONESE_AS`), so
    山系水 is 山 + 系 + 水 ("are mountains and water") though the list knows 山系 "mountain range".
    The first half of a word asked as a question, A-not-A (钟唔钟意 "like or not", 赞不赞成), is its word's;
    but Cantonese's own words (`cantonese`) are asked by themselves (系唔系 "is it", before 系有, 系好 …)."""
    if not cantonese and asked_of_word(pivot, i):
        return False
    start, end = max(0, i - ALONE_CONTEXT), min(len(pivot), i + ALONE_CONTEXT + 1)
    frequencies = word_frequencies()
    own = cantonese_counts() if cantonese else {}
    weights = Weights(lambda word: own.get(word) or frequencies.get(word, 0), WORD_TOTAL)
    for s, e in best_cut(pivot[start:end], weights.__getitem__):
        if s <= i - start < e:
            return e - s == 1
    return True


def asked_of_word(pivot: str, i: int) -> bool:
    """Whether pivot[i] begins X唔XY or X不XY where XY is a word: a two-character word asked as a question
    (钟唔钟意, 赞不赞成), its first character said once more before the word."""
    word = pivot[i + 2:i + 4]
    return pivot[i + 1:i + 2] in NEGATIONS and word[:1] == pivot[i] and len(word) == 2 and is_word(word)


def asked_alike(pivot: str, choices: list[Choice]) -> list[Choice]:
    """The first half of a word asked as a question, A-not-A (干不干净 "clean or not", 舍唔舍得 "willing or
    not"), in the form the word gives its first character (乾不乾淨, 捨唔捨得): alone, OpenCC writes that
    character in its default form (幹, 舍), or in a phrase with the negation (不复 → 不復 in 复不复杂). Only
    where the word's own choice begins at it (the cut agrees the word starts there) and no word of the
    list ends at the first half (若干 "some" in 若干不干净的 is no question)."""
    if not any(negation in pivot for negation in NEGATIONS):
        return choices
    starts = [choice.start for choice in choices]
    places: dict[int, str] = {}
    for i, choice in free_choices(choices, (m.start() for m in ASKED.finditer(pivot))):
        if not asked_of_word(pivot, i) or choice.why == "phrase" and choice.start < i \
                or i > 0 and is_word(pivot[i - 1:i + 1]):
            continue
        word = choices[bisect_right(starts, i + 2) - 1]
        if word.start == i + 2 and len(word.out) == word.end - word.start:
            form = word.out[0]
            if form != choice.out[i - choice.start]:
                places[i] = form
    return with_forms(choices, places, WORD_CHECK)


def is_word(text: str) -> bool:
    """A phrase OpenCC knows, or a word of the word list."""
    return text in phrases() or word_frequencies().get(text, 0) >= WORD_MIN


NEGATIONS = ("唔", "不")
"""Cantonese's and Mandarin's "not": between the two halves of an A-not-A question, and never right before a
classifier (唔只 "not only")."""
ASKED = re.compile(f"(.)(?=[{''.join(NEGATIONS)}]\\1)")
"""A character said again after a negation: the first half of an A-not-A question, maybe."""
ALONE_CONTEXT = 4
"""Characters on each side of one whose word is in question: room for the words of up to five characters
that could hold it."""


def standing_alone(pivot: str, choices: list[Choice], forms: dict[str, str], why: str,
                   through_phrases: str = "", reviewed: Collection[str] = ()) -> list[Choice]:
    """`choices`, where a character of `forms` in its default form stands in no phrase and is a word of
    its own (`stands_alone`): that form, for `why`. `through_phrases`: a phrase does not stop it either,
    when the words around say the character stands alone: OpenCC's phrases are Mandarin's, and match across
    a Cantonese speaker's words (韵母|系 "is", though OpenCC knows 母系; 即系|带, though it knows 系带 →
    繫帶; 喂|你 "hey, you", though it knows 喂你 → 餵你 "feed you"). `ANY_PHRASE` for Cantonese's commonest
    words (係, 嘩); `RARER_PHRASE`, only a phrase writing a form other than the character's default, for
    the region's other words, as the word check doubts such phrases (喂你 → 餵你 is broken, 冲出来 →
    衝出來 "rush out" is not). Never the region's own words, which were reviewed (`reviewed`: 吓到 → 嚇到)."""
    places: dict[int, str] = {}
    defaults = char_default()
    kinds = ("default", WORD_CHECK, "phrase") if through_phrases else ("default", WORD_CHECK)
    for choice in choices:
        if choice.why not in kinds or len(choice.out) != choice.end - choice.start \
                or forms.keys().isdisjoint(pivot[choice.start:choice.end]) \
                or choice.why == "phrase" and pivot[choice.start:choice.end] in reviewed:
            continue
        for i in range(choice.start, choice.end):
            form = forms.get(pivot[i])
            if form is not None and takes_form(choice, choice.out[i - choice.start], pivot[i].translate(defaults),
                                               form, through_phrases) \
                    and stands_alone(pivot, i, cantonese=why == CANTONESE):
                places[i] = form
    return with_forms(choices, places, why)


ANY_PHRASE, RARER_PHRASE = "any", "rarer"


def takes_form(choice: Choice, written: str, default: str, form: str, through_phrases: str) -> bool:
    """Whether a character `choice` writes as `written` may take `form` if it stands alone: in its default
    form outside phrases; in a phrase, as `through_phrases` says."""
    if choice.why != "phrase":
        return written == default
    if through_phrases == ANY_PHRASE:
        return written != form
    return through_phrases == RARER_PHRASE and written not in (form, default)


def with_forms(choices: list[Choice], places: dict[int, str], why: str) -> list[Choice]:
    """`choices` with the character at each of `places` written in the form given there, for `why`; a
    choice holding one is cut around it (what is left of a phrase: default forms)."""
    if not places:
        return choices
    out: list[Choice] = []
    for choice in choices:
        inside = [i for i in range(choice.start, choice.end) if i in places]
        if not inside:
            out.append(choice)
            continue
        rest = "default" if choice.why == "phrase" else choice.why
        run = choice.start
        for i in inside:
            if i > run:
                out.append(Choice(run, i, choice.out[run - choice.start:i - choice.start], rest))
            out.append(Choice(i, i + 1, places[i], why))
            run = i + 1
        if run < choice.end:
            out.append(Choice(run, choice.end, choice.out[run - choice.start:], rest))
    return out


def cantonese_classifiers(pivot: str, choices: list[Choice], phrases: dict[str, str]) -> list[Choice]:
    """Choices for written Cantonese, where 只 is the all-purpose classifier 隻 (哩隻, 兩隻, 我隻腳)
    unless a word meaning "only" begins at it (只係, 只有, 只會), and always after a number or a
    demonstrative (哩隻係, 細隻好, 七隻好聽), whatever phrase OpenCC matched across it (只係, 只好, 我只).
    `phrases`: OpenCC's and the region's (tables.region_words), which tell 只 "only" from 隻."""
    found = (m.start() for m in CLASSIFIERS.finditer(pivot))
    places = {i: CLASSIFIER_FORM for i in free(choices, found) if is_classifier(pivot, i, phrases)}
    return with_forms(choices, places, REGIONAL)


CLASSIFIERS = re.compile(CLASSIFIER)


def counted_ge(pivot: str, choices: list[Choice]) -> list[Choice]:
    """个 after a number, a demonstrative or a size (`QUANTITY_BEFORE`: 一个, 嗰个, 整个) is the classifier
    個, in its default form, where a phrase OpenCC matched across it wrote 箇 (个中 箇中 "therein", 个旧
    the city 箇舊): 一个中年人 is not 一箇中年人, nor 嗰个旧 嗰箇舊. The rest of that phrase takes its default forms."""
    if "个" not in pivot:
        return choices
    found = (m.start(1) for m in COUNTED_GE.finditer(pivot))
    places = {i: GE_FORM for i, choice in free_choices(choices, found) if choice.out[i - choice.start] != GE_FORM}
    return with_forms(choices, places, "default")


GE_FORM = "個"
COUNTED_GE = re.compile(f"[{''.join(sorted(QUANTITY_BEFORE))}](个)")


def after_auxiliaries(pivot: str, choices: list[Choice]) -> list[Choice]:
    """Choices for written Cantonese, where 吓, 晒 and 喂 after an auxiliary are the verbs 嚇 "to scare", 曬
    "to sun" and 餵 "to feed" (唔好曬到我, 要嚇你), not the particles and the interjection they are alone."""
    found = (m.start(2) for m in AFTER_AUXILIARIES.finditer(pivot))
    return with_forms(choices, {i: AFTER_AUXILIARY[pivot[i]] for i in free(choices, found)}, REGIONAL)


AFTER_AUXILIARIES = re.compile(f"({'|'.join(AUXILIARIES)})([{''.join(AFTER_AUXILIARY)}])")


def free(choices: list[Choice], places: Iterable[int]) -> Iterator[int]:
    """The places, in order, whose choice is not an editor's rule and writes one character for each."""
    return (i for i, _ in free_choices(choices, places))


def free_choices(choices: list[Choice], places: Iterable[int]) -> Iterator[tuple[int, Choice]]:
    """`free`'s places, each with the choice holding it: one pass over both, in order."""
    at = 0
    for i in places:
        while choices[at].end <= i:
            at += 1
        choice = choices[at]
        if choice.why != "rule" and len(choice.out) == choice.end - choice.start:
            yield i, choice


def is_classifier(pivot: str, i: int, phrases: dict[str, str]) -> bool:
    """After a number, a demonstrative or a size (`QUANTITY_BEFORE`), and where neither a negation comes
    before it (唔只 "not only"), nor a word meaning "only" begins at it (a phrase written with 只: OpenCC's
    只會, 只可以, Cantonese 只係; or a word of the word list no phrase writes with 隻: 只有, 只好), nor a verb
    follows it (只知道, 只喺: `before_a_predicate`)."""
    if i > 0 and pivot[i - 1] in QUANTITY_BEFORE:
        return True
    if i > 0 and pivot[i - 1] in NEGATIONS:
        return False
    frequencies = word_frequencies()
    for n in (2, 3, 4):
        word = pivot[i:i + n]
        if len(word) < n:
            break
        written = phrases.get(word)
        if written is not None and written[0] != CLASSIFIER_FORM \
                or written is None and frequencies.get(word, 0) >= WORD_MIN:
            return False
    return not before_a_predicate(pivot, i + 1, frequencies)


def before_a_predicate(pivot: str, at: int, frequencies: WordList) -> bool:
    """Whether the longest word of the list starting at `at` is a verb, an adverb, a preposition or a
    conjunction (只知道, 只针对, 只喺: "only"), not a noun (隻手, 隻貓), nor a word the list lacks."""
    if pivot[at:at + 1] in CANTONESE_VERBS:
        return True
    for n in (4, 3, 2, 1):
        word = pivot[at:at + n]
        if len(word) == n and frequencies.get(word, 0) >= WORD_MIN:
            return word in predicates()
    return False


class Followers(dict):
    """{first character: every character that follows it in the longer words the word check knows
    (tables.followers)}: the word list's and OpenCC's phrases' (`known_followers`, shared by every
    chooser), and a chooser's own (its region's words and overrides)."""

    def __init__(self, own: Iterable[str]) -> None:
        super().__init__()
        self.own = followers(own)

    def __missing__(self, first: str) -> str:
        found = self[first] = merged_reach(known_followers()[first], self.own.get(first, ""))
        return found


class Rewrites(dict):
    """{key matched: whether it is an override or a phrase writing a form other than its characters'
    defaults (a rarer form: 被发 → 被髮), where the words decide}, each found when first matched: the
    same phrases are matched again and again."""

    def __init__(self, rules: dict[str, Rule], phrases: dict[str, str], defaults: dict[int, str]) -> None:
        super().__init__()
        self.rules, self.phrases, self.defaults = rules, phrases, defaults

    def __missing__(self, key: str) -> bool:
        found = self[key] = key in self.rules or self.phrases[key] != key.translate(self.defaults)
        return found


MATCHERS_KEPT = 4
"""Compiled dictionaries of each direction's matcher kept in the cache (2.7 MB each): one per region of source
met (its own words: tables.region_words; none, Taiwan, Hong Kong, written Cantonese), the oldest made dropped
first. Overrides are not in them (`WithKeys`)."""


class PhraseMatchers(NamedTuple):
    """A chooser's matchers over OpenCC's phrases and a region's `words` (sorted), which choosers for other
    overrides share; `longest`, the length of their longest key."""

    words: list[str]
    forward: Matcher
    backward: Matcher | None
    longest: int


CHOICES_KEPT = 16384
"""Pivots whose choices a chooser keeps: about two seed-sized transcripts' paragraphs and notes."""


class Chooser:
    """Set up once per set of overrides; its two OpenCC matchers (about 60 ms) are the region's, which
    choosers for other overrides share (`PhraseMatchers`)."""

    def __init__(self, rules: dict[str, Rule] | None = None, word_check: bool = True,
                 words: dict[str, str] | None = None, matchers: PhraseMatchers | None = None) -> None:
        """`words`: a region's own words (tables.region_words), as phrases OpenCC's table would have.
        `matchers`: the `phrase_matchers` of another chooser with the same words (a converter's, for the
        region), else made here."""
        self.region_words = words or {}
        self.phrases = phrases() | self.region_words
        self.rules = within_phrases(dict(rules or {}), self.phrases)
        if matchers is None or matchers.words != sorted(self.region_words) or (matchers.backward is None) == word_check:
            matchers = self.phrase_matchers(word_check)
        self.matchers = matchers
        added = [key for key in self.rules if key not in self.phrases]
        self.forward: ForwardMatching = WithKeys(matchers.forward, added, matchers.longest) if added \
            else matchers.forward
        self.backward: ForwardMatching | None = matchers.backward
        if added and matchers.backward is not None:
            self.backward = WithKeys(matchers.backward, added, matchers.longest)
        self.defaults = char_default()
        self.confirmed = confirmed_phrases() | frozenset(words or ())
        self.usual = usual_forms()
        self._plain = plain_s2t()
        self.choose = lru_cache(maxsize=CHOICES_KEPT)(self.choose)
        """Kept per chooser, not per publisher: the preview reads an edited transcript again after each
        save, with a new publisher whose text is almost all the last one's."""

    def phrase_matchers(self, word_check: bool) -> PhraseMatchers:
        """Matchers over OpenCC's phrases and the region's words, forward and (for the word check)
        backward. The overrides are added to them (`WithKeys`), so every set of overrides (a transcript
        with a dictionary of its own) shares them."""
        given = sorted(self.region_words)
        return PhraseMatchers(given, self.matcher(given, False), self.matcher(given, True) if word_check else None,
                              max(map(len, self.phrases), default=1))

    def matcher(self, given: object, backward: bool) -> Matcher:
        """A matcher over the phrases, as OpenCC compiled it before (`kept_file`, under the phrase tables
        and the words it was `given`: the keys follow from them), else from its text, compiled meanwhile
        for the next build."""
        sources = [share_file(f"{name}.ocd2") for name in ("STPhrases", PHRASES_FROM_REGIONS)]
        sources += [Path(tables.__file__), Path(segment.__file__), Path(__file__)]
        name = "matcher-backward" if backward else "matcher-forward"
        made: list[str] = []

        def start(path: Path) -> subprocess.Popen:
            made.append(matcher_dictionary(self.phrases, backward))
            return compile_dictionary(made[0], path)
        compiled = kept_file(name, sources, start, given, versions=MATCHERS_KEPT, suffix="ocd")
        if compiled is not None:
            return Matcher(backward=backward, compiled=compiled)
        return Matcher(self.phrases if not made else (), backward, dictionary_text=made[0] if made else None)

    def frequency(self, word: str) -> int:
        """A word's weight in the word check: the word list's count; OpenCC's phrases and overrides
        are words too, with the least weight unless the list knows them."""
        found = self.word_list.get(word, 0)
        if found or word in self.rules:
            return found or KNOWN_PHRASE
        if word in self.phrases:
            rarer = self.phrases[word] != word.translate(self.usual)
            return ONE_TABLE if rarer and word not in self.confirmed else KNOWN_PHRASE
        return 0

    @cached_property
    def word_list(self) -> WordList:
        """The word list (`word_frequencies`), read when the word check first needs it."""
        return word_frequencies()

    @cached_property
    def weights(self) -> Weights:
        """`frequency` of each word the word check asked for: it asks for the same ones again and again."""
        return Weights(self.frequency, WORD_TOTAL)

    @cached_property
    def rewrites(self) -> Rewrites:
        """Whether each key matched is one the word check looks at even where both matchings found it."""
        return Rewrites(self.rules, self.phrases, self.defaults)

    @cached_property
    def followers(self) -> Followers:
        """Where the word check's cuts may look for words of three characters or more: kept, as they follow
        from the word list, the phrases and the overrides alone."""
        return Followers(chain(self.region_words, self.rules))

    def forget(self) -> None:
        """Drop the choices and weights kept so far (a build worker moving on to another transcript)."""
        self.choose.cache_clear()
        self.__dict__.pop("weights", None)

    def convert(self, pivot: str) -> str:
        return "".join(c.out for c in self.choose(pivot))

    def choose(self, pivot: str) -> list[Choice]:
        forward = self.forward.spans(pivot)
        base = self.cover(pivot, forward)
        if self.backward is None or not forward:  # no key in the text: backward matching finds none either
            return base
        windows = self.doubtful(pivot, forward, self.backward.spans(pivot))
        if not windows:
            return base
        return self.recheck(pivot, base, windows)

    def cover(self, text: str, spans: list[tuple[int, int]], offset: int = 0) -> list[Choice]:
        """Choices for `text` cut at `spans` (phrases and overrides), default forms between them."""
        choices: list[Choice] = []
        last = 0
        for start, end in spans:
            if start > last:
                choices.append(Choice(offset + last, offset + start, text[last:start].translate(self.defaults),
                                      "default"))
            choices.append(self.phrase(text[start:end], offset + start))
            last = end
        if last < len(text):
            choices.append(Choice(offset + last, offset + len(text), text[last:].translate(self.defaults), "default"))
        return choices

    def phrase(self, key: str, start: int) -> Choice:
        rule = self.rules.get(key)
        if rule is not None:
            return Choice(start, start + len(key), self.phrases.get(key) or self._plain.convert(key), "rule", rule)
        return Choice(start, start + len(key), self.phrases[key], "phrase")

    def doubtful(self, pivot: str, forward: list[tuple[int, int]],
                 backward: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Stretches to look at again: phrases only one matching found, and phrases that write a
        form other than their characters' defaults; widened by CONTEXT, merged."""
        if forward == backward:  # (most texts)
            places = [(start, end) for start, end in forward if self.rewrites[pivot[start:end]]]
        else:
            both = set(forward) & set(backward)
            places = [span for span in forward + backward if span not in both]
            places += [span for span in forward if span in both and self.rewrites[pivot[span[0]:span[1]]]]
        if not places:
            return []
        n = len(pivot)
        widened = sorted((max(0, s - CONTEXT), min(n, e + CONTEXT)) for s, e in places)
        merged = [widened[0]]
        for s, e in widened[1:]:
            if s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        return merged

    def recheck(self, pivot: str, base: list[Choice], windows: list[tuple[int, int]]) -> list[Choice]:
        """`base` with each window replaced by the word check's choices; a window grows to the edges
        of the phrases it cuts into, and a run of default forms it cuts into is split."""
        pending = list(reversed(base))  # the next choice is pending[-1]
        out: list[Choice] = []
        for ws, we in windows:
            if out and out[-1].end > ws:  # the last window grew over this one's start
                ws = out[-1].end
            while pending and pending[-1].end <= ws:
                out.append(pending.pop())
            if not pending or ws >= we:
                continue
            first = pending[-1]
            if first.start < ws:
                if first.why == "default":
                    out.append(Choice(first.start, ws, first.out[:ws - first.start], "default"))
                    pending[-1] = Choice(ws, first.end, first.out[ws - first.start:], "default")
                else:
                    ws = first.start
            inside: list[Choice] = []
            while pending and pending[-1].start < we:
                inside.append(pending.pop())
            last = inside[-1]
            if last.end > we:
                if last.why == "default":
                    inside[-1] = Choice(last.start, we, last.out[:we - last.start], "default")
                    pending.append(Choice(we, last.end, last.out[we - last.start:], "default"))
                else:
                    we = last.end
            out.extend(self.words(pivot, ws, we, inside))
        out.extend(reversed(pending))
        return out

    def words(self, pivot: str, start: int, end: int, before: list[Choice]) -> list[Choice]:
        """Choices for pivot[start:end] from its most likely cut into words."""
        old = "".join(c.out for c in before)
        old_start = before[0].start
        aligned = len(old) == before[-1].end - old_start
        choices = []
        for s, e in best_cut(pivot[start:end], self.weights.__getitem__, self.followers.__getitem__):
            word = pivot[start + s:start + e]
            if word in self.rules or word in self.phrases:
                choice = self.phrase(word, start + s)
            else:
                choice = Choice(start + s, start + e, self.within(word), "default")
            if aligned and choice.why != "rule":
                was = old[choice.start - old_start:choice.end - old_start]
                if was != choice.out:
                    choice = Choice(choice.start, choice.end, choice.out, WORD_CHECK, choice.rule)
            choices.append(choice)
        return choices

    def crosses_words(self, pivot: str, start: int, end: int) -> bool:
        """Whether the phrase pivot[start:end] takes part of a word of the most likely cut of the text around
        it (CONTEXT characters on each side) and not the rest: OpenCC matched it across words (简直|系 read as
        直系). A phrase inside a longer word (系统 in 探测系统) is that word's."""
        left = max(0, start - CONTEXT)
        cut = best_cut(pivot[left:min(len(pivot), end + CONTEXT)], self.weights.__getitem__,
                       self.followers.__getitem__)
        return any(s < start - left < e < end - left or start - left < s < end - left < e for s, e in cut)

    def within(self, word: str) -> str:
        """A word that is no phrase or override, written as its most likely cut into shorter words writes
        it: OpenCC's matching inside it would take a phrase across those words (考试|制度 matched as
        考|试制|度, 考試製度), where each word's own phrase is right (非常|复杂 → 非常複雜)."""
        if len(word) < 3:
            return word.translate(self.defaults)  # no phrase of its own: two characters in their default forms
        weight = self.weights.__getitem__
        cut = best_cut(word, lambda part: None if part == word else weight(part), self.followers.__getitem__)
        return "".join(self.phrase(part, 0).out if part in self.rules or part in self.phrases else self.within(part)
                       for part in (word[s:e] for s, e in cut))


WORD_TOTAL = 60_101_967.0
"""The sum of the word list's counts (jieba's dict.txt), the denominator of every word's probability."""
