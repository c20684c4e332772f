from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Referrals and investigations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from conduct.audit import register_actions
        from referrals.audit import ReferralsAction
        from referrals.filters import register_row_filter
        from referrals.selectors.row_filters import REFERRALS_ROW_FILTERS

        register_actions(ReferralsAction)
        # The clocks, suspensions and progress reports the dashboard counts,
        # as case list filters (referrals.row_filters).
        for row_filter in REFERRALS_ROW_FILTERS:
            register_row_filter(row_filter)
