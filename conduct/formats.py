"""How the service writes a date: GOV.UK's long date, "7 December 2026", or
with its weekday, "Monday 7 December 2026" (the GOV.UK style guide's
"Dates"). Templates write the same with the ``govuk_date`` filter
(``{% load govuk %}``)."""

from __future__ import annotations

import datetime as dt

from django.utils import dateformat

LONG_DATE = "j F Y"
LONG_DATE_WITH_WEEKDAY = "l j F Y"


def govuk_date(value: dt.date, *, weekday: bool = False) -> str:
    """``value`` (a date, or a datetime already in the time zone to show)
    as GOV.UK writes it."""
    return dateformat.format(value, LONG_DATE_WITH_WEEKDAY if weekday else LONG_DATE)
