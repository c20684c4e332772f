"""Helpers for the step page tests of referrals and hearings: a form's case
version, GOV.UK date boxes as a browser posts them, opening a step form, the
case page with its query count (and at sizes that must not change it), the
step links on a case page and the transition table check every offered step
must pass.

The cases the steps act on come from the ``build`` fixture (tests/builders).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conduct.transitions import can_transition
from referrals.models import Case
from referrals.steps import Step

#: The case version a step form carries in its hidden field.
VERSION = re.compile(r'name="version" value="(\d+)"')
#: A step link on the case page: its kind, target id and slug.
STEP_LINK = re.compile(r'href="/steps/([a-z-]+)/(\d+)/([a-z-]+)/"')

#: The kinds whose steps the referrals scope test (an outsider gets 404)
#: opens. tests/hearings/views/test_steps_rules.py checks that these and the
#: hearings scope test's kinds are every kind in the step registry.
REFERRALS_KINDS = (
    "case",
    "subject",
    "allegation",
    "notice",
    "interview",
    "suspension",
    "deadline",
    "criminal-proceedings",
    "charge",
)


def day(value: dt.date, prefix: str) -> dict[str, str]:
    """A GOV.UK date input's three boxes, as a browser posts them."""
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def open_form(client: Client, path: str) -> tuple[str, str]:
    """GET the form: its page and the case version in its hidden field."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.get("Location"))
    content = response.content.decode()
    found = VERSION.search(content)
    assert found is not None, content
    return content, found.group(1)


def page_queries(client: Client, case: Case) -> tuple[int, str]:
    """The case page: how many queries it took, and its HTML."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def case_pages_by_rows(
    client: Client, grow: Callable[[int], Case], sizes: Sequence[int]
) -> list[tuple[int, set[tuple[str, str]], str]]:
    """The case pages of cases grown to each of ``sizes`` rows, all read at
    one and the same query count: for each, its rows, the step links it
    offers (kind and slug) and its HTML."""
    counts = []
    read = []
    for rows in sizes:
        count, content = page_queries(client, grow(rows))
        counts.append(count)
        found = {(kind, slug) for kind, _, slug in STEP_LINK.findall(content)}
        read.append((rows, found, content))
    assert len(set(counts)) == 1, counts
    return read


def follows_the_table(step: Step, target: Any) -> bool:
    """A step offered on ``target`` moves it only where its table allows."""
    stateful = step.stateful(target)
    if step.transitions and not any(
        can_transition(stateful, status) for status in step.transitions
    ):
        return False
    return not step.statuses or stateful.status in step.statuses
