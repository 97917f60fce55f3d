"""Building a real site once per test session, from the seed plus the sample transcript."""
from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

from jizhu.config import Config
from jizhu.build.site import Project, build
from corpus_cases import SAMPLE, require_shared

ROOT = Path(__file__).resolve().parent.parent
SEED_SLUG = "jensen-huang-beijing-2025-07"
SAMPLE_SLUG = "tw-moda-briefing-2024-04-24"


def build_test_site(base: Path, config: Config = Config()) -> Path:
    """content/ as shipped plus the sample (read from ../shared) as a second transcript, built into base/site."""
    require_shared()
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    (content / SAMPLE_SLUG).mkdir()
    shutil.copy(SAMPLE, content / SAMPLE_SLUG / "transcript.txt")
    build(Project(content=content, templates=ROOT / "templates", out=base / "site", config=config))
    return base / "site"


REQUESTED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}
"""<link> relations that make the browser fetch something (alternates and canonicals do not)."""


class Page(HTMLParser):
    """What a test needs to know of a page: ids, links, resources, lang, text of chosen elements."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.lang = ""
        self.ids: list[str] = []
        self.links: list[str] = []
        self.resources: list[str] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text_parts: list[str] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if tag == "html":
            self.lang = a.get("lang", "")
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe", "source", "audio", "video") and "src" in a:
            self.resources.append(a["src"])
        if tag == "link" and "href" in a and set(a.get("rel", "").split()) & REQUESTED_RELS:
            self.resources.append(a["href"])

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]
