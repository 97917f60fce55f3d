import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # test helpers (outline_format, webcheck) import by name


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def browser():
    """One Debian Chromium for the whole run (see webcheck.launch_chromium); skipped, or failed under CI, without it."""
    from webcheck import launch_chromium, require_chromium
    require_chromium()
    playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")
    with playwright_api.sync_playwright() as p:
        launched = launch_chromium(p)
        yield launched
        launched.close()
