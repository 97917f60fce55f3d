"""Any mix of the shapes the parser knows gives a parse or a `path:line` problem, never a traceback.

Texts are made from pieces of every shape (labels of each style, timestamps,
media and comment markup cut anywhere, CHAT lines, front matter fences), with a
fixed seed so a failure is the same on every run.
"""
from __future__ import annotations

import random

from jizhu.errors import ContentError
from jizhu.reading.parse import parse_text

PIECES = ["問：", "答:", "**名字：**", "**Ann Lee:**", "[主持]", "【甲】", "### 乙：", "# 標題", "===", "---", "+++",
          "> ", "(12:34) ", "\\[01:02\\]", "[00:01:02]", "（笑）", "> （報告：一）", "<figure>", "<img src=x>",
          "</figure>", "<iframe src='https://a.example/c'>", "</iframe>", "<!--", "-->", "[TOC]", "![a](b)",
          "[x](http://a.example)", "- ", "1. ", "*", "_", "**", "文字。", "text ", "?", "？", "\n", "\n\n",
          "@Begin", "*XXA:\t", "%mor:\t", "\t", "title: x", "01 標題", "@UTF8", "（註：x）", "<u>", "</u>", "<br>"]


def test_mixed_shapes_never_raise_anything_else() -> None:
    rng = random.Random(16)
    for _ in range(1500):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30)))
        try:
            parse_text(text)
        except ContentError as err:
            assert all(problem.line >= 1 for problem in err.problems), text
