from __future__ import annotations

from django.apps import AppConfig


class HearingsConfig(AppConfig):
    name = "hearings"
    verbose_name = "Hearings and outcomes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from conduct.audit import register_actions
        from hearings.audit import HearingsAction

        register_actions(HearingsAction)
