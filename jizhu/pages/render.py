"""HTML pages from the model: the Jinja2 environment and what each page is given.

Templates receive the model itself plus `t(text)`, which returns the page's
script, and `para(paragraph)`, a paragraph's published HTML (its text in the
page's script, with any marks added to it). Anything that needs a decision (table-of-contents labels, relative
links, alternates) is computed here, not in templates.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, urlsplit

import jinja2
from jinja2.loaders import split_template_path

from ..scripts.convert import Script
from markupsafe import Markup

from ..reading.model import Pair, Paragraph, Retired, Transcript
from .listing import Listing, by_year
from ..reading.source import read_text
from .media import media_markup, time_markup
from ..notes.marks import PageMarks, marked, seam_inserts
from ..notes.markdown import MEDIA
from .outline import MEANINGFUL, names_a_topic, summarize, turn_label, worth_listing
from .print_links import number_links
from .retired import landings
from ..scripts.publish import Publisher
from .share import OpenGraph, excerpt, locales, preview
from ..strings import SITE_NAME, interface

SITEMAP_URLS = 50_000
"""The most URLs one sitemap may list (sitemaps.org); a thousand transcripts have 122,000 pages."""
ROOT_LANG = "zh"
"""The script chooser holds both scripts; each link carries its own lang."""


@dataclass(frozen=True, slots=True)
class TocEntry:
    id: str
    label: str
    children: tuple["TocEntry", ...] = ()
    level: int = 1
    """A section's level: sub-sections are set in under their section."""


@dataclass(frozen=True, slots=True)
class Alternate:
    script: Script
    href: str
    """Relative link, for readers: works at any root, under a subpath and from file://."""
    current: bool
    url: str = ""
    """Absolute URL when the site URL is known (canonical and hreflang links), else the relative link."""


class TemplateLoader(jinja2.FileSystemLoader):
    """Jinja2's file loader, but a template that is not UTF-8 is a `path:line: message` problem (at the
    line of its first bad byte), as a content file would be."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            pass
        for folder in self.searchpath:
            path = Path(folder, *split_template_path(template))
            if path.is_file():
                read_text(path)  # raises the problem, at its line
        raise jinja2.TemplateNotFound(template)


def environment(templates: list[Path], cache: Path | None = None) -> jinja2.Environment:
    """Autoescaping, StrictUndefined (a misspelt variable fails the build), user templates first.
    `cache`: a folder keeping compiled templates between builds (Jinja checks each one's source is
    unchanged before using it)."""
    return jinja2.Environment(
        loader=TemplateLoader([str(p) for p in templates]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache)) if cache else None,
    )


def title_markup(title: str) -> Markup:
    """A title, escaped, with a break opportunity wherever a Latin word meets Han characters (`seam_inserts`)."""
    return marked(title, [], seam_inserts(title))


def published_scripts(transcript: Transcript | Listing, scripts: tuple[Script, ...]) -> tuple[Script, ...]:
    """The scripts a transcript has pages in: every one, but an English transcript is published once."""
    return scripts[:1] if transcript.lang == "en" else scripts


class Renderer:
    """Renders every page of a site; `scripts` are the scripts it publishes."""

    def __init__(self, env: jinja2.Environment, scripts: tuple[Script, ...], spacing: str = "as-written",
                 site_url: str = "", media_hosts: tuple[str, ...] = ()):
        self.env = env
        self.media_hosts = media_hosts
        """Hosts whose media a page may load (`[media] hosts` in jizhu.toml)."""
        self.scripts = scripts
        self._share_marks: tuple[Transcript, Script, Publisher, PageMarks] | None = None
        self.spacing = spacing
        self.site_url = site_url

    def url(self, path: str, relative: str) -> str:
        """The absolute URL of a site path where the site URL is known; else the relative link."""
        return self.site_url + path if self.site_url else relative

    def ui(self, script: Script) -> dict[str, str]:
        """The script's reviewed interface strings (strings.py), never converted."""
        return interface(script.lang)

    def common(self, script: Script, root: str) -> dict[str, Any]:
        return {"script": script, "root": root, "ui": self.ui(script), "scripts": self.scripts,
                "spacing": self.spacing, "x_default": self.url("", root or "./"), "site_url": self.site_url}

    def alternates(self, script: Script, path: str, root: str) -> list[Alternate]:
        """The page in every script; the current one gives the canonical URL."""
        return [Alternate(s, f"{root}{s.key}/{path}", s == script, self.url(f"{s.key}/{path}", f"{root}{s.key}/{path}"))
                for s in self.scripts]

    def transcript_page(self, transcript: Transcript, script: Script, publisher: Publisher) -> str:
        def t(text: str) -> str:
            return publisher.text(text, script)
        note_ui = self.ui(script)
        marks = PageMarks(transcript, script, publisher, note_ui, "../../")
        contents = table_of_contents(transcript, t)
        notes, addresses = number_links(marks.notes)
        def paragraph(p: Paragraph) -> Markup:
            """A paragraph's HTML: its time first, a media paragraph as its figure."""
            shown = marks.paragraph(p, seams=p is transcript.headline)  # the headline breaks between phrases
            if p.media:
                local = transcript.local_media.get(p.media.src)
                shown = media_markup(p.media, shown, self.media_hosts,
                                     f"../../{MEDIA}/{quote(local)}" if local else "")
            if p.time is not None:
                shown = time_markup(p.time, transcript.meta.media) + shown
            return shown
        return self.env.get_template("transcript.html").render(
            **self.common(script, "../../"),
            transcript=transcript,
            title=title_markup(t(transcript.title)),
            t=t,
            para=paragraph,
            notes=notes,
            print_links=addresses,
            landings=landings(transcript, self.ui(script)),
            glossary=marks.terms,
            note_ui=note_ui,
            toc=contents + annotation_entries(marks, note_ui),
            pair_labels=pair_labels(transcript, contents, t),
            og=self.open_graph(script, t(transcript.title), excerpt(t(
                transcript.headline.text if transcript.headline else " ".join(p.text for p in transcript.paragraphs()[:2]))),
                SITE_NAME, f"{script.key}/{transcript.slug}/"),
            quote_marks=tuple(publisher.quote_marks(script)),
            alternates=[a for a in self.alternates(script, f"{transcript.slug}/", "../../")
                        if a.script in published_scripts(transcript, self.scripts)],
        )

    def moved_page(self, transcript: Transcript, script: Script) -> str:
        """The page an English transcript has in the other scripts: a link to its one page."""
        home = published_scripts(transcript, self.scripts)[0]
        return self.env.get_template("moved.html").render(
            script=script, title=transcript.title, href=f"../../{home.key}/{transcript.slug}/index.html")

    def script_index(self, listings: list[Listing], script: Script) -> Iterator[str]:
        """The script's index page, a piece at a time (`Template.generate`): it lists every transcript, so a
        large site's is made as it is written, never held whole (`whole` joins it)."""
        ui = self.ui(script)
        years = [(ui["year"].format(year) if year else ui["undated"], f"y-{year or 'undated'}", entries)
                 for year, entries in by_year(listings)]
        return self.env.get_template("script_index.html").generate(
            **self.common(script, "../"),
            transcripts=listings, years=years,
            t_for=lambda entry: entry.texts[script.key].__getitem__,
            alternates=self.alternates(script, "", "../"),
        )

    def search_page(self, listings: list[Listing], script: Script) -> Iterator[str]:
        """The search page: search with filters (search.js); without JavaScript, every transcript and section.
        A piece at a time, as `script_index`."""
        return self.env.get_template("search.html").generate(
            **self.common(script, "../../"),
            transcripts=listings,
            t_for=lambda entry: entry.texts[script.key].__getitem__,
            alternates=self.alternates(script, "search/", "../../"),
        )

    def share_page(self, transcript: Transcript, pair: Pair, script: Script, publisher: Publisher) -> str:
        """A small page for one answer, whose link previews the question and answer (share.py)."""
        def t(text: str) -> str:
            return publisher.text(text, script)
        shared = preview(pair, t)
        path = f"{script.key}/{transcript.slug}/{pair.id}/"
        marks = self.share_marks(transcript, script, publisher)
        return self.env.get_template("share.html").render(
            **self.common(script, "../../../"),
            transcript=transcript, pair=pair, t=t, preview=shared, para=marks.paragraph,
            og=self.open_graph(script, shared.title, shared.description, f"{t(transcript.title)} · {SITE_NAME}", path),
            alternates=self.alternates(script, f"{transcript.slug}/{pair.id}/", "../../../"),
        )

    def share_marks(self, transcript: Transcript, script: Script, publisher: Publisher) -> PageMarks:
        """The note markers of a transcript's share pages in one script, made once for all of its answers,
        which are rendered one after another. A marker leads to its note on the transcript's page: a share
        page carries no copy of the notes (nor glossary links: the glossary is there too)."""
        cached = self._share_marks
        if cached is None or cached[0] is not transcript or cached[1] != script or cached[2] is not publisher:
            marks = PageMarks(transcript, script, publisher, self.ui(script), "../../../", link_glossary=False, notes_at="../")
            cached = self._share_marks = (transcript, script, publisher, marks)
        return cached[3]

    def retired_share_page(self, transcript: Transcript, retired: Retired, script: Script, publisher: Publisher) -> str:
        """The share page of an answer an edit removed: it says so and links to where the answer was."""
        def t(text: str) -> str:
            return publisher.text(text, script)
        ui = self.ui(script)
        return self.env.get_template("share_retired.html").render(
            **self.common(script, "../../../"), transcript=transcript, t=t, retired=retired,
            notice=ui["removed_answer" if retired.why == "removed" else "merged_answer"],
            alternates=self.alternates(script, f"{transcript.slug}/{retired.id}/", "../../../"),
        )

    def open_graph(self, script: Script, title: str, description: str, site_name: str, path: str) -> OpenGraph:
        locale, alternates = locales(script.lang, [s.lang for s in self.scripts])
        return OpenGraph(title, description, site_name, locale, alternates, self.url(path, ""))

    def not_found_page(self) -> str:
        """404.html: GitHub Pages serves it at any missing path, so its links start from <base>."""
        base = urlsplit(self.site_url).path if self.site_url else "/"
        return self.env.get_template("404.html").render(
            base=base, root="", lang=ROOT_LANG, choices=[(s, self.ui(s)) for s in self.scripts], ui=self.ui(self.scripts[0]))

    def sitemaps(self, transcripts: list[Listing]) -> Iterator[tuple[str, str]]:
        """`sitemap.xml` listing every page; needs the site URL (sitemaps hold absolute URLs). A site of more
        pages than one sitemap may list gets `sitemap-1.xml` … and `sitemap.xml` names them. Each file is
        made as it is taken, from addresses made as they are listed: 10,000 transcripts have a million."""
        def paths() -> Iterator[tuple[str, tuple[Script, ...]]]:
            yield from (("", self.scripts), ("search/", self.scripts))
            yield from ((f"{t.slug}/", published_scripts(t, self.scripts)) for t in transcripts)
            yield from ((f"{t.slug}/{p.id}/", published_scripts(t, self.scripts)) for t in transcripts for p in t.pairs)
        urls = chain([self.site_url], (self.url(f"{script.key}/{path}", "") for path, published in paths()
                                       for script in published))
        sitemap = self.env.get_template("sitemap.xml")
        part, following = list(islice(urls, SITEMAP_URLS)), list(islice(urls, SITEMAP_URLS))
        if not following:  # one file holds them all (the next part is read ahead to know)
            yield "sitemap.xml", sitemap.render(urls=part)
            return
        names: list[str] = []
        while part:
            names.append(f"sitemap-{len(names) + 1}.xml")
            yield names[-1], sitemap.render(urls=part)
            part, following = following, list(islice(urls, SITEMAP_URLS))
        yield "sitemap.xml", self.env.get_template("sitemap_index.xml").render(
            sitemaps=[self.url(name, "") for name in names])

    def root_index(self) -> str:
        choices = [(s, self.ui(s)) for s in self.scripts]
        return self.env.get_template("index.html").render(
            root="", lang=ROOT_LANG, choices=choices, scripts=self.scripts, ui=self.ui(self.scripts[0]),
            canonical=self.url("", "./"),
            alternates=[Alternate(s, f"{s.key}/", False, self.url(f"{s.key}/", f"{s.key}/")) for s in self.scripts],
        )


def annotation_entries(marks: PageMarks, strings: dict[str, str]) -> list[TocEntry]:
    """Contents entries for the notes and the glossary at the end of the page, when it has them."""
    return ([TocEntry("notes", strings["notes"])] if marks.notes else []) + (
        [TocEntry("glossary", strings["glossary"])] if marks.terms else [])


def pair_labels(transcript: Transcript, contents: list[TocEntry], t: Callable[[str], str]) -> dict[str, str]:
    """Each question's heading for screen readers: its contents label, made here for a question the
    contents leave out (`outline.names_a_topic`)."""
    listed = {entry.id: entry.label for section in contents for entry in section.children}
    return {pair.id: listed.get(pair.id) or summarize(t(pair.question.paragraphs[0].text)) for pair in transcript.pairs}


def table_of_contents(transcript: Transcript, t: Callable[[str], str]) -> list[TocEntry]:
    """Sections with their questions (and substantial statements outside them, such as an opening
    briefing); an unnumbered transcript's single section has no heading of its own."""
    entries = []
    for section in transcript.sections:
        children = []
        for item in section.items:
            if isinstance(item, Pair):
                if names_a_topic("".join(p.text for p in item.question.paragraphs)):
                    children.append(TocEntry(item.id, summarize(t(item.question.paragraphs[0].text))))
            elif worth_listing([p.text for p in item.paragraphs]):
                # named by its first paragraph that says something: not a conversation's 係囖. or Yeah.
                said = next((p for p in item.paragraphs if len(p.text) >= MEANINGFUL), item.paragraphs[0])
                children.append(TocEntry(item.id, turn_label(t(item.speaker), t(said.text))))
        label = t(f"{section.number} {section.title}".strip())
        entries.append(TocEntry(section.id, label, tuple(children), section.level))
    return entries
