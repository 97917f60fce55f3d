"""Media and timestamps on a page: markup built here from checked addresses, never passed through.

A picture, player or recording from the source is shown as itself only when its
host is on the editor's allow-list (`[media] hosts` in jizhu.toml, empty by
default): otherwise it is a link, so nothing loads from another host unless the
editor allowed it. A timestamp is a small time, linked to that moment of the
recording named by front matter `media`.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from markupsafe import Markup, escape

from ..reading.model import Media
from ..urls import web_address_problem


def on_the_web(address: str) -> bool:
    """An absolute http(s) address (the check is urls.py's): a link may lead there."""
    return bool(address) and web_address_problem(address) is None


def clock(seconds: float) -> str:
    """754 → "12:34"; 3604 → "1:00:04"."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def moment(recording: str, seconds: float) -> str:
    """The address of a moment of the recording: the host's own time parameter where it has one
    (YouTube `t=754s`), else a media fragment (`#t=754`)."""
    whole = int(seconds)
    parts = urlsplit(recording)
    host = parts.hostname or ""
    if host.endswith(("youtube.com", "youtu.be")):
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"] + [("t", f"{whole}s")]
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    if host.endswith("vimeo.com"):
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, f"t={whole}s"))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, f"t={whole}"))


def time_markup(seconds: float, recording: str) -> Markup:
    label = clock(seconds)
    if on_the_web(recording):
        return Markup('<a class="time" href="{}">{}</a> ').format(moment(recording, seconds), label)
    return Markup('<span class="time">{}</span> ').format(label)


def allowed(src: str, hosts: tuple[str, ...]) -> bool:
    host = (urlsplit(src).hostname or "").lower() if on_the_web(src) else ""
    return bool(host) and host in hosts and src.lower().startswith("https://")


def media_markup(media: Media, caption: Markup, hosts: tuple[str, ...], local: str = "") -> Markup:
    """A figure for a media paragraph: the thing itself when the site publishes its file (`local`, the
    page's address of it) or its host is allowed, else a link to it (named by its caption, its alt text or
    its host), else (a relative file that is not published) its caption alone."""
    src = local or media.src
    # with no words of its own, a picture elsewhere is named by its host, not by an address of 200 characters
    label = caption or escape(media.alt) or escape(on_the_web(src) and urlsplit(src).hostname or media.src)
    if local or allowed(src, hosts):
        if media.kind == "image":
            body = Markup('<img src="{}" alt="{}" loading="lazy">').format(src, media.alt)
        elif media.kind == "embed":
            # a player from another origin, which the browser keeps apart from the page; it gets no referrer
            body = Markup('<iframe src="{}" title="{}" loading="lazy" referrerpolicy="no-referrer" '
                          'allow="fullscreen; picture-in-picture" allowfullscreen></iframe>').format(src, label)
        else:
            body = Markup('<{0} controls preload="none" src="{1}"><a href="{1}">{2}</a></{0}>').format(
                "audio" if media.kind == "audio" else "video", src, label)
        shown = body + (Markup("<figcaption>{}</figcaption>").format(caption) if caption else Markup(""))
    elif on_the_web(src):
        shown = Markup('<figcaption><a href="{}">{}</a></figcaption>').format(src, label)
    else:
        shown = Markup("<figcaption>{}</figcaption>").format(label)
    return Markup('<figure class="media media-{}">{}</figure>').format(media.kind, shown)
