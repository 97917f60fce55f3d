"""Recognising what one line of a raw transcript is: speaker label, section heading, title or text.

Nothing here knows any speaker's name: labels are found by their shape and
confirmed by how often they recur (see `find_speakers`).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .markup import LINK, Source, inline

COLON = "[:：︰∶]"
"""A colon: half-width, full-width, or ︰ (U+FE30, a vertical form Big5 also has), which Hong Kong
government transcripts often write as theirs (`記者︰`), or the ratio sign ∶ that some of their pages
write in its place (`立法會主席∶`)."""
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A label is a short name: CJK, Latin words, digits, middle dots; no sentence punctuation.
SENTENCE = ",，。、;；!！?？「」『』“”\"《》"
NAME = rf"[^\s:：{SENTENCE}'()（）#*\[\]【】][^:：{SENTENCE}()（）#*\[\]【】]{{0,39}}?"
# A heading label may carry a title or a stand-in in parentheses: `### 陳委員（林秘書代理）：`.
HEADING_NAME = rf"[^\s:：{SENTENCE}#*][^:：{SENTENCE}#*]{{0,59}}?"
HEADING_LABEL = re.compile(rf"^#{{2,6}}\s*(?P<name>{HEADING_NAME})\s*{COLON}\s*(?P<rest>)$")
HEREAFTER_NOTE = r"[（(](?:以下|下文|下)?(?:簡稱|简称|稱|称)[^（()）:：︰]{1,10}[)）]"
NAME_NOTE = rf"\s*(?:[（(][^（()）:：︰{SENTENCE.replace('、', '')}]{{1,20}}[)）]|{HEREAFTER_NOTE})"
"""An outlet, a language or a stand-in in brackets after a name (`记者（新华社）：`, `主持人（张三）：`,
`任永蔚（中央電視臺、中文國際頻道首席記者）：`), or what the text calls them below (`訪問者（以下簡稱「問」）：`)."""
HEREAFTER = re.compile(r"\s*[（(](?:以下|下文|下)?(?:簡稱|简称|稱|称)\s*[「『“\"]?(?P<short>[^（()）「」『』“”\"\s]{1,8}?)"
                       r"[」』”\"]?[)）]$")
"""A label's note of the name the text gives its turns below: interviews name each speaker so once."""
NOTE_AFTER_NAME = re.compile(NAME_NOTE + "$")
OUTLET = r"《[^《》:：\s]{1,20}》"
"""A publication named as the asker, in title marks (`《晚点》：`, `《远光灯》：`), as magazines label their questions."""
LABEL_NAME = rf"(?:{OUTLET}|{NAME})"
BOLD_LABEL = re.compile(rf"^(?P<em>\*{{2,3}}|_{{2,3}})\s*(?P<name>{LABEL_NAME}(?:{NAME_NOTE})?)\s*(?:(?P=em)\s*{COLON}|{COLON}\s*(?:(?P=em))?)\s*(?P<rest>.*)$")
OPENS, CLOSES = re.escape("[【〔［〖"), re.escape("]】〕］〗")
"""Brackets a label's name is set in (`【記者】`, `〔王小明〕`, `［主持人］`)."""
BRACKET_LABEL = re.compile(rf"^(?P<em>[*_]{{0,3}})\s*[{OPENS}](?P<name>[^{OPENS}{CLOSES}():：]{{1,30}})"
                           rf"[{CLOSES}](?![(\[])\s*(?:(?P=em)\s*)?(?:{COLON}\s*)?(?P<rest>.*)$")
BARE_LABEL = re.compile(rf"^(?P<name>{LABEL_NAME}(?:{NAME_NOTE})?)\s*(?:\*{{2,3}})?\s*{COLON}\s*(?P<rest>.*)$")
ROLE_LETTER = re.compile(r"^(?P<name>[QA])(?:\.\s+|\s{2,}|\t\s*)(?P<rest>\S.*)$")
"""`Q    Thank you…` or `Q. Did you…`: a question or answer letter set off without a colon, as the
White House's and courts' transcripts write them."""
LATIN_NAME = re.compile(r"^[A-Z][\w.'’-]*(?: (?:[A-Z0-9][\w.'’-]*|de|da|del|der|den|van|von|la|le|di|du|bin|al|el|y))"
                        r"{0,4}$")
LEGEND_REST = re.compile(rf"\S{{1,20}}\s*{COLON}")
LEGEND_ROLE = re.compile(rf"(?:^|[；;|/／、，,\s])([^\s:：；;|/／、，,*_]{{1,12}})\s*{COLON}")
SECTION_NUMBERED = re.compile(r"^(?P<number>\d{1,3})(?:[.．、]\s*|\s+)(?P<title>\S.{0,59})$")
SECTION_MARKDOWN = re.compile(r"^#{1,6}\s+(?P<title>\S.*)$")
TITLE_MARKDOWN = re.compile(r"^#\s+(?P<title>\S.*)$")
# A part marker standing alone: `（英文採訪）`, `(English)`, `> (光照進來)`.
PART_MARKER = re.compile(r"^[（(](?P<title>[^（()）]{1,60})[)）]$")
# The conventional openings of an editor's or translator's note (a convention, not anyone's phrase).
EDITOR_NOTE = re.compile(rf"^(?:註|注|按|編按|编按|編者按|编者按|譯註|译注|譯按|译按|Note|Editor['’]s note|Ed\.|N\.B\.)\s*{COLON}", re.I)
# Stage directions of the kinds every transcript has (a reaction in the room, a pause, music), and
# markers that say the part before goes on: conventions of the form, never a part's title.
REACTION = re.compile(r"^(?:眾人?|众人?|全場|全场|現場|现场|台下|觀眾|观众|聽眾|听众|大家|一陣|一阵|又)?"
                      r"(?:大|哄堂大|哄|微|苦|歡|欢|輕|轻)?(?:笑|鼓掌|掌聲|掌声|拍手|歡呼|欢呼|停頓|停顿|沉默|靜默|静默|"
                      r"音樂|音乐|嘆氣|叹气|咳嗽|起立|點頭|点头|搖頭|摇头)(?:聲|声|起來|起来|不止)?$"
                      r"|^(?:(?:audience|crowd|everyone|all|both)\s+)?(?:laugh(?:s|ter|ing)?|applause|applauds|music|"
                      r"pause|silence|crosstalk|inaudible|unintelligible|sighs?|cough(?:s|ing)?|cheer(?:s|ing)?|"
                      r"chuckles?|clapping)(?:\s+\d{1,2}(?::\d{2}){1,2}(?:\.\d{1,3})?)?$", re.I)
CONTINUATION = re.compile(r"^(?:繼續|继续|接續|接续)[^\s，。、：:]{0,4}$|^(?:續|续|接上|承上|未完)(?:上|前|前文|上文|待續|待续)?$"
                          r"|^(?:continued|cont['’]d|continues)\.?$", re.I)
ASIDE = re.compile(r"^(?:[（(][^（()）]{1,500}[)）]|\[[^\[\]]{1,500}\]|【[^【】]{1,500}】|〔[^〔〕]{1,500}〕|［[^［］]{1,500}］)$")
# Punctuation that ends a sentence (or a quotation closing one); a heading does not end with it.
TERMINAL = "。！？!?…；;，,"
ASKING = re.compile(r"[?？]")
"""A question mark: what a question, and no title, legend or header field, holds."""
HEADLINE_MAX = 40
"""A title or headline is a short line."""
ASKER = re.compile(r"(?:記者|记者|議員|议员|委員|委员)$|^(?:追問|追问)$")
"""A reporter named by outlet (`法新社记者：`), a legislator or a committee member by name (`何啟明議員：`,
`嚴婉玲委員：`) or a follow-up (`追问：`): press conferences, a legislature's question time and meetings
name each asker so, many of them once, so such a label is a turn even when it does not recur."""
OFFICES = ("委員", "召集委員", "院長", "秘書長", "部長", "次長", "政務次長", "常務次長", "主任委員", "主委", "署長",
           "局長", "處長", "司長", "總長", "主計長", "審計長", "人事長", "執行長", "總召", "書記長", "幹事長")
"""Reviewed: the offices Taiwan's Legislative Yuan gazette writes inside a speaker's name (its records'
own convention), each also with 副 "deputy" before it."""
NAMED_IN_OFFICE = re.compile(rf"[{HAN}]{{1,2}}副?(?:{'|'.join(sorted(OFFICES, key=len, reverse=True))})[{HAN}]{{1,2}}")
"""A surname, an office and a given name (`柯委員建銘`, `林秘書長志嘉`, `蔡副院長其昌`): the gazette names
every speaker so, and many speak once in a record (a party whip in a negotiation, the secretary-general
reporting the quorum), so such a label is a turn even when it does not recur."""
ANSWERING_OFFICES = ("長官", "长官", "司長", "司长", "局長", "局长", "署長", "署长", "處長", "处长", "部長", "部长", "院長",
                     "院长", "秘書長", "秘书长", "發言人", "发言人", "主席", "總理", "总理", "總統", "总统", "市長", "市长",
                     "主任", "主委")
"""Reviewed: the offices a government's press conference names an answering official by (`行政長官：`,
`財政司司長：`, `食物及衞生局局長：`, `外交部发言人：`). Not `OFFICES`, the ones the gazette writes inside a name,
nor `aliases.TITLES`, any title after a name (先生, 教授 …), which would prove a speaker seen once on less."""
BY_OFFICE = re.compile(f"(?:{'|'.join(ANSWERING_OFFICES)})$")
"""An official named by office: several answer at one press conference, some of them once, so such a label
is a turn even when it does not recur, where its words are a sentence."""
SENTENCE_END = "。！？!?…」』”"
LATIN_END = re.compile(r"[A-Za-z0-9]$")
LATIN_START = re.compile(r"^[A-Za-z0-9]")
SPACED_MIX = re.compile(rf"[{HAN}] [A-Za-z0-9]|[A-Za-z0-9] [{HAN}]")
TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
TIMESTAMP = re.compile(rf"^(?:\\?\[(?P<a>{TIME})\\?\]|[(（](?P<b>{TIME})[)）])\s*")
TIMES_ONLY = re.compile(rf"^(?:(?:\\?\[{TIME}\\?\]|[(（]{TIME}[)）])\s*(?:to|-|–|—|~|至|到)?\s*)+$")


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    rest: str
    """Text after the colon on the same line (empty for heading-style labels)."""
    family: str = "bare"
    """How it is written: "heading" (`### 名字：`), "bold" (`**名字：**`), "bracket" (`[名字]`), "bare", or
    "alone" (the name alone on a line, no colon: `unlabelled.names_above`)."""
    whole: bool = False
    """The emphasis runs from the name to the end of the line (`**問：…**`, `**总结：…**`)."""
    called: str = ""
    """The label the text gives this speaker's turns below (`訪問者（以下簡稱「問」）` → 問; `HEREAFTER`)."""


def seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def take_time(text: str) -> tuple[float | None, str]:
    """A timestamp opening the text (`[00:12:34]`, `\\[12:34\\]`, `(12:34)`), as seconds, and the rest."""
    m = TIMESTAMP.match(text)
    if not m:
        return None, text
    return seconds(m["a"] or m["b"]), text[m.end():]


HAN_CHAR = re.compile(f"[{HAN}]")


NAME_MAX = 12
ASKER_NAME_MAX = 20
"""A reporter named by outlet may be named at length (`中央广播电视总台央视海峡两岸记者：`, 16 characters)."""


def valid_name(name: str, family: str) -> bool:
    """Whether `name` reads as a speaker's name for a label written as `family`."""
    if not name or name.strip() != name:
        return False
    han = len(HAN_CHAR.findall(name))
    if TIMESTAMP.match(f"[{name}]") or name.upper() == "TOC":
        return False
    if family == "heading":
        return True
    if family == "bracket":
        # `[吴晟，Skywalking]`: a name and an affiliation; `[laughs]` and `[笑]`-like notes are lower-case or one character
        head = re.split("[，,]", name, maxsplit=1)[0].strip()
        return bool(head) and (han >= 2 and len(head) <= 12 or bool(LATIN_NAME.match(head)))
    if han:
        core = NOTE_AFTER_NAME.sub("", name)
        return len(core) <= (ASKER_NAME_MAX if ASKER.search(core) else NAME_MAX)
    if family == "bold":
        return len(name) <= 40
    return bool(LATIN_NAME.match(unicodedata.normalize("NFKC", name)))  # full-width letters too (`Ｑ：`)


BULLETS = "●•▪■□◆◇○◎▲△▼★☆▶►・"
"""Reviewed: the marks print interviews and lists set before a paragraph."""
LABEL_MARK = re.compile(rf"^(?:[{BULLETS}]\s*|[*+-]\s+)")
"""A bullet or a Markdown list's mark opening a label line (`●記者：`, `■ 王小明：`, `- 主持人：`): no part of
the name."""
EMPTY_EMPHASIS = re.compile(rf"^(?:\*{{4}}|_{{4}})(?![*_])|(?<![*_])(?:\*{{4}}|_{{4}})(?:(?=\s*{COLON})|$)")
"""Emphasis opened and closed around nothing, opening a label line, before its colon or ending it
(`****Q：您为什么…？****`, `**《远光灯》****：**`), as a page's bold runs come out when copied: no mark of the
label's."""
SPACED_OUT = re.compile(rf"[{HAN}](?:\s+[{HAN}])+")
"""A name spaced out a character at a time to line labels up (`記　者：`, `主 持 人：`), which is one name with
or without the spaces; a title and a name (`主持人 寿小丽`) keep theirs."""


def label_candidate(text: str) -> Label | None:
    """The label a line would carry if its name is a speaker."""
    if text.startswith("#"):
        m = HEADING_LABEL.match(text)
        return Label(m["name"].strip(), m["rest"].strip(), "heading") if m and valid_name(m["name"].strip(), "heading") else None
    text = EMPTY_EMPHASIS.sub("", LABEL_MARK.sub("", text, count=1))
    if m := ROLE_LETTER.match(text):
        return Label(m["name"], m["rest"], "bare")
    for pattern, family in ((BRACKET_LABEL, "bracket"), (BOLD_LABEL, "bold"), (BARE_LABEL, "bare")):
        m = pattern.match(text)
        if m and valid_name(m["name"].strip(), family):
            rest = m["rest"].strip()
            em = m["em"] if family != "bare" else ""
            # the label's emphasis, still open after the colon, closes at its first mark in the words: at
            # their end (`**問：你好嗎？**`, the whole line) or inside them (`**主持人：大规模** **RL** …`)
            closing = rest.find(em) if em and em not in text[m.end("name"):m.start("rest")] else -1
            whole = 0 < closing == len(rest) - len(em)
            if closing >= 0:
                rest = (rest[:closing] + rest[closing + len(em):]).strip()
            elif em and rest.endswith(em) and rest.count(em) % 2:  # a stray mark; not the words' own (`好**啊**`)
                rest = rest.removesuffix(em).rstrip()
            name = m["name"].strip()
            if SPACED_OUT.fullmatch(name):
                name = re.sub(r"\s", "", name)
            if called := HEREAFTER.search(name):
                return Label(name[:called.start()].strip(), rest, family, whole, called["short"])
            return Label(name, rest, family, whole)
        if m and family == "bracket":
            return None  # a bracketed note ([laughs]) is never read as `name:` either
    return None


STAMPED_NAME = rf"(?P<name>[^\s:：︰{SENTENCE}#*()（）\[\]【】][^:：︰{SENTENCE}#*()（）\[\]【】]{{0,29}}?)"
CLOCK = r"(?:上午|下午)\s*\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}:\d{2}(?::\d{2})?\s?[AaPp]\.?[Mm]\.?"
"""A time of day (`10:02 AM`, `下午 3:05`): when something was said, which is no place in a recording."""
STAMPED_LABEL = re.compile(rf"{STAMPED_NAME}(?:\s+(?P<time>{TIME})|\s*[(（\[](?P<held>{TIME})[)）\]]"
                           rf"|\s+(?P<clock>{CLOCK}))(?:\s*{COLON}\s*(?P<rest>.*))?"
                           rf"|{STAMPED_NAME.replace('name', 'after')}\s*{COLON}\s*[(（\[](?P<late>{TIME})[)）\]]")
"""A name and a time, as speech-to-text tools and transcription services write them: alone on a line,
the words on the lines after it (`说话人 1 00:00`, `Speaker 2  1:02:03`, `Mat Ryer (00:15):`,
`Speaker 1: (00:01)`), a heading-style label; or before a colon and the words (`说话人1 00:00:05：…`,
`张三（00:12）：…`). A time of day after the name (`王小明  10:02 AM`, as a meeting's chat or minutes write
it) says when, not where in a recording: the label is taken, the time left out."""
BARE_TIME = re.compile(rf"(?P<time>{TIME})\s+")
"""A time without brackets opening a line (`00:00:05 说话人1：…`): a timestamp when a label follows."""


def stamped_label(words: str) -> tuple[Label, float | None] | None:
    m = STAMPED_LABEL.fullmatch(words)
    name = m and (m["name"] or m["after"])
    if not name or not valid_name(name, "bare"):
        return None
    rest = (m["rest"] or "").strip()
    stamp = m["time"] or m["held"] or m["late"]
    return Label(name, rest, "bare" if rest else "heading"), seconds(stamp) if stamp else None


def after_bare_time(words: str) -> tuple[float, str, Label] | None:
    """A time without brackets opening the words, when a label follows it: the time, the rest and its label."""
    m = BARE_TIME.match(words)
    label = label_candidate(words[m.end():]) if m else None
    return (seconds(m["time"]), words[m.end():], label) if m and label else None


def read_labels(lines: list[Source]) -> None:
    """Take each line's opening timestamp off and find the label it would carry: once per line,
    for every later step to look up."""
    for line in lines:
        if line.text and not line.media:
            line.time, line.words = take_time(line.text)
            timed = after_bare_time(line.words) if line.time is None else None
            if timed:  # its label found once, with the time taken off
                line.time, line.words, label = timed
                line.candidate = unnumbered(label)
            elif stamped := (stamped_label(line.words) if line.time is None else None):
                line.candidate, line.time = stamped
            else:
                line.candidate = unnumbered(label_candidate(line.words))


ROLE_LABELS = {"問": "question", "问": "question", "Q": "question", "答": "answer", "A": "answer"}
"""Reviewed: the labels interviews give the asker and the answerer for what they do, not who they are."""
NUMBERED_ROLE = re.compile(rf"^(?P<role>{'|'.join(ROLE_LABELS)})\s*\d{{1,3}}$")
"""`Q1`, `A1`, `问2`: a question or answer and its number, as interviews in articles label them."""


def unnumbered(label: Label | None) -> Label | None:
    """The label with its number taken off a numbered role (`Q1：` → `Q`): each number is seen once,
    while the asker and the answerer are one each."""
    m = NUMBERED_ROLE.match(unicodedata.normalize("NFKC", label.name)) if label else None
    return Label(label.name[:m.end("role")], label.rest, label.family, label.whole) if m and label else label


def spoken_label(line: Source, speakers: set[str]) -> Label | None:
    """The line's label when its name is a speaker (`read_labels` ran first)."""
    found = line.candidate
    return found if isinstance(found, Label) and found.name in speakers else None


def find_speakers(lines: list[Source], declared: list[str]) -> list[str]:
    """Speaker labels in order of first appearance.

    A name is a speaker when the editor declared it, when it recurs (a one-off
    `黃仁勳談CUDA兼容:英特爾…` is a headline, not a speaker), or when it is written
    in a labelling style the file uses throughout: heading labels (`### 名字：`)
    seen at least twice, or bold or bracketed labels of which one name recurs,
    which admits a guest who speaks once; or when a legend line names it; or, in a short exchange
    where no name recurs (`問：…` then `答：…`), when every line with words (but a title heading)
    opens with a label; or when it names an asker as press conferences do (`ASKER`), or a speaker as
    Taiwan's Legislative Yuan does (`NAMED_IN_OFFICE`), or names someone with a note in brackets and asks
    (`蓝丽婷 (8视界新闻)：…？`, a reporter asking once), or names an official by office and says a sentence
    (`BY_OFFICE`: `財經事務及庫務局局長：…。`); or when it is an asker's or an answerer's role
    label (`問：`, `答：`: `ROLE_LABELS`) and the text has the other too.
    """
    counts: Counter[str] = Counter()
    families: dict[str, Counter[str]] = {"heading": Counter(), "bold": Counter(), "bracket": Counter()}
    order: dict[str, str] = {}
    captions = captions_only(lines)
    legend: set[str] = set()  # the labels a legend line before the first turn names (`問：…；答：…`)
    known: set[str] = set()  # labels proven by what they say of the speaker: what the text calls them below
    # (`訪問者（以下簡稱「問」）`), an outlet in brackets and a question, an office and a sentence
    opening = True
    for line in lines:
        label = line.candidate
        if not isinstance(label, Label) or (label.name in captions or EDITOR_NOTE.match(f"{label.name}：")) \
                and label.name not in declared:
            continue  # a caption, or an editor's note (`**编者按：**…`), which is no one's turn
        if opening and is_legend(label) and line.underline != "=":  # a title underlined `===` is no legend
            legend |= {label.name} | {m[1] for m in LEGEND_ROLE.finditer(label.rest)}
        else:
            opening = False
        if label.called:
            known |= {label.name, label.called}
        elif ASKING.search(label.rest) and NOTE_AFTER_NAME.search(label.name):
            known.add(label.name)  # a reporter named with an outlet, asking (`蓝丽婷 (8视界新闻)：…？`)
        elif label.rest and label.rest[-1] in SENTENCE_END and BY_OFFICE.search(NOTE_AFTER_NAME.sub("", label.name)):
            known.add(label.name)  # an official named by office, answering once (`財經事務及庫務局局長：…。`)
        counts[label.name] += 1
        if label.family in families:
            families[label.family][label.name] += 1
        order.setdefault(label.name, label.family)
    proven = set(declared) | legend | known & set(order) \
        | {name for name in order if ASKER.search(NOTE_AFTER_NAME.sub("", name)) or NAMED_IN_OFFICE.fullmatch(name)}
    worded = [line for line in lines if line.words.strip()]
    if worded and (markdown_title(worded[0].text) or worded[0].underline == "=") or len(worded) >= 3 \
            and isinstance(label := worded[0].candidate, Label) and is_title(label):
        worded = worded[1:]  # a title above the exchange says nothing of its turns, nor is one
    roles = {name: role for name in order if (role := ROLE_LABELS.get(unicodedata.normalize("NFKC", name)))}
    if set(roles.values()) == {"question", "answer"}:
        proven |= set(roles)  # `問：…` and `答：…` are an interview's asker and answerer, however few their turns
    if len(worded) >= 2 and max(counts.values(), default=0) == 1 \
            and all(isinstance(line.candidate, Label) for line in worded):
        proven |= {line.candidate.name for line in worded}  # only labelled lines, none recurring: turns
    for family, names in families.items():
        established = sum(names.values()) >= 2 if family == "heading" else any(n >= 2 for n in names.values())
        if established:
            proven |= set(names)
    return [name for name in order if name in proven or counts[name] >= 2]


def is_title(label: Label) -> bool:
    """`对话创始人：我们为什么要做这件事` first in a file: a title with a colon, short and ending no
    sentence, not a turn of a short exchange (`問：你好？`)."""
    rest = label.rest
    return 0 < len(rest) and len(label.name) + len(rest) < HEADLINE_MAX and rest[-1] not in TERMINAL + "：:"


def is_caption(label: Label) -> bool:
    """`**总结：要点一览**`: a word, a colon and a title, the whole line in emphasis; a title ends no
    sentence, asks nothing and is short. A whole question in bold (`**問：…？**`) is not one."""
    rest = label.rest
    return label.whole and 0 < len(rest) <= HEADLINE_MAX and rest[-1] not in TERMINAL + "：:" \
        and not ASKING.search(rest)


def captions_only(lines: list[Source]) -> set[str]:
    """Label-like names of which every line is a caption (see `is_caption`): a heading the text puts
    in emphasis, not a speaker. One caption among turns written in the same style does not count."""
    seen: dict[str, bool] = {}
    for line in lines:
        if isinstance(label := line.candidate, Label):
            seen[label.name] = seen.get(label.name, True) and is_caption(label)
    return {name for name, caption in seen.items() if caption}


def is_legend(label: Label) -> bool:
    """A label line that says who the speakers are (`**問：記者 甲；答：經理 乙**`): its rest
    names a second label, asks nothing and ends no sentence, and a name or two follow its last colon. Not a
    title with a subtitle (`【2万字实录】OnBoard! ｜对话Gamma创始人Grant：一个颠覆性AI产品的从-1到0，如何…`), nor
    a line opening a list (`PS：…简单介绍下这次对话的嘉宾与两位主理人：`)."""
    rest = label.rest
    named = re.split(COLON, rest)[-1].strip()  # what its last colon says
    return bool(rest) and len(rest) <= 80 and bool(LEGEND_REST.search(rest)) \
        and not ASKING.search(rest) and rest[-1] not in "。！!…" and 0 < len(named) <= 20 and not CLAUSE.search(named)


CLAUSE = re.compile("[，,。；;]")
"""What a name after a legend's colon never holds: the comma of a clause."""


HEADER_FIELDS = {
    "title": ("標題", "标题", "題目", "题目", "主題", "主题", "講題", "讲题", "篇名"),
    "people": ("受訪者", "受访者", "受訪人", "受访人", "受訪對象", "受访对象", "訪問者", "访问者", "訪談者", "访谈者",
               "採訪者", "采访者", "訪問人", "访问人", "訪談人", "访谈人", "採訪人", "采访人", "主訪", "主访", "主持",
               "主持人", "記者", "记者", "嘉賓", "嘉宾", "來賓", "来宾", "與談人", "与谈人", "與談者", "与谈者", "講者",
               "讲者", "主講", "主讲", "主講人", "主讲人", "主席", "出席", "出席者", "出席人員", "出席人员", "列席",
               "列席人員", "列席人员", "記錄", "记录", "紀錄", "纪录", "整理", "文字整理", "記錄整理", "纪录整理", "聽打",
               "听打", "翻譯", "翻译", "口譯", "口译", "攝影", "摄影", "撰稿", "撰文", "編輯", "编辑", "司儀", "司仪"),
    "when": ("日期", "時間", "时间"),
    "where": ("地點", "地点", "場地", "场地", "地址"),
}
"""Reviewed: the fields a record's header gives before the text (`標題：`, `時　　間：`, `受訪者：`, `記者：`),
each also after what is recorded (`訪談時間：`, `會議地點：`, `採訪記者：`): the form's own words, no one's name."""
HEADER_PREFIXES = ("訪談", "访谈", "採訪", "采访", "訪問", "访问", "會議", "会议", "活動", "活动", "座談", "座谈",
                   "節目", "节目", "錄音", "录音")
FIELD_KIND = {word: kind for kind, words in HEADER_FIELDS.items() for word in words}
LIST_MARK = re.compile(rf"^(?:[{BULLETS}*+-]|\d{{1,2}}[.、．)）]|[一二三四五六七八九十]{{1,2}}、)\s*")


def header_field(label: Label) -> str | None:
    """The kind of field ("title", "people", "when" or "where") a label line gives as a record's header does,
    or None: the field is one of `HEADER_FIELDS` (spaced out or not, after a list's mark), and its value
    is a few words that ask nothing and end no sentence."""
    rest = label.rest
    if not rest or len(rest) > 80 or rest[-1] in TERMINAL or ASKING.search(rest):
        return None
    field = re.sub(r"\s", "", LIST_MARK.sub("", label.name))
    if field not in FIELD_KIND:
        field = next((field[len(p):] for p in HEADER_PREFIXES if field.startswith(p)), "")
    return FIELD_KIND.get(field)


def field_value(text: str) -> str:
    """A header field's words after its colon (`日期：2024年5月3日` → `2024年5月3日`)."""
    return re.split(COLON, text, maxsplit=1)[-1].strip()


def section_heading(text: str) -> tuple[str, str] | None:
    """(number, title) for `01 標題` or `## 標題` lines; None for anything else, and for a heading that is
    only a link (`link_heading`)."""
    if (m := SECTION_MARKDOWN.match(text)) and not link_heading(text):
        return "", re.sub(f"{COLON}$", "", m["title"].strip().rstrip("#").strip()).strip()
    m = SECTION_NUMBERED.match(text)
    return (m["number"], m["title"].strip()) if m and heading_title(m["title"]) else None


def link_heading(text: str) -> str:
    """The link a Markdown heading holds and nothing else (`## [拆解 Anthropic…](https://…)`: a list of
    further reading set as headings, as WeChat articles end), which is no section; "" for any other line."""
    if not text.startswith("#") or not (m := SECTION_MARKDOWN.match(text)):
        return ""
    link = m["title"].strip().rstrip("#").strip().strip("*_ ")
    return link if LINK.fullmatch(link) else ""


def heading_title(title: str) -> bool:
    """A numbered line's words are a heading's: they end no sentence, hold no colon (a label's) and have
    Han characters (`2025 年`-style dates and plain numbers are text)."""
    return title[-1] not in TERMINAL and not re.search(COLON, title) and bool(re.search(f"[{HAN}]", title))


CHINESE_NUMBER = "[一二三四五六七八九十百〇零]{1,4}"
SECTION_CHINESE = re.compile(rf"^(?:(?P<a>{CHINESE_NUMBER})、|[（(](?P<b>{CHINESE_NUMBER})[)）]"
                             rf"|第(?P<c>{CHINESE_NUMBER}|\d{{1,3}})(?:部分|節|节|章|篇|場|场|輪|轮))\s*(?P<title>\S.{{0,59}})$")
"""`一、關於經濟形勢`, `（二）對外開放`, `第三部分 答問`: a heading numbered in Chinese, when turns follow it."""


def chinese_section(text: str) -> tuple[str, str] | None:
    """(number, title) of a heading numbered in Chinese: short, ending no sentence, no label. Inside a
    speech such a line may be one of its points (`一、坚持稳中求进`): the caller takes it as a section
    only where a speaker's label comes next."""
    m = SECTION_CHINESE.match(text)
    return (m["a"] or m["b"] or m["c"], m["title"].strip()) if m and heading_title(m["title"]) else None


def part_marker(text: str) -> str | None:
    """The title of a part marker in parentheses (`（英文採訪）`), or None: a note with sentence
    punctuation (`（现场为英文分享，本文…）`), an editor's note (`（註：…）`) or a time is no title."""
    m = PART_MARKER.match(text)
    if m and (EDITOR_NOTE.match(m["title"]) or is_stage_direction(m["title"].strip())):
        return None
    unquoted = m and re.sub(r"「[^「」]*」|“[^“”]*”|《[^《》]*》", "", m["title"])
    if not m or re.search(f"[{re.escape(TERMINAL)}]", unquoted) or TIMES_ONLY.match(text):
        return None
    return m["title"].strip()


def is_stage_direction(words: str) -> bool:
    """`笑`, `眾人鼓掌`, `laughter`, `繼續報告`: a reaction, a pause or a continuation, which the
    text notes where it happens; it heads no part."""
    return bool(REACTION.match(words) or CONTINUATION.match(words))


def is_aside(text: str) -> bool:
    """A paragraph that is all one note in brackets: `（一陣歡笑）`, `[laughs]`, `（註：…）`."""
    return bool(ASIDE.match(text)) and not TIMES_ONLY.match(text)


def markdown_title(text: str) -> str | None:
    m = TITLE_MARKDOWN.match(text)
    return m["title"].strip() if m else None


def ends_open(text: str) -> bool:
    """True when a line stops mid-phrase on a Latin letter or digit: the mark of a hard wrap."""
    return bool(LATIN_END.search(text[-1:]))


WIDE_RUN = re.compile(f"[{HAN}\u3000-\u303f\uff00-\uff60“”‘’…—]+")
SENTENCE_FINAL = re.compile("[。？！?!…」』”）)：:；;]$")
PAGE_NUMBER = re.compile(r"\s*(?:[-—－–]\s*\d{1,4}\s*[-—－–]|第\s*\d{1,4}\s*[頁页]|\d{1,4}\s*/\s*\d{1,4}"
                         r"|[Pp]age\s+\d{1,4}(?:\s+of\s+\d{1,4})?)\s*")
"""A line that is only a page's number (`- 2 -`, `第 3 頁`, `3/12`, `Page 3`), as text copied from a PDF has."""
WRAPPED_LINES = 8
"""Lines of one width, at the least, that show a text cut at a width (copied from a page, a PDF)."""


BREADCRUMB = re.compile(r"\s[>＞]\s|[»›]")
"""A breadcrumb's separator (`首页 > 图片聚焦 > …`, `Home » News`)."""
MENU_ITEM = re.compile(rf"[\w{HAN}][^。，！？!?,;；]{{0,7}}")
"""One of a menu's items between bars (`联系我们| 网站地图| 微信`): a few words, no sentence."""


NAVIGATION_WORDS = frozenset((
    "跳至主要內容", "跳到主要內容", "跳到主要內容區塊", "跳至主要内容", "跳到主要内容", "跳到主要内容区块", "跳至內容",
    "跳至内容", "跳過導覽", "跳过导航", "簡體版", "简体版", "繁體版", "繁体版", "英文版", "中文版", "列印", "列印此頁",
    "列印本頁", "打印", "打印本頁", "打印本页", "打印此頁", "打印此页", "寄給朋友", "寄给朋友", "轉寄", "转寄", "轉發",
    "转发", "分享", "分享到", "收藏", "關閉", "关闭", "返回", "返回頂部", "返回顶部", "回到頂部", "回到顶部", "返回首頁",
    "返回首页", "返回列表", "返回列表頁", "返回列表页", "上一頁", "上一页", "下一頁", "下一页", "上一篇", "下一篇", "首頁", "首页", "主頁", "主页",
    "網站地圖", "网站地图", "聯絡我們", "联系我们", "無障礙瀏覽", "无障碍浏览", "登入", "登錄", "登录", "註冊", "注册"))
"""Reviewed: the words of a web page's own links (skip to the content, another script or language, print,
send, share, close, back, next), which a transcript copied from the page brings along (`跳至主要內容`,
`簡體版 寄給朋友 政府新聞網`, `列印此頁`): no one's words and no title."""
LINK_ROW = re.compile(r"[\s|｜·•/]+")


def is_navigation(text: str) -> bool:
    """A web page's navigation copied with a transcript: a breadcrumb (two separators at least: `您的位置:
    首頁 > 香港萬象 > 详情`) or a row of three menu items or more between bars (`新聞 | 體育 | 娛樂`), not a
    Markdown table's row, which starts and ends with a bar; or a row of the page's own links (`links_only`)."""
    if len(BREADCRUMB.findall(text)) >= 2 or links_only(text):
        return True
    stripped = text.strip()
    if stripped.startswith("|") and stripped.endswith("|") or "|" not in stripped and "｜" not in stripped:
        return False
    items = [item.strip() for item in re.split("[|｜]", stripped) if item.strip()]
    return len(items) >= 3 and all(MENU_ITEM.fullmatch(item) for item in items)


def links_only(text: str) -> bool:
    """A line of a web page's own links (`NAVIGATION_WORDS`), two thirds of its few words at least: `跳至主要內容`,
    `列印此頁`, `簡體版 英文版 寄給朋友 政府新聞網` (the site's name among them), as text or as Markdown's links
    (`[**返回列表页**](/gzh/…)`, a saved page's)."""
    if len(text) <= 500 and ("[" in text or "*" in text):
        text = inline(text)
    words = [word for word in LINK_ROW.split(text.strip()) if word] if len(text) <= 80 else []
    found = sum(word in NAVIGATION_WORDS for word in words)
    return 0 < len(words) <= 8 and found * 3 >= len(words) * 2


def display_width(text: str) -> int:
    """Columns the text takes, a Han character or a full-width mark two: a page is cut at a width so."""
    return len(text) + sum(map(len, WIDE_RUN.findall(text)))


def wrap_width(lines: list[Source]) -> int:
    """The width a text copied from a page (a PDF) was cut at, or 0. Such a text's lines mostly run to
    the page's width, within a character, and end mid-sentence; a text with a paragraph a line has lines
    of every length. Most of its lines of some length must end within two columns of one width, most of
    those without a sentence's end."""
    measured = [(line.text, display_width(line.text)) for line in lines if len(line.text) >= WRAPPED_LINES]
    if len(measured) < WRAPPED_LINES:
        return 0
    widths = Counter(width for _, width in measured)
    width, near = max(((w, widths[w] + widths[w - 1] + widths[w - 2]) for w in widths), key=lambda pair: pair[1])
    if near < WRAPPED_LINES or near * 2 < len(measured):
        return 0
    open_ended = sum(1 for text, w in measured if width - 2 <= w <= width and not SENTENCE_FINAL.search(text))
    return width if open_ended * 10 >= near * 6 else 0


def cut_at(text: str, width: int) -> bool:
    """Whether a line of a text cut at `width` (`wrap_width`) goes on in the next: it runs to the width and
    does not end a sentence."""
    return width > 0 and display_width(text) >= width - 2 and not SENTENCE_FINAL.search(text)


def join_wrapped(before: str, after: str, spaced: bool = False) -> str:
    """Rejoin two pieces of one paragraph split by a line break.

    Two Latin words get their space back ("RTX" + "Pro"); between Han characters
    no space is ever added. Between Latin and Han a space is restored only when
    the text around already spaces Latin from Han ("Claude 和 Perplexity" + "四款"):
    `spaced` says whether the paragraph before did, so only the new piece is searched.
    """
    return before + separator(before, after, spaced or bool(SPACED_MIX.search(before))) + after


def separator(before: str, after: str, spaced: bool) -> str:
    """What goes between two pieces of a paragraph: a space or nothing (see `join_wrapped`)."""
    latin_end, latin_start = bool(LATIN_END.search(before[-1:])), bool(LATIN_START.search(after[:1]))
    if latin_end and latin_start:
        return " "
    if (latin_end or latin_start) and (spaced or SPACED_MIX.search(after)):
        return " "
    return ""
