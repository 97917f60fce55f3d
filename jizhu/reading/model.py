"""The transcript as data: dataclasses only, each carrying the source line it came from.

Text here is always the *source* text (hard wraps repaired, nothing converted);
the published text of each script is made from it by `convert.py` when a page or
the JSON export is written. Ids follow the contract in the README:
section `s01`, pair `s01-q01`, paragraph `s01-q01-p1`, turn outside a pair `s01-t01`,
key point `k01`, intro paragraph `i01`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .relabel import IdChanges

Role = Literal["question", "answer", "other"]


@dataclass(slots=True)
class Media:
    """A picture, an embedded player or a recording the source shows at its place in the text."""

    kind: str
    """"image", "video", "audio" or "embed" (an <iframe> player)."""
    src: str
    """The address as written, checked: http(s) or a relative path; never anything else."""
    alt: str = ""
    """What an image shows, for readers who cannot see it."""


@dataclass(frozen=True, slots=True, order=True)
class Inline:
    """Words of a paragraph that are not plain speech: a link, or a note in brackets."""

    start: int
    end: int
    """Offsets into the paragraph's source text."""
    kind: str
    """"link"; "note" (an editor's, `（註：…）`); "voice" (someone breaking in, `（記者：對）`);
    "direction" (a stage direction, `[laughs]`, `（笑）`)."""
    href: str = ""
    """A link's address, checked by urls.py: http, https, mailto or relative."""


@dataclass(slots=True)
class Paragraph:
    """One paragraph of running text."""

    id: str
    """Permanent anchor, the same in every script."""
    text: str
    """Source text, hard-wrapped lines already rejoined."""
    line: int
    """1-based line of the source file where the paragraph starts."""
    kind: str = "text"
    """"text"; "note" for a stage direction or editor's note standing alone (`（與會者皆無意見）`,
    `[laughs]`); "marker" for a break in the programme (`**Break:** [25:31]`); "media" for a
    picture, embed or recording (`media` says which)."""
    time: float | None = None
    """Seconds into the recording, from a timestamp (`[00:12:34]`) the source put before the paragraph."""
    lang: str = ""
    """"en" for a paragraph written in English; empty for Chinese (the transcript's own language)."""
    media: Media | None = None
    spans: list[Inline] = field(default_factory=list)
    """Links and bracketed notes inside the text, in order (`reading/spans.py`)."""


@dataclass(slots=True)
class Turn:
    """What one speaker says before the next speaker label."""

    id: str
    speaker: str
    """The label as written in the source (e.g. 黃仁勳, 問, 中央社)."""
    role: Role
    paragraphs: list[Paragraph]
    line: int
    kind = "turn"
    continued: bool = False
    """True when the turn goes on from the same speaker's turn in the previous section, which a
    part marker (`> (標題)`) divided: the page does not repeat the speaker's name."""


@dataclass(slots=True)
class Pair:
    """A question and everything said in answer to it, up to the next question."""

    id: str
    turns: list[Turn]
    line: int
    kind = "pair"

    @property
    def question(self) -> Turn:
        return self.turns[0]

    @property
    def answers(self) -> list[Turn]:
        return self.turns[1:]


@dataclass(slots=True)
class Section:
    """A numbered section (`01 標題`), or the single implicit section of an unnumbered transcript."""

    id: str
    title: str
    """Heading text without its number; empty for the implicit section."""
    number: str
    """The number as written in the source ("01"), empty for the implicit section."""
    items: list[Pair | Turn]
    """Pairs and turns outside pairs, in source order."""
    line: int
    level: int = 1
    """1 for a section; 2 (or 3) for a sub-section under a Markdown heading one (two) levels deeper
    than the file's top headings. Ids do not nest: a sub-section is `s05` like any other."""

    @property
    def pairs(self) -> list[Pair]:
        return [item for item in self.items if isinstance(item, Pair)]

    @property
    def turns(self) -> list[Turn]:
        """Every turn, inside pairs or not, in source order."""
        return [t for item in self.items for t in (item.turns if isinstance(item, Pair) else [item])]


@dataclass(slots=True)
class KeyPoints:
    """A list of key points introduced by a lead line ending in a colon."""

    lead: Paragraph | None
    """The line that introduces the list (…核心觀點:), kept as written."""
    points: list[Paragraph]


@dataclass(slots=True)
class FrontMatter:
    """Editor-supplied facts from the optional TOML block at the top of the file."""

    title: str = ""
    date: str = ""
    source: str = ""
    source_url: str = ""
    source_script: str = ""
    """"zh-Hant" or "zh-Hans"; detected from the text when empty."""
    speakers: dict[str, Role] = field(default_factory=dict)
    """Speaker label -> role, for labels the text alone cannot settle."""
    names: list[str] = field(default_factory=list)
    """Proper names to publish whole, never converted character by character (speakers are added)."""
    region: str | None = None
    """A Traditional source's region, "HK" or "TW" (front matter `region`), or None: decided from the text
    (written Cantonese is Hong Kong's, anything else Taiwan's)."""
    converted: bool | tuple[str, ...] | None = None
    """Whether a Traditional source was converted mechanically from Simplified (true: repair it;
    false: publish it as written), or which of its characters were; None: decided from the text."""
    media: str = ""
    """The recording the transcript is of (http or https), which timestamps link into."""
    extra: dict[str, object] = field(default_factory=dict)
    """Front matter keys jizhu does not use, kept for the JSON export and never published as text."""
    format: str = ""
    """"toml" or "yaml": how the front matter was written; empty without front matter."""

    @property
    def day(self) -> str:
        """The date as a page shows it: a date-time's day alone (2020-07-09 of 2020-07-09T20:15:27+08:00,
        which a `<time datetime>` keeps whole)."""
        return self.date[:10]


@dataclass(slots=True)
class Place:
    """Where a note sits in one script's published text: a span of one paragraph's text."""

    paragraph: str
    """Id of the paragraph."""
    start: int
    end: int
    """Offsets in the paragraph's published text; start == end for a note on a whole target,
    whose marker stands at the end of the target's first paragraph."""


@dataclass(slots=True)
class Note:
    """One editorial note: `content/<slug>/notes/<name>.md`."""

    id: str
    """`n-<name>`, the note's permalink in every script."""
    path: Path
    quote: str
    """Exact words of the transcript, in either script; empty for a note on its whole target."""
    target: str
    """Id of a pair, paragraph (or section, turn) to search in; empty for the whole transcript."""
    prefix: str
    suffix: str
    """Words right before or after the quote, to choose one of several places."""
    body: str
    """Markdown source."""
    body_line: int
    """Line of the file where the body starts."""
    key_lines: dict[str, int] = field(default_factory=dict)
    """Front matter key -> its line, for errors."""
    number: int = 0
    """Position among the transcript's notes in reading order, from 1: the marker's number."""
    places: dict[str, Place] = field(default_factory=dict)
    """Script key -> where the note sits on that script's page."""
    media: dict[str, str] = field(default_factory=dict)
    """Image source as written in the body -> the file's path relative to `content/`."""


@dataclass(slots=True)
class Term:
    """A glossary entry, defined once for the whole site."""

    id: str
    """`g-<id>`, the anchor of its definition on a page."""
    name: str
    spellings: list[str]
    """Words linked to the definition in the text, in either script (the name first)."""
    definition: str
    """Markdown source."""
    path: Path
    line: int


@dataclass(frozen=True, slots=True)
class Skipped:
    """A line that looked like structure (a speaker label, a section) and was read as text."""

    line: int
    text: str
    why: str


@dataclass(frozen=True, slots=True)
class Alias:
    """A second label for a speaker (`适兕` for `适兕主持人`): its turns are that speaker's."""

    label: str
    speaker: str
    """The label it is read as: the one of the two the text uses first."""
    why: str
    line: int
    """Where the label is first used."""


@dataclass(frozen=True, slots=True)
class Retired:
    """An id that named something an edit removed: never used again, it still lands on the page."""

    id: str
    at: str
    """The live id of the nearest surviving place; empty for the top of the transcript."""
    why: str
    """"removed" (the page says so when the link is followed) or "merged" (its text is now at `at`)."""


@dataclass(slots=True)
class Transcript:
    """A whole transcript file, parsed."""

    slug: str
    path: Path
    meta: FrontMatter
    title: str
    """Front matter title, else the Markdown `# title` line, else the headline, else the slug."""
    headline: Paragraph | None
    intro: list[Paragraph]
    key_points: KeyPoints | None
    lead_in: list[Paragraph]
    """Preamble lines after the key points that lead into the body (…內容實錄,經騰訊科技編輯整理:)."""
    sections: list[Section]
    speakers: list[str]
    """Speaker labels in order of first appearance."""
    script: str = ""
    """Script of the source text, "zh-Hant" or "zh-Hans": declared in front matter or detected."""
    notes: list[Note] = field(default_factory=list)
    """Editorial notes from `notes/*.md` beside the transcript, in reading order of their places."""
    glossary: list[Term] = field(default_factory=list)
    """The site's glossary (`content/glossary.toml`): terms pages link and list where they occur."""
    cast: list[Paragraph] = field(default_factory=list)
    """Legend lines saying who the speakers are (`問：記者；答：經理`), shown as the cast, never as a turn."""
    lang: str = "zh"
    """"en" when the transcript is written in English (published once, not per script), else "zh"."""
    skipped: list[Skipped] = field(default_factory=list)
    """Lines that looked like labels or markers but were not taken as them, for `check`."""
    local_media: dict[str, str] = field(default_factory=dict)
    """Pictures and recordings the text shows from files under content/: address as written → path
    under content/ (`notes/annotate.py` checks them; the site publishes them under `media/`)."""
    aliases: list[Alias] = field(default_factory=list)
    """Labels read as another speaker's (the text shows they name one person), for `check`."""
    read_as: str = ""
    """How an interview labelling only some of its speakers, or none, was read (`reading/unlabelled.py`), for
    `check`."""
    retired: list[Retired] = field(default_factory=list)
    """Ids of items removed by edits since first publication (`reading/ledger.py`), each landing somewhere."""
    ids: IdChanges | None = None
    """What this parse does to the id ledger (`reading/relabel.py`): written by `build`, reported by `check`."""

    @property
    def headline_is_title(self) -> bool:
        """The headline is the title (a raw text's first line, which names it): a page shows it once."""
        return self.headline is not None and self.headline.text == self.title

    @property
    def pairs(self) -> list[Pair]:
        return [pair for section in self.sections for pair in section.pairs]

    @property
    def turns(self) -> list[Turn]:
        return [turn for section in self.sections for turn in section.turns]

    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph with an id, in reading order (headline, intro, key points, body)."""
        found = [self.headline] if self.headline else []
        found += self.cast
        found += self.intro
        if self.key_points:
            found += ([self.key_points.lead] if self.key_points.lead else []) + self.key_points.points
        found += self.lead_in
        found += [p for turn in self.turns for p in turn.paragraphs]
        return found
