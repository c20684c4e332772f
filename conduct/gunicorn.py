"""gunicorn configuration (``gunicorn --config python:conduct.gunicorn``).

Read from the environment so that make run and the container share one file.
"""

from __future__ import annotations

import os

bind = os.environ.get("DJANGO_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("DJANGO_WEB_WORKERS", "2"))
threads = int(os.environ.get("DJANGO_WEB_THREADS", "4"))
worker_class = "gthread"
timeout = 60
graceful_timeout = 20
reload = os.environ.get("DJANGO_WEB_RELOAD", "").lower() in {"1", "true", "yes", "on"}
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("DJANGO_FORWARDED_ALLOW_IPS", "127.0.0.1")
