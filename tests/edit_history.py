"""A history of edits over the seed, replayed one step at a time, each step built against the ledger
the step before wrote (as an editor who builds and commits after every edit).

`python tests/edit_history.py` prints, for every step, how many ids were kept, how many of them by
content rather than by position, and every place the matcher had to guess. tests/test_ids.py
asserts after each step that every surviving item kept its id.
"""
from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jizhu.build.content import load  # noqa: E402
from jizhu.reading.model import Transcript  # noqa: E402
from jizhu.scripts.convert import Converter, site_scripts  # noqa: E402

SHARED = ROOT.parent / "shared"
SLUG = "history"


def seed_text() -> str:
    return next((SHARED / "seed").glob("*.txt")).read_text(encoding="utf-8")


def lines_between(text: str, start: str, end: str) -> tuple[int, int]:
    """Indices of the line starting `start` and of the next line starting `end` (exclusive)."""
    lines = text.split("\n")
    a = next(i for i, line in enumerate(lines) if line.startswith(start))
    b = next((i for i in range(a + 1, len(lines)) if lines[i].startswith(end)), len(lines))
    return a, b


def insert_question(text: str) -> str:
    """A new question and answer at the start of section 03."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("03 "))
    lines[at + 1:at + 1] = ["問:先問一個新問題,你這次來北京最想見到誰?", "黃仁勳:我最想見到的是這裏的開發者和合作夥伴。"]
    return "\n".join(lines)


def fix_typo(text: str) -> str:
    """One wrong character in a question put right (還是隻是 → 還是只是 is a script fold, so: 仍 → 還)."""
    return text.replace("問:你們是否仍打算在中國投資", "問:你們是否還打算在中國投資", 1)


def split_paragraph(text: str) -> str:
    """An answer paragraph of section 03 cut in two after its first sentence."""
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("總的來說,這裏涉及到三個層麵"))
    cut = lines[i].index("。") + 1
    lines[i:i + 1] = [lines[i][:cut], lines[i][cut:]]
    return "\n".join(lines)


def join_paragraphs(text: str) -> str:
    """Two answer paragraphs of section 03 made one."""
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("值得一提的是,DeepSeek"))
    lines[i:i + 2] = [lines[i] + lines[i + 1]]
    return "\n".join(lines)


def swap_sections(text: str) -> str:
    """Sections 06 and 07 change places (their numbers stay with the places, as an editor would renumber)."""
    lines = text.split("\n")
    a, b = lines_between(text, "06 ", "07 ")
    _, c = lines_between(text, "07 ", "08 ")
    six, seven = lines[a:b], lines[b:c]
    six[0], seven[0] = "07" + six[0][2:], "06" + seven[0][2:]
    lines[a:c] = seven + six
    return "\n".join(lines)


def delete_pair(text: str) -> str:
    """The pair about other Chinese cities (section 01) removed, question and answer."""
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("問:還會去其他中國城市嗎"))
    del lines[i:i + 2]
    return "\n".join(lines)


def repaste(text: str) -> str:
    """Section 05 pasted again from another copy: full-width punctuation between Chinese, and its
    hard wrap after `DeepSeek` moved to after `DeepSeek R1` (the parser rejoins either)."""
    lines = text.split("\n")
    a, b = lines_between(text, "05 ", "06 ")
    for i in range(a + 1, b):
        lines[i] = re.sub(r"(?<=[^\x00-\x7f])[,:?](?=[^\x00-\x7f])",
                          lambda m: {",": "，", ":": "：", "?": "？"}[m.group()], lines[i])
    wrap = next(i for i in range(a + 1, b) if lines[i].endswith("DeepSeek"))
    rest = lines[wrap + 1]
    assert rest.startswith("R1")
    lines[wrap:wrap + 2] = [lines[wrap] + " R1", rest[2:]]
    return "\n".join(lines)


def override(text: str) -> str:
    """An inline conversion rule in the source: Taiwan readers get 川普, and the published text changes."""
    return text.replace("問:你是否改變了特朗普", "問:你是否改變了-{zh-Hant:川普;zh-Hans:特朗普}-", 1)


@dataclass(frozen=True)
class Step:
    name: str
    edit: Callable[[str], str]


HISTORY = [
    Step("insert a question at the start of section 03", insert_question),
    Step("fix a typo in a question", fix_typo),
    Step("split a paragraph", split_paragraph),
    Step("join two paragraphs", join_paragraphs),
    Step("swap sections 06 and 07", swap_sections),
    Step("delete a pair", delete_pair),
    Step("re-paste section 05 with full-width punctuation and a new hard wrap", repaste),
    Step("add a conversion override that changes published text", override),
]


class Replay:
    """The transcript in a temporary content folder, built (ledger written) after every edit."""

    def __init__(self, folder: Path):
        self.path = folder / SLUG / "transcript.txt"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.converter = Converter(site_scripts((), False))
        self.text = seed_text()

    def build(self) -> Transcript:
        self.path.write_text(self.text, encoding="utf-8")
        transcript = load(self.path, self.converter)
        assert transcript.ids is not None
        transcript.ids.path.write_text(transcript.ids.text, encoding="utf-8")
        return transcript

    def step(self, step: Step) -> Transcript:
        edited = step.edit(self.text)
        assert edited != self.text, f"{step.name}: the edit changed nothing"
        self.text = edited
        return self.build()


def main() -> None:
    import tempfile
    folder = Path(tempfile.mkdtemp())
    try:
        replay = Replay(folder)
        first = replay.build()
        print(f"seed: {len(first.ids.new)} ids")
        totals = [0, 0, 0]
        for step in HISTORY:
            t = replay.step(step)
            ids = t.ids
            totals[0] += ids.kept
            totals[1] += ids.by_content
            totals[2] += len(ids.guesses)
            print(f"\n{step.name}: kept {ids.kept}, by content {ids.by_content}, new {len(ids.new)} "
                  f"{ids.new}, retired {[(r.id, r.at, r.why) for r in ids.retired]}")
            for guess in ids.guesses:
                print(f"  guess{' (low confidence)' if guess.low_confidence else ''}: line {guess.line}: {guess.message}")
        print(f"\ntotal over {len(HISTORY)} steps: kept {totals[0]}, by content {totals[1]}, guesses {totals[2]}")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
