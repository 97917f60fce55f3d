"""Where things are: content in, templates, site out, the cache; and the site's configuration."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config

ASSETS = "assets"
"""The theme's own files: `templates/assets/`, copied to `site/assets/`."""


@dataclass(slots=True)
class Project:
    """Where things are (content in, templates, site out) and the site's configuration."""

    content: Path
    templates: Path
    out: Path
    config: Config = field(default_factory=Config)
    cache: Path | None = None
    """Where what was made is kept between builds (`.jizhu-cache/`), or None to make everything again."""
    renumber: frozenset[str] = frozenset()
    """Slugs whose ids are assigned again from scratch, their ledgers ignored (`--renumber`)."""
