"""The package's folders are the pipeline's stages, and each stage imports only
from the stages before it (and the shared modules at the package's top)."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "jizhu"
STAGES = ["reading", "scripts", "notes", "pages", "build", "preview"]
SHARED = {"errors", "config", "strings", "urls"}


def imported_stages(path: Path) -> set[str]:
    """The stages a module imports from, by its relative imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_every_stage_imports_only_earlier_stages():
    backwards = []
    for rank, stage in enumerate(STAGES):
        for module in (PACKAGE / stage).glob("*.py"):
            for used in imported_stages(module) - SHARED:
                if used not in STAGES[:rank + 1]:
                    backwards.append(f"{stage}/{module.name} imports {used}")
    assert backwards == []


def test_shared_modules_import_no_later_stage_than_reading():
    for name in SHARED:
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        stages = {node.module.split(".")[0] for node in ast.walk(tree)
                  if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}
        assert stages <= {"reading"} | SHARED, (name, stages)
