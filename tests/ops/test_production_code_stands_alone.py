"""Production code never imports from tests/: an installation may ship without it."""

import ast
from pathlib import Path

from django.conf import settings


def test_no_module_of_kundcenter_imports_from_tests():
    offenders = []
    for path in sorted((Path(settings.BASE_DIR) / "kundcenter").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name == "tests" or name.startswith("tests.") for name in names):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}")
    assert offenders == []
