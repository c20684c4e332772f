"""The manager's dashboard in Chromium: the manager starts on it, the charts
are drawn from the tables beside them under the strict CSP, a figure opens
the case list on the same number of cases, and axe-core finds nothing
serious."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from referrals.models import Case
from tests.e2e.conftest import PASSWORD, BrowserSession, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

#: The reference cases came to attention from 2016: a period that holds them.
SINCE_2016 = "?period_start=2016-01-01"


def test_a_manager_reads_the_dashboard_and_follows_a_figure(
    browser_session: BrowserSession, case_c: Case
) -> None:
    browser = browser_session
    page = browser.page
    browser.goto("/")
    sign_in(browser, "manager", PASSWORD)
    assert browser.path() == "/dashboards/", "a manager starts on the dashboard"

    browser.goto(f"/dashboards/{SINCE_2016}")
    expect(page.locator("#as-of")).to_contain_text("Counted")
    charted = page.locator("table[data-chart]")
    assert charted.count() >= 4
    for index in range(charted.count()):
        expect(charted.nth(index)).to_have_attribute("data-charted", "true")
    assert page.locator("canvas[data-chart-for]").count() == charted.count()
    browser.screenshot("40-dashboard")
    browser.check_accessibility()

    total = page.locator('#table-open_cases tr[data-row="total"] td').last
    figure = int(total.inner_text())
    assert figure >= 1
    total.get_by_role("link").click()
    browser.settle()
    assert browser.path().startswith("/cases/?")
    count = page.locator("#case-count").inner_text()
    shown = re.search(r"of (\d+) case", count)
    assert shown is not None, count
    assert int(shown.group(1)) == figure
