"""The Celery application: ``celery -A conduct worker`` and ``celery -A conduct beat``.

Configuration comes from Django settings (CELERY_ prefix); tasks are discovered
in each app's tasks.py. Tasks only load rows and call services.
"""

from __future__ import annotations

from celery import Celery

from conduct.startup import configure_or_exit

configure_or_exit("conduct.settings.local")

app = Celery("conduct")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
