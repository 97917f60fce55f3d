import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # test helpers (outline_format, webcheck) import by name
