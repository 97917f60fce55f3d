"""Site configuration: the optional `jizhu.toml` beside `content/`.

Every key is optional; an unknown key or a wrong type is a `path:line: message`
error like any content problem.

    [site]
    url = "https://user.github.io/repo/"   # absolute URL of the published site (canonical, sitemap, share links)

    [scripts]
    variants = ["zh-tw", "zh-hk"]           # extra regional pages besides zh-hant and zh-hans
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError

CONFIG_FILE = "jizhu.toml"
KNOWN = {"site": {"url"}, "scripts": {"variants"}}


@dataclass(frozen=True, slots=True)
class Config:
    site_url: str = ""
    """Absolute URL of the published site, ending in "/"; empty when unknown (relative links only)."""
    variants: tuple[str, ...] = field(default_factory=tuple)
    """Regional variant keys to publish besides zh-hant and zh-hans (zh-tw, zh-hk)."""
    path: Path | None = None
    """The file it came from, for error messages; None for the defaults."""


def load_config(path: Path) -> Config:
    """The configuration in `path`, or the defaults when the file does not exist."""
    if not path.is_file():
        return Config()
    text = path.read_text(encoding="utf-8")
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = re.search(r"at line (\d+)", str(err))
        raise ContentError.at(path, int(line.group(1)) if line else 1, f"not valid TOML: {err}") from None

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
    if not isinstance(url, str) or (url and not re.match(r"^https?://[^/\s]+(/\S*)?$", url)):
        raise ContentError.at(path, where("url"), f"[site] url must be an absolute http(s) URL, not {url!r}")
    variants = scripts.get("variants", [])
    if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
        raise ContentError.at(path, where("variants"), 'variants must be a list such as ["zh-tw", "zh-hk"]')
    if url and not url.endswith("/"):
        url += "/"
    return Config(site_url=url, variants=tuple(variants), path=path)
