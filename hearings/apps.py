from __future__ import annotations

from django.apps import AppConfig


class HearingsConfig(AppConfig):
    name = "hearings"
    verbose_name = "Hearings and outcomes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from conduct.audit import register_actions
        from hearings.audit import HearingsAction
        from hearings.selectors.row_filters import HEARINGS_ROW_FILTERS
        from hearings.services.lists import advisory_removal_when_no_proceedings
        from referrals.filters import register_row_filter
        from referrals.services.consequences import register_no_proceedings

        register_actions(HearingsAction)
        # PA96 s88L(1)(a): a decision in referrals that no proceedings will be
        # brought takes the person off the advisory list (referrals cannot
        # import hearings, so hearings tells it what to run).
        register_no_proceedings(advisory_removal_when_no_proceedings)
        # The proceedings, outcomes, list reports and appeals the dashboard
        # counts, as case list filters (referrals.row_filters), for the same
        # reason.
        for row_filter in HEARINGS_ROW_FILTERS:
            register_row_filter(row_filter)
