"""A PSD caseworker in Chromium: sign in, the work queue, reference case C's
page, the transferred detective constable's person page, the due-date
calculator, a wrong password and signing out.

Every page visited must show no console error and no CSP violation
(BrowserSession checks), and the key pages pass axe-core with no serious or
critical violation. The walk through case C's lifecycle as forms comes when the
forms exist (issue 7 item 6); here case C is loaded through the services, as
`make run` loads it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, expect

from hearings.demo.reference_cases import CASE_C_OFFICERS, CASE_C_REFERENCE
from referrals.models import Case
from tests.e2e.conftest import CASEWORKER, PASSWORD, BrowserSession, sign_in

# live_server needs real transactions. The flush after each test also removes
# what the data migrations loaded: serialized_rollback restores it when it can,
# and restore_migrated_data makes sure.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CASEWORKER_NAME = "Priya Shah"
CASE_C_SUBJECTS = [f"{given} {family}" for given, family, *_ in CASE_C_OFFICERS]


def test_a_caseworker_reads_case_c_and_signs_out(
    browser_session: BrowserSession, case_c: Case
) -> None:
    browser = browser_session
    sign_in_from_home(browser)
    subject_cards = home_shows_the_queue_and_opens_case_c(browser, case_c)
    person_page_of_the_transferred_dc(browser, subject_cards)
    due_date_calculator_answers_a_p1_question(browser)
    sign_out(browser)
    assert browser.checked >= 8


def sign_in_from_home(browser: BrowserSession) -> None:
    """The home page asks for a sign-in first; sign in through the real form."""
    page = browser.page
    browser.goto("/")
    assert browser.path().startswith("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    browser.screenshot("01-login")
    browser.check_accessibility()
    sign_in(browser, CASEWORKER, PASSWORD)


def home_shows_the_queue_and_opens_case_c(
    browser: BrowserSession, case_c: Case
) -> Locator:
    """Home: the work queue with its counts and the cases she recorded; then
    case C's page, opened from the queue. Returns the subject cards."""
    page = browser.page
    assert browser.path() == "/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    expect(page.locator("#identity-name")).to_have_text(CASEWORKER_NAME)
    expect(page.locator("#identity-role")).to_have_text("PSD caseworker")
    expect(page.locator("#identity-organisation")).to_have_text(
        "Northamptonshire Police"
    )
    for count in ("#overdue-count", "#due-this-week-count", "#case-count"):
        expect(page.locator(count)).to_have_text(re.compile(r"^\d+$"))
    expect(page.get_by_role("heading", name="Overdue")).to_be_visible()
    expect(page.get_by_role("heading", name="Due this week")).to_be_visible()
    your_cases = page.locator("table", has=page.get_by_text("Cases you recorded"))
    expect(your_cases.get_by_role("link", name=CASE_C_REFERENCE)).to_be_visible()
    browser.screenshot("02-home")
    browser.check_accessibility()

    your_cases.get_by_role("link", name=CASE_C_REFERENCE).click()
    browser.settle()
    assert browser.path() == f"/cases/{case_c.pk}/"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Case {CASE_C_REFERENCE}"
    )
    summary = page.locator("dl.govuk-summary-list").first
    expect(summary).to_contain_text(CASE_C_REFERENCE)
    expect(summary).to_contain_text("2012 rules")
    expect(page.locator("#investigation-mode")).to_contain_text("Independent")
    subject_cards = page.locator(
        ".govuk-summary-card", has=page.locator("a[href^='/people/']")
    )
    expect(subject_cards).to_have_count(3)
    for name in CASE_C_SUBJECTS:
        expect(subject_cards.get_by_role("link", name=name)).to_be_visible()
    dc_card = subject_cards.filter(has=page.get_by_role("link", name="Dana Whitlow"))
    expect(dc_card).to_contain_text("Would not have been dismissed")
    expect(dc_card.locator(".moj-badge").first).to_have_text("Concluded")
    for name in CASE_C_SUBJECTS[1:]:
        card = subject_cards.filter(has=page.get_by_role("link", name=name))
        expect(card.locator(".moj-badge").first).to_have_text(
            re.compile(r"^Management action")
        )
    timeline = page.locator(".moj-timeline")
    expect(timeline).to_be_visible()
    expect(timeline.locator(".moj-timeline__item").first).to_be_visible()
    assert timeline.locator(".moj-timeline__item").count() >= 10
    expect(timeline).to_contain_text("Case recorded")
    browser.screenshot("03-case-c")
    browser.check_accessibility()
    return subject_cards


def person_page_of_the_transferred_dc(
    browser: BrowserSession, subject_cards: Locator
) -> None:
    """The transferred detective constable, across both forces."""
    page = browser.page
    subject_cards.get_by_role("link", name="Dana Whitlow").click()
    browser.settle()
    assert re.fullmatch(r"/people/\d+/", browser.path())
    expect(page.get_by_role("heading", level=1)).to_have_text("Dana Whitlow")
    roles = page.locator("main")
    expect(roles).to_contain_text("Northamptonshire Police")
    expect(roles).to_contain_text("Metropolitan Police Service")
    expect(page.locator("#employment ~ ul")).to_contain_text("Transferred")
    expect(page.get_by_role("link", name=f"Case {CASE_C_REFERENCE}")).to_be_visible()
    expect(roles).to_contain_text("Advisory list report")
    browser.screenshot("04-person-dc")
    browser.check_accessibility()


def due_date_calculator_answers_a_p1_question(browser: BrowserSession) -> None:
    """The due-date calculator from the service navigation: 10 working days
    from Friday 16 December 2022 skip Christmas and New Year."""
    page = browser.page
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Due-date calculator"
    ).click()
    browser.settle()
    assert browser.path() == "/calendar/due-date/"
    browser.check_accessibility()
    page.get_by_label("Day", exact=True).fill("16")
    page.get_by_label("Month", exact=True).fill("12")
    page.get_by_label("Year", exact=True).fill("2022")
    page.get_by_role("radio", name="Working days after the date", exact=True).check()
    page.get_by_role("textbox", name="Number of working days").fill("10")
    page.get_by_role("button", name="Calculate").click()
    browser.settle()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator("#answer")).to_contain_text("Wednesday 4 January 2023")
    expect(page.locator("#due-on")).to_have_text("Wednesday 4 January 2023")
    expect(page.locator("#skipped")).to_contain_text("Boxing Day")
    expect(page.locator("#skipped time")).to_have_count(3)
    browser.screenshot("05-due-date-answer")
    browser.check_accessibility()


def sign_out(browser: BrowserSession) -> None:
    """Back to the login page, and the queue needs signing in again."""
    page = browser.page
    page.get_by_role("button", name="Sign out").click()
    browser.settle()
    assert browser.path().startswith("/accounts/login/")
    expect(page.locator(".moj-identity-bar")).to_have_count(0)
    browser.goto("/")
    assert browser.path().startswith("/accounts/login/")


def test_a_wrong_password_shows_the_error_summary(
    browser_session: BrowserSession, demo_users: None
) -> None:
    browser = browser_session
    page = browser.page
    browser.goto("/accounts/login/")
    sign_in(browser, CASEWORKER, "not-the-password")

    assert browser.path().startswith("/accounts/login/")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(
        "Enter a correct username and password. Both are case sensitive."
    )
    # GOV.UK Frontend's script moves focus to the summary: it ran under the CSP.
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    # What was typed stays; the password does not.
    expect(page.get_by_label("Username")).to_have_value(CASEWORKER)
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.locator(".moj-identity-bar")).to_have_count(0)
    browser.screenshot("06-login-error")
    browser.check_accessibility()


def test_the_checks_see_a_csp_violation_and_an_accessibility_failure(
    browser_session: BrowserSession, demo_users: None
) -> None:
    """The negative control: the watchers are not blind. An inline script is
    refused by the CSP (and reported), and an unlabelled input is an axe
    violation."""
    browser = browser_session
    page = browser.page
    browser.goto("/accounts/login/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.body.dataset.inline = 'ran'";
            document.body.append(script);
            const input = document.createElement("input");
            input.type = "text";
            document.querySelector("main").append(input);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => document.body.dataset.inline") is None
    assert any("CSP violation" in problem for problem in browser.problems)
    assert any("script-src" in problem for problem in browser.problems)
    violations = {v["id"]: v["impact"] for v in browser.axe_violations()}
    assert violations.get("label") in {"serious", "critical"}
    browser.problems.clear()
