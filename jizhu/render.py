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

from .convert import Script
from .model import Pair, Transcript
from .outline import summarize, turn_label, worth_listing
from .publish import Publisher
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
    """Renders every page of a site; `scripts` are the scripts it publishes, `interface` converts UI strings."""

    def __init__(self, env: jinja2.Environment, scripts: tuple[Script, ...], interface: Publisher):
        self.env = env
        self.scripts = scripts
        self.interface = interface

    def ui(self, script: Script) -> dict[str, str]:
        return {key: self.interface.text(value, script) for key, value in UI.items()} | {"site_name": SITE_NAME}

    def common(self, script: Script, root: str) -> dict[str, Any]:
        return {"script": script, "root": root, "ui": self.ui(script), "scripts": self.scripts}

    def alternates(self, script: Script, path: str, root: str) -> list[Alternate]:
        return [Alternate(s, f"{root}{s.key}/{path}", s == script) for s in self.scripts]

    def transcript_page(self, transcript: Transcript, script: Script, publisher: Publisher) -> str:
        def t(text: str) -> str:
            return publisher.text(text, script)
        return self.env.get_template("transcript.html").render(
            **self.common(script, "../../"),
            transcript=transcript,
            t=t,
            para=lambda paragraph: t(paragraph.text),
            toc=table_of_contents(transcript, t),
            alternates=self.alternates(script, f"{transcript.slug}/", "../../"),
        )

    def script_index(self, transcripts: list[Transcript], script: Script, publishers: dict[str, Publisher]) -> str:
        return self.env.get_template("script_index.html").render(
            **self.common(script, "../"),
            transcripts=transcripts,
            t_for=lambda tr: (lambda text: publishers[tr.slug].text(text, script)),
            alternates=self.alternates(script, "", "../"),
        )

    def root_index(self) -> str:
        choices = [(s, self.ui(s)) for s in self.scripts]
        return self.env.get_template("index.html").render(
            root="", lang=ROOT_LANG, choices=choices, scripts=self.scripts, ui=self.ui(self.scripts[0]),
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
