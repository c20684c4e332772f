"""Settings for the throughput benchmark's gunicorn: production's, with one
more URL, the minimal view the API is measured against (bench.urls)."""

from __future__ import annotations

from conduct.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
