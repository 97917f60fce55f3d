"""Where OpenCC's installed files are, and its own configurations set up with other dictionaries.

OpenCC sets up s2t.json's conversion (a group of its phrase and character dictionaries) in
about 45 ms, the first time in a process, and a single dictionary in a few. The same steps
with one dictionary in place of the group convert as s2t does where that dictionary
matches as the group would: on characters one a line (`lone_characters_s2t`), the character
dictionary alone. (Words and names: `scripts.s2t`.)
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import opencc

SHARE = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
"""The dictionaries (.ocd2) and configurations (.json) the opencc package installs."""


def share_file(name: str) -> Path:
    return SHARE / name


def compiled_file(path: Path) -> dict:
    """A dictionary of a configuration: an OpenCC-compiled file, of the type its suffix names: `.ocd2`, the
    MARISA trie the package installs, or `.ocd`, a double-array trie (darts), three times the size on disk
    but about three times as fast to match prefixes in (the kept matchers: over the seed's paragraphs,
    1.7 ms against 5.4 ms)."""
    return {"type": path.suffix.lstrip("."), "file": str(path.absolute())}


def converter(config: dict, name: str) -> opencc.OpenCC:
    """OpenCC set up from `config` (a configuration as JSON has it, each dictionary's file absolute),
    written as `name`.json."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.json"
        path.write_text(json.dumps(config), encoding="utf-8")
        return opencc.OpenCC(str(path))  # reads the dictionaries now, so the folder may go


def own_config(name: str, conversion: dict) -> dict:
    """OpenCC's configuration `name` ("s2t") converting with the dictionary `conversion` alone: its other
    steps (the normalization of compatibility ideographs, a segmentation) as installed."""
    config = absolute(installed_config(name))
    config["conversion_chain"] = [{"dict": conversion}]
    return config


def installed_config(name: str) -> dict:
    return json.loads(share_file(f"{name}.json").read_text(encoding="utf-8"))


def converts_with(name: str) -> set[str]:
    """The files of the dictionaries OpenCC's configuration `name` converts with ({"STPhrases.ocd2", …}):
    what a converter standing for its conversion must be made of."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if isinstance(node.get("file"), str):
                found.add(node["file"])
            for value in node.values():
                walk(value)
    walk(installed_config(name).get("conversion_chain"))
    return found


def absolute(node: object) -> object:
    """`node` with each dictionary's file named as under SHARE (OpenCC reads them beside the configuration)."""
    if isinstance(node, list):
        return [absolute(item) for item in node]
    if not isinstance(node, dict):
        return node
    found = {key: absolute(value) for key, value in node.items()}
    if isinstance(found.get("file"), str):
        found["file"] = str(SHARE / found["file"])
    return found


def lone_characters_s2t() -> opencc.OpenCC:
    """OpenCC's s2t for text of one character a line: no phrase of its dictionaries is one character
    long (tests/test_opencc_setup.py checks every ideograph), so on such text s2t's group converts as
    its character dictionary alone, which OpenCC sets up at once. (s2t.json itself should it convert with
    another dictionary of characters than the one checked.)"""
    if "STCharacters.ocd2" not in converts_with("s2t"):
        return opencc.OpenCC("s2t.json")
    return converter(own_config("s2t", compiled_file(share_file("STCharacters.ocd2"))), "s2t-characters")
