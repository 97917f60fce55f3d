"""Section heads printed as a number on a line of its own and the title on the lines after it, as WeChat
articles set them (`**01.**`, then `**如何理解 AGI：**` and `**“通用性”被过度放大**`; or `## **01**`, then
`## **模型是一块有限的存储盘**`): each is read as one heading, `## 01 如何理解 AGI：“通用性”被过度放大`. Left apart,
the number was a section with nothing under it (an error), and a title ending in a colon a speaker's label.
"""
from __future__ import annotations

import re

from .lines import HEADLINE_MAX, join_wrapped
from .markup import Source, inline

NUMBER_ALONE = re.compile(r"(?:#{1,6}\s*)?(?:\*\*|__)?\s*(?P<number>\d{1,2})\s*[.．、]?\s*(?:\*\*|__)?")
"""A line of a section's number and nothing else, in bold or as a heading or neither (`**01.**`, `## **01**`)."""
TITLE_LINE = re.compile(r"#{1,6}\s*(?P<heading>\S.*)|(?P<bold>(?:(?:\*\*|__)[^*_]+(?:\*\*|__)\s*)+)")
"""A line that is a title: a Markdown heading, or wholly in bold (in one run or several: `**最强大的** **RL**`)."""
TITLE_LINES_MAX = 3
GOES_ON = (":", "：", ",", "，", "、")
"""A title line ending so goes on in the next (`Agent 训练就是一个巨大的工厂，` then `训练器和 rollout 要同时运转`)."""


def join_numbered_heads(lines: list[Source]) -> None:
    """Rewrite each such head as one heading line, its title lines left blank: where the numbers run 1, 2, 3 …
    in turn, two heads at least, each number straight followed (blank lines aside) by a short title line,
    and by the next too while the title so far ends in a colon or a comma (`Composer 2.5 同时推进了两个轴：`
    then `Mid-training + 大规模 RL`). A number going on no count, or with no title after it, is left as it is."""
    heads: list[tuple[Source, str, list[int], str]] = []  # the number's line, the number, its title lines, the title
    expected = 1
    for index, line in enumerate(lines):
        m = None if line.media else NUMBER_ALONE.fullmatch(line.text)
        if m is None or int(m["number"]) != expected:
            continue
        titled = title_after(lines, index)
        if titled is not None:
            heads.append((line, m["number"], *titled))
            expected += 1
    if len(heads) < 2:
        return
    for line, number, title_lines, title in heads:
        line.text = f"## {number} {title}"
        for at in title_lines:
            lines[at].text = ""


def title_after(lines: list[Source], index: int) -> tuple[list[int], str] | None:
    """The title lines after the number at `index`, and the title they make, or None."""
    taken: list[int] = []
    title = ""
    for at in range(index + 1, len(lines)):
        line = lines[at]
        if not line.text:
            continue
        m = None if line.media else TITLE_LINE.fullmatch(line.text.strip())
        words = inline(m["heading"] or m["bold"]) if m else ""
        if not words or len(words) > HEADLINE_MAX or NUMBER_ALONE.fullmatch(line.text):
            break
        taken.append(at)
        title = join_wrapped(title, words) if title else words
        if len(taken) == TITLE_LINES_MAX or not title.endswith(GOES_ON):
            break
    return (taken, title) if taken else None
