"""docker-compose.yml, the Dockerfile and .env.example agree with the code.

No Docker engine runs here, so the compose file is checked by reading it:
services present, commands the same as `make run` starts, every environment
variable one that the settings (or gunicorn's config) really read.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conduct.processes import PROCESSES

ROOT = Path(__file__).resolve().parents[1]
#: Read by conduct/gunicorn.py (outside Django settings) or by Django itself.
PROCESS_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_BIND",
    "DJANGO_WEB_WORKERS",
    "DJANGO_WEB_THREADS",
    "DJANGO_WEB_RELOAD",
    "DJANGO_FORWARDED_ALLOW_IPS",
}
#: Used by docker compose itself to build DATABASE_URL and start PostgreSQL.
COMPOSE_VARIABLES = {"POSTGRES_PASSWORD"}
REQUIRED_IN_PRODUCTION = {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


@pytest.fixture(scope="module")
def production_variables() -> set[str]:
    """Every variable name conduct.settings.production reads."""
    script = (
        "import json; from conduct.settings import production; "
        "print(json.dumps(sorted(production.env.names)))"
    )
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
    }
    environment.update(
        DJANGO_SECRET_KEY="k9#Qz" + "p4Lm8Rt2Wv6Yb1Nc5Xd7Hs3Jf0Gq" * 2,
        DJANGO_ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgresql://u:p@db:5432/conduct",
        REDIS_URL="redis://redis:6379/0",
        DJANGO_SETTINGS_MODULE="conduct.settings.production",
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def dotenv_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            names.add(line.split("=", 1)[0].strip())
    return names


def test_it_has_the_five_services_and_a_migration_step(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat", "migrate"} <= set(services)


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_app_services_run_the_same_commands_as_make_run(
    compose: dict[str, Any], name: str
) -> None:
    assert compose["services"][name]["command"] == PROCESSES[name]


def test_every_service_has_a_health_check_except_the_one_shot_migration(
    compose: dict[str, Any],
) -> None:
    for name, service in compose["services"].items():
        if name == "migrate":
            continue
        assert "test" in service.get("healthcheck", {}), name


def test_health_checks_point_at_real_entry_points(compose: dict[str, Any]) -> None:
    services = compose["services"]
    web_check = " ".join(services["web"]["healthcheck"]["test"])
    assert "/healthz" in web_check
    beat_check = services["beat"]["healthcheck"]["test"]
    command = beat_check[beat_check.index("manage.py") + 1]
    assert (ROOT / "conduct/management/commands" / f"{command}.py").exists()
    assert "conduct.celery:app" in " ".join(services["worker"]["healthcheck"]["test"])


def test_entry_points_named_in_commands_exist() -> None:
    import importlib

    for command in PROCESSES.values():
        target = next(
            arg for arg in command if arg.startswith("conduct.") and ":" in arg
        )
        module_name, attribute = target.rsplit(":", 1)
        assert hasattr(importlib.import_module(module_name), attribute), target
    config = PROCESSES["web"][PROCESSES["web"].index("--config") + 1]
    importlib.import_module(config.removeprefix("python:"))


def test_app_services_use_production_settings_and_real_services(
    compose: dict[str, Any],
) -> None:
    for name in ("web", "worker", "beat", "migrate"):
        environment = compose["services"][name]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "conduct.settings.production"
        assert environment["DATABASE_URL"].startswith("postgresql://")
        assert "@postgres:5432/" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"] == "redis://redis:6379/0"


def test_compose_environment_names_are_read_by_the_settings(
    compose: dict[str, Any], production_variables: set[str]
) -> None:
    known = production_variables | PROCESS_VARIABLES
    for name, service in compose["services"].items():
        if name in {"postgres", "redis"}:
            continue
        unknown = set(service.get("environment", {})) - known
        assert not unknown, f"{name} sets variables nothing reads: {unknown}"
    text = (ROOT / "docker-compose.yml").read_text()
    interpolated = set(re.findall(r"\$\{(\w+)", text))
    assert interpolated <= COMPOSE_VARIABLES | known


def test_env_example_names_only_variables_that_are_read(
    production_variables: set[str],
) -> None:
    names = dotenv_names(ROOT / ".env.example")
    unknown = names - production_variables - PROCESS_VARIABLES - COMPOSE_VARIABLES
    assert not unknown
    assert names >= REQUIRED_IN_PRODUCTION
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= production_variables


def test_readme_documents_every_production_variable(
    production_variables: set[str],
) -> None:
    readme = (ROOT / "README.md").read_text()
    missing = {
        name
        for name in production_variables | PROCESS_VARIABLES
        if f"`{name}`" not in readme
    }
    assert not missing


def test_the_dockerfile_builds_what_compose_runs(compose: dict[str, Any]) -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert compose["x-app"]["build"]["dockerfile"] == "Dockerfile"
    assert dockerfile.startswith("#") or dockerfile.startswith("FROM")
    assert re.search(r"^FROM python:3\.11", dockerfile, re.MULTILINE)
    assert "-c requirements/constraints.txt" in dockerfile
    assert "collectstatic" in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.MULTILINE)
    cmd = re.search(r"^CMD (.+)$", dockerfile, re.MULTILINE)
    assert cmd is not None
    assert json.loads(cmd.group(1)) == PROCESSES["web"]
    for source in re.findall(r"^COPY (\S+) ", dockerfile, re.MULTILINE):
        assert (ROOT / source).exists(), source
