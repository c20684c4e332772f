"""Reference case C walked in Chromium through the browser's forms only.

A PSD caseworker records the complaint from the case list, adds the three
detectives, their allegations and the referral; the IOPC decides to
investigate independently, assesses severity, opens the investigation, serves
the Regulation 16 notices and records the responses and the interview; the
caseworker records the detective constable's transfer to the Met; the IOPC
reports; Northamptonshire's supervisor decides case to answer and management
action for the sergeant and the inspector; the Met's supervisor decides case
to answer for the constable, refers her to a hearing, serves the notice of
referral, records her response and her resignation, schedules the hearing,
appoints the panel, records it held, the findings and the former officer
finding (would not have been dismissed), and concludes. Every step is a click
on the case page's Actions and a GOV.UK form, signed in as the user whose
role the service needs, and each step checks what the case page then shows.

The detective inspector is already on the force's records (as people on other
cases are), so she is picked from the list; the constable and the sergeant are
recorded in the browser with "Add a subject not yet recorded" (person, role at
the time and subject in one form). The facts and dates are case C's
(hearings/demo/reference_cases.py): historic dates, in order.

Every page visited must show no console error and no CSP violation
(BrowserSession checks on every settle); axe runs on the create-case form
with its error summary, on a step form refused by its service and on the
former officer finding form. Screenshots: test-artifacts/e2e/c*.png.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, Page, expect

from conduct.models import Force, PersonRole, User
from conduct.services.people import person_create, person_role_add
from hearings.demo.reference_cases import (
    CASE_C_DC_ALLEGATIONS,
    CASE_C_OFFICERS,
    CASE_C_REFERENCE,
)
from referrals.models import Case, Subject
from tests.e2e.conftest import (
    CASEWORKER,
    PASSWORD,
    BrowserSession,
    sign_in,
    signed_in_at,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUPERVISOR = "supervisor"
IOPC_SUPERVISOR = "iopc.supervisor"
IOPC_INVESTIGATOR = "iopc.investigator"
MET_SUPERVISOR = "supervisor.met"

DC, DS, DI = (f"{given} {family}" for given, family, *_ in CASE_C_OFFICERS)
OFFICERS = {f"{officer[0]} {officer[1]}": officer for officer in CASE_C_OFFICERS}
JOINED = dt.date(2008, 9, 1)
SUPERVISING_ALLEGATION = "Did not supervise the investigation."
DUTIES = "6. Duties and Responsibilities"
NOTICE = "Regulation 16 notice"
MET = "Metropolitan Police Service"
MISCONDUCT = "Case to answer: misconduct"
GROSS = "Case to answer: gross misconduct"
PROVEN_GROSS = "Proven: gross misconduct"
PROVEN_MISCONDUCT = "Proven: misconduct"


@pytest.fixture
def known_inspector(demo_users: None) -> PersonRole:
    """The detective inspector as the force's records already hold her."""
    caseworker = User.objects.get(username=CASEWORKER)
    given, family, born_on, rank, identifier = OFFICERS[DI]
    person = person_create(
        actor=caseworker, given_names=given, family_name=family, date_of_birth=born_on
    )
    return person_role_add(
        actor=caseworker,
        person=person,
        kind=PersonRole.Kind.POLICE_OFFICER,
        force=Force.objects.get(code="nhants"),
        started_on=JOINED,
        rank=rank,
        identifier=identifier,
    )


def role_option(name: str) -> str:
    """How the subject form names a detective's role."""
    for given, family, _born, rank, identifier in CASE_C_OFFICERS:
        if f"{given} {family}" == name:
            return (
                f"{name}: Police officer, {rank} ({identifier}), "
                "Northamptonshire Police"
            )
    raise KeyError(name)


@dataclass
class CaseWalk:
    """The browser on case C, with the moves a caseworker makes on a form."""

    browser: BrowserSession
    case_path: str = ""

    @property
    def page(self) -> Page:
        return self.browser.page

    # -- who is signed in ---------------------------------------------------

    def sign_in_as(self, username: str) -> None:
        """Sign out, sign in as ``username`` and open the case."""
        self.page.get_by_role("button", name="Sign out").click()
        self.browser.settle()
        assert self.browser.path().startswith("/accounts/login/")
        sign_in(self.browser, username, PASSWORD)
        assert self.browser.path() == "/"
        self.browser.goto(self.case_path)

    # -- the case page ------------------------------------------------------

    def subject_card(self, name: str) -> Locator:
        return self.page.locator(
            ".govuk-summary-card",
            has=self.page.get_by_role("link", name=name, exact=True),
        )

    def case_actions(self) -> Locator:
        """The case's own Actions list (under the summary)."""
        return self.page.locator("#summary ~ ul.app-step-actions").first

    def open_step(self, link: str, *, on: str = "", title: str = "") -> None:
        """Follow an Actions link (of the subject ``on``, else of the case);
        the form's heading is ``title`` (the link's text by default)."""
        scope = self.subject_card(on) if on else self.case_actions()
        scope.get_by_role("link", name=link).first.click()
        self.browser.settle()
        assert self.browser.path().startswith("/steps/"), self.browser.path()
        heading = title or link.split(":", maxsplit=1)[0]
        expect(self.page.get_by_role("heading", level=1)).to_have_text(heading)

    def date(self, legend: str, when: dt.date) -> None:
        group = self.page.get_by_role("group", name=legend, exact=True)
        group.get_by_label("Day", exact=True).fill(str(when.day))
        group.get_by_label("Month", exact=True).fill(str(when.month))
        group.get_by_label("Year", exact=True).fill(str(when.year))

    def choose(self, option: str, *, within: str = "") -> None:
        scope = (
            self.page.get_by_role("group", name=within, exact=True)
            if within
            else self.page
        )
        scope.get_by_role("radio", name=option, exact=True).check()

    def tick(self, *options: str) -> None:
        for option in options:
            self.page.get_by_role("checkbox", name=option, exact=True).check()

    def write(self, label: str, words: str) -> None:
        self.page.get_by_label(label, exact=True).fill(words)

    def reasons(self, words: str) -> None:
        self.write("Reasons for this decision", words)

    def submit(self, button: str = "Save") -> None:
        self.page.get_by_role("button", name=button, exact=True).click()
        self.browser.settle()

    def save(self, done: str, button: str = "Save") -> None:
        """Send the form; back on the case page with ``done`` in the banner."""
        self.submit(button)
        expect(self.page.locator(".govuk-error-summary")).to_have_count(0)
        assert self.browser.path().split("#")[0] == self.case_path
        expect(
            self.page.locator(".govuk-notification-banner--success")
        ).to_contain_text(done)

    def error_summary(self, *messages: str) -> Locator:
        summary = self.page.locator(".govuk-error-summary")
        expect(summary).to_be_visible()
        expect(summary).to_be_focused()
        expect(self.page).to_have_title(re.compile(r"^Error: "))
        for message in messages:
            expect(summary.get_by_role("link", name=message)).to_be_visible()
        return summary

    # -- what the case page shows -------------------------------------------

    def badge(self, name: str) -> Locator:
        return self.subject_card(name).locator(
            ".govuk-summary-card__actions .moj-badge"
        )

    def proceedings(self, name: str) -> Locator:
        """The subject's misconduct proceedings (with findings)."""
        return self.subject_card(name).locator("h4:has-text('Proceedings') + ul")

    def allegation_rows(self, name: str) -> Locator:
        return self.subject_card(name).locator("table tbody tr")

    def expect_allegations(self, name: str, column: int, values: Iterable[str]) -> None:
        """Column ``column`` (0: allegation, 2: severity, 3: determination) of
        the subject's allegations, in order."""
        cells = self.allegation_rows(name).locator(f"td:nth-child({column + 1})")
        expect(cells).to_have_text(list(values))

    def timeline_has(self, *titles: str) -> None:
        timeline = self.page.locator(".moj-timeline")
        for title in titles:
            expect(
                timeline.locator(".moj-timeline__title", has_text=title).first
            ).to_be_visible()


# --------------------------------------------------------------- the walk


def test_a_caseworker_walks_case_c_through_the_forms(
    browser_session: BrowserSession, known_inspector: PersonRole
) -> None:
    walk = CaseWalk(browser_session)
    record_the_complaint(walk)
    add_the_three_detectives(walk)
    add_the_allegations(walk)
    refer_to_the_iopc(walk)
    iopc_decides_to_investigate_independently(walk)
    iopc_assesses_severity_and_opens_the_investigation(walk)
    serve_the_regulation_16_notices(walk)
    record_the_responses_and_the_interview(walk)
    record_the_transfer_to_the_met(walk)
    submit_the_report(walk)
    decide_case_to_answer_and_management_action(walk)
    the_met_decides_and_refers_to_a_hearing(walk)
    serve_the_notice_of_referral_and_record_the_response(walk)
    record_the_resignation(walk)
    schedule_the_hearing_and_appoint_the_panel(walk)
    record_the_hearing_and_the_findings(walk)
    record_the_former_officer_finding_and_conclude(walk)
    the_person_page_shows_both_forces_and_the_lists(walk)
    assert walk.browser.problems == []
    assert walk.browser.checked >= 100


def record_the_complaint(walk: CaseWalk) -> None:
    """Sign in from the case list, press Create case, send the form empty
    (the error summary, checked by axe), then record the complaint."""
    browser, page = walk.browser, walk.page
    signed_in_at(browser, "/cases/")
    page.get_by_role("button", name="Create case").click()
    browser.settle()
    assert browser.path() == "/cases/new/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a case")
    # One force: it is chosen already.
    expect(page.get_by_label("Recording force")).to_have_value(
        str(Force.objects.get(code="nhants").pk)
    )
    walk.write("Force reference", CASE_C_REFERENCE)
    walk.submit("Record the case")
    walk.error_summary(
        "Select what the matter is",
        "Enter the date it came to attention",
        "Enter a summary of the matter",
    )
    # What was typed is kept.
    expect(page.get_by_label("Force reference")).to_have_value(CASE_C_REFERENCE)
    browser.screenshot("c01-create-case-errors")
    browser.check_accessibility()

    walk.choose("Public complaint")
    walk.date("Date it came to the force's attention", dt.date(2016, 11, 14))
    walk.date("Date the complaint was made", dt.date(2016, 11, 14))
    walk.write(
        "Summary of the matter",
        "A family complains about the investigation of the online grooming "
        "of their child (reported Dec 2014, closed Mar 2015, reopened Mar 2016).",
    )
    walk.write("IOPC reference (optional)", "2016/077885")
    walk.submit("Record the case")
    case = Case.objects.get(reference=CASE_C_REFERENCE)
    walk.case_path = f"/cases/{case.pk}/"
    assert browser.path() == walk.case_path
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Case {CASE_C_REFERENCE} recorded."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Case {CASE_C_REFERENCE}"
    )
    summary = page.locator("#summary + dl")
    expect(summary).to_contain_text("2012 rules")
    expect(summary).to_contain_text("Public complaint")
    expect(summary).to_contain_text("2016/077885")
    expect(summary).to_contain_text("14 November 2016")
    expect(page.locator("#iopc-referral")).to_contain_text("Not referred to the IOPC")
    expect(page.locator("#subjects ~ p").first).to_have_text(
        "No subjects recorded yet."
    )
    walk.timeline_has("Case recorded")
    browser.screenshot("c02-case-recorded")


def add_the_three_detectives(walk: CaseWalk) -> None:
    """The constable and the sergeant are new to the system: recorded with
    their roles from the case page; the inspector is picked from the list."""
    page = walk.page
    for name in (DC, DS):
        given, family, born_on, rank, identifier = OFFICERS[name]
        walk.open_step("Add a subject not yet recorded")
        walk.write("Given names", given)
        walk.write("Family name", family)
        walk.date("Date of birth (optional)", born_on)
        walk.choose("Police officer", within="Role at the time")
        walk.write("Rank or grade (optional)", rank)
        walk.write("Collar, warrant or staff number (optional)", identifier)
        walk.date("Date the role started", JOINED)
        if name == DC:
            walk.browser.screenshot("c03a-new-person-form")
            walk.browser.check_accessibility()
        walk.save("Person recorded and added as a subject")
        expect(walk.subject_card(name)).to_contain_text("Detective")
        expect(walk.badge(name)).to_have_text("Recorded")
    walk.open_step("Add a subject")
    page.get_by_label("Person and the role they held at the time").select_option(
        label=role_option(DI)
    )
    walk.save("Subject added")
    expect(walk.badge(DI)).to_have_text("Recorded")
    cards = page.locator(".govuk-summary-card", has=page.locator("a[href^='/people/']"))
    expect(cards).to_have_count(3)
    expect(walk.subject_card(DC)).to_contain_text(
        "Police officer, Detective Constable (NH101), Northamptonshire Police"
    )
    expect(walk.subject_card(DI)).to_contain_text("Detective Inspector (NH303)")


def add_the_allegations(walk: CaseWalk) -> None:
    """Four allegations against the detective constable, one against each
    supervising officer; all under Standard 6 (duties and responsibilities)."""
    for name, summaries in (
        (DC, CASE_C_DC_ALLEGATIONS),
        (DS, (SUPERVISING_ALLEGATION,)),
        (DI, (SUPERVISING_ALLEGATION,)),
    ):
        for summary in summaries:
            walk.open_step("Add an allegation", on=name)
            walk.write("The allegation", summary)
            walk.tick(DUTIES)
            walk.save(f"Allegation added: {name}")
        walk.expect_allegations(name, 0, summaries)
        walk.expect_allegations(name, 2, ["Not assessed"] * len(summaries))
        expect(walk.allegation_rows(name).first).to_contain_text(DUTIES)
    walk.browser.screenshot("c03-subjects-and-allegations")


def refer_to_the_iopc(walk: CaseWalk) -> None:
    """A voluntary referral. First with a date in the future: the service
    refuses it on the form (axe on the refused form), the ticked reason
    kept; then on 21 November 2016."""
    browser, page = walk.browser, walk.page
    walk.open_step("Refer to the IOPC")
    walk.tick("Voluntary referral")
    walk.date("Date referred", dt.date(2016, 11, 21) + dt.timedelta(days=365 * 40))
    walk.submit()
    refusal = "The referral date cannot be in the future."
    summary = walk.error_summary(refusal)
    expect(summary.get_by_role("link")).to_have_count(1)
    # Next to its field too, and the link goes to the day box.
    expect(page.get_by_role("group", name="Date referred")).to_contain_text(refusal)
    summary.get_by_role("link", name=refusal).click()
    expect(
        page.get_by_role("group", name="Date referred").get_by_label("Day")
    ).to_be_focused()
    expect(page.get_by_role("checkbox", name="Voluntary referral")).to_be_checked()
    browser.screenshot("c04-referral-refused")
    browser.check_accessibility()

    walk.date("Date referred", dt.date(2016, 11, 21))
    walk.save("Referred to the IOPC")
    referral = page.locator("#iopc-referral")
    expect(referral).to_contain_text("Referred on 21 November 2016 (voluntary)")
    expect(referral).to_contain_text("Voluntary referral")
    expect(page.locator("#investigation-mode")).to_have_text("Not decided")
    # A caseworker does not decide for the IOPC, nor refer twice.
    expect(
        walk.case_actions().get_by_role("link", name="Refer to the IOPC")
    ).to_have_count(0)
    expect(
        walk.case_actions().get_by_role("link", name="Record the IOPC's decision")
    ).to_have_count(0)


def iopc_decides_to_investigate_independently(walk: CaseWalk) -> None:
    page = walk.page
    walk.sign_in_as(IOPC_SUPERVISOR)
    walk.open_step("Record the IOPC's decision on the referral")
    walk.choose("It must be investigated")
    walk.choose("Independent", within="Mode of investigation")
    walk.date("Date decided", dt.date(2016, 12, 1))
    walk.reasons("Seriousness of the failings and the public interest.")
    walk.save("IOPC decision recorded")
    expect(page.locator("#investigation-mode")).to_have_text("Independent")
    expect(page.locator("#iopc-referral")).to_contain_text("decided on 1 December 2016")
    walk.timeline_has("IOPC")
    walk.browser.screenshot("c05-iopc-decision")


def iopc_assesses_severity_and_opens_the_investigation(walk: CaseWalk) -> None:
    """The IOPC investigator: every allegation could be gross misconduct;
    then the independent investigation opens and all three are under it."""
    page = walk.page
    walk.sign_in_as(IOPC_INVESTIGATOR)
    for name, summaries in (
        (DC, CASE_C_DC_ALLEGATIONS),
        (DS, (SUPERVISING_ALLEGATION,)),
        (DI, (SUPERVISING_ALLEGATION,)),
    ):
        for summary in summaries:
            walk.open_step(
                f"Assess severity: {summary[:40]}", on=name, title="Assess severity"
            )
            walk.choose("Gross misconduct")
            # The IOPC's staff assess for the IOPC: chosen already.
            expect(
                page.get_by_role("radio", name="IOPC (Director General)")
            ).to_be_checked()
            walk.date("Date assessed", dt.date(2016, 12, 5))
            walk.reasons("Could amount to gross misconduct.")
            walk.save("Severity assessed")
        walk.expect_allegations(name, 2, ["Gross misconduct"] * len(summaries))

    walk.open_step("Open the investigation")
    walk.choose("IOPC", within="Who investigates?")
    walk.write("Investigator's name", "IPCC lead investigator")
    walk.write(
        "Terms of reference", "The handling of the crime report from December 2014."
    )
    walk.date("Date opened", dt.date(2016, 12, 6))
    walk.save("Investigation opened")
    expect(page.locator("#summary + dl")).to_contain_text(
        "by IOPC (IPCC lead investigator), opened 6 December 2016"
    )
    for name in (DC, DS, DI):
        expect(walk.badge(name)).to_have_text("Under investigation")
    walk.browser.screenshot("c06-under-investigation")


def serve_the_regulation_16_notices(walk: CaseWalk) -> None:
    page = walk.page
    for name in (DC, DS, DI):
        walk.open_step(f"Serve the {NOTICE}", on=name)
        walk.date("Date served", dt.date(2016, 12, 12))
        walk.write(
            "What the notice says",
            "You are under investigation for possible gross misconduct.",
        )
        walk.save(f"Notice served: {name}")
    documents = page.locator("#generated-documents + table tbody tr")
    expect(documents).to_have_count(3)
    expect(documents.filter(has_text=NOTICE)).to_have_count(3)
    for name in (DC, DS, DI):
        expect(documents.filter(has_text=name)).to_contain_text("12 December 2016")


def record_the_responses_and_the_interview(walk: CaseWalk) -> None:
    """Written statements from the supervising officers; the DC gives one,
    a no-comment interview, then a second."""
    page = walk.page

    def statement(name: str, received_on: dt.date, content: str) -> None:
        walk.open_step("Record the response", on=name)
        expect(page.locator(".govuk-caption-l")).to_contain_text(
            f"{NOTICE} served 12 December 2016"
        )
        walk.choose("Written statement")
        walk.date("Date received", received_on)
        walk.write("The response (optional if none was given)", content)
        walk.save("Response recorded")

    for name in (DS, DI):
        statement(
            name, dt.date(2016, 12, 22), "Written statement in place of an interview."
        )
    statement(DC, dt.date(2016, 12, 23), "First written statement.")

    walk.open_step("Arrange an interview", on=DC)
    walk.date("Date of the interview", dt.date(2017, 2, 2))
    walk.save("Interview arranged")
    walk.open_step("Record the interview", on=DC)
    walk.date("Date held", dt.date(2017, 2, 2))
    walk.choose("Yes", within="Did the subject attend?")
    page.get_by_role("checkbox", name="The subject answered no comment").check()
    walk.save("Interview recorded")
    # Held: no longer offered.
    expect(
        walk.subject_card(DC).get_by_role("link", name="Record the interview")
    ).to_have_count(0)

    statement(DC, dt.date(2017, 2, 9), "Second written statement.")
    walk.timeline_has("Response", "Interview")


def record_the_transfer_to_the_met(walk: CaseWalk) -> None:
    """June 2017: the detective constable transfers to the Met, which becomes
    the appropriate authority for her."""
    page = walk.page
    walk.sign_in_as(CASEWORKER)
    walk.open_step("Record leaving or a transfer", on=DC)
    walk.choose("Transferred", within="What happened?")
    walk.date("Date", dt.date(2017, 6, 5))
    page.get_by_label("Force they transferred to (transfers only)").select_option(
        label=MET
    )
    walk.write("Collar or staff number in the new force (optional)", "MP9090")
    walk.save(f"Employment event recorded: {DC}")
    card = walk.subject_card(DC)
    expect(card).to_contain_text(f"Detective Constable (MP9090), {MET}")
    expect(
        card.locator(".govuk-summary-list__row", has_text="Appropriate authority")
    ).to_contain_text(MET)
    expect(walk.badge(DC)).to_have_text("Under investigation")


def submit_the_report(walk: CaseWalk) -> None:
    page = walk.page
    walk.sign_in_as(IOPC_INVESTIGATOR)
    walk.open_step("Submit the investigation report")
    walk.date("Date submitted", dt.date(2017, 9, 15))
    walk.write("Summary of the report", "Opinions on the three officers.")
    for name, opinion in ((DC, GROSS), (DS, MISCONDUCT), (DI, MISCONDUCT)):
        walk.choose(opinion, within=f"Investigator's opinion on {name}")
    walk.save("Investigation report submitted")
    expect(page.locator("#summary + dl")).to_contain_text(
        "Report submitted: by IOPC (IPCC lead investigator)"
    )
    for name in (DC, DS, DI):
        expect(walk.badge(name)).to_have_text("Investigation reported")
    walk.browser.screenshot("c07-report-submitted")


def decide_case_to_answer_and_management_action(walk: CaseWalk) -> None:
    """Northamptonshire's supervisor: misconduct for the supervising
    officers, then management action (the 2012 outcome without
    proceedings)."""
    page = walk.page
    walk.sign_in_as(SUPERVISOR)
    for name in (DS, DI):
        walk.open_step("Decide case to answer", on=name)
        expect(page.get_by_role("radio", name="Appropriate authority")).to_be_checked()
        walk.date("Date decided", dt.date(2017, 10, 2))
        walk.choose(MISCONDUCT, within=f"Allegation: {SUPERVISING_ALLEGATION}")
        walk.reasons("Agrees with the investigator that the Standards were breached.")
        walk.save(f"Case to answer decided: {name}")
        walk.expect_allegations(name, 3, [MISCONDUCT])
        expect(walk.badge(name)).to_have_text(re.compile("^Case to answer"))

        walk.open_step("Decide management action", on=name)
        expect(page.locator("main")).to_contain_text("Management action instead of")
        walk.date("Date decided", dt.date(2017, 10, 9))
        walk.reasons("Management action (the 2012 non-disciplinary outcome).")
        walk.save(f"Management action decided: {name}")
        expect(walk.badge(name)).to_have_text(re.compile("^Management action"))
        # A finished path offers nothing more for the subject.
        expect(
            walk.subject_card(name).get_by_role("link", name="Decide case to answer")
        ).to_have_count(0)

    walk.timeline_has("Case to answer", "Management action")
    walk.browser.screenshot("c08-management-action")
    assert (
        Subject.objects.filter(
            case__reference=CASE_C_REFERENCE, status=Subject.Status.MANAGEMENT_ACTION
        ).count()
        == 2
    )


def the_met_decides_and_refers_to_a_hearing(walk: CaseWalk) -> None:
    """The Met's supervisor (who sees the case through the detective
    constable): gross misconduct on all four allegations, then a public
    misconduct hearing."""
    page = walk.page
    walk.sign_in_as(MET_SUPERVISOR)
    walk.open_step("Decide case to answer", on=DC)
    walk.date("Date decided", dt.date(2017, 10, 16))
    for summary in CASE_C_DC_ALLEGATIONS:
        walk.choose(GROSS, within=f"Allegation: {summary}")
    walk.reasons("The Met agrees to hold gross misconduct proceedings.")
    walk.save(f"Case to answer decided: {DC}")
    walk.expect_allegations(DC, 3, [GROSS] * len(CASE_C_DC_ALLEGATIONS))
    expect(walk.badge(DC)).to_have_text("Case to answer")

    walk.open_step("Refer to misconduct proceedings", on=DC)
    # A serving officer: no former-officer condition to give.
    expect(page.get_by_role("group", name=re.compile("former officer"))).to_have_count(
        0
    )
    walk.choose("Misconduct hearing", within="Which proceedings?")
    walk.date("Date referred", dt.date(2017, 11, 20))
    page.get_by_role("checkbox", name="The hearing is held in public").check()
    walk.reasons("A case to answer for gross misconduct.")
    walk.save(f"Referred to misconduct proceedings: {DC}")
    expect(walk.badge(DC)).to_have_text("Referred to proceedings")
    expect(walk.proceedings(DC)).to_contain_text(
        "Misconduct hearing: Referred referred 20 November 2017"
    )


def serve_the_notice_of_referral_and_record_the_response(walk: CaseWalk) -> None:
    page = walk.page
    walk.open_step("Serve the notice of referral", on=DC)
    walk.date("Date served", dt.date(2017, 11, 22))
    walk.write("What the notice says", "You are referred to a misconduct hearing.")
    walk.save("Notice of referral served")
    documents = page.locator("#generated-documents + table tbody tr")
    expect(documents).to_have_count(4)
    expect(documents.filter(has_text="22 November 2017")).to_contain_text(DC)

    walk.open_step("Record the subject's response", on=DC)
    walk.date("Date received", dt.date(2017, 12, 8))
    walk.choose("No", within="Does the subject accept the conduct?")
    walk.write(
        "The subject's account (optional)",
        "Accepts some failings; denies that they were gross misconduct.",
    )
    walk.save("Response recorded")
    walk.timeline_has("Response")


def record_the_resignation(walk: CaseWalk) -> None:
    """February 2018, after the former-officer rules began: the proceedings
    go on against a former officer and the advisory list report is due."""
    page = walk.page
    walk.open_step("Record leaving or a transfer", on=DC)
    walk.choose("Resigned", within="What happened?")
    walk.date("Date", dt.date(2018, 2, 9))
    walk.save(f"Employment event recorded: {DC}")
    expect(walk.proceedings(DC)).to_contain_text("former officer")
    reports = page.locator("#list-reports + table tbody tr")
    expect(reports).to_have_count(1)
    expect(reports.first).to_contain_text("Advisory list report")
    expect(reports.first).to_contain_text(DC)
    expect(reports.first).to_contain_text("9 February 2018")
    # She has left: nothing more to record about her employment.
    expect(
        walk.subject_card(DC).get_by_role("link", name="Record leaving or a transfer")
    ).to_have_count(0)
    walk.browser.screenshot("c09-resigned-advisory-list")


def schedule_the_hearing_and_appoint_the_panel(walk: CaseWalk) -> None:
    """A late-2018 hearing: a legally qualified chair, a senior officer and
    an independent member, each offered only while still missing."""
    walk.open_step("Schedule the hearing", on=DC)
    walk.date("Date of the proceedings", dt.date(2018, 11, 26))
    walk.save("Date set")
    expect(walk.proceedings(DC)).to_contain_text("scheduled for 26 November 2018")
    for role, name in (
        ("Legally qualified chair", "Legally qualified chair"),
        ("Senior officer", "Chief Superintendent"),
        ("Independent member", "Independent member"),
    ):
        walk.open_step("Appoint a panel member", on=DC)
        walk.choose(role, within="Role on the panel")
        walk.write("Name", name)
        walk.save("Panel member appointed")
    card = walk.subject_card(DC)
    expect(card.get_by_role("link", name="Appoint a panel member")).to_have_count(0)
    expect(card.get_by_role("link", name="Stand down")).to_have_count(3)


def record_the_hearing_and_the_findings(walk: CaseWalk) -> None:
    """Held on 26 November 2018; two failings were gross misconduct and two
    misconduct."""
    walk.open_step("Record that the hearing was held", on=DC)
    walk.date("Date held", dt.date(2018, 11, 26))
    walk.save("Recorded as held")
    expect(walk.proceedings(DC)).to_contain_text("Held referred 20 November 2017")
    expect(walk.proceedings(DC)).to_contain_text("held 26 November 2018")

    walk.open_step("Record findings", on=DC)
    walk.date("Date of the findings", dt.date(2018, 11, 30))
    findings = dict(
        zip(
            CASE_C_DC_ALLEGATIONS,
            (PROVEN_GROSS, PROVEN_GROSS, PROVEN_MISCONDUCT, PROVEN_MISCONDUCT),
            strict=True,
        )
    )
    for summary, finding in findings.items():
        walk.choose(finding, within=f"Allegation: {summary}")
    walk.write(
        "Reasons for the findings",
        "Two failings were gross misconduct and two were misconduct.",
    )
    walk.save("Findings recorded")
    listed = walk.proceedings(DC).locator("ul.govuk-list--bullet li")
    expect(listed).to_have_text(
        [f"{summary}: {finding}" for summary, finding in findings.items()]
    )
    # A former officer: the finding, never an outcome for a serving officer.
    card = walk.subject_card(DC)
    expect(card.get_by_role("link", name="Record the outcome")).to_have_count(0)
    walk.browser.screenshot("c10-findings")


def record_the_former_officer_finding_and_conclude(walk: CaseWalk) -> None:
    """She would not have been dismissed: no barred list entry, and a further
    report removes the advisory entry. The case concludes for her in January
    2019."""
    page = walk.page
    walk.open_step("Record former officer finding", on=DC)
    expect(page.locator("main")).to_contain_text("would have been dismissed")
    walk.browser.check_accessibility()
    walk.choose(
        "No, they would not have been dismissed",
        within="Would they have been dismissed if they were still serving?",
    )
    walk.date("Date decided", dt.date(2018, 11, 30))
    walk.write(
        "Reasons for the finding",
        "The failings were not such that dismissal would have followed.",
    )
    walk.save("Former officer finding recorded")
    expect(walk.badge(DC)).to_have_text("Outcome decided")
    outcome = walk.subject_card(DC).locator("h4:has-text('Outcome') + ul")
    expect(outcome).to_contain_text(
        "Would not have been dismissed, decided 30 November 2018"
    )
    expect(outcome).to_contain_text("Current")
    reports = page.locator("#list-reports + table tbody tr")
    expect(reports).to_have_count(2)
    expect(reports.filter(has_text="remove entry")).to_contain_text(DC)
    expect(reports.filter(has_text="Barred list")).to_have_count(0)
    walk.browser.screenshot("c11-former-officer-finding")

    walk.open_step("Conclude the proceedings", on=DC)
    walk.date("Date concluded", dt.date(2019, 1, 7))
    walk.save("Proceedings concluded")
    expect(walk.badge(DC)).to_have_text("Concluded")
    for name in (DS, DI):
        expect(walk.badge(name)).to_have_text(re.compile("^Management action"))
    walk.timeline_has("Case recorded", "Findings", "Outcome")
    walk.browser.screenshot("c12-case-c-concluded")
    assert list(
        Subject.objects.filter(case__reference=CASE_C_REFERENCE)
        .order_by("id")
        .values_list("status", flat=True)
    ) == [
        Subject.Status.CONCLUDED,
        Subject.Status.MANAGEMENT_ACTION,
        Subject.Status.MANAGEMENT_ACTION,
    ]


def the_person_page_shows_both_forces_and_the_lists(walk: CaseWalk) -> None:
    page = walk.page
    walk.subject_card(DC).get_by_role("link", name=DC, exact=True).click()
    walk.browser.settle()
    assert re.fullmatch(r"/people/\d+/", walk.browser.path())
    expect(page.get_by_role("heading", level=1)).to_have_text(DC)
    main = page.locator("main")
    expect(main).to_contain_text("Northamptonshire Police")
    expect(main).to_contain_text(MET)
    expect(main).to_contain_text("Advisory list report")
    expect(page.get_by_role("link", name=f"Case {CASE_C_REFERENCE}")).to_be_visible()
    walk.browser.screenshot("c13-person-dc")
