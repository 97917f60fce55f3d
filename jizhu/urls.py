"""Which URLs from content or configuration may be published: http, https, mailto and relative ones.

A browser reads an `href` after normalising it (WHATWG URL standard): leading
and trailing C0 control characters and spaces are stripped, every tab and
newline anywhere is removed, and the scheme is case-insensitive. So
` javascript:`, `java\\tscript:` and `JAVASCRIPT:` are all `javascript:`, and
the check below looks at the URL exactly as a browser will.

A protocol-relative URL (`//host/path`, or `\\\\host` which browsers read the
same way) is refused too: it names another host without saying how to reach
it, and from a copy of the site opened as a file it points at `file://host/`.
Writing `https://host/path` says what is meant.
"""
from __future__ import annotations

import re

SAFE_SCHEMES = ("http", "https", "mailto")
SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.I)
C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
TAB_AND_NEWLINE = str.maketrans("", "", "\t\n\r")


def normalise(url: str) -> str:
    """The URL as a browser's parser sees it before reading the scheme."""
    return url.strip(C0_AND_SPACE).translate(TAB_AND_NEWLINE)


def scheme(url: str) -> str:
    """The URL's scheme in lower case, after `normalise`; "" for a relative URL."""
    found = SCHEME.match(normalise(url))
    return found.group(1).lower() if found else ""


def is_protocol_relative(url: str) -> bool:
    """`//host/…`: browsers read a backslash as a slash here too."""
    return re.match(r"[/\\]{2}", normalise(url)) is not None


def link_problem(url: str, what: str = "link") -> str | None:
    """Why `url` may not be published as a link (or an image: `what`), or None when it may."""
    found = scheme(url)
    if found and found not in SAFE_SCHEMES:
        return (f"{what} {url!r} uses the {found}: scheme; only http, https, mailto and relative links "
                "are published")
    if not found and is_protocol_relative(url):
        return f"{what} {url!r} leaves out its scheme; write https:{normalise(url).replace(chr(92), '/')}"
    return None


def web_address_problem(url: str) -> str | None:
    """Why `url` is not an absolute http or https address (a page or a recording elsewhere), or None."""
    found = scheme(url)
    if found in ("http", "https") and re.match(r"(?i)https?://[^/?#\s]", normalise(url)):
        return None
    how = (f"uses the {found}: scheme" if found else "leaves out its scheme" if is_protocol_relative(url)
           else "is not absolute")
    return f"{url!r} {how}; it must be an absolute http or https address"


def is_safe(url: str) -> bool:
    return link_problem(url) is None


def site_url_problem(url: object) -> str | None:
    """Why `url` cannot be the site's own address (an absolute http(s) URL with a host), or None."""
    if (not isinstance(url, str) or any(ch in C0_AND_SPACE or ch.isspace() or ch == "\x7f" for ch in url)
            or not re.match(r"(?i)https?://[^/?#@\\]+(?:[/?#]|$)", url)):
        return f"the site URL must be an absolute http(s) URL such as https://user.github.io/repo/, not {url!r}"
    return None
