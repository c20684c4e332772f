from __future__ import annotations

from django.apps import AppConfig


class ConductConfig(AppConfig):
    name = "conduct"
    verbose_name = "Conduct (core)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Bind shared tasks to the configured app in every process (web included),
        # so .delay() goes to the configured broker, never Celery's default.
        from conduct import celery  # noqa: F401
        from conduct.audit import CoreAction, register_actions

        register_actions(CoreAction)
