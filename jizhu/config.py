"""Site configuration: the optional `jizhu.toml` beside `content/`.

Every key is optional; an unknown key or a wrong type is a `path:line: message`
error like any content problem.

    [site]
    url = "https://user.github.io/repo/"   # absolute URL of the published site (canonical, sitemap, share links)

    [scripts]
    variants = ["zh-tw", "zh-hk"]           # extra regional pages besides zh-hant and zh-hans
    taiwan_phrases = false                  # zh-tw pages also use Taiwan phrasing (晶片, 軟體, 網路)
    corner_quotes = false                   # “” ‘’ become 「」 『』 on Traditional pages
    full_width_punctuation = true           # half-width , : ? ! ; . ( ) among Chinese become full-width
    latin_spacing = "as-written"            # or "css" (browser autospace) or "insert" (spaces in the text)

    [media]
    hosts = ["www.youtube-nocookie.com"]    # hosts whose pictures, players and recordings a page may load (https only)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError
from .reading.source import absent, read_text
from .urls import site_url_problem
from .reading.tomltext import parse_toml

CONFIG_FILE = "jizhu.toml"
KNOWN = {"site": {"url"}, "scripts": {"variants", "taiwan_phrases", "corner_quotes", "full_width_punctuation",
                                       "latin_spacing"}, "media": {"hosts"}}
VARIANT_KEYS = ("zh-tw", "zh-hk")
SPACING = ("as-written", "css", "insert")


@dataclass(frozen=True, slots=True)
class Config:
    site_url: str = ""
    """Absolute URL of the published site, ending in "/"; empty when unknown (relative links only)."""
    variants: tuple[str, ...] = field(default_factory=tuple)
    """Regional variant keys to publish besides zh-hant and zh-hans (zh-tw, zh-hk)."""
    taiwan_phrases: bool = False
    corner_quotes: bool = False
    full_width_punctuation: bool = True
    latin_spacing: str = "as-written"
    media_hosts: tuple[str, ...] = field(default_factory=tuple)
    """Hosts a page may load media from (an image, a player, a recording); none by default."""
    path: Path | None = None
    """The file it came from, for error messages; None for the defaults."""


def site_url(url: object) -> str:
    """An absolute http(s) URL ending in "/", so page paths can be appended to it."""
    problem = site_url_problem(url)
    if problem:
        raise ValueError(problem)
    return url if url.endswith("/") else url + "/"


def load_config(path: Path) -> Config:
    """The configuration in `path`, or the defaults when the file does not exist."""
    if absent(path):
        return Config()
    text = read_text(path)
    table = parse_toml(text, path)

    def where(key: str) -> int:
        for number, line in enumerate(text.splitlines(), 1):
            if re.match(rf"\s*\[?{re.escape(key)}\b", line):
                return number
        return 1

    for section, value in table.items():
        if section not in KNOWN or not isinstance(value, dict):
            raise ContentError.at(path, where(section), f"unknown section [{section}]; known: "
                                                        f"{', '.join(f'[{k}]' for k in KNOWN)}")
        for key in value:
            if key not in KNOWN[section]:
                raise ContentError.at(path, where(key), f"unknown key {key!r} in [{section}]; known: "
                                                        f"{', '.join(sorted(KNOWN[section]))}")
    site, scripts = table.get("site", {}), table.get("scripts", {})
    url = site.get("url", "")
    try:
        url = site_url(url) if url else ""
    except ValueError as err:
        raise ContentError.at(path, where("url"), str(err)) from None
    variants = scripts.get("variants", [])
    if not isinstance(variants, list) or not all(v in VARIANT_KEYS for v in variants):
        raise ContentError.at(path, where("variants"), 'variants must be a list of "zh-tw" and "zh-hk"')
    flags = {}
    for key in ("taiwan_phrases", "corner_quotes", "full_width_punctuation"):
        if key in scripts:
            if not isinstance(scripts[key], bool):
                raise ContentError.at(path, where(key), f"{key} must be true or false")
            flags[key] = scripts[key]
    spacing = scripts.get("latin_spacing", "as-written")
    if spacing not in SPACING:
        raise ContentError.at(path, where("latin_spacing"), f"latin_spacing must be one of {', '.join(SPACING)}")
    hosts = table.get("media", {}).get("hosts", [])
    if not isinstance(hosts, list) or not all(isinstance(h, str) and re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", h)
                                              for h in hosts):
        raise ContentError.at(path, where("hosts"), 'media hosts must be a list of host names such as ["player.vimeo.com"]')
    return Config(site_url=url, variants=tuple(dict.fromkeys(variants)), latin_spacing=spacing,
                  media_hosts=tuple(hosts), path=path, **flags)
