"""Production settings refuse to start on a missing or malformed value."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.rows import parametrize_rows

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k9#Qz" + "p4Lm8Rt2Wv6Yb1Nc5Xd7Hs3Jf0Gq" * 2
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "conduct.settings.production",
    "DJANGO_SECRET_KEY": GOOD_SECRET,
    "DJANGO_ALLOWED_HOSTS": "conduct.psd.example.police.uk",
    "DATABASE_URL": "postgresql://conduct:pw@db.internal:5432/conduct",
    "REDIS_URL": "redis://redis.internal:6379/0",
}


def run_check(overrides: dict[str, str | None]) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment.update(PRODUCTION_ENV)
    for key, value in overrides.items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_passes_the_deploy_check_with_realistic_values() -> None:
    result = run_check({})
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@dataclass(frozen=True)
class BadSetting:
    """Settings that stop the start, and the variable the one line names."""

    overrides: dict[str, str | None]
    variable: str


@parametrize_rows(
    [
        BadSetting(overrides={"DJANGO_SECRET_KEY": None}, variable="DJANGO_SECRET_KEY"),
        BadSetting(
            overrides={"DJANGO_SECRET_KEY": "too-short"}, variable="DJANGO_SECRET_KEY"
        ),
        BadSetting(
            overrides={"DJANGO_ALLOWED_HOSTS": None}, variable="DJANGO_ALLOWED_HOSTS"
        ),
        BadSetting(overrides={"DATABASE_URL": None}, variable="DATABASE_URL"),
        BadSetting(
            overrides={"DATABASE_URL": "mysql://root@db/conduct"},
            variable="DATABASE_URL",
        ),
        BadSetting(
            overrides={"DATABASE_URL": "postgresql://u@db:port/conduct"},
            variable="DATABASE_URL",
        ),
        BadSetting(overrides={"REDIS_URL": None}, variable="REDIS_URL"),
        BadSetting(overrides={"REDIS_URL": "redis//no-scheme"}, variable="REDIS_URL"),
        BadSetting(
            overrides={"DJANGO_SECURE_SSL_REDIRECT": "perhaps"},
            variable="DJANGO_SECURE_SSL_REDIRECT",
        ),
        BadSetting(
            overrides={"DJANGO_CSRF_TRUSTED_ORIGINS": "example.org"},
            variable="DJANGO_CSRF_TRUSTED_ORIGINS",
        ),
    ]
)
def test_it_refuses_to_start_with_one_line_naming_the_variable(
    overrides: dict[str, str | None], variable: str
) -> None:
    result = run_check(overrides)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("configuration error (conduct.settings.production): ")
    assert f"{variable}: " in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_the_apps_sessions_run_without_jit() -> None:
    """PostgreSQL's JIT spent most of a dashboard query compiling it: the
    product's connections turn it off."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_a_database_url_that_sets_jit_keeps_its_choice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from conduct.settings.base import database_settings

    monkeypatch.setenv(
        "DATABASE_URL", "postgresql://u@127.0.0.1:5432/db?options=-c%20jit%3Don"
    )
    assert database_settings(embedded_fallback=False)["OPTIONS"] == {
        "options": "-c jit=on"
    }
    monkeypatch.setenv(
        "DATABASE_URL",
        "postgresql://u@127.0.0.1:5432/db?options=-c%20statement_timeout%3D5000",
    )
    assert database_settings(embedded_fallback=False)["OPTIONS"] == {
        "options": "-c statement_timeout=5000 -c jit=off"
    }
