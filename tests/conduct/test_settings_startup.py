"""Production settings refuse to start on a missing or malformed value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "too-short"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS"),
        ({"DATABASE_URL": None}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysql://root@db/conduct"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgresql://u@db:port/conduct"}, "DATABASE_URL"),
        ({"REDIS_URL": None}, "REDIS_URL"),
        ({"REDIS_URL": "redis//no-scheme"}, "REDIS_URL"),
        ({"DJANGO_SECURE_SSL_REDIRECT": "perhaps"}, "DJANGO_SECURE_SSL_REDIRECT"),
        ({"DJANGO_CSRF_TRUSTED_ORIGINS": "example.org"}, "DJANGO_CSRF_TRUSTED_ORIGINS"),
    ],
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
