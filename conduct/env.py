"""Typed readers for configuration held in environment variables.

Every setting that varies between deployments is read through :class:`Env`, which
records the names it was asked for (so tests can check that .env.example, the
compose file and the README name only variables the settings really read) and
raises :class:`ConfigurationError` with a message that names the variable.
``NAME_FILE`` is honoured for every variable so Docker secrets work unchanged.
"""

from __future__ import annotations

import builtins
import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = frozenset({"1", "true", "yes", "on"})
FALSE_VALUES = frozenset({"0", "false", "no", "off"})
POSTGRES_SCHEMES = frozenset({"postgres", "postgresql", "pgsql"})
REDIS_SCHEMES = frozenset({"redis", "rediss"})


class ConfigurationError(ImproperlyConfigured):
    """A configuration value is missing or malformed; the message names it."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        self.problem = problem
        super().__init__(f"{name}: {problem}")


class _Missing:
    def __repr__(self) -> str:
        return "<required>"


REQUIRED: Any = _Missing()


class Env:
    """Read configuration from a mapping (``os.environ`` by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ
        self.names: set[str] = set()

    def _raw(self, name: builtins.str) -> builtins.str | None:
        self.names.add(name)
        file_name = self.environ.get(f"{name}_FILE")
        if file_name:
            try:
                return Path(file_name).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigurationError(
                    f"{name}_FILE", f"cannot read {file_name!r} ({exc.strerror})"
                ) from exc
        value = self.environ.get(name)
        if value is None or value.strip() == "":
            return None
        return value.strip()

    def _absent(self, name: builtins.str, default: Any) -> Any:
        """``default`` for a variable that is not set, unless it is required."""
        if default is REQUIRED:
            raise ConfigurationError(name, "is required and is not set")
        return default

    def is_set(self, name: builtins.str) -> bool:
        return self._raw(name) is not None

    def str(self, name: builtins.str, default: Any = REQUIRED) -> Any:
        value = self._raw(name)
        if value is None:
            return self._absent(name, default)
        return value

    def bool(self, name: builtins.str, default: Any = REQUIRED) -> Any:
        value = self._raw(name)
        if value is None:
            return self._absent(name, default)
        lowered = value.lower()
        if lowered in TRUE_VALUES:
            return True
        if lowered in FALSE_VALUES:
            return False
        raise ConfigurationError(name, f"must be true or false, not {value!r}")

    def int(
        self,
        name: builtins.str,
        default: Any = REQUIRED,
        *,
        minimum: builtins.int | None = None,
        maximum: builtins.int | None = None,
    ) -> Any:
        value = self._raw(name)
        if value is None:
            return self._absent(name, default)
        try:
            number = int(value)
        except ValueError:
            raise ConfigurationError(
                name, f"must be a whole number, not {value!r}"
            ) from None
        if minimum is not None and number < minimum:
            raise ConfigurationError(name, f"must be at least {minimum}, not {number}")
        if maximum is not None and number > maximum:
            raise ConfigurationError(name, f"must be at most {maximum}, not {number}")
        return number

    def date(self, name: builtins.str, default: Any = REQUIRED) -> Any:
        """A day written as YYYY-MM-DD."""
        value = self._raw(name)
        if value is None:
            return self._absent(name, default)
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ConfigurationError(
                name, f"must be a date written YYYY-MM-DD, not {value!r}"
            ) from None

    def list(self, name: builtins.str, default: Any = REQUIRED) -> Any:
        value = self._raw(name)
        if value is None:
            return list(self._absent(name, default))
        return [item.strip() for item in value.split(",") if item.strip()]

    def int_list(self, name: builtins.str, default: Any = REQUIRED) -> Any:
        """Comma-separated whole numbers of at least 1, e.g. "5,1"."""
        items = self.list(name, default)
        try:
            numbers = [builtins.int(item) for item in items]
        except ValueError:
            raise ConfigurationError(
                name, f"must be whole numbers separated by commas, not {items!r}"
            ) from None
        if any(number < 1 for number in numbers):
            raise ConfigurationError(name, "each number must be at least 1")
        return numbers

    def secret(
        self, name: builtins.str, *, min_length: builtins.int = 50
    ) -> builtins.str:
        """A secret with no default: required, long and not a placeholder."""
        value: builtins.str = self.str(name)
        if len(value) < min_length:
            raise ConfigurationError(
                name, f"must be at least {min_length} characters long"
            )
        lowered = value.lower()
        placeholder = any(word in lowered for word in ("change-me", "replace-with"))
        if placeholder or len(set(value)) < 5:  # noqa: PLR2004
            raise ConfigurationError(name, "looks like a placeholder, not a secret")
        return value

    def database(
        self, name: builtins.str = "DATABASE_URL"
    ) -> dict[builtins.str, Any] | None:
        """Django DATABASES entry from a PostgreSQL URL, or None when unset."""
        value = self._raw(name)
        if value is None:
            return None
        return parse_database_url(value, name=name)

    def redis_url(self, name: builtins.str = "REDIS_URL") -> builtins.str | None:
        value = self._raw(name)
        if value is None:
            return None
        check_redis_url(value, name=name)
        return value


def parse_database_url(url: str, *, name: str = "DATABASE_URL") -> dict[str, Any]:
    """Parse ``postgresql://user:password@host:port/name?host=/socket/dir``.

    Only PostgreSQL is accepted: the product relies on row locks, full-text and
    trigram search and triggers.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ConfigurationError(name, f"is not a valid URL ({exc})") from None
    if parts.scheme not in POSTGRES_SCHEMES:
        raise ConfigurationError(
            name,
            "must be a PostgreSQL URL such as "
            "postgresql://user:password@host:5432/dbname "
            f"(scheme {parts.scheme or 'missing'!r} is not supported)",
        )
    database = unquote(parts.path.lstrip("/"))
    if not database or "/" in database:
        raise ConfigurationError(name, "must name a database after the host")
    query = parse_qs(parts.query)
    host = unquote(parts.hostname or "") or (query.pop("host", [""])[0])
    if not host:
        raise ConfigurationError(name, "must name a host or a socket directory")
    options = {key: values[-1] for key, values in query.items() if key != "host"}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": database,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(port) if port else "",
        "OPTIONS": options,
    }


def check_redis_url(url: str, *, name: str = "REDIS_URL") -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise ConfigurationError(name, f"is not a valid URL ({exc})") from None
    if parts.scheme not in REDIS_SCHEMES:
        raise ConfigurationError(
            name,
            "must be a Redis URL such as redis://127.0.0.1:6379/0 "
            f"(scheme {parts.scheme or 'missing'!r} is not supported)",
        )
    if not parts.hostname:
        raise ConfigurationError(name, "must name a host")
    db = parts.path.lstrip("/")
    if db and not db.isdigit():
        raise ConfigurationError(name, f"database must be a number, not {db!r}")
