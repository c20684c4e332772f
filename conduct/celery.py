"""The Celery application: ``celery -A conduct worker`` and ``celery -A conduct beat``.

Configuration comes from Django settings (CELERY_ prefix); tasks are discovered
in each app's tasks.py. Tasks only load rows and call services.
"""

from __future__ import annotations

from typing import Any

from celery import Celery, Task

from conduct.startup import configure_or_exit

configure_or_exit("conduct.settings.local")


class ContextTask(Task):  # type: ignore[type-arg]
    """Every task runs inside a row-history context naming the task, so the
    rows a task changes say which task changed them (web requests get theirs
    from pghistory's middleware)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        import pghistory  # needs the apps loaded, which a running task has

        with pghistory.context(task=self.name, task_id=self.request.id):
            return super().__call__(*args, **kwargs)


app = Celery("conduct", task_cls=ContextTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
