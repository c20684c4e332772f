"""The case list and search in Chromium: filters, sorting and pages swap in
place through htmx (the URL follows, the page is not reloaded, the browser's
Back returns to the earlier list), the same list comes without JavaScript,
and both pages pass axe-core with no serious or critical violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from hearings.demo.reference_cases import CASE_C_REFERENCE
from referrals.models import Case
from tests.e2e.conftest import (
    CASEWORKER,
    PASSWORD,
    BrowserSession,
    signed_in_at,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

#: A property set on the window survives htmx swaps, never a page load.
MARK = "() => { window.__sameDocument = true; }"
SAME_DOCUMENT = "() => window.__sameDocument === true"


def apply_filters(page: Page) -> None:
    filters = page.locator("#case-filters")
    filters.get_by_role("button", name="Apply filters").first.click()


def test_the_case_list_filters_and_sorts_in_place(
    browser_session: BrowserSession, case_c: Case
) -> None:
    browser = browser_session
    page = signed_in_at(browser, "/cases/")
    expect(page.locator("#case-count")).to_contain_text("of 2 cases")
    browser.check_accessibility()
    page.evaluate(MARK)

    page.get_by_label("Regime").select_option("2012")
    page.locator("#case-filters").get_by_role(
        "button", name="Apply filters"
    ).first.click()
    expect(page.locator("#case-count")).to_contain_text("1 to 1 of 1 case")
    browser.settle()
    assert page.evaluate(SAME_DOCUMENT), "the filter reloaded the page"
    assert browser.path() == "/cases/?regime=2012", "the address shows the filter"
    expect(page.locator("#cases")).to_contain_text(CASE_C_REFERENCE)
    expect(page.locator("#selected-filters")).to_contain_text("2012")
    browser.screenshot("10-case-list-filtered")
    browser.check_accessibility()

    page.locator("#sort-reference").click()
    expect(page.locator("#sort-reference")).to_contain_text("▲")
    browser.settle()
    assert page.evaluate(SAME_DOCUMENT)
    assert "ordering=reference" in browser.path()

    page.locator("#selected-filters").get_by_role(
        "link", name=re.compile("2012")
    ).click()
    expect(page.locator("#case-count")).to_contain_text("of 2 cases")
    browser.settle()
    assert page.evaluate(SAME_DOCUMENT)
    assert "regime" not in browser.path()

    page.go_back()
    expect(page.locator("#case-count")).to_contain_text("1 to 1 of 1 case")
    browser.settle()

    # A date box refuses letters; as a text box it sends what was typed.
    page.get_by_label("Updated since").evaluate("(el) => { el.type = 'text'; }")
    page.get_by_label("Updated since").fill("yesterday")
    page.locator("#case-filters").get_by_role(
        "button", name="Apply filters"
    ).first.click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Cases"))
    browser.settle()


def test_the_case_list_works_without_javascript(
    browser: Browser, live_server: object, case_c: Case
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        base = str(live_server.url)  # type: ignore[attr-defined]
        page.goto(base + "/cases/")
        page.get_by_label("Username").fill(CASEWORKER)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_label("Regime").select_option("2012")
        apply_filters(page)
        expect(page.locator("#case-count")).to_contain_text("1 to 1 of 1 case")
        # A plain GET form: the browser sends every box, empty or not.
        assert "/cases/?" in page.url
        assert "regime=2012" in page.url
        expect(page.locator("header")).to_be_visible()
    finally:
        context.close()


def test_search_finds_case_c_and_passes_axe(
    browser_session: BrowserSession, case_c: Case
) -> None:
    browser = browser_session
    page = signed_in_at(browser, "/search/?q=Whitlw")
    expect(page.locator("main")).to_contain_text("Dana Whitlow")
    browser.screenshot("11-search")
    browser.check_accessibility()
