#!/usr/bin/env python3
"""Build the site: `python build.py [build|serve|check|parse FILE] [--help]`. See README.md."""
import sys

from jizhu.cli import main

if __name__ == "__main__":
    sys.exit(main())
