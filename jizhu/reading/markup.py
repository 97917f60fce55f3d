"""Markdown and HTML that transcripts copied from the web carry, taken apart before parsing.

The parser reads text, so everything here turns markup into plain lines:
comments, `[TOC]` markers, link reference definitions and rules are dropped;
blockquote marks and inline emphasis are taken off (the words stay); pictures,
players and recordings (`<figure>`, `<img>`, `![](…)`, `<iframe>`, `<video>`,
`<audio>`, a link to an audio file) become one `Media` line each. Nothing of the
markup is passed on: the page builds its own markup from the checked address.
Every step is one pass over the lines, and every pattern is anchored or bounded.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .model import Media
from .source import Line
from ..urls import link_problem, scheme, web_address_problem

COMMENT_OPEN, COMMENT_CLOSE = "<!--", "-->"
TOC = re.compile(r"^(?:\[TOC\]|\[\[_?TOC_?\]\]|\{:toc\}|\$\{toc\}|@\[toc\])$", re.I)
RULE = re.compile(r"^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
SETEXT = re.compile(r"^(?:={2,}|-{2,})$")
QUOTE = re.compile(r"^(?:>\s?)+")
LINK_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]{1,200}\]:\s*<?(?:[a-z][a-z0-9+.-]*:|/|\.{1,2}/|#)\S*>?"
                            r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*$", re.I)
LIST_ITEM = re.compile(r"^(?:[-+*]|\d{1,3}[.)])\s+(?=\S)")
IMAGE = re.compile(r"^!\[(?P<alt>[^\]]{0,500})\]\(\s*<?(?P<src>(?:[^\s()<>]|\([^\s()<>]{0,200}\)){1,2000})>?"
                   r"(?:\s+[\"'(](?P<title>[^\"')]{0,500})[\"')])?\s*\)$")
"""`![alt](address "title")`; the address may hold one level of parentheses, as a link's may
(`https://cubox.pro/c/filters:no_upscale()?imageUrl=…`, a read-later app's image proxy)."""
ADDRESS = r"(?:[^\s()<>]|\([^\s()<>]{0,200}\)){1,2000}"
LINKED_IMAGE = re.compile(rf"^\[(?P<image>!\[[^\]]{{0,500}}\]\(\s*{ADDRESS}\s*\))\]\(\s*(?:{ADDRESS})?\s*\)$")
"""`[![alt](picture)](address)`: a picture that links elsewhere, or nowhere (`]()`), as saved pages write them."""
INLINE_IMAGE = re.compile(rf"!\[(?P<alt>[^\[\]]{{0,500}})\]\(\s*{ADDRESS}\s*\)")
ANY_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]{0,500})\]\([^\n]{0,5000}\)$")
"""A picture whose address is no address at all (`![图片](data:image/svg+xml,%3C?xml version='1.0' …)`, a lazy
page's placeholder): its words are all that may be kept."""
AUDIO_LINK = re.compile(r"^\[(?P<text>[^\]]{0,500})\]\(\s*<?(?P<src>[^\s()<>]+\.(?:mp3|m4a|ogg|oga|opus|wav|aac|flac))>?\s*\)$", re.I)
BLOCK_TAG = re.compile(r"^<(?P<tag>figure|img|iframe|video|audio|picture|embed|object)\b", re.I)
CLOSES = {"figure": "</figure>", "iframe": "</iframe>", "video": "</video>", "audio": "</audio>",
          "picture": "</picture>", "object": "</object>"}
ATTRIBUTE = re.compile(r"""([a-zA-Z-]{1,30})\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
TAG = re.compile(r"<(?P<tag>img|iframe|video|audio|source|embed)\b(?P<attrs>[^>]{0,2000})>", re.I)
CAPTION = re.compile(r"<figcaption[^>]{0,500}>(?P<text>.*?)</figcaption>", re.I | re.S)
INLINE_TAG = re.compile(r"</?(?:u|b|i|em|strong|span|sup|sub|small|mark|ins|del|s|font|a|br|p|div)\b[^<>]{0,500}/?>", re.I)
BREAK_TAG = re.compile(r"<br\s*/?>", re.I)
DELIMITER = re.compile(r"\*+|_+")
LINK = re.compile(r"(?<!!)\[(?P<text>[^\[\]]{1,500})\]\(\s*<?(?P<url>(?:[^\s()<>]|\([^\s()<>]{0,200}\)){1,2000})>?"
                  r"(?:\s+\"[^\"]{0,500}\")?\s*\)")
"""`[words](address "title")`; the address may hold one level of parentheses (`…/Tea_(drink)`)."""
ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
"""A backslash before any ASCII punctuation, as Markdown escapes it (`\\&`, `\\[`, `\\*`): the mark alone."""
LINK_OPEN, LINK_CLOSE = "\ue000", "\ue001"
"""Private-use marks around a link's words while the rest of the inline markup comes off."""
MAX_BLOCK_LINES = 50
"""A <figure> or <iframe> block never runs longer than this: an unclosed tag stays text."""


@dataclass(slots=True)
class Source:
    """A line of the transcript with the markup around its words taken off."""

    number: int
    text: str
    quoted: bool = False
    """The line stood in a blockquote (`> …`)."""
    item: bool = False
    """A list item (`- …`, `1. …`): it starts a paragraph of its own."""
    media: Media | None = None
    """A picture, player or recording standing on this line; `text` is its caption."""
    underline: str = ""
    """"=" or "-" when the next line underlines this one (a setext heading)."""
    time: float | None = None
    """A timestamp opening the line, taken off `words` (see `lines.read_labels`)."""
    words: str = ""
    """The text after that timestamp."""
    candidate: object = None
    """The speaker label the line would carry (`lines.Label`), found once per line."""


def strip_comments(lines: list[Line]) -> list[Line]:
    """Lines without HTML comments, which may run over several lines: one scan."""
    out: list[Line] = []
    inside = False
    for line in lines:
        text, kept = line.text, []
        position = 0
        while position <= len(text):
            if inside:
                end = text.find(COMMENT_CLOSE, position)
                if end < 0:
                    position = len(text) + 1
                    break
                inside, position = False, end + len(COMMENT_CLOSE)
            else:
                start = text.find(COMMENT_OPEN, position)
                if start < 0:
                    kept.append(text[position:])
                    break
                kept.append(text[position:start])
                inside, position = True, start + len(COMMENT_OPEN)
        cleaned = "".join(kept)
        out.append(Line(line.number, cleaned.rstrip() if cleaned.strip() or not line.text else ""))
    return out


def attributes(text: str) -> dict[str, str]:
    return {m[1].lower(): html.unescape(m[2] if m[2] is not None else m[3] if m[3] is not None else m[4])
            for m in ATTRIBUTE.finditer(text)}


def checked(src: str) -> str:
    """An address media may have: an absolute http(s) address or a relative path; "" for anything
    else (`javascript:`, `data:`, `mailto:`, a protocol-relative `//host/…`). The rules are urls.py's."""
    src = src.strip()
    if scheme(src):
        return src if web_address_problem(src) is None else ""
    return src if src and link_problem(src) is None else ""


def media_of_block(block: str) -> tuple[Media, str] | None:
    """The media a block of HTML shows and its caption, or None when it shows none."""
    for m in TAG.finditer(block):
        tag, attrs = m["tag"].lower(), attributes(m["attrs"])
        src = checked(attrs.get("src", ""))
        if not src:
            continue
        kind = {"img": "image", "iframe": "embed", "embed": "embed", "video": "video", "audio": "audio"}.get(tag)
        if tag == "source":
            kind = "audio" if "<audio" in block.lower() else "video"
        caption = CAPTION.search(block)
        text = inline(caption["text"]) if caption else attrs.get("title", "").strip()
        return Media(kind or "embed", src, attrs.get("alt", "").strip()), text
    return None


def media_line(text: str) -> tuple[Media, str] | None:
    """Markdown media standing alone on a line: an image, or a link to an audio file."""
    if (m := IMAGE.match(text)) and checked(m["src"]):
        alt = inline(m["alt"])
        return Media("image", checked(m["src"]), alt), inline(m["title"] or "") or alt
    if (m := AUDIO_LINK.match(text)) and checked(m["src"]):
        return Media("audio", checked(m["src"])), inline(m["text"])
    return None


def without_emphasis(text: str) -> str:
    """Text without the `*`/`_` runs that open and close emphasis (`**粗體**`, `_斜體_`), in one pass.

    A run opens when a non-space follows it and no Latin letter or digit precedes it
    (`snake_case` and `2*3` stay), and closes the nearest open run of the same marks
    when a non-space precedes it and no Latin letter or digit follows it (a `**` may:
    `**K**nowledge`).
    """
    runs = [(m.start(), m.end(), m.group()) for m in DELIMITER.finditer(text) if len(m.group()) <= 3]
    open_at: dict[str, list[int]] = {}
    drop: list[tuple[int, int]] = []
    for start, end, marks in runs:
        before, after = text[start - 1:start], text[end:end + 1]
        # `**K**nowledge`: a strong `**` may close inside a word, as CommonMark lets asterisks do
        closes = bool(before) and not before.isspace() and (not re.match(r"[A-Za-z0-9]", after) or marks == "**")
        opens = bool(after) and not after.isspace() and not re.match(r"[A-Za-z0-9\\]", before)
        if closes and open_at.get(marks):
            drop += [open_at[marks].pop(), (start, end)]
        elif opens:
            open_at.setdefault(marks, []).append((start, end))
    if not drop:
        return text
    drop.sort()
    pieces, position = [], 0
    for start, end in drop:
        pieces.append(text[position:start])
        position = end
    return "".join(pieces) + text[position:]


def inline(text: str, links: list[str] | None = None) -> str:
    """Text without inline markup: tags and emphasis marks go, their words stay; escapes resolve.

    A link keeps its words. Given `links`, each link's address is added to it and its words are
    put between the marks of `spans.take_links`, which turns them into spans once the rest is off."""
    if "<" in text:
        text = INLINE_TAG.sub("", text)
    if "](" in text:
        if "![" in text:  # a picture inside words (`让更多人看到![](https://…gif)`): its words, if any
            text = INLINE_IMAGE.sub(lambda m: m["alt"], text)

        def link(m: re.Match) -> str:
            if links is None:
                return m["text"]
            links.append(m["url"])
            return f"{LINK_OPEN}{len(links) - 1}{LINK_CLOSE}{m['text']}{LINK_CLOSE}"
        text = LINK.sub(link, text)
    if "*" in text or "_" in text:
        text = without_emphasis(text)
    if "\\" in text:
        text = ESCAPE.sub(r"\1", text)
    if "&" in text:
        text = re.sub(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,5});", lambda m: html.unescape(m[0]), text)
    return text.strip()


def sources(lines: list[Line]) -> list[Source]:
    """The transcript's lines with markup resolved; blank lines stay (they separate paragraphs)."""
    lines = strip_comments(lines)
    out: list[Source] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        text = line.text.strip()
        quoted = bool(QUOTE.match(text))
        if quoted:
            text = QUOTE.sub("", text).strip()
        if not text or TOC.match(text) or LINK_REFERENCE.match(text):
            out.append(Source(line.number, ""))
            continue
        if SETEXT.match(text) and not quoted and out and out[-1].text and not out[-1].media \
                and not out[-1].underline and not out[-1].item:
            out[-1].underline = text[0]
            continue
        if RULE.match(text):
            out.append(Source(line.number, ""))
            continue
        if m := BLOCK_TAG.match(text):
            close = CLOSES.get(m["tag"].lower())
            block, j = text, i
            while close and close not in block.lower() and j < len(lines) and j - i < MAX_BLOCK_LINES:
                block += "\n" + QUOTE.sub("", lines[j].text.strip())
                j += 1
            if not close or close in block.lower():
                found = media_of_block(block)
                # media with an address no page may use (javascript:, data:) leaves only its words
                words = found[1] if found else inline(re.sub(r"<[^<>]{0,2000}>", " ", block)) or \
                    " ".join(attributes(block).get(key, "") for key in ("alt", "title")).strip()
                out.append(Source(line.number, words, quoted, media=found[0] if found else None))
                i = j
                continue
        if m := LINKED_IMAGE.match(text):  # a picture that links elsewhere: the picture
            text = m["image"]
        if found := media_line(text):
            out.append(Source(line.number, found[1], quoted, media=found[0]))
            continue
        if m := IMAGE.match(text):  # a picture at an address no page may use (javascript:): its words only
            out.append(Source(line.number, inline(m["title"] or m["alt"]), quoted))
            continue
        if m := ANY_IMAGE.match(text):  # a picture at no address at all (a `data:` placeholder): its words only
            out.append(Source(line.number, inline(m["alt"]), quoted))
            continue
        item = bool(LIST_ITEM.match(text))
        if "<" in text:  # tags around words (<u>, <br>) go here, so labels are seen through them
            text = INLINE_TAG.sub("", text).strip()
        out.append(Source(line.number, text, quoted, item))
    return out
