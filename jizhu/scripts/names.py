"""People's names a text shows: a name written after an office or a role, and written again.

News writing names a person after their office or role, then again (主席余慧明 … 余慧明強調, 被告鍾耀華
… 鍾耀華今). Such a name is published whole, as front matter's names are: neither an OpenCC phrase
inside it (李志喜 read as 志|喜 → 誌喜) nor the text's evidence on a character (鍾 repaired to 鐘 where a
converted text writes 分鍾) reaches it. Where the text was converted mechanically, or is Simplified, each
of its characters takes its default form and its surname the surname's own: a blind converter writes every
余 as 餘 and every 钟 as one form, and OpenCC's s2t writes 主席餘慧明. A surname written in a form that is
no surname (餘) is the converter's in any text.
Everything here is in Simplified, as the pivot writes it.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .dictionary import Dictionary, Rule
from .punctuation import HAN
from .tables import WORD_MIN, char_default, word_frequencies

FOUND_NAME = "name (found after an office)"
"""The origin of a name found in the text (`found_names`), for the report."""

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向"
            "汤岑邝麦区伍欧涂古关骆甘容卓柯温")
"""Reviewed: the commonest surnames of one character (Mainland, Taiwan and Hong Kong: 岑, 邝, 麦, 区, 伍)."""

OFFICES = ("主席", "副主席", "议员", "立法会议员", "区议员", "律师", "大律师", "法官", "裁判官", "被告", "常委", "召集人",
           "发言人", "局长", "副局长", "司长", "署长", "处长", "主任", "教授", "博士", "医生", "记者", "总裁", "行政总裁",
           "董事长", "社长", "校长", "会长", "院长", "部长", "市长", "省长", "县长", "总统", "副总统", "总理", "委员",
           "秘书长", "主持人", "创办人", "经理", "总监", "警司", "总警司", "督察", "导演", "作家", "特首", "行政长官",
           "候选人", "负责人", "创会会长", "牧师", "神父", "主教", "法师", "研究员", "讲师", "学者")
"""Reviewed: offices and roles news writing puts straight before a person's name (主席余慧明, 大律師李志喜)."""

ADDRESSED = frozenset(OFFICES) | frozenset(("先生", "女士", "小姐", "太太", "老师", "同学"))
"""Reviewed: what follows a surname where a person is addressed, not named (彭委員, 陳先生)."""

SURNAME_FORMS = {"余": "余", "钟": "鍾", "于": "于", "范": "范", "姜": "姜", "郁": "郁", "涂": "涂", "沈": "沈",
                 "谷": "谷", "岳": "岳", "干": "干", "胡": "胡", "周": "周"}
"""Reviewed: surnames whose character has other Traditional forms for other words, and the surname's own
(余, not 餘 "surplus"; 鍾, not 鐘 "clock"; 于, not 於; 范, not 範; 郁, not 鬱; 涂, not 塗; 岳, not 嶽)."""

NO_SURNAME = {"餘": "余", "範": "范", "鬱": "郁", "鬍": "胡", "週": "周", "穀": "谷", "嶽": "岳", "瀋": "沈", "幹": "干"}
"""Reviewed: Traditional forms that are no surname ("surplus", "model", "gloomy", "beard", "week", "grain",
"high mountain", Shenyang's 瀋, "trunk"), each with the surname's own form: only a converter writes 餘慧明.
Not 鐘, 於, 塗 or 乾, which are surnames too (鐘鎮濤, 於梨華)."""

AFTER_OFFICE = re.compile(f"(?:{'|'.join(sorted(OFFICES, key=len, reverse=True))})(?=([{SURNAMES}][{HAN}]{{2}}))")
THREE_FROM_SURNAME = re.compile(f"(?=([{SURNAMES}][{HAN}]{{2}}))")


def found_names(pivots: Iterable[str]) -> list[str]:
    """Names of three characters (a surname of `SURNAMES` and two more) that come straight after an office
    (`OFFICES`) at least once and are written at least twice, not beginning with a word of the word list
    (主任|周一, 主席|方面: 周一, 方面 are words; the list's famous names, 鍾鎮濤, are names still). Counted in
    one pass over the text."""
    text = "\n".join(pivots)
    after_office = {m.group(1) for m in AFTER_OFFICE.finditer(text)}
    if not after_office:
        return []
    written = Counter(m.group(1) for m in THREE_FROM_SURNAME.finditer(text))
    words = word_frequencies()
    return sorted(name for name in after_office if written[name] >= 2 and name[1:] not in ADDRESSED
                  and words.get(name[:2], 0) < WORD_MIN)


def with_surname(name: str, simplified: str) -> str:
    """A Traditional name with its surname in the surname's own form (`SURNAME_FORMS`)."""
    form = SURNAME_FORMS.get(simplified[:1])
    return form + name[1:] if form and name else name


def name_rules(names: list[str]) -> Dictionary:
    """Found names as the names dictionary holds them: Simplified as found, Traditional as a Simplified
    source's is published (`traditional_name`; a Traditional source's as written, `Publisher.name`)."""
    return Dictionary({name: Rule({"zh-Hans": name, "zh-Hant": traditional_name(name)}, FOUND_NAME) for name in names})


def traditional_name(simplified: str) -> str:
    """A found name in Traditional: each character in its default form (no phrase across a name: 志|喜), the
    surname in the surname's own (`SURNAME_FORMS`)."""
    return with_surname(simplified.translate(char_default()), simplified)


def no_converter_surname(name: str) -> str:
    """A Traditional name as written, but where its surname is a form that is no surname (`NO_SURNAME`)."""
    form = NO_SURNAME.get(name[:1])
    return form + name[1:] if form else name
