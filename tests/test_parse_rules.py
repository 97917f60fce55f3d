"""Parser rules pinned by small readable cases in fixtures/parse_rules.txt."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from jizhu.reading.parse import parse_text
from outline_format import outline

FIXTURES = Path(__file__).parent / "fixtures" / "parse_rules.txt"


def cases() -> list[tuple[str, str, str]]:
    text = FIXTURES.read_text(encoding="utf-8")
    found = []
    for chunk in re.split(r"^~~~ ", text, flags=re.M)[1:]:
        title, _, rest = chunk.partition("\n")
        source, _, expected = rest.rpartition("\n---\n")  # sources may hold --- lines
        found.append((title.strip(), source, expected.strip()))
    return found


@pytest.mark.parametrize(("title", "source", "expected"), cases(), ids=[c[0][:60] for c in cases()])
def test_rule(title: str, source: str, expected: str) -> None:
    assert outline(parse_text(source)) == expected
