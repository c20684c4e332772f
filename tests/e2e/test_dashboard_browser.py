"""The manager's dashboard in Chromium: the manager starts on it, the charts
are drawn from the tables beside them under the strict CSP, a figure opens
the case list on the same number of cases, and axe-core finds nothing
serious; a figure of clocks opens the list with the same number of clocks
beside the cases."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, expect

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
    figure, cases = follow(browser, total.get_by_role("link"), "#case-count")
    assert figure >= 1
    shown = re.search(r"of (\d+) case", cases)
    assert shown is not None, cases
    assert int(shown.group(1)) == figure

    # A figure of clocks, not cases: the list counts the clocks beside them.
    browser.goto(f"/dashboards/{SINCE_2016}")
    figure, matched = follow(
        browser, page.locator("#table-deadlines td a").first, "#matched-count"
    )
    shown = re.match(r"(\d+) clocks? in (\d+) cases?\.", matched)
    assert shown is not None, matched
    assert int(shown.group(1)) == figure
    expect(page.locator("#row-filters")).to_have_attribute("open", "")
    browser.check_accessibility()


def follow(browser: BrowserSession, link: Locator, count: str) -> tuple[int, str]:
    """The figure ``link`` shows, and the text of ``count`` on the case list
    it opens."""
    figure = int(link.inner_text())
    link.click()
    browser.settle()
    assert browser.path().startswith("/cases/?")
    return figure, browser.page.locator(count).inner_text()
