"""The walks drive the cases through HTTP alone: no walk module imports a
service (they read the database only to compare where the case ends)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WALKS = sorted(Path(__file__).parent.glob("test_case_*.py"))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def test_there_is_a_walk_per_reference_case() -> None:
    assert [path.name for path in WALKS] == [
        "test_case_a.py",
        "test_case_b.py",
        "test_case_c.py",
    ]


@pytest.mark.parametrize("path", WALKS, ids=lambda path: path.stem)
def test_a_walk_imports_no_service(path: Path) -> None:
    services = {
        module
        for module in imported_modules(path)
        if "services" in module.split(".") or module.startswith("tests.factories")
    }
    assert not services, f"{path.name} acts without HTTP through {services}"
