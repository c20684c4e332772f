"""GOV.UK's long date, written once: conduct.formats.govuk_date in Python
and the govuk_date filter in templates say the same."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template, TemplateSyntaxError

from conduct.formats import govuk_date


def render(source: str, **context: object) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


def test_a_date_is_written_as_govuk_writes_it() -> None:
    assert govuk_date(dt.date(2026, 12, 7)) == "7 December 2026"
    assert govuk_date(dt.date(2026, 12, 7), weekday=True) == "Monday 7 December 2026"


def test_the_filter_writes_the_same() -> None:
    day = dt.date(2026, 12, 7)
    assert render("{{ day|govuk_date }}", day=day) == govuk_date(day)
    assert render('{{ day|govuk_date:"weekday" }}', day=day) == govuk_date(
        day, weekday=True
    )


def test_the_filter_shows_a_moment_on_the_local_day() -> None:
    """23:30 UTC on 30 June is already 1 July in London, as with Django's
    ``date`` filter."""
    moment = dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)
    assert render("{{ moment|govuk_date }}", moment=moment) == "1 July 2026"
    assert render("{{ moment|govuk_date }}", moment=moment) == render(
        '{{ moment|date:"j F Y" }}', moment=moment
    )


@pytest.mark.parametrize("value", [None, ""])
def test_no_date_is_nothing(value: object) -> None:
    assert render("{{ value|govuk_date }}", value=value) == ""


def test_the_filter_takes_only_weekday() -> None:
    with pytest.raises(TemplateSyntaxError):
        render('{{ day|govuk_date:"short" }}', day=dt.date(2026, 12, 7))
