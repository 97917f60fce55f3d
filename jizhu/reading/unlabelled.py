"""Interviews that label only some turns, or none, as magazines and news sites print them: the questions
set in bold paragraphs or numbered and no one labelled (`bold_questions`, `numbered_questions`), or only the
asker labelled and the answers left bare after each question (`answers_after_asker`), or only the answerer
and the questions left bare before each answer (`questions_before_answerer`). Only a text whose labels
alone give no answerer (or no asker) is read so; the one not labelled is named as such interviews would
label them, in the text's own script (問 and 答, or 问 and 答), or as front matter names them. And texts
that name each speaker with no colon: alone on a line above their words (`names_above`), or set off from
them by a wide space or a dash (`names_set_off`).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Container
from dataclasses import dataclass

from .lines import (ASKING, NAME, NAME_NOTE, NOTE_AFTER_NAME, SENTENCE, SENTENCE_END, Label, is_stage_direction,
                    section_heading, valid_name)
from .markup import Source

BOLD_PARAGRAPH = re.compile(r"^(\*\*|__)(?=\S)(?P<words>(?:(?!\1).)+?)(?<=\S)\1$")
"""A paragraph wholly in bold (`**你為什麼開始？**`), with no other bold inside it."""
TRADITIONAL_MARKS = "們這說個為時會來對問"
SIMPLIFIED_MARKS = "们这说个为时会来对问"
"""Reviewed: the commonest characters whose Simplified and Traditional forms differ, each pair at the same
place: which of them a text writes more tells its script."""


@dataclass(frozen=True, slots=True)
class Reading:
    """Who speaks in a text read as one of these interviews, their roles, and how it was read (for `check`)."""

    speakers: list[str]
    roles: dict[str, str]
    how: str


def reading(lines: list[Source], speakers: list[str], front: dict[str, str]) -> Reading | None:
    """The text read as an interview labelling no one (its questions in bold or numbered), only the asker or
    only the answerer, or naming each speaker with no colon (alone on a line, or set off by a wide space or
    a dash), given the speakers its labels name and the front matter's (`front`, name -> role); None where
    it is none of these."""
    named = declared(front)
    if not speakers:
        for read, shape in ((bold_questions, "in bold paragraphs"), (numbered_questions, "numbered")):
            if named is not None and (asked := read(lines, named)):
                return Reading(list(asked), dict(zip(asked, ("question", "answer"))),
                               f"no one labelled, the questions {shape}: asked by {asked[0]}, answered by {asked[1]}")
        if above := names_above(lines, front):
            return Reading(above, {}, f"each speaker named alone on a line above their words: {', '.join(above)}")
        if before := names_set_off(lines, front):
            return Reading(before, {}, f"each speaker's name set off from their words by a wide space or a dash, "
                                       f"with no colon: {', '.join(before)}")
        return None
    if named is None or len(speakers) > 1:
        return None
    only = speakers[0]
    if named[0] in ("", only) and (answerer := answers_after_asker(lines, only, named[1])):
        return Reading([only, answerer], {only: "question", answerer: "answer"},
                       f"only the asker {only} labelled: the first bare paragraph after each question is {answerer}'s")
    if named[1] in ("", only) and (askers := questions_before_answerer(lines, only, named[0])):
        return Reading([*askers, only], {**dict.fromkeys(askers, "question"), only: "answer"},
                       f"only the answerer {only} labelled: the bare question before each answer is "
                       f"{'/'.join(askers)}'s")
    return None


def declared(speakers: dict[str, str]) -> tuple[str, str] | None:
    """The asker and the answerer front matter names (`speakers = { "記者" = "question", "王大明" = "answer" }`),
    "" for no front matter speakers, None if it names others (such a text is not read as this shape)."""
    if not speakers:
        return "", ""
    by_role = {role: name for name, role in speakers.items()}
    if len(speakers) != 2 or set(by_role) != {"question", "answer"}:
        return None
    return by_role["question"], by_role["answer"]


def bold_questions(lines: list[Source], named: tuple[str, str]) -> tuple[str, str] | None:
    """The asker's and the answerer's names (`named`, the front matter's, else `names`), each bold paragraph
    labelled the asker's and the first plain paragraph after it the answerer's (`Source.candidate`); None,
    and nothing labelled, if the text is not such an interview: at least two paragraphs wholly in bold, most
    of them asking something (an article's bold headings do not)."""
    bold = [(line, m["words"].strip()) for line in lines
            if not line.media and (m := BOLD_PARAGRAPH.match(line.words.strip()))]
    if len(bold) < 2 or sum(bool(ASKING.search(words)) for _, words in bold) * 2 < len(bold):
        return None
    asker, answerer = named if all(named) else names(lines)
    for line, words in bold:
        line.candidate = Label(asker, words, "bold", True)
    answer_each(lines, {id(line) for line, _ in bold}, answerer)
    return asker, answerer


NUMBERED = re.compile(r"^(?:(?P<digits>\d{1,3})(?:[.．](?!\d)|[、)）])|[（(](?P<held>\d{1,3}|[一二三四五六七八九十]{1,3})[)）]"
                      r"|(?P<han>[一二三四五六七八九十]{1,3})、)\s*\S")
"""A paragraph opening with its number: `1. `, `1、`, `2）`, `（三）`, `四、` (not `1.5倍`)."""
HAN_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九", 1)}


def numbered_questions(lines: list[Source], named: tuple[str, str]) -> tuple[str, str] | None:
    """As `bold_questions`, for an interview numbering its questions instead (`1. 您為什麼…？` then the answer):
    the paragraphs that open with the numbers 1, 2, 3 … in turn and ask something, at least two, each with
    words after it. A numbered list inside an answer asks nothing, or does not go on the count."""
    asked, expected = [], 1
    for line in lines:
        m = None if line.media else NUMBERED.match(line.words.strip())
        if m and number(m["digits"] or m["held"] or m["han"]) == expected and ASKING.search(line.words):
            asked.append(line)
            expected += 1
    asked_ids = {id(line) for line in asked}
    if len(asked) < 2 or not answered(lines, asked_ids):
        return None
    asker, answerer = named if all(named) else names(lines)
    for line in asked:
        line.candidate = Label(asker, line.words.strip(), "bare")
    answer_each(lines, asked_ids, answerer)
    return asker, answerer


def number(written: str) -> int:
    """1 to 999 in digits, or 1 to 99 in Chinese numerals (`三`, `十二`, `二十`, `二十三`); 0 for anything else."""
    if written.isdigit():
        return int(written)
    if "十" not in written:
        return HAN_DIGITS.get(written, 0)
    tens, _, units = written.partition("十")
    if tens and tens not in HAN_DIGITS or units and units not in HAN_DIGITS:
        return 0
    return HAN_DIGITS.get(tens, 1) * 10 + HAN_DIGITS.get(units, 0)


def answered(lines: list[Source], asked: Container[int]) -> bool:
    """Whether every question of `asked` (by `id`) has a paragraph with words before the next one."""
    due = False
    for line in lines:
        if id(line) in asked:
            if due:
                return False
            due = True
        elif due and line.words.strip() and not line.media:
            due = False
    return not due


def names(lines: list[Source]) -> tuple[str, str]:
    """問 and 答 in the text's script: 问 where it writes Simplified's common characters more."""
    text = "".join(line.text for line in lines)
    simplified = sum(text.count(c) for c in SIMPLIFIED_MARKS)
    traditional = sum(text.count(c) for c in TRADITIONAL_MARKS)
    return ("问" if simplified > traditional else "問"), "答"


def answers_after_asker(lines: list[Source], asker: str, answerer: str = "") -> str:
    """The answerer's name (`answerer`, the front matter's, else 答 in the text's script), the first bare
    paragraph after each of `asker`'s labelled ones labelled the answerer's (`問：…？` then the answer with no
    label); "" and nothing labelled unless most of the asker's labelled paragraphs ask something and one
    at least is followed by a bare paragraph."""
    labelled = {id(line): line.candidate.rest for line in lines
                if isinstance(line.candidate, Label) and line.candidate.name == asker}
    if len(labelled) < 2 or sum(bool(ASKING.search(rest)) for rest in labelled.values()) * 2 < len(labelled):
        return ""
    answerer = answerer or names(lines)[1]
    return answerer if answer_each(lines, labelled, answerer) else ""


def questions_before_answerer(lines: list[Source], answerer: str, asker: str = "") -> list[str]:
    """The askers (`asker`, the front matter's, else 問 in the text's script), each bare paragraph that asks
    straight before one of `answerer`'s labelled ones labelled the asker's (`你為什麼開始？` then `王大明：因為…`:
    only the answerer labelled), or the label it opens with where that names someone with a note in
    brackets (`蓝丽婷 (8视界新闻)：…？`: reporters who each ask once); none and nothing labelled unless at
    least two of the answerer's labels, and half of them, come straight after such a question."""
    labelled = 0
    questions: list[Source] = []
    before: Source | None = None  # the last line with words since the answerer's last label
    for line in lines:
        if not line.words.strip() or line.media:
            continue
        if isinstance(label := line.candidate, Label) and label.name == answerer:
            labelled += 1
            if before is not None and not before.words.startswith("#") and ASKING.search(before.words):
                questions.append(before)
            before = None
        else:
            before = line
    if len(questions) < 2 or len(questions) * 2 < labelled:
        return []
    asker = asker or names(lines)[0]
    for line in questions:
        if not (isinstance(named := line.candidate, Label) and NOTE_AFTER_NAME.search(named.name)):
            line.candidate = Label(asker, line.words.strip(), "bare")
    return list(dict.fromkeys(line.candidate.name for line in questions))


ALONE_NAME = re.compile(rf"{NAME}(?:{NAME_NOTE})?")
AVATAR = re.compile(r"^(?:[\u2600-\u27bf\U0001f000-\U0001faff][\ufe0f\u200d\U0001f3fb-\U0001f3ff]*)+\s*")
"""Pictographs set before a name as the speaker's face (`👦🏻 Koji`, `🎙️ 主持人`), as podcasts' transcripts on
WeChat do: no part of the name."""
WORDS = re.compile(r"[^\W_]")
"""A letter or a digit, of any script: words after a name, not only a mark (`，`)."""


def alone_name(words: str) -> str:
    """The name a line holds and nothing else (`主持人`, `**李明**`, `👦🏻 Koji`, `王大明（民进中央副主席）`), or ""."""
    if m := BOLD_PARAGRAPH.match(words):
        words = m["words"].strip()
    words = AVATAR.sub("", words, count=1)
    if not ALONE_NAME.fullmatch(words) or not valid_name(words, "bare") or is_stage_direction(words) \
            or section_heading(words):
        return ""
    return words


def names_above(lines: list[Source], front: Collection[str]) -> list[str]:
    """The speakers of a text that names each one alone on a line above the words they say, with no colon
    (`主持人`, then `欢迎收听…`), as podcasts', forums' and broadcasters' transcripts do, each such line
    labelled ("alone": its words on the lines after it, as `### 主持人：`'s are, though the text is no
    Markdown, whose paragraphs run over lines); [] and nothing labelled where the text is not one.

    A name so set (`names_alone`) is a speaker when the front matter names it, or, where the front matter
    names no one, when it recurs so (with or without a note in brackets after it) or carries such a note
    (`李小华（全国人大代表）`, a guest speaking once); at least two speakers. A heading seldom recurs, and
    each speaker of a conversation does. A line that labels one of them otherwise before the first turn (a
    list of the guests: `* **高宁**：前SaaS投资人`) says who they are, and is text."""
    placed = names_alone(lines)
    counts = Counter(core(name) for _, name in placed)
    speakers = [name for name in dict.fromkeys(name for _, name in placed) if (name in front if front else
                counts[core(name)] >= 2 or core(name) != name)]
    if len({core(name) for name in speakers}) < 2:
        return []
    for line, name in placed:
        if name in speakers:
            line.candidate = Label(name, "", "alone")
    for line in lines:  # before the first turn, `* **高宁**：前SaaS投资人` introduces a speaker: text
        if isinstance(label := line.candidate, Label):
            if label.family == "alone":
                break
            if label.name in speakers:
                line.candidate = None
    return speakers


def core(name: str) -> str:
    """A name without the note in brackets after it: `王大明（副主席）` is 王大明 too."""
    return NOTE_AFTER_NAME.sub("", name)


def names_alone(lines: list[Source]) -> list[tuple[Source, str]]:
    """Each line that names someone alone above their words, with the name: a short line that reads as a
    name (`alone_name`), standing after a blank line, a sentence's end or another such line (a heading),
    before words (a letter at least) that are not one too (a list of names is not)."""
    placed: list[tuple[Source, str]] = []
    waiting: tuple[Source, str] | None = None  # a name line, until words follow it
    opened = True  # the line before was blank, ended a sentence or was a name, or there was none
    for line in lines:
        words = "" if line.media else line.words.strip()
        if not words:
            opened = True
            continue
        name = alone_name(words) if line.candidate is None else ""
        if waiting and not name and WORDS.search(words):
            placed.append(waiting)
        waiting = (line, name) if name and opened else None
        opened = bool(name) or words[-1] in SENTENCE_END
    return placed


SET_OFF = re.compile(rf"(?P<name>[^\s:：{SENTENCE}()（）\[\]【】#*]{{1,12}}?)(?:\u3000+|\s*(?:——|──|--)\s*)(?P<rest>\S.*)")
"""A name and its words set apart by a wide space (`記者　您為什麼…`) or a dash (`問——您為什麼…`) with no colon, as
some print interviews write them."""


def names_set_off(lines: list[Source], front: Collection[str]) -> list[str]:
    """The speakers of a text that sets each name off from the words by a wide space or a dash instead of a
    colon (`SET_OFF`), each such line labelled; [] and nothing labelled where the text is not one. As with
    `names_above`: a name is a speaker when the front matter names it, or, where it names no one, when it
    opens two lines at least (a byline, `本報記者　張三`, opens one); at least two speakers."""
    found = [(line, m) for line in lines if not line.media and line.candidate is None
             and (m := SET_OFF.fullmatch(line.words.strip())) and valid_name(m["name"], "bare")
             and not section_heading(line.words.strip())]
    counts = Counter(m["name"] for _, m in found)
    speakers = [name for name in counts if (name in front if front else counts[name] >= 2)]
    if len(speakers) < 2:
        return []
    for line, m in found:
        if m["name"] in speakers:
            line.candidate = Label(m["name"], m["rest"], "bare")
    return speakers


def names_alone_hint(lines: list[Source]) -> str:
    """What to do with a text that names someone alone above their words, again and again, but was not read
    so (only one name recurs), for the error saying no turn was found; "" for any other text (a heading
    here and there is not a name recurring)."""
    placed = names_alone(lines)
    if max(Counter(core(name) for _, name in placed).values(), default=0) < 2:  # as names_above counts them
        return ""
    names = list(dict.fromkeys(name for _, name in placed))
    where = ", ".join(str(line.number) for line, _ in placed[:3]) + (" …" if len(placed) > 3 else "")
    return (f"; lines {where} name {'、'.join(names[:3])}{' …' if len(names) > 3 else ''} alone above their "
            f"words, which are turns where two such names recur, or where front matter names the speakers "
            f"(`speakers = {{ \"{names[0]}\" = \"question\", … }}`)")


def answer_each(lines: list[Source], asked: Container[int], answerer: str) -> bool:
    """Label the first paragraph with words after each line of `asked` (by `id`) the answerer's; whether one
    was."""
    found = answer_due = False
    for line in lines:
        if id(line) in asked:
            answer_due = True
        elif answer_due and line.words.strip() and not line.media:
            line.candidate = Label(answerer, line.words, "bare")
            answer_due, found = False, True
    return found
