"""Markdown for note bodies and glossary definitions: safe HTML, in each page's script.

markdown-it-py with raw HTML off (an editor's `<script>` shows as text), GFM
tables and strikethrough, footnotes and definition lists (mdit-py-plugins),
and a link check that lets through only http, https, mailto and relative
links: `javascript:`, `vbscript:`, `data:` and every other scheme stay text.
Fenced code is highlighted by Pygments into classes styled by one generated
stylesheet (`highlight_css`), light and dark.

Conversion to the page's script touches `text` tokens only, and URLs inside
them, so code, inline code, link targets and other attributes are never
converted. Image alt text is made of text tokens too and is converted: it is
text a reader hears. Headings move down below the note's own heading.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, NamedTuple
from urllib.parse import quote

from markupsafe import Markup, escape

from ..scripts.kept import kept
from ..scripts.tables import package_folder

if TYPE_CHECKING:  # markdown-it and Pygments are imported when first needed: a site without notes,
    # or notes without code, does not pay for them at start-up
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

from ..urls import is_safe, link_problem

URL_IN_TEXT = re.compile(r"(?:[a-z][a-z0-9+.\-]*://|www\.)\S+|\S+@\S+\.\w+", re.I)
"""What `convert_text` keeps as written. Found by `kept_spans`, which matches as this pattern does in
one pass: the pattern itself tries its e-mail part from every character of a run without spaces, which
is quadratic (8,000 characters took 0.15 s, 30,000 about 2 s)."""
NON_SPACE, WORD = re.compile(r"\S+"), re.compile(r"\w+")
SCHEME_START, SCHEME_CHAR = re.compile(r"[a-z]", re.I), re.compile(r"[a-z0-9+.\-]", re.I)
WWW = re.compile(r"www\.", re.I)
HEADING_BASE = 3
"""A note's own heading is an h3 (under the page's h2 "Notes"), so `#` in a note becomes h4."""
MEDIA = "media"
"""Site folder where images used by notes are published, at their path under content/."""
HIGHLIGHT_CLASS = "highlight"
LIGHT_STYLE, DARK_STYLE = "default", "github-dark"


def safe_link(url: str) -> bool:
    """Relative links and http, https, mailto (`urls.is_safe`). The build already refused a body with any
    other link (`unsafe_links`); this keeps such a link text should one get this far."""
    return is_safe(url)


@lru_cache(maxsize=256)
def highlight(code: str, lang: str, _attrs: str) -> str:
    """A code block: Pygments spans for a known language, else escaped text. The block scrolls sideways
    in a narrow margin, so it takes keyboard focus (tabindex) for readers without a mouse. Kept: code is
    never converted, so every script's page shows the same block."""
    spans = kept("highlighted-block", highlighter_sources(), lambda: highlighted(code, lang), given=(lang, code),
                 versions=BLOCKS_KEPT) if lang else escape(code)
    language = f' class="language-{escape(lang)}"' if lang else ""
    return f'<pre class="{HIGHLIGHT_CLASS}" tabindex="0"><code{language}>{spans}</code></pre>'


def highlighted(code: str, lang: str) -> str:
    """Pygments' spans for `code` in `lang`, or the code escaped when Pygments does not know `lang`."""
    from pygments import highlight as pygments_highlight
    from pygments.formatters.html import HtmlFormatter
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound
    try:
        lexer = get_lexer_by_name(lang)
    except ClassNotFound:
        return str(escape(code))
    return pygments_highlight(code, lexer, HtmlFormatter(nowrap=True))


BLOCKS_KEPT = 256
"""Highlighted code blocks kept in the build cache, the oldest made dropped first. Importing Pygments and
setting up its lexers and styles cost the seed's edited build 30–45 ms CPU (its two blocks, CUDA and C++,
and the stylesheet), each time, for the same spans."""


@cache
def highlighter_sources() -> list[Path]:
    """What a highlighted block and the stylesheet are made from: Pygments (its first module, which an
    upgrade rewrites with its version) and this module (the styles chosen)."""
    return [package_folder("pygments") / "__init__.py", Path(__file__)]


def code_block(self, tokens: list[Token], idx: int, options: dict, env: dict) -> str:
    """Indented code blocks look and behave like fenced ones."""
    return highlight(tokens[idx].content, "", "") + "\n"


def highlight_css() -> str:
    """The one stylesheet for highlighted code: Pygments' light style, and a dark one for dark mode. Kept
    in the build cache as highlighted blocks are."""
    return kept("highlight-stylesheet", highlighter_sources(), made_highlight_css)


def made_highlight_css() -> str:
    from pygments.formatters.html import HtmlFormatter
    light = HtmlFormatter(style=LIGHT_STYLE)
    dark = HtmlFormatter(style=DARK_STYLE)
    selector = f".{HIGHLIGHT_CLASS}"
    light_rules = "\n".join(light.get_token_style_defs(selector))
    dark_rules = "\n".join("  " + line for line in dark.get_token_style_defs(selector))
    return (f"/* Code in notes: Pygments {LIGHT_STYLE}, {DARK_STYLE} in dark mode. Generated by the build. */\n"
            f"{selector} {{ color: #1f1d1a; background: {light.style.background_color}; }}\n"
            f"{light_rules}\n"
            "@media (prefers-color-scheme: dark) {\n"
            f"  {selector} {{ color: #e6edf3; background: {dark.style.background_color}; }}\n"
            f"{dark_rules}\n}}\n"
            "@media print {\n"
            f"  {selector} {{ color: #000; background: #fff; }}\n}}\n")


@cache
def parser() -> MarkdownIt:
    md = syntax()
    md.add_render_rule("code_block", code_block)
    md.validateLink = safe_link  # type: ignore[method-assign]
    return md


_refused = threading.local()
"""Whether the parse running on this thread met a link `parser` would refuse (`every_link_parser`)."""


def keep_and_note(url: str) -> bool:
    """Keep every link, noting whether `safe_link` would have refused this one."""
    if not safe_link(url):
        _refused.any = True
    return True


@cache
def every_link_parser() -> MarkdownIt:
    """The same syntax keeping every link, so that `unsafe_links` can name the ones `parser` would drop.
    It notes whether it kept one `parser` refuses: when it kept none, its tokens are `parser`'s, since
    the link check is all that sets the two apart."""
    md = syntax()
    md.validateLink = keep_and_note  # type: ignore[method-assign]
    return md


def syntax() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    md = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False, "highlight": highlight})
    md.enable(["table", "strikethrough"])
    return md.use(footnote_plugin).use(deflist_plugin)


def walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


class Slot(NamedTuple):
    """A place in a body's HTML that each page fills: words converted to its script, or an image's source."""

    written: str
    """The words (a text token's) or the image source, as the body writes them."""
    image: bool = False


@dataclass(frozen=True, slots=True)
class Layout:
    """A body rendered once for every page: the HTML around its slots, which `render` fills. Rendering
    the tokens again for each script and each page cost more than filling these."""

    parts: tuple[str, ...]
    """HTML, escaped: the text before each slot and after the last (one more than `slots`)."""
    slots: tuple[Slot | None, ...]
    """What goes between two parts; None where the note's id goes (footnote ids, `render`'s `doc_id`)."""


@dataclass(frozen=True, slots=True)
class Body:
    """A note body or glossary definition, parsed once for its checks and every script's page."""

    layout: Layout
    images: tuple[tuple[str, int], ...]
    unsafe_links: tuple[tuple[str, int], ...]


PARSES_KEPT = 256


_kept: dict[str, Body] = {}
"""Bodies read for as long as the process lives (`keep`): `read` looks here first."""


def keep(sources: Iterable[str]) -> None:
    """Read these bodies now and keep them, in place of those kept before: the glossary's definitions,
    which every transcript's page shows, while a build worker empties `parse`'s cache after each one."""
    global _kept
    _kept = {source: parse(source) for source in sources}


def read(source: str) -> Body:
    return _kept.get(source) or parse(source)


@lru_cache(maxsize=PARSES_KEPT)
def parse(source: str) -> Body:
    """Parse a body once (parsing costs more than converting and rendering it) keeping every link, to
    name the unsafe ones; the same tokens serve the page unless there is one, which `parser` reads
    again (such a body is refused anyway: the build never publishes it). Its HTML is laid out here,
    while the tokens are this call's own."""
    _refused.any = False
    env: dict = {}
    tokens = every_link_parser().parse(source, env)
    unsafe = tuple(links_refused(tokens))
    if _refused.any:
        env = {}
        tokens = parser().parse(source, env)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + HEADING_BASE)}"
    found = tuple(images_in(tokens))
    return Body(layout(tokens, env, source), found, unsafe)


def layout(tokens: list[Token], env: dict, source: str) -> Layout:
    """The tokens rendered once with a numbered marker in each slot, cut at the markers. A marker is
    made of a surrogate code point the source does not hold (a file's text never does). No character
    reference or percent-encoding decodes to one (markdown-it makes those U+FFFD), but a punycode host
    name (`xn--`) can: a body holding one is rendered again with a surrogate its first HTML lacks."""
    found: list[tuple[Token, Slot]] = []
    for token in tokens:
        if token.type == "inline":
            slots_in(token.children or [], found)
    marker = unused(set(source))
    html = marked_html(tokens, env, found, marker)
    if "xn--" in source.lower():
        marker = unused(set(source) | set(html))
        html = marked_html(tokens, env, found, marker)
    pieces = re.split(f"{marker}([0-9]+){marker}", html)
    slots = [None, *(slot for _, slot in found)]
    return Layout(tuple(pieces[::2]), tuple(slots[int(number)] for number in pieces[1::2]))


def unused(taken: set[str]) -> str:
    return next(c for c in map(chr, chain(range(0xD800, 0xE000), range(0xE000, 0x110000))) if c not in taken)


def slots_in(children: list[Token], found: list[tuple[Token, Slot]]) -> None:
    """The words each page converts (every text token but an autolink's) and the image sources it may
    publish elsewhere, in order."""
    autolink = False
    for token in children:
        if token.type == "link_open":
            autolink = token.markup == "autolink"
        elif token.type == "link_close":
            autolink = False
        elif token.type == "text" and not autolink:
            found.append((token, Slot(token.content)))
        elif token.type == "image":
            src = token.attrGet("src")
            if src is not None:
                found.append((token, Slot(str(src), image=True)))
            slots_in(token.children or [], found)


def marked_html(tokens: list[Token], env: dict, found: list[tuple[Token, Slot]], marker: str) -> str:
    """The page's HTML with `marker`, a number (the slot's, from 1) and `marker` again in each slot, and
    number 0 where the note's id goes."""
    for number, (token, slot) in enumerate(found, 1):
        if slot.image:
            token.attrSet("src", f"{marker}{number}{marker}")
        else:
            token.content = f"{marker}{number}{marker}"
    md = parser()
    return md.renderer.render(tokens, md.options, {**env, "docId": f"{marker}0{marker}"})


def blocks(tokens: list[Token]) -> Iterator[tuple[int, Token]]:
    """Every inline token below a block, with the body line (from 0) of its block."""
    for block in tokens:
        if block.type == "inline":
            line = block.map[0] if block.map else 0
            for token in walk(block.children or []):
                yield line, token


def images_in(tokens: list[Token]) -> Iterator[tuple[str, int]]:
    for line, token in blocks(tokens):
        if token.type == "image":
            yield token.attrGet("src") or "", line


def links_refused(tokens: list[Token]) -> Iterator[tuple[str, int]]:
    for line, token in blocks(tokens):
        if token.type not in ("link_open", "image"):
            continue
        url = token.attrGet("href" if token.type == "link_open" else "src")
        if isinstance(url, str) and (problem := link_problem(url, "link" if token.type == "link_open" else "image")):
            yield problem, line


@lru_cache(maxsize=4096)
def images(source: str) -> tuple[tuple[str, int], ...]:
    """Every image's source as written, with the body line (from 0) of its block. Cached: the preview
    checks every note of a transcript again after each save, and most bodies have not changed."""
    return read(source).images


@lru_cache(maxsize=4096)
def unsafe_links(source: str) -> tuple[tuple[str, int], ...]:
    """Why each link or image that may not be published is refused (`urls.link_problem`), with the body
    line (from 0) of its block."""
    return read(source).unsafe_links


def convert_text(text: str, convert: Callable[[str], str]) -> str:
    """Convert words, keep any URL or e-mail address inside them exactly as written."""
    out, last = [], 0
    for start, end in kept_spans(text):
        out += [convert(text[last:start]) if start > last else "", text[start:end]]
        last = end
    return "".join(out) + (convert(text[last:]) if last < len(text) else "")


def kept_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each match of `URL_IN_TEXT`, as its `finditer` gives them, in time linear in the
    text. Neither alternative holds white space, so each run without it is read on its own: a URL
    starting somewhere runs to the run's end; the e-mail alternative can only start at the run's start,
    where its greedy parts end at the run's last `.` before a word character and the last `@` before that."""
    if "@" not in text and "://" not in text and WWW.search(text) is None:
        return  # most of a note's words: no address can start anywhere, so no run is read
    for run in NON_SPACE.finditer(text):
        a, b = run.span()
        url = first_url(text, a, b)
        if url == a:
            yield a, b
            continue
        email = email_end(text, a, b)
        if email is not None:
            yield a, email
            url = first_url(text, email, b)
        if url is not None:
            yield url, b


def first_url(text: str, start: int, end: int) -> int | None:
    """Where the first URL (a scheme and `://`, or `www.`, then at least one character) starts in
    text[start:end], a run without white space."""
    www = WWW.search(text, start, end)
    found = [www.start()] if www is not None and www.end() < end else []
    colon = text.find("://", start, end)
    while 0 <= colon < end - 3:  # a scheme's characters hold no `:`: each `://` has its own before it
        first = colon
        while first > start and SCHEME_CHAR.match(text, first - 1):
            first -= 1
        scheme = next((i for i in range(first, colon) if SCHEME_START.match(text, i)), None)
        if scheme is not None:
            found.append(scheme)
            break
        colon = text.find("://", colon + 3, end)
    return min(found, default=None)


def email_end(text: str, start: int, end: int) -> int | None:
    """Where the e-mail part of `URL_IN_TEXT` matching from `start` ends, in a run without white space
    ending at `end`, or None when it does not match there."""
    dot = text.rfind(".", start, end - 1)
    while dot >= 0 and not WORD.match(text, dot + 1, end):
        dot = text.rfind(".", start, dot)
    if dot < 0:
        return None
    if dot - 1 <= start + 1 or text.rfind("@", start + 1, dot - 1) < 0:  # `@` after a character, before one
        return None
    found = WORD.match(text, dot + 1, end)
    assert found is not None
    return found.end()


def render(source: str, *, doc_id: str, convert: Callable[[str], str], media: dict[str, str],
           root: str) -> Markup:
    """Body HTML in one script: its layout's slots filled, words converted (`convert_text`) and escaped
    as Markdown's renderer escapes them. `media` maps image sources to files under content/, published
    at `{root}media/…`; `doc_id` keeps footnote ids of different notes on one page apart."""
    from markdown_it.common.utils import escapeHtml
    shown = read(source).layout
    out = [shown.parts[0]]
    for slot, part in zip(shown.slots, shown.parts[1:]):
        if slot is None:
            out.append(doc_id)  # as the footnote plugin writes it: unescaped
        elif slot.image:
            src = slot.written
            out.append(escapeHtml(f"{root}{MEDIA}/{quote(media[src])}" if src in media else src))
        else:
            out.append(escapeHtml(convert_text(slot.written, convert)))
        out.append(part)
    return Markup("".join(out))
