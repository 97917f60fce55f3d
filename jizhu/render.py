"""HTML pages from the model: the Jinja2 environment and what each page is given.

Templates receive the model itself plus `t(text)`, which returns the page's
script, and `para(paragraph)`, a paragraph's published HTML (its text in the
page's script, with any marks added to it). Anything that needs a decision (table-of-contents labels, relative
links, alternates) is computed here, not in templates.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import jinja2

from .convert import SCRIPTS, Converter, Script
from .model import Pair, Transcript
from .outline import summarize, turn_label, worth_listing
from .strings import SITE_NAME, UI

ROOT_LANG = "zh"
"""The script chooser holds both scripts; each link carries its own lang."""


@dataclass(frozen=True, slots=True)
class TocEntry:
    id: str
    label: str
    children: tuple["TocEntry", ...] = ()


@dataclass(frozen=True, slots=True)
class Alternate:
    script: Script
    href: str
    current: bool


def environment(templates: list[Path]) -> jinja2.Environment:
    """Autoescaping, StrictUndefined (a misspelt variable fails the build), user templates first."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in templates]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class Renderer:
    def __init__(self, env: jinja2.Environment, converter: Converter):
        self.env = env
        self.converter = converter

    def translator(self, script: Script, source_script: str = "zh-Hant") -> Callable[[str], str]:
        return lambda text: self.converter.text(text, script.key, source_script)

    def ui(self, script: Script) -> dict[str, str]:
        t = self.translator(script)
        return {key: t(value) for key, value in UI.items()} | {"site_name": SITE_NAME}

    def common(self, script: Script, root: str) -> dict[str, Any]:
        return {"script": script, "root": root, "ui": self.ui(script), "scripts": SCRIPTS}

    def transcript_page(self, transcript: Transcript, script: Script) -> str:
        t = self.translator(script, transcript.script)
        return self.env.get_template("transcript.html").render(
            **self.common(script, "../../"),
            transcript=transcript,
            t=t,
            para=lambda paragraph: t(paragraph.text),
            toc=table_of_contents(transcript, t),
            alternates=[Alternate(s, f"../../{s.key}/{transcript.slug}/", s == script) for s in SCRIPTS],
        )

    def script_index(self, transcripts: list[Transcript], script: Script) -> str:
        return self.env.get_template("script_index.html").render(
            **self.common(script, "../"),
            transcripts=transcripts,
            t_for=lambda tr: self.translator(script, tr.script),
            alternates=[Alternate(s, f"../{s.key}/", s == script) for s in SCRIPTS],
        )

    def root_index(self, transcripts: list[Transcript]) -> str:
        choices = [(s, self.ui(s)) for s in SCRIPTS]
        return self.env.get_template("index.html").render(
            root="", lang=ROOT_LANG, choices=choices, scripts=SCRIPTS, ui=self.ui(SCRIPTS[0]),
        )


def table_of_contents(transcript: Transcript, t: Callable[[str], str]) -> list[TocEntry]:
    """Sections with their questions (and substantial statements outside them, such as an opening
    briefing); an unnumbered transcript's single section has no heading of its own."""
    entries = []
    for section in transcript.sections:
        children = []
        for item in section.items:
            if isinstance(item, Pair):
                children.append(TocEntry(item.id, summarize(t(item.question.paragraphs[0].text))))
            elif worth_listing([p.text for p in item.paragraphs]):
                children.append(TocEntry(item.id, turn_label(t(item.speaker), t(item.paragraphs[0].text))))
        label = t(f"{section.number} {section.title}".strip())
        entries.append(TocEntry(section.id, label, tuple(children)))
    return entries
