"""Documents and evidence in Chromium: a caseworker uploads a file to case C
from its page (a real multipart form), sees a refused file's GOV.UK error,
downloads the file, and opens the Regulation 16 notice, which prints without
the service's header, navigation and footer. Every page passes the
BrowserSession checks (no console error, no CSP violation); the refused form
and the notice pass axe-core."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings as SettingsWrapper

from referrals.models import Case, EvidenceItem
from tests.e2e.conftest import ARTIFACTS, CASEWORKER, PASSWORD, BrowserSession, sign_in
from tests.referrals.test_evidence import EXE, PDF

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_caseworker_uploads_evidence_and_prints_a_notice(
    browser_session: BrowserSession,
    case_c: Case,
    settings: SettingsWrapper,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    browser = browser_session
    page = browser.page
    page.goto(browser.url(f"/cases/{case_c.pk}/"))
    sign_in(browser, CASEWORKER, PASSWORD)
    assert browser.path() == f"/cases/{case_c.pk}/"

    # Upload from the case page's "Documents and evidence" section.
    section = page.locator("#documents ~ details")
    section.locator("summary").click()
    page.get_by_label("Description").fill("Download log of the suspect's phone")
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "download-log.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Upload evidence").click()
    browser.settle()
    assert browser.path() == f"/cases/{case_c.pk}/#documents"
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Evidence added: Download log of the suspect's phone."
    )
    evidence = page.locator(".app-evidence-table")
    expect(evidence).to_contain_text(hashlib.sha256(PDF).hexdigest())
    expect(evidence).to_contain_text("download-log.pdf")
    browser.screenshot("documents-01-evidence-on-case-page")

    # The download is the stored file.
    with page.expect_download() as download:
        evidence.get_by_role("link", name="Download").click()
    assert Path(download.value.path()).read_bytes() == PDF
    assert download.value.suggested_filename == "download-log.pdf"

    # An executable renamed .pdf is refused on the form, nothing stored.
    browser.goto(f"/cases/{case_c.pk}/evidence/")
    page.get_by_label("Description").fill("Not really a PDF")
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "statement.pdf", "mimeType": "application/pdf", "buffer": EXE}
    )
    page.get_by_role("button", name="Upload evidence").click()
    browser.settle()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "its content is application/x-dosexec"
    )
    expect(page.get_by_label("Description")).to_have_value("Not really a PDF")
    browser.check_accessibility()
    assert EvidenceItem.objects.filter(case=case_c).count() == 1

    # The notice of investigation, on screen and as printed.
    browser.goto(f"/cases/{case_c.pk}/")
    page.locator("#generated-documents ~ table").get_by_role(
        "link", name="View and print Regulation 16 notice for Dana Whitlow"
    ).click()
    browser.settle()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Written notice of investigation"
    )
    browser.check_accessibility()
    browser.screenshot("documents-02-notice-on-screen")
    header = page.locator(".govuk-template__header")
    expect(header).to_be_visible()
    page.emulate_media(media="print")
    for hidden in (
        ".govuk-template__header",
        ".govuk-footer",
        ".govuk-back-link",
        ".app-no-print",
    ):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("article.app-document")).to_be_visible()
    browser.screenshot("documents-03-notice-as-printed")
    check_no_link_addresses_printed(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    printed = ARTIFACTS / "documents-04-notice.pdf"
    page.pdf(path=str(printed), format="A4")
    assert printed.read_bytes().startswith(b"%PDF")


#: Every link on the page whose ::after prints something (its address).
PRINTED_ADDRESSES = """() => [...document.querySelectorAll("a[href]")]
    .filter((a) => !["none", "normal", ""].includes(
        getComputedStyle(a, "::after").content))
    .map((a) => a.getAttribute("href"))"""
#: A link in the printed document that GOV.UK would print the address of.
LINK = 'article.app-document .govuk-link[href^="/"]'
ADD_LINK = """() => {
    const link = document.createElement("a");
    link.className = "govuk-link";
    link.setAttribute("href", "/cases/");
    link.textContent = "Your cases";
    document.querySelector("article.app-document").append(link);
}"""
REMOVE_LINK = f"""() => document.querySelector('{LINK}').remove()"""
LINK_AFTER = f"""() => getComputedStyle(
    document.querySelector('{LINK}'), "::after"
).content"""
DISABLE_PRINT_CSS = """(disabled) => {
    document.querySelector('link[rel="stylesheet"][href*="print"]')
        .disabled = disabled;
}"""


def check_no_link_addresses_printed(page: Page) -> None:
    """No link on the printed page shows its address after it.

    GOV.UK Frontend prints a ``.govuk-link``'s address after it (the
    govuk-link-print-friendly mixin) and print.css turns that off. The notice
    has no such link of its own, so one is put in the printed article for
    the check: no address with print.css, GOV.UK's address without it (so
    the check can fail). Call with print media emulated.
    """
    assert page.evaluate(PRINTED_ADDRESSES) == []
    page.evaluate(ADD_LINK)
    link = page.locator(LINK)
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("href", "/cases/")
    assert page.evaluate(LINK_AFTER) == "none"
    page.evaluate(DISABLE_PRINT_CSS, True)
    assert page.evaluate(LINK_AFTER) == '" (/cases/)"'
    page.evaluate(DISABLE_PRINT_CSS, False)
    assert page.evaluate(LINK_AFTER) == "none"
    page.evaluate(REMOVE_LINK)
