"""Two labels for one person (`适兕主持人` then `适兕`, `主持人 寿小丽` then `寿小丽`, `主持人（李明）` or
`李明（主持人）` then `李明`, `Daniel Stenberg` then `Stenberg`, a role and the name a legend line gives it):
one speaker, named as the text first names them.

Labels are the same person only on evidence the text gives: a legend line that
pairs a role with a name, the same name with a title on or off (a title is one of
the forms of address transcripts put after a name, or an office written before it and a space), or a full name and one
part of it that no other speaker shares. Nothing here knows anyone's name.
"""
from __future__ import annotations

import re
from collections.abc import Container, Iterable

from .lines import COLON, HAN
from .model import Alias
from .spans import ROLES

# Titles and roles written after a name (Traditional and Simplified): a convention of the form.
TITLES = ("共同召集人", "召集人", "主持人", "主持", "主席", "副主席", "委員", "委员", "部長", "部长", "次長", "次长",
          "政委", "署長", "署长", "局長", "局长", "處長", "处长", "司長", "司长", "院長", "院长", "市長", "市长",
          "主任", "秘書長", "秘书长", "執行長", "执行长", "總經理", "总经理", "經理", "经理", "董事長", "董事长",
          "總裁", "总裁", "創辦人", "创始人", "理事長", "理事长", "教授", "博士", "老師", "老师", "律師", "律师",
          "醫師", "医生", "議員", "议员", "立委", "記者", "记者", "先生", "女士", "小姐", "同學", "同学")
TITLE_END = re.compile(rf"^(?P<stem>.+?)(?P<title>{'|'.join(sorted(TITLES, key=len, reverse=True))})$")
STAND_IN = re.compile(r"[（(][^（()）]*[)）]$")
HAN_NAME = re.compile(f"^[{HAN}]{{2,4}}$")
LEGEND_ENTRY = re.compile(rf"(?P<role>[^\s:：；;|/／、，,]{{1,20}})\s*{COLON}\s*(?P<names>[^:：；;|／]{{1,60}})")


def stem(label: str) -> tuple[str, bool]:
    """The name in a label without a role or stand-in in parentheses, an affiliation after a comma or a
    title after it, and whether any was there: `嚴婉玲委員` → (`嚴婉玲`, True), `李明（主持人）` → (`李明`, True),
    `吴晟，Skywalking` → (`吴晟`, True), `国家统计局局长 康义` → (`康义`, True)."""
    bare = STAND_IN.sub("", label).strip()
    name = re.split("[，,]", bare, maxsplit=1)[0].strip()
    if name and name != bare:
        return stem(name)[0], True
    office, _, last = bare.rpartition(" ")
    if HAN_NAME.match(last) and re.search(f"[{HAN}]", office):
        return last, True  # an office before the name, as a press conference first names its speakers
    m = TITLE_END.match(bare)
    # brackets after a person's name say who they are; after a role, which one (記者（新華社）, 記者（路透社）)
    in_brackets = bare != label.strip() and bare not in ROLES and bare not in TITLES
    return (m["stem"].strip(), True) if m else (bare, in_brackets)


def titled_mention(label: str, labels: Container[str]) -> str:
    """The name `label` gives with a title, where the text also labels turns by that name alone
    (`主持人 寿小丽` and `寿小丽`, `外交部发言人汪文斌` and `汪文斌`), else ""."""
    core, titled = stem(label)
    if titled and len(core) >= 2 and core != label and core in labels:
        return core
    return office_before(label, labels) or named_in_brackets(label, labels)


def named_in_brackets(label: str, labels: Container[str]) -> str:
    """The name a label gives in brackets after a role (`主持人（李明）`), where other turns are labelled by
    that name alone (`李明`), else "". Brackets naming no other label (a stand-in, an affiliation) say
    nothing of who speaks."""
    found = STAND_IN.search(label)
    inner = found.group()[1:-1].strip() if found else ""
    return inner if inner and inner != label and inner in labels else ""


def office_before(label: str, labels: Container[str]) -> str:
    """The Chinese name that ends `label` after an office written straight before it, where the text
    also labels turns by that name (`外交部发言人汪文斌`, then `汪文斌`), else "". A label is at most 12
    characters, so its ends are few to look up."""
    for cut in range(2, len(label) - 1):
        core = label[cut:]
        if core in labels and HAN_NAME.match(core) and HAN_NAME_PART.fullmatch(label[:cut]):
            return core
    return ""


HAN_NAME_PART = re.compile(f"[{HAN}]+")


def aliases(speakers: list[str], legends: list[str], declared: set[str], first_line: dict[str, int],
            called: Iterable[tuple[str, str]] = ()) -> list[Alias]:
    """Labels to read as another speaker's, each with the evidence; `speakers` in order of first use,
    `first_line` where each is first used; `called`: a label and the one its note says the text calls it
    below (`訪問者（以下簡稱「問」）`). A declared speaker is the editor's to name, never merged."""
    order = {name: n for n, name in enumerate(speakers)}
    found: dict[str, Alias] = {}

    def same(a: str, b: str, why: str) -> None:
        if a == b or a in declared or b in declared or a in found or b in found:
            return
        first, later = sorted((a, b), key=order.__getitem__)
        found[later] = Alias(later, first, why, first_line.get(later, 0))

    named = {stem(name)[0]: name for name in reversed(speakers)}  # a name as a legend writes it, bare
    for line in legends:
        for m in LEGEND_ENTRY.finditer(line):
            role = named.get(m["role"].strip("*_ "), m["role"].strip("*_ "))
            for word in re.split(r"[\s、，,]+", m["names"].strip("*_ ")):
                name = word if word in order else named.get(word, "")
                if role in order and name in order:
                    same(role, name, f"a legend line pairs them: {line}")
    for name, short in called:
        if name in order and short in order:
            same(name, short, f"{name}'s label says the text calls them {short} below")
    stems: dict[str, list[str]] = {}
    for name in speakers:
        stems.setdefault(stem(name)[0], []).append(name)
    for core, names in stems.items():
        titled = [n for n in names if stem(n)[1]]
        if len(core) >= 2 and len(names) > 1 and titled:
            for name in names[1:]:
                same(names[0], name, f"the same name with a title on or off ({core})")
    for name in speakers:
        if core := office_before(name, order):
            same(name, core, f"an office before the name ({core})")
        elif core := named_in_brackets(name, order):
            same(name, core, f"a role, then the name in brackets ({core})")
    stemmed = {name: stem(name) for name in speakers}
    holding = names_holding({name: core for name, (core, _) in stemmed.items()})
    for short in speakers:
        core, titled = stemmed[short]
        longer = [n for n in holding(core, titled) if n != short]
        if len(longer) == 1:
            same(longer[0], short, f"a full name, then part of it ({core})")
    return list(found.values())


def names_holding(cores: dict[str, str]):
    """`part_of` for every name at once: the labels whose name (`cores`: label → its bare name) a part
    `core` is part of, found in an index of first and last words and of Chinese names' beginnings, not by
    trying every label for each (which was quadratic in the number of speakers)."""
    by_word: dict[str, dict[str, None]] = {}
    by_start: dict[str, dict[str, None]] = {}
    for name, full in cores.items():
        words = full.split()
        if len(words) >= 2:
            for word in (words[0], words[-1]):
                by_word.setdefault(word, {})[name] = None
        elif HAN_NAME.match(full):
            for end in range(1, len(full)):
                by_start.setdefault(full[:end], {})[name] = None

    def holding(core: str, titled: bool) -> list[str]:
        found = dict(by_word.get(core, {})) if " " not in core else {}
        if titled:
            found.update(by_start.get(core, {}))
        return list(found)
    return holding


def part_of(core: str, titled: bool, full: str) -> bool:
    """`Stenberg` or `Daniel` of `Daniel Stenberg`; `黃` of `黃仁勳` when a title follows it (`黃先生`)."""
    words = full.split()
    if len(words) >= 2 and " " not in core:
        return core in (words[0], words[-1])
    return titled and HAN_NAME.match(full) is not None and 1 <= len(core) < len(full) and full.startswith(core)
