"""The page the preview shows in place of the site while the build fails.

The editor looks at the browser, not the terminal, so the `path:line: message`
lines go there too. The page is self-contained (inline style, nothing fetched)
and carries no reload logic of its own: the preview server injects the same
livereload script into it as into every page, so saving a fix brings the site back.
"""
from __future__ import annotations

from html import escape

from ..errors import Problem

STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem;
       color: #1f1d1a; background: #fbfaf7; }
h1 { font-size: 1.4rem; color: #9b2c1f; }
ul { padding: 0; list-style: none; }
li { margin: .5rem 0; padding: .5rem .75rem; border-left: 4px solid #9b2c1f; background: #f6ebe5; }
code { font: 14px/1.4 ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
@media (prefers-color-scheme: dark) {
  body { color: #e8e4dc; background: #171614; }
  h1 { color: #f08a72; }
  li { border-color: #f08a72; background: #3a2520; }
}
"""


def error_page(problems: list[Problem]) -> str:
    """An HTML page listing each problem as `path:line: message`, escaped."""
    items = "\n".join(f"<li><code>{escape(str(problem))}</code></li>" for problem in problems)
    count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed: {count} · jizhu preview</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>The build failed: {count}</h1>
<ul>
{items}
</ul>
<p>The site is unchanged until the build succeeds. Fix the file and save:
this page reloads by itself.</p>
</main>
</body>
</html>
"""
