"""Keeping published ids through edits: a fresh parse's positional ids replaced by the ledger's.

The parse numbers sections, pairs and paragraphs by position. When the
transcript has a ledger (`ledger.py`), its paragraphs are matched to the
ledger's by content (`align.py`); a pair or turn keeps the id of the ledger item
most of its text comes from (its question counting double), a section that of
the section most of its text comes from (its title counting too). What matched
keeps its id, wherever it moved; what is new gets a number never used in this
transcript; what is gone is retired, landing at the nearest surviving place.

A pure function of the parse and the ledger: nothing is written here.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError
from .align import CONFIDENT, Link, align, match_key
from .ledger import LEDGER_FILE, NUMBER, Entry, Ledger, ledger_text, read_ledger
from .model import Pair, Paragraph, Retired, Section, Transcript, Turn
from .source import read_text

STRANGER_MIN = 10
STRANGER_SHARE = 5
"""A ledger of at least STRANGER_MIN ids of which fewer than 1/STRANGER_SHARE still match is refused."""
QUESTION_WEIGHT = 2
"""A pair is mostly its question: its question's text counts this many times in deciding which pair it is."""


@dataclass(frozen=True, slots=True)
class Guess:
    """A place where the matcher had to choose: reported by `check`, for the editor to confirm."""

    id: str
    line: int
    """Line of the transcript."""
    message: str
    low_confidence: bool = False


@dataclass(slots=True)
class IdChanges:
    """What this parse does to the ledger: the file as it should now read and what changed."""

    path: Path
    text: str
    """The ledger for this parse."""
    previous: str | None
    """The ledger file as it is, None when there is none."""
    renumbered: bool = False
    new: list[str] = field(default_factory=list)
    retired: list[Retired] = field(default_factory=list)
    """Retired by this parse."""
    guesses: list[Guess] = field(default_factory=list)
    kept: int = 0
    """Ledger ids still naming something."""
    by_content: int = 0
    """Of those, how many differ from the id the item's position gives it."""

    @property
    def stale(self) -> bool:
        return self.text != self.previous


@dataclass(slots=True)
class Side:
    """One version of the transcript as matching sees it: sections, items, paragraphs per zone."""

    sections: list[str] = field(default_factory=list)
    """Title match keys."""
    items: list[tuple[str, int]] = field(default_factory=list)
    """(kind "q" or "t", section index)."""
    paragraphs: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: {zone: [] for zone in ZONES})
    """Zone -> (match key, item index or -1) in reading order."""


ZONES = ("c", "i", "k", "p")
"""Paragraphs are matched within their zone: cast, intro (and lead lines), key points, body."""


def zone_of(id_: str) -> str:
    return id_[0] if id_[0] in "cik" else "p"


def ledger_side(entries: list[Entry]) -> Side:
    side = Side()
    for entry in entries:
        if entry.kind == "section":
            side.sections.append(match_key(entry.text))
        elif entry.kind == "item":
            side.items.append((entry.id.split("-")[1][0], len(side.sections) - 1))
        elif entry.kind == "paragraph":
            side.paragraphs["p"].append((match_key(entry.text), len(side.items) - 1))
        else:
            side.paragraphs[zone_of(entry.id)].append((match_key(entry.text), -1))
    return side


def preamble(transcript: Transcript) -> list[Paragraph]:
    """Cast, intro, key points and lead-in paragraphs in reading order (the headline's id never changes)."""
    kp = transcript.key_points
    return transcript.cast + transcript.intro + ([kp.lead] if kp and kp.lead else []) + (kp.points if kp else []) + transcript.lead_in


def items_of(transcript: Transcript) -> list[tuple[Section, Pair | Turn]]:
    return [(section, item) for section in transcript.sections for item in section.items]


def item_paragraphs(item: Pair | Turn) -> list[tuple[Paragraph, bool]]:
    """(paragraph, is it the question's)."""
    if isinstance(item, Turn):
        return [(p, False) for p in item.paragraphs]
    return [(p, index == 0) for index, turn in enumerate(item.turns) for p in turn.paragraphs]


def transcript_side(transcript: Transcript) -> tuple[Side, dict[str, list[Paragraph]], list[bool]]:
    """The parse as a Side, its paragraphs per zone, and for each body paragraph whether it asks."""
    side = Side()
    zones: dict[str, list[Paragraph]] = {zone: [] for zone in ZONES}
    asks: list[bool] = []
    for p in preamble(transcript):
        side.paragraphs[zone_of(p.id)].append((match_key(p.text), -1))
        zones[zone_of(p.id)].append(p)
    index = {id(s): n for n, s in enumerate(transcript.sections)}
    side.sections = [match_key(s.title) for s in transcript.sections]
    for n, (section, item) in enumerate(items_of(transcript)):
        side.items.append(("q" if isinstance(item, Pair) else "t", index[id(section)]))
        for p, is_question in item_paragraphs(item):
            side.paragraphs["p"].append((match_key(p.text), n))
            zones["p"].append(p)
            asks.append(is_question)
    return side, zones, asks


def choose(votes: Counter[tuple[int, int]], same_kind=lambda new, old: True) -> dict[int, int]:
    """new index -> old index, the heaviest votes first, each side used once."""
    chosen: dict[int, int] = {}
    used: set[int] = set()
    for (new, old), _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
        if new not in chosen and old not in used and same_kind(new, old):
            chosen[new] = old
            used.add(old)
    return chosen


class Numbers:
    """The next never-used number after each id prefix (`s03-q` -> 9), over live and retired ids."""

    def __init__(self, known: set[str]):
        self.highest: dict[str, int] = defaultdict(int)
        for id_ in known:
            for m in NUMBER.finditer(id_):
                prefix = id_[:m.start()]
                self.highest[prefix] = max(self.highest[prefix], int(m.group()))

    def fresh(self, prefix: str, width: int) -> str:
        self.highest[prefix] += 1
        return f"{prefix}{self.highest[prefix]:0{width}d}"


def ledger_path(transcript: Transcript) -> Path:
    return transcript.path.parent / LEDGER_FILE


def apply_ledger(transcript: Transcript, renumber: bool = False) -> IdChanges:
    """Give `transcript` its ledger's ids (positional ids when it has none, or when renumbering),
    set its retired ids, and say what the ledger should now read."""
    path = ledger_path(transcript)
    previous = read_text(path) if path.is_file() else None
    ledger = None if renumber else read_ledger(path)
    if ledger is None:
        renumber_turns(transcript)
        changes = IdChanges(path, "", previous, renumbered=renumber and previous is not None)
        changes.new = [id_ for id_, _ in live_entries(transcript)]
    else:
        changes = Relabel(transcript, ledger, previous).run()
    changes.text = ledger_text(transcript.slug, live_entries(transcript), transcript.retired)
    return changes


def renumber_turns(transcript: Transcript) -> None:
    """Turn ids follow their pair's id and their place in it (`-q`, `-a1`…); a turn outside a pair is its item."""
    for _, item in items_of(transcript):
        if isinstance(item, Pair):
            for index, turn in enumerate(item.turns):
                turn.id = f"{item.id}-q" if index == 0 else f"{item.id}-a{index}"


def live_entries(transcript: Transcript) -> list[tuple[str, str]]:
    """(id, text) of every id the ledger records, in reading order."""
    found = [(p.id, p.text) for p in preamble(transcript)]
    for section in transcript.sections:
        found.append((section.id, section.title))
        for item in section.items:
            found.append((item.id, item.question.speaker if isinstance(item, Pair) else item.speaker))
            found += [(p.id, p.text) for p, _ in item_paragraphs(item)]
    return found


class Relabel:
    """One matching of a parse to its ledger."""

    def __init__(self, transcript: Transcript, ledger: Ledger, previous: str | None):
        self.transcript, self.ledger = transcript, ledger
        self.changes = IdChanges(ledger.path, "", previous)
        self.old = ledger_side(ledger.entries)
        self.new, self.zones, self.asks = transcript_side(transcript)
        entries = ledger.entries
        self.old_ids = {"s": [e.id for e in entries if e.kind == "section"],
                        "item": [e.id for e in entries if e.kind == "item"],
                        "p": [e.id for e in entries if e.kind == "paragraph"]}
        for zone in "cik":
            self.old_ids[zone] = [e.id for e in entries if e.kind == "preamble" and e.id[0] == zone]
        self.old_lines = {e.id: e.line for e in entries}
        self.old_texts = {e.id: e.text for e in entries}
        self.merged: dict[str, str] = {}
        """Old id -> the live paragraph its text was joined into."""

    def run(self) -> IdChanges:
        links = {zone: align([k for k, _ in self.old.paragraphs[zone]], [k for k, _ in self.new.paragraphs[zone]])
                 for zone in ZONES}
        positional = self.ids_now()  # before relabelling: the parse's own
        items = self.match_items(links["p"])
        sections = self.match_sections(links["p"], items)
        known = self.ledger.known()
        numbers = Numbers(known)
        for n, section in enumerate(self.transcript.sections):
            section.id = self.old_ids["s"][sections[n]] if n in sections else numbers.fresh("s", 2)
        for n, (section, item) in enumerate(items_of(self.transcript)):
            kind = "q" if isinstance(item, Pair) else "t"
            item.id = self.old_ids["item"][items[n]] if n in items else numbers.fresh(f"{section.id}-{kind}", 2)
        renumber_turns(self.transcript)
        for zone in ZONES:
            self.label_paragraphs(zone, links[zone], numbers)
        entries = live_entries(self.transcript)
        live = {id_ for id_, _ in entries}
        self.changes.new = [id_ for id_, _ in entries if id_ not in known]
        self.changes.kept = sum(e.id in live for e in self.ledger.entries)
        self.changes.by_content = sum(final in self.old_texts and final != positional[key]
                                      for key, final in self.ids_now().items())
        self.refuse_a_stranger()
        self.retire(live)
        self.report_shared(self.item_votes, items, self.old_ids["item"], [item for _, item in items_of(self.transcript)],
                           "pair or turn")
        self.report_shared(self.section_votes, sections, self.old_ids["s"], self.transcript.sections, "section")
        return self.changes

    def refuse_a_stranger(self) -> None:
        """A ledger of which almost nothing still matches is another text's (a copied folder, a bad
        hand edit): an error, never a silent reset of every id."""
        entries = self.ledger.entries
        kept = self.changes.kept
        if len(entries) >= STRANGER_MIN and kept * STRANGER_SHARE < len(entries):
            raise ContentError.at(self.ledger.path, entries[0].line, (
                f"only {kept} of the {len(entries)} ids in this ledger still name something in "
                f"{self.transcript.path.name}: it looks like another transcript's ledger. Fix it; if the "
                f"transcript was never published, `python build.py --renumber {self.transcript.slug}` starts its "
                "ids again"))

    def everything(self) -> list[Section | Pair | Turn | Paragraph]:
        found: list[Section | Pair | Turn | Paragraph] = [*self.transcript.sections]
        found += [item for _, item in items_of(self.transcript)]
        return found + [p for zone in ZONES for p in self.zones[zone]]

    def ids_now(self) -> dict[int, str]:
        """Each section's, item's and paragraph's id as it stands, by object."""
        return {id(thing): thing.id for thing in self.everything()}

    def match_items(self, links: list[Link]) -> dict[int, int]:
        """New item index -> ledger item index, by where their paragraphs' text comes from."""
        votes: Counter[tuple[int, int]] = Counter()
        for link in links:
            for j in link.new:
                key, new_item = self.new.paragraphs["p"][j]
                weight = max(len(key), 1) * (QUESTION_WEIGHT if self.asks[j] else 1) / len(link.old)
                for i in link.old:
                    votes[(new_item, self.old.paragraphs["p"][i][1])] += weight
        self.item_votes = votes
        return choose(votes, lambda new, old: self.new.items[new][0] == self.old.items[old][0])

    def match_sections(self, links: list[Link], items: dict[int, int]) -> dict[int, int]:
        """New section index -> ledger section index, by where their text comes from, titles included."""
        votes: Counter[tuple[int, int]] = Counter()
        for link in links:
            for j in link.new:
                key, new_item = self.new.paragraphs["p"][j]
                for i in link.old:
                    old_item = self.old.paragraphs["p"][i][1]
                    votes[(self.new.items[new_item][1], self.old.items[old_item][1])] += max(len(key), 1) / len(link.old)
        titles = {key: n for n, key in enumerate(self.old.sections) if key and self.old.sections.count(key) == 1}
        content = Counter()
        for (new, _), weight in votes.items():
            content[new] += weight
        for n, key in enumerate(self.new.sections):
            if key in titles:  # a section is its title as much as all its text
                votes[(n, titles[key])] += max(content[n], len(key) * QUESTION_WEIGHT)
        self.section_votes = votes
        chosen = choose(votes)
        if not chosen and len(self.new.sections) == len(self.old.sections) == 1:
            chosen = {0: 0}  # one unnamed section, all its text rewritten: still the same section
        return chosen

    def label_paragraphs(self, zone: str, links: list[Link], numbers: Numbers) -> None:
        paragraphs = self.zones[zone]
        old_ids = self.old_ids[zone]
        assigned: dict[int, str] = {}
        for link in links:
            id_ = assigned[link.new[0]] = old_ids[link.old[0]]
            for joined in link.old[1:]:
                self.merged[old_ids[joined]] = id_
            if link.similarity < 1:
                old = old_ids[link.old[0]]
                self.changes.guesses.append(Guess(
                    id_, paragraphs[link.new[0]].line,
                    f"{id_} matched by similarity {link.similarity:.2f} to {self.ledger.path}:{self.old_lines[old]}: "
                    f"{excerpt(self.old_texts[old])} → {excerpt(paragraphs[link.new[0]].text)}",
                    link.similarity < CONFIDENT))
        items = [item for _, item in items_of(self.transcript)]
        for j, p in enumerate(paragraphs):
            if j in assigned:
                p.id = assigned[j]
            elif zone == "p":
                p.id = numbers.fresh(f"{items[self.new.paragraphs['p'][j][1]].id}-p", 0)
            else:
                p.id = numbers.fresh(zone, 2)

    def retire(self, live: set[str]) -> None:
        """Every ledger id no longer live lands at the nearest surviving place."""
        entries = self.ledger.entries
        index = {e.id: n for n, e in enumerate(entries)}
        places = Landing(entries, live, self.merged, self.transcript.sections[0].id if self.transcript.sections else "")
        earlier = []
        for r in self.ledger.retired:
            if r.at == "" or r.at in live:
                earlier.append(r)
            else:
                at, why = places.of(index[r.at])
                earlier.append(Retired(r.id, at, "removed" if "removed" in (r.why, why) else "merged"))
        now = [Retired(e.id, *places.of(n)) for n, e in enumerate(entries) if e.id not in live]
        self.transcript.retired = earlier + now
        self.changes.retired = now

    def report_shared(self, votes: Counter[tuple[int, int]], chosen: dict[int, int], old_ids: list[str],
                      things: list, what: str) -> None:
        """A guess wherever one ledger item's text is now in several places, or one new item holds
        several ledger items' text, in shares close enough (the second at least half the first) that
        which one keeps the id was a judgement."""
        by_old: dict[int, list[tuple[float, int]]] = defaultdict(list)
        by_new: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for (new, old), weight in votes.items():
            by_old[old].append((weight, new))
            by_new[new].append((weight, old))
        for old, shares in sorted(by_old.items()):
            if close(shares):
                keeper = next((n for n, o in chosen.items() if o == old), None)
                where = things[keeper if keeper is not None else max(shares)[1]]
                kept = (f"the one at line {where.line} keeps it, holding most of it" if keeper is not None
                        else "none of them keeps it")
                self.changes.guesses.append(Guess(old_ids[old], where.line, f"{old_ids[old]}: its text is now "
                                                  f"in {len(shares)} {what}s; {kept}"))
        for new, shares in sorted(by_new.items()):
            if close(shares):
                thing = things[new]
                names = ", ".join(old_ids[o] for _, o in sorted(shares, reverse=True))
                self.changes.guesses.append(Guess(thing.id, thing.line, f"this {what} holds the text of {names}; "
                                                                        f"it is {thing.id}"))


def close(shares: list[tuple[float, int]]) -> bool:
    """Whether the two largest shares are near enough to make choosing between them a guess."""
    if len(shares) < 2:
        return False
    first, second = sorted((w for w, _ in shares), reverse=True)[:2]
    return second * 2 >= first


class Landing:
    """Where a ledger id no longer live lands: the next surviving item in its container, else the container."""

    def __init__(self, entries: list[Entry], live: set[str], merged: dict[str, str], first_section: str):
        self.entries, self.live, self.merged, self.first_section = entries, live, merged, first_section
        self.parent: list[int | None] = []
        self.children: dict[int, list[int]] = defaultdict(list)
        section = item = None
        for n, e in enumerate(entries):
            owner = {"section": None, "item": section, "paragraph": item}.get(e.kind)
            if e.kind == "section":
                section, item = n, None
            elif e.kind == "item":
                item = n
            self.parent.append(owner)
            if owner is not None:
                self.children[owner].append(n)
        self.found: dict[int, tuple[str, str]] = {}

    def live_among(self, indices) -> str:
        return next((self.entries[n].id for n in indices if self.entries[n].id in self.live), "")

    def descendants(self, n: int) -> list[int]:
        return [d for c in self.children[n] for d in (c, *self.children[c])]

    def of(self, n: int) -> tuple[str, str]:
        """(at, why) for entry n."""
        if n not in self.found:
            self.found[n] = self.place(n)
        return self.found[n]

    def place(self, n: int) -> tuple[str, str]:
        e = self.entries[n]
        if e.id in self.merged:
            return self.merged[e.id], "merged"
        if e.kind in ("item", "section") and (survivor := self.live_among(self.descendants(n))):
            return survivor, "merged"  # its heading or question went, its text stayed
        owner = self.parent[n]
        if e.kind == "preamble":
            later = (m for m in range(n + 1, len(self.entries)) if self.entries[m].kind == "preamble")
            return self.live_among(later) or self.first_section, "removed"
        if e.kind == "section":
            sections = [m for m, x in enumerate(self.entries) if x.kind == "section"]
            later = [m for m in sections if m > n]
            earlier = [m for m in reversed(sections) if m < n]
            return self.live_among(later) or self.live_among(earlier), "removed"
        assert owner is not None
        siblings = [m for m in self.children[owner] if m > n]
        if at := self.live_among(siblings):
            return at, "removed"
        if self.entries[owner].id in self.live:
            return self.entries[owner].id, "removed"
        return self.of(owner)[0], "removed"


def excerpt(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
