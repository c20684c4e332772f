"""The three long-running processes, defined once.

`make run` (conduct.launcher) and docker-compose.yml start exactly these
commands; a test checks that the compose file has not drifted from them.
"""

from __future__ import annotations

WEB = ["gunicorn", "--config", "python:conduct.gunicorn", "conduct.wsgi:application"]
WORKER = ["celery", "--app", "conduct.celery:app", "worker", "--loglevel", "INFO"]
BEAT = ["celery", "--app", "conduct.celery:app", "beat", "--loglevel", "INFO"]

PROCESSES: dict[str, list[str]] = {"web": WEB, "worker": WORKER, "beat": BEAT}
