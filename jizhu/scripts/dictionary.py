"""Editor overrides for conversion, in the spirit of MediaWiki's conversion rules.

Three sources, the most specific winning:
- inline in the text: `-{zh-Hant:川普;zh-Hans:特朗普}-` for one place, or `-{原文}-`
  to publish words exactly as written in every script; the markup never shows;
- `content/<slug>/conversions.toml` for one transcript, then `content/conversions.toml`
  for the whole site:

      [phrases]
      "合作夥伴" = { zh-Hant = "合作夥伴" }   # OpenCC would write 合作伙伴
      "特朗普" = { zh-TW = "川普" }            # on Taiwan pages only

  A phrase may be written in either script: it is matched in the Simplified text
  every page is made from. A form for zh-Hant also serves zh-TW and zh-HK unless
  they have their own; a script without a form gets OpenCC's conversion.
- names from front matter (speakers and `names`), which are never converted
  character by character.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import ContentError
from ..reading.source import absent, read_text
from ..reading.tomltext import parse_toml

LANGS = ("zh-Hant", "zh-Hans", "zh-TW", "zh-HK")
INLINE = re.compile(r"-\{(?P<body>[^{}]*)\}-")
INLINE_FORM = re.compile(r"^\s*(zh-(?:Hant|Hans|TW|HK))\s*:(.*)$", re.I)
REGIONAL_FALLBACK = {"zh-TW": "zh-Hant", "zh-HK": "zh-Hant"}


@dataclass(frozen=True, slots=True)
class Rule:
    """A phrase and what it becomes in some scripts; where it was written, for the report."""

    forms: dict[str, str]
    origin: str
    """`path:line` of the rule, or "inline" / "name"."""

    def form(self, lang: str) -> str | None:
        if lang in self.forms:
            return self.forms[lang]
        fallback = REGIONAL_FALLBACK.get(lang)
        return self.forms.get(fallback) if fallback else None


def canonical_lang(tag: str) -> str:
    for lang in LANGS:
        if lang.lower() == tag.lower():
            return lang
    raise ValueError(tag)


def parse_inline(body: str) -> dict[str, str] | None:
    """`zh-Hant:川普;zh-Hans:特朗普` -> forms; a body without script tags -> None (protect as written)."""
    parts = [p for p in body.split(";") if p.strip()]
    forms = {}
    for part in parts:
        m = INLINE_FORM.match(part)
        if not m:
            return None
        forms[canonical_lang(m.group(1))] = m.group(2).strip()
    return forms or None


def split_inline(text: str) -> list[tuple[str, Rule | None]]:
    """Text split into plain pieces and inline rules, in order."""
    pieces: list[tuple[str, Rule | None]] = []
    last = 0
    for m in INLINE.finditer(text):
        if m.start() > last:
            pieces.append((text[last:m.start()], None))
        forms = parse_inline(m["body"])
        protected = m["body"]
        rule = Rule(forms if forms is not None else {lang: protected for lang in LANGS}, "inline")
        pieces.append((m.group(0), rule))
        last = m.end()
    if last < len(text):
        pieces.append((text[last:], None))
    return pieces


def strip_inline(text: str, lang: str) -> str:
    """The text as a reader of `lang` sees it, markup removed: for matching and lengths, not conversion."""
    return "".join(rule.form(lang) or "" if rule else piece for piece, rule in split_inline(text))


class Dictionary:
    """Phrase rules keyed by their Simplified form; longest phrase wins where several match."""

    def __init__(self, rules: dict[str, Rule] | None = None):
        self.rules: dict[str, Rule] = dict(rules or {})
        self._starts: tuple[re.Pattern[str], dict[str, list[str]]] | None = None

    def merged(self, more_specific: "Dictionary", keep_names: bool = False) -> "Dictionary":
        """These rules, overridden by `more_specific`'s; with `keep_names`, a name stays a name and only
        takes the other's forms (扎克伯格 in the names list, its Taiwan form 祖克柏 in conversions.toml)."""
        rules = self.rules | more_specific.rules
        if keep_names:
            for key, name in self.rules.items():
                other = more_specific.rules.get(key)
                if other is not None and name.origin.startswith("name"):
                    rules[key] = Rule(name.forms | other.forms, name.origin)
        return Dictionary(rules)

    def segments(self, simplified: str) -> list[tuple[str, Rule | None]]:
        """`simplified` cut into runs OpenCC converts and phrases a rule decides: from left to right, at
        each place the longest phrase starting there. Only the places holding a phrase's first character
        are tried, each against the phrases starting with it, where one alternation of every phrase tried
        them all: a transcript's passes over the seed with a names list of 1,000 took 42 ms, of 5,000 303 ms
        (now 12 and 27 ms; 100 names, 1.7 ms then and 2.2 now). Each place looks up one slice for each
        length a phrase starting with its character has, not each such phrase: 4,000 speakers whose names
        share their first characters made that try every name at every place."""
        if not self.rules:
            return [(simplified, None)] if simplified else []
        if self._starts is None:
            lengths: dict[str, set[int]] = {}
            for key in self.rules:
                if key:
                    lengths.setdefault(key[0], set()).add(len(key))
            by_first = {first: sorted(found, reverse=True) for first, found in lengths.items()}
            self._starts = (re.compile("[" + "".join(map(re.escape, sorted(by_first))) + "]"), by_first)
        firsts, by_first = self._starts
        rules = self.rules
        pieces: list[tuple[str, Rule | None]] = []
        last = 0
        for found in firsts.finditer(simplified):
            start = found.start()
            if start < last:  # inside the phrase just taken
                continue
            # the longest phrase here: a look-up for each length a phrase with this first character has
            # (a few), not a try of each phrase (thousands of names share a surname)
            for length in by_first[simplified[start]]:
                key = simplified[start:start + length]
                if len(key) == length and key in rules:
                    break
            else:
                continue
            if start > last:
                pieces.append((simplified[last:start], None))
            pieces.append((key, self.rules[key]))
            last = start + len(key)
        if last < len(simplified):
            pieces.append((simplified[last:], None))
        return pieces


TOKENS = re.compile(r""""(?:[^"\\\n]|\\.)*+(")?|'[^'\n]*+(')?|#.*|[^"'#]+""")
"""A TOML line's pieces, left to right: a basic string ("…", escapes included) or a literal one ('…'),
each with its closing quote if it has one; a comment; anything else. Each place is read once (the loops
possessive, the closing quote optional): a quote that opens no string on its line costs no rescan."""


def quoted_lines(lines: list[str]) -> dict[str, int]:
    """Each string as written ("伙伴", '伙伴', "伙\\t伴") -> the first line holding it, found in one pass
    over the file: looking each phrase up line by line took time quadratic in the file (16,000 phrases
    took 6 to 10 s to read, 16,000 names 10 s)."""
    found: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        for piece in TOKENS.finditer(line):
            if piece.group(1) or piece.group(2):  # a string closed on its line
                found.setdefault(piece.group(0), number)
    return found


LINE_BREAKING = frozenset({"Cc", "Zl", "Zp"})
"""Unicode categories of the characters no phrase holds: control characters (a tab, a line break) and
line and paragraph separators. The matchers read every phrase as a line of a dictionary, "phrase TAB marks":
one holding a tab or a line break stopped the build (OpenCC: "Invalid text dictionary")."""


def load_dictionary(path: Path, to_simplified: Callable[[str], str]) -> Dictionary:
    """Rules from a conversions.toml; a missing file is an empty dictionary."""
    if absent(path):
        return Dictionary()
    text = read_text(path)
    lines = text.splitlines()
    written = quoted_lines(lines)

    def line_of(key: str) -> int:
        return next((n for n, line in enumerate(lines, 1) if key in line), 1)

    table = parse_toml(text, path)
    unknown = set(table) - {"phrases"}
    if unknown:
        name = sorted(unknown)[0]
        raise ContentError.at(path, line_of(name), f"unknown table [{name}]; rules go under [phrases]")
    phrases = table.get("phrases", {})
    if not isinstance(phrases, dict):
        raise ContentError.at(path, line_of("phrases"), '[phrases] must be a table, one phrase a line: '
                                                        '[phrases] then "发明" = { zh-Hant = "發明" }')
    rules: dict[str, Rule] = {}
    for phrase, forms in phrases.items():
        line = next((written[k] for k in (f'"{phrase}"', json.dumps(phrase, ensure_ascii=False), f"'{phrase}'")
                     if k in written), 1)  # as written, or escaped
        if not phrase.strip():  # it would match between every two characters of every page
            raise ContentError.at(path, line, f"phrase {phrase!r} is empty; a phrase needs words to match")
        if any(unicodedata.category(c) in LINE_BREAKING for c in phrase):  # a phrase is a line of OpenCC's
            raise ContentError.at(path, line, f"phrase {phrase!r} holds a control character (a tab or a line "
                                              "break, as \\t or \\n): a phrase is words as a text writes them")
        if not isinstance(forms, dict) or not forms or not all(isinstance(v, str) for v in forms.values()):
            raise ContentError.at(path, line, f'phrase {phrase!r} needs forms such as {{ zh-Hant = "…" }}')
        try:
            canonical = {canonical_lang(lang): form for lang, form in forms.items()}
        except ValueError as err:
            raise ContentError.at(path, line, f"unknown script {err.args[0]!r} for {phrase!r}; "
                                              f"scripts are {', '.join(LANGS)}") from None
        rules[to_simplified(phrase)] = Rule(canonical, f"{path}:{line}")
    return Dictionary(rules)


FRONT_MATTER_NAME = "name (front matter)"
"""The origin of a transcript's names from its front matter; its speakers' are plain "name"."""


def name_rules(names: list[str], source_lang: str, to_simplified: Callable[[str], str],
               to_traditional: Callable[[str], str], origin: str = "name") -> Dictionary:
    """Proper names published whole, never pulled into a neighbouring phrase: as written in the
    source's script, converted as one unit in the other (黃仁勳 ↔ 黄仁勋). Traditional to Simplified
    is many-to-one and safe; where OpenCC gets a Simplified name's Traditional form wrong, give it in
    conversions.toml or write it in Traditional in the names list.
    """
    rules: dict[str, Rule] = {}
    for name in names:
        if source_lang == "zh-Hans":
            forms = {"zh-Hans": name, "zh-Hant": to_traditional(name)}
        else:
            forms = {"zh-Hant": name, "zh-Hans": to_simplified(name)}
        rules[to_simplified(name)] = Rule(forms, origin)
    return Dictionary(rules)


def load_names(path: Path, to_simplified: Callable[[str], str],
               to_traditional: Callable[[str], str]) -> Dictionary:
    """The site-wide names list (`content/names.toml`: `names = ["黃仁勳", …]`), each name in
    Traditional or Simplified; a missing file is an empty list."""
    if not path.is_file():
        return Dictionary()
    text = read_text(path)
    table = parse_toml(text, path)
    lines = text.splitlines()
    names = table.get("names", [])
    unknown = set(table) - {"names"}
    if unknown or not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        key = sorted(unknown)[0] if unknown else "names"
        line = next((n for n, line in enumerate(lines, 1) if line.lstrip().startswith(key)), 1)
        raise ContentError.at(path, line, 'the names list is one key, names = ["黃仁勳", "雷軍"]: '
                                          "non-empty strings")
    rules: dict[str, Rule] = {}
    written = quoted_lines(lines)
    for name in names:
        line = written.get(f'"{name}"') or written.get(f"'{name}'") or 1
        written_in = "zh-Hant" if to_simplified(name) != name else "zh-Hans"  # or the same in both
        rules |= name_rules([name], written_in, to_simplified, to_traditional, f"name ({path}:{line})").rules
    return Dictionary(rules)
