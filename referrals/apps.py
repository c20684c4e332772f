from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Referrals and investigations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from conduct.audit import register_actions
        from referrals.audit import ReferralsAction

        register_actions(ReferralsAction)
