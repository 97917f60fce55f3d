"""Preview: build, serve site/ on loopback, rebuild and reload the browser on every change."""
from __future__ import annotations

import sys
import webbrowser

from livereload import Server

from .errors import ContentError
from .site import Project, build

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def rebuild(project: Project) -> None:
    try:
        build(project)
        print("rebuilt", file=sys.stderr)
    except ContentError as err:  # keep serving the last good site; the editor fixes and saves again
        for problem in err.problems:
            print(problem, file=sys.stderr)


def serve(project: Project, host: str, port: int, open_browser: bool) -> int:
    if host not in LOOPBACK:
        print(f"warning: serving on {host} exposes unpublished drafts to your network; "
              "use 127.0.0.1 unless you mean it", file=sys.stderr)
    build(project)
    server = Server()
    for folder in (project.content, project.templates):
        server.watch(str(folder), lambda: rebuild(project))
    url = f"http://{host}:{port}/"
    print(f"serving {project.out}/ at {url} (Ctrl-C stops)", file=sys.stderr)
    if open_browser:
        webbrowser.open(url)
    server.serve(root=str(project.out), host=host, port=port, open_url_delay=None)
    return 0
