"""The glossary: terms defined once in `content/glossary.toml`, linked where they occur.

    [h20]                                  # the id: the definition's anchor is #g-h20
    term = "H20"                           # as listed in the glossary (either script)
    match = ["H20晶片"]                     # optional: more words to link (either script); the term always is
    definition = \"\"\"
    Markdown, converted to each page's script like notes.
    \"\"\"

Pages link a term at its first occurrence in each question-and-answer pair (and
each turn outside one) and list, in file order, the terms they link.
Occurrences are found in published text, folded like note quotes (fold.py), so
spellings in either script match; a Latin term matches whole words only (CUDA,
not the CUDA in CUDAX).
"""
from __future__ import annotations

import re
from pathlib import Path

from ..scripts.convert import Script
from ..errors import ContentError, Problem
from .fold import FoldedTexts, key
from ..reading.model import Term
from .notes import NAME
from ..scripts.publish import Publisher
from ..reading.source import absent, read_text
from ..reading.tomltext import parse_toml

GLOSSARY_FILE = "glossary.toml"
KEYS = ("term", "match", "definition")
LATIN = re.compile(r"[A-Za-z0-9]")


def load_glossary(content: Path) -> list[Term]:
    """The site's terms, or [] without a glossary file; every problem in the file is reported at once."""
    path = content / GLOSSARY_FILE
    if absent(path):
        return []
    text = read_text(path)
    table = parse_toml(text, path)
    lines = text.splitlines()
    headers = header_lines(lines)
    terms, problems, owner = [], [], {}
    for name, entry in table.items():
        line = headers.get(name, 1)
        try:
            term = read_term(name, entry, path, line, lines)
        except ContentError as err:
            problems += err.problems
            continue
        for spelling in term.spellings:
            other = owner.setdefault(key(spelling), term.id)
            if other != term.id:
                problems.append(Problem(path, line, f"{spelling!r} is already a spelling of [{other[2:]}]"))
        terms.append(term)
    if problems:
        raise ContentError(problems)
    return terms


def read_term(name: str, entry: object, path: Path, line: int, lines: list[str]) -> Term:
    if not isinstance(entry, dict):
        raise ContentError.at(path, line, f"{name!r} must be a table: [{name}] with term and definition under it")
    if not NAME.match(name):
        raise ContentError.at(path, line, f"[{name}] cannot be an anchor: use lowercase letters a-z, digits and "
                                          "inner hyphens")
    unknown = sorted(set(entry) - set(KEYS))
    if unknown:
        raise ContentError.at(path, key_line(lines, line, unknown[0]), f"unknown key {unknown[0]!r} in [{name}]; "
                                                                       f"known keys: {', '.join(KEYS)}")
    for field in ("term", "definition"):
        if not isinstance(entry.get(field), str) or not entry[field].strip():
            raise ContentError.at(path, key_line(lines, line, field), f"[{name}] needs a {field} (a string)")
    match = entry.get("match", [])
    if not isinstance(match, list) or not all(isinstance(m, str) and m.strip() for m in match):
        raise ContentError.at(path, key_line(lines, line, "match"), f'[{name}] match must be a list of words, '
                                                                     'such as ["H20晶片"]')
    spellings = list(dict.fromkeys([entry["term"].strip()] + [m.strip() for m in match]))
    return Term(id=f"g-{name}", name=entry["term"].strip(), spellings=spellings,
                definition=entry["definition"].strip(), path=path, line=line)


HEADER = re.compile(r'\s*\[\s*+"?([^"\]]*+)"?\s*\]')
"""A table's header line, [h20] or ["h20"], and its name (spaces after it included: `header_lines` strips
them). Possessive, so a line that only starts like one (a definition's "[" and a long run of spaces) is
read once: the lazy name of before tried every split of such a run, time quadratic in the line."""


def header_lines(lines: list[str]) -> dict[str, int]:
    """Each table's name -> the line of its header, found in one pass: a look-up from the top for each
    term (a pattern made for each) took time quadratic in the file (1,000 terms took 7 s to read)."""
    found: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if header := HEADER.match(line):
            found.setdefault(header.group(1).rstrip(), number)
    return found


def key_line(lines: list[str], header: int, field: str) -> int:
    """The line of `field = …` in the table that starts at line `header`."""
    for number in range(header + 1, len(lines) + 1):
        text = lines[number - 1]
        if text.lstrip().startswith("["):
            break
        if re.match(rf"\s*{re.escape(field)}\s*=", text):
            return number
    return header


class TermFinder:
    """Finds glossary terms in one script's published text."""

    def __init__(self, terms: list[Term], publisher: Publisher, script: Script):
        self.forms = [(term, {key(s) for s in spellings_in(term, publisher, script)} - {""}) for term in terms]

    def find(self, texts: list[str]) -> list[list[tuple[int, int, Term]]]:
        """For each text: non-overlapping occurrences as published spans, leftmost first and longest
        at one place. A page's paragraphs are searched together (FoldedTexts)."""
        page = FoldedTexts(texts)
        hits: list[list[tuple[int, int, Term]]] = [[] for _ in texts]
        for term, forms in self.forms:
            for index, start, end in page.find(forms):
                a, b = page.folded[index].span(start, end)
                if whole_word(texts[index], a, b):
                    hits[index].append((a, b, term))
        return [leftmost_longest(found) if found else found for found in hits]


def leftmost_longest(hits: list[tuple[int, int, Term]]) -> list[tuple[int, int, Term]]:
    hits.sort(key=lambda h: (h[0], -h[1]))
    chosen, reached = [], 0
    for start, end, term in hits:
        if start >= reached:
            chosen.append((start, end, term))
            reached = end
    return chosen


def spellings_in(term: Term, publisher: Publisher, script: Script) -> set[str]:
    return set(term.spellings) | {publisher.text(s, script) for s in term.spellings}


def whole_word(text: str, start: int, end: int) -> bool:
    """A Latin edge of a match may not continue a Latin word (HBM, not the HBM in HBMX)."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return not (LATIN.match(text[start]) and LATIN.match(before or " ")
                or LATIN.match(text[end - 1]) and LATIN.match(after or " "))
