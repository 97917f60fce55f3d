"""TOML from content files, with errors at the file's own line numbers."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ..errors import ContentError


def parse_toml(text: str, path: Path, first_line: int = 1, what: str = "") -> dict:
    """The table in `text`, or a ContentError at the line tomllib names.

    `first_line` is the file line `text` starts on (front matter starts below
    its `+++`); `what` names the part of the file ("front matter").
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        at = re.search(r"at line (\d+)", str(err))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err))
        line = first_line - 1 + (int(at.group(1)) if at else 1)
        raise ContentError.at(path, line, f"{what} is not valid TOML: {reason}" if what else
                                          f"not valid TOML: {reason}") from None
