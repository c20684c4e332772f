"""The API packages are interfaces: they call services and selectors, and
nothing but the other API packages and the URL confs imports them (the
browser shares services with the API, never the API's own modules)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
APPS = ("conduct", "referrals", "hearings")
API_PACKAGES = ("referrals.api", "hearings.api")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _may_import_the_api(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "api" in parts[:-1] or path.name == "urls.py"


def test_only_api_packages_and_url_confs_import_the_app_apis() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and not _may_import_the_api(path)
        for name in sorted(_imported_modules(path))
        if name.startswith(API_PACKAGES)
    ]
    assert offenders == []


def test_the_check_sees_an_import_of_the_api(tmp_path: Path) -> None:
    module = tmp_path / "views.py"
    module.write_text("from referrals.api.steps import user_of\n", encoding="utf-8")
    assert "referrals.api.steps" in _imported_modules(module)
