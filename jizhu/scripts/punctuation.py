"""Chinese punctuation for published text: half-width marks among Chinese become full-width.

The seed sets `,` `:` `?` `(` `)` between Chinese characters (問:這是…, 智能(Wave 1),第二代);
published pages use ，：？（） there. A mark is changed only when a neighbour is
Chinese; numbers (4,000, 3.5, 9:30), Latin text and URLs are left exactly as written.
A full stop typed `.` (係啊.) becomes 。 only between Chinese and the end or more Chinese:
報告.pdf, 第3.5版, an ellipsis `...` and a list's `一.` keep it.
"""
from __future__ import annotations

import re
from itertools import compress

from .sparse import SparseTable

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef“”‘’—…·"
CHINESE = f"[{HAN}{CJK_PUNCT}]"
FULL_WIDTH = {",": "，", ":": "：", "?": "？", "!": "！", ";": "；", ".": "。", "(": "（", ")": "）"}
MARKS = frozenset(FULL_WIDTH) | frozenset(FULL_WIDTH.values()) | frozenset('"“”')
"""Every character `full_width` and `straight_quotes_to_curly` replace or write."""
PROTECTED = re.compile(r"(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*://\S+|www\.\S+"
                       r"|(?<![a-z0-9._%+-])[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+|`[^`]*`", re.I)
r"""URLs, e-mail addresses and code are never touched. Each is tried only where a run of its
characters starts (the look-behinds), so a long run without `://` or `@` costs one pass, not
one pass per character (`\S+@` was quadratic on text without spaces)."""


CHINESE_CHAR = re.compile(CHINESE)


def is_chinese(char: str) -> bool:
    return bool(char) and CHINESE_CHAR.match(char) is not None


def neighbour(text: str, index: int, step: int) -> str:
    """The nearest non-space character before (step -1) or after (step 1) `index`."""
    i = index + step
    while 0 <= i < len(text) and text[i] == " ":
        i += step
    return text[i] if 0 <= i < len(text) else ""


def full_width(text: str) -> str:
    """`text` with half-width punctuation among Chinese made full-width; spaces around a changed mark go."""
    if not has_marks(text):
        return text  # what `convert_span` would say of each part: most text of a Chinese source
    out: list[str] = []
    last = 0
    for m in PROTECTED.finditer(text):
        out.append(convert_span(text[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(convert_span(text[last:]))
    return "".join(out)


MARK = re.compile("[,:?!;.]")
LIST_NUMBER = re.compile("\\s*[一二三四五六七八九十百零〇]{1,4}\\s*")
"""What stands before the `.` of a list's item numbered in Chinese (一. 引言): a few characters, so only
a `.` near the start is tried (a try per mark over the whole text before it would be quadratic)."""
PARENTHESIS = re.compile("[()]")


def has_marks(text: str) -> bool:
    """Whether `text` holds a mark `convert_span` may change (a `)` alone is left as it is)."""
    return "(" in text or MARK.search(text) is not None


def convert_span(text: str) -> str:
    """Marks first, then brackets, so `AI(Wave 2),現在` sees the full-width comma after its bracket."""
    if not has_marks(text):
        return text  # most paragraphs of a Chinese source: nothing to change, no pass per character
    chars = list(text)
    changed: set[int] = set()
    for mark in MARK.finditer(text):
        i, char = mark.start(), mark.group()
        before, after = neighbour(text, i, -1), neighbour(text, i, 1)
        if char == ".":
            if full_stop(text, i, before, after):
                chars[i] = "。"
                changed.add(i)
            continue
        if char in ",:" and before.isdigit() and after.isdigit():
            continue  # 4,000 and 9:30
        # Chinese right after the mark (AI,第二代) or before it makes it Chinese; "world! 然後" stays Latin.
        attached_after = text[i + 1] if i + 1 < len(text) else ""
        ends_chinese_clause = after == "" and re.search(f"[{HAN}][^{HAN},:?!;。，：？！；]*$", text[:i])
        if is_chinese(before) or is_chinese(attached_after) or ends_chinese_clause:
            chars[i] = FULL_WIDTH[char]
            changed.add(i)
    marked = "".join(chars)
    for opening, closing in closing_parens(marked).items():
        inside = marked[opening + 1:closing]
        if (is_chinese(neighbour(marked, opening, -1)) or is_chinese(neighbour(marked, closing, 1))
                or re.search(f"[{HAN}]", inside)):
            chars[opening], chars[closing] = "（", "）"
            changed |= {opening, closing}
    return drop_spaces_beside(chars, changed) if changed else marked


def full_stop(text: str, i: int, before: str, after: str) -> bool:
    """Whether the `.` at `i` ends a Chinese sentence: Chinese before it and nothing, or Chinese, after;
    not one of an ellipsis' dots nor a list's number (一.)."""
    if text[i - 1:i] == "." or text[i + 1:i + 2] == ".":
        return False
    return (is_chinese(before) and (after == "" or is_chinese(after))
            and not (i < 12 and LIST_NUMBER.fullmatch(text, 0, i)))


def closing_parens(text: str) -> dict[int, int]:
    """Index of each "(" -> index of its ")" (unbalanced ones are left out)."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for bracket in PARENTHESIS.finditer(text):
        if bracket.group() == "(":
            stack.append(bracket.start())
        elif stack:
            pairs[stack.pop()] = bracket.start()
    return pairs


def drop_spaces_beside(chars: list[str], changed: set[int]) -> str:
    """A full-width mark carries its own space: `AI , 它` reads `AI，它`. Only marks this module made."""
    keep = [True] * len(chars)
    for i in changed:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(chars) and chars[j] == " ":
                keep[j] = False
                j += step
    return "".join(compress(chars, keep))


QUOTE_PAIRS = {"“": "「", "”": "」", "‘": "『", "’": "』"}
CORNER = SparseTable(str.maketrans(QUOTE_PAIRS))
CURLY = SparseTable(str.maketrans({v: k for k, v in QUOTE_PAIRS.items()}))


def corner_quotes(text: str) -> str:
    """Traditional-style quotation marks: “” → 「」 and ‘’ → 『』."""
    return CORNER(text)


def curly_quotes(text: str) -> str:
    """Mainland quotation marks: 「」 → “” and 『』 → ‘’."""
    return CURLY(text)


QUOTED_CHINESE = re.compile(rf'"([^"\n]*[{HAN}][^"\n]*)"')


def straight_quotes_to_curly(text: str) -> str:
    """Paired ASCII double quotes around Chinese ("虛擬合作") become “虛擬合作”."""
    return QUOTED_CHINESE.sub(r"“\1”", text) if '"' in text else text
