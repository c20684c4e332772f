from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from conduct.env import ConfigurationError, Env
from tests.rows import parametrize_rows


def test_it_parses_a_postgres_url() -> None:
    env = Env({"DATABASE_URL": "postgresql://app:p%40ss@db.internal:5433/cases"})
    database = env.database()
    assert database is not None
    assert database["NAME"] == "cases"
    assert database["USER"] == "app"
    assert database["PASSWORD"] == "p@ss"
    assert database["HOST"] == "db.internal"
    assert database["PORT"] == "5433"


def test_it_parses_a_socket_directory_url() -> None:
    env = Env({"DATABASE_URL": "postgresql://postgres:@/conduct?host=/srv/pg"})
    database = env.database()
    assert database is not None
    assert database["HOST"] == "/srv/pg"
    assert database["NAME"] == "conduct"


@dataclass(frozen=True)
class MalformedUrl:
    """A URL refused, and the problem named."""

    url: str
    problem: str


@parametrize_rows(
    [
        MalformedUrl(url="mysql://u:p@h/db", problem="must be a PostgreSQL URL"),
        MalformedUrl(url="sqlite:///db.sqlite3", problem="must be a PostgreSQL URL"),
        MalformedUrl(
            url="postgresql://u:p@h:notaport/db", problem="is not a valid URL"
        ),
        MalformedUrl(url="postgresql://u:p@h:5432/", problem="must name a database"),
        MalformedUrl(url="postgresql://u:p@/db", problem="must name a host"),
        MalformedUrl(url="not a url", problem="must be a PostgreSQL URL"),
    ]
)
def test_it_refuses_a_malformed_database_url(url: str, problem: str) -> None:
    with pytest.raises(ConfigurationError, match=problem) as caught:
        Env({"DATABASE_URL": url}).database()
    assert str(caught.value).startswith("DATABASE_URL: ")


@parametrize_rows(
    [
        MalformedUrl(url="http://127.0.0.1:6379/0", problem="must be a Redis URL"),
        MalformedUrl(url="redis://127.0.0.1:99999/0", problem="is not a valid URL"),
        MalformedUrl(url="redis:///0", problem="must name a host"),
        MalformedUrl(
            url="redis://127.0.0.1:6379/zero", problem="database must be a number"
        ),
    ]
)
def test_it_refuses_a_malformed_redis_url(url: str, problem: str) -> None:
    with pytest.raises(ConfigurationError, match=problem):
        Env({"REDIS_URL": url}).redis_url()


def test_it_accepts_a_redis_url() -> None:
    assert Env({"REDIS_URL": "rediss://:pw@cache:6380/2"}).redis_url() == (
        "rediss://:pw@cache:6380/2"
    )


def test_it_requires_a_secret_without_default() -> None:
    with pytest.raises(ConfigurationError, match="DJANGO_SECRET_KEY: is required"):
        Env({}).secret("DJANGO_SECRET_KEY")


@dataclass(frozen=True)
class WeakSecret:
    """A secret refused, and the problem named."""

    value: str
    problem: str


@parametrize_rows(
    [
        WeakSecret(value="short", problem="at least 50 characters"),
        WeakSecret(value="a" * 60, problem="placeholder"),
        WeakSecret(
            value="replace-with-a-real-secret-" + "x" * 40, problem="placeholder"
        ),
    ]
)
def test_it_refuses_weak_secrets(value: str, problem: str) -> None:
    with pytest.raises(ConfigurationError, match=problem):
        Env({"DJANGO_SECRET_KEY": value}).secret("DJANGO_SECRET_KEY")


def test_it_reads_a_secret_from_a_file(tmp_path: Path) -> None:
    secret = "s3cr3t-" + "abcdefghij" * 6
    path = tmp_path / "secret"
    path.write_text(secret + "\n")
    env = Env({"DJANGO_SECRET_KEY_FILE": str(path)})
    assert env.secret("DJANGO_SECRET_KEY") == secret


def test_it_names_an_unreadable_secret_file(tmp_path: Path) -> None:
    env = Env({"DJANGO_SECRET_KEY_FILE": str(tmp_path / "missing")})
    with pytest.raises(ConfigurationError, match="DJANGO_SECRET_KEY_FILE: cannot read"):
        env.secret("DJANGO_SECRET_KEY")


@pytest.mark.parametrize("value", ["yes", "TRUE", "1", "on"])
def test_it_reads_true_booleans(value: str) -> None:
    assert Env({"DJANGO_DEBUG": value}).bool("DJANGO_DEBUG", default=False) is True


def test_it_refuses_an_ambiguous_boolean() -> None:
    with pytest.raises(ConfigurationError, match="must be true or false, not 'maybe'"):
        Env({"DJANGO_DEBUG": "maybe"}).bool("DJANGO_DEBUG", default=False)


def test_it_refuses_a_number_out_of_range() -> None:
    with pytest.raises(ConfigurationError, match="DJANGO_EMAIL_PORT: must be at most"):
        Env({"DJANGO_EMAIL_PORT": "70000"}).int("DJANGO_EMAIL_PORT", maximum=65535)
    with pytest.raises(ConfigurationError, match="must be a whole number"):
        Env({"DJANGO_EMAIL_PORT": "25x"}).int("DJANGO_EMAIL_PORT")


def test_it_records_every_name_it_was_asked_for() -> None:
    env = Env({})
    env.str("DJANGO_A", default="")
    env.bool("DJANGO_B", default=False)
    assert env.names == {"DJANGO_A", "DJANGO_B"}


def test_it_reads_a_date_and_refuses_one_in_another_form() -> None:
    name = "DJANGO_LEGALLY_QUALIFIED_CHAIRS_FROM"
    assert Env({name: "2016-01-01"}).date(name) == dt.date(2016, 1, 1)
    assert Env({}).date(name, default=dt.date(2015, 1, 1)) == dt.date(2015, 1, 1)
    with pytest.raises(ConfigurationError, match="must be a date written YYYY-MM-DD"):
        Env({name: "1/1/2016"}).date(name)
