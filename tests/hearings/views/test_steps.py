"""Every hearings step as a browser form (hearings.steps through the one step
view of referrals.views): the form opens from the case's state, a good
submission calls the service (state changed, its audit row, back to the case
page with a banner), and a refused one shows the error on the form with
nothing written and what was typed still there."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conduct.models import AuditEvent, PersonRole, User
from hearings.models import Appeal, ListReport, Outcome, PanelMember, Proceeding
from referrals.models import Case, Subject
from tests.assertions import nothing_written
from tests.builders import LQC_PANEL, MISCONDUCT, TIMELINE, Build
from tests.referrals.views.helpers import VERSION, day

pytestmark = pytest.mark.django_db

FUTURE = timezone.localdate() + dt.timedelta(days=30)
REFERRED_ON = TIMELINE.referred_on
HEARING_ON = TIMELINE.hearing_on
REASONS = "Weighed the evidence with care."

Data = Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class Scenario:
    """One step: how to reach it, a good submission and its effect, and a
    submission the service (or the form) refuses, with what must be kept."""

    name: str
    kind: str
    slug: str
    setup: Callable[[Build], Any]
    data: Data
    action: str
    check: Callable[[Any], bool]
    refusal: Data
    message: str
    kept: str
    user: str = "supervisor"
    touches_case: bool = True


def fixed(values: dict[str, Any]) -> Data:
    return lambda target: values


def merged(base: Data, changes: dict[str, Any]) -> Data:
    return lambda target: {**base(target), **changes}


def case_of(target: Any) -> Case:
    if isinstance(target, Subject | ListReport):
        return Case.objects.get(pk=target.case_id)
    if isinstance(target, Proceeding | Appeal):
        return Case.objects.get(subjects=target.subject_id)
    assert isinstance(target, PanelMember)
    return Case.objects.get(subjects__proceedings=target.proceeding_id)


def subject_status(status: str) -> Callable[[Any], bool]:
    def check(target: Any) -> bool:
        subject_id = target.pk if isinstance(target, Subject) else target.subject_id
        return Subject.objects.get(pk=subject_id).status == status

    return check


def proceeding(**values: Any) -> Callable[[Proceeding], bool]:
    def check(target: Proceeding) -> bool:
        fresh = Proceeding.objects.get(pk=target.pk)
        return all(getattr(fresh, name) == value for name, value in values.items())

    return check


def findings(result: str) -> Data:
    def data(target: Proceeding) -> dict[str, Any]:
        return {
            **{
                f"finding_{allegation.pk}": result
                for allegation in target.subject.allegations.all()
            },
            **day(HEARING_ON, "recorded_on"),
            "rationale": REASONS,
        }

    return data


REFER = fixed(
    {
        "form": "misconduct_hearing",
        **day(REFERRED_ON, "referred_on"),
        "rationale": REASONS,
    }
)
ACCELERATED = fixed(
    {
        "form": "accelerated_hearing",
        **day(REFERRED_ON, "referred_on"),
        **day(REFERRED_ON, "special_conditions_certified_on"),
        "special_conditions_certified_by": "Deputy Chief Constable",
        "is_public": "on",
        "rationale": REASONS,
    }
)
FORMER_OFFICER = fixed(
    {
        "form": "misconduct_hearing",
        **day(REFERRED_ON, "referred_on"),
        "former_officer_condition": "a",
        "rationale": REASONS,
    }
)
NOTICE = fixed(
    {**day(REFERRED_ON, "served_on"), "content": "You are referred to a hearing."}
)
RESPONSE = fixed(
    {
        **day(dt.date(2023, 7, 14), "received_on"),
        "accepts_conduct": "no",
        "account": "Denies pushing anyone; proposes two witnesses.",
    }
)
EMPLOYMENT = fixed(
    {
        "kind": "resigned",
        **day(dt.date(2023, 6, 20), "occurred_on"),
        "notes": "Resignation letter of 6 June.",
    }
)
OUTCOME = fixed(
    {
        "kind": "dismissal_without_notice",
        **day(HEARING_ON, "decided_on"),
        "reasons": REASONS,
    }
)
FORMER_OFFICER_FINDING = fixed(
    {
        "kind": "would_not_have_been_dismissed",
        **day(HEARING_ON, "decided_on"),
        "reasons": REASONS,
    }
)
APPEAL = fixed(
    {
        **day(dt.date(2023, 9, 11), "lodged_on"),
        "grounds": "The outcome was too severe for one incident.",
    }
)
DISMISSED = fixed(
    {
        "result": "dismissed",
        **day(dt.date(2023, 10, 2), "decided_on"),
        "reasons": REASONS,
    }
)


def scenarios() -> list[Scenario]:
    return [
        # ------------------------------------------------------- subject
        Scenario(
            "refer to a misconduct hearing",
            "subject",
            "refer-to-proceedings",
            lambda build: build.case_to_answer(),
            REFER,
            "proceeding.referred",
            lambda s: Proceeding.objects.filter(
                subject=s, form="misconduct_hearing"
            ).exists(),
            merged(REFER, {"form": "misconduct_meeting"}),
            "A misconduct meeting deals only with misconduct",
            REASONS,
        ),
        Scenario(
            "refer to an accelerated hearing",
            "subject",
            "refer-to-proceedings",
            lambda build: build.case_to_answer(),
            ACCELERATED,
            "proceeding.referred",
            lambda s: Proceeding.objects.filter(
                subject=s,
                form="accelerated_hearing",
                special_conditions_certified_by="Deputy Chief Constable",
                is_public=True,
            ).exists(),
            merged(ACCELERATED, {"special_conditions_certified_by": ""}),
            "An accelerated hearing needs the special conditions certified",
            'value="accelerated_hearing" checked',
        ),
        Scenario(
            "refer a former officer",
            "subject",
            "refer-to-proceedings",
            lambda build: build.former_officer(),
            FORMER_OFFICER,
            "proceeding.referred",
            lambda s: Proceeding.objects.filter(
                subject=s, former_officer=True, former_officer_condition="a"
            ).exists(),
            merged(FORMER_OFFICER, {"former_officer_condition": "b"}),
            "Condition B applies only if the matter came to attention",
            'value="b" checked',
        ),
        Scenario(
            "close without proceedings",
            "subject",
            "close-without-proceedings",
            lambda build: build.withdrawn().subject,
            fixed({**day(dt.date(2023, 7, 21), "decided_on"), "rationale": REASONS}),
            "subject.closed_without_proceedings",
            subject_status(Subject.Status.NO_FURTHER_ACTION),
            fixed({**day(FUTURE, "decided_on"), "rationale": REASONS}),
            "The decision date cannot be in the future.",
            REASONS,
        ),
        Scenario(
            "record an appeal",
            "subject",
            "lodge-appeal",
            lambda build: build.decided().subject,
            APPEAL,
            "appeal.lodged",
            subject_status(Subject.Status.UNDER_APPEAL),
            merged(APPEAL, day(dt.date(2023, 9, 1), "lodged_on")),
            "cannot be before the outcome",
            "The outcome was too severe for one incident.",
            user="caseworker",
        ),
        Scenario(
            "conclude",
            "subject",
            "conclude",
            lambda build: build.decided().subject,
            fixed(day(dt.date(2023, 10, 9), "concluded_on")),
            "subject.concluded",
            subject_status(Subject.Status.CONCLUDED),
            fixed(day(dt.date(2023, 9, 1), "concluded_on")),
            "cannot be before the outcome",
            'value="9"',
        ),
        Scenario(
            "record a resignation",
            "subject",
            "employment-event",
            lambda build: build.case_to_answer(),
            EMPLOYMENT,
            "person.resigned",
            lambda s: PersonRole.objects.get(pk=s.role_id).ended_on is not None,
            merged(EMPLOYMENT, {"kind": "transferred"}),
            "Say which force the person transferred to.",
            "Resignation letter of 6 June.",
            user="caseworker",
        ),
        # ---------------------------------------------------- proceeding
        Scenario(
            "serve the notice of referral",
            "proceeding",
            "serve-notice",
            lambda build: build.referred(),
            NOTICE,
            "proceeding.notice_served",
            lambda p: p.notices.exists(),
            merged(NOTICE, day(FUTURE, "served_on")),
            "The service date cannot be in the future.",
            "You are referred to a hearing.",
            user="caseworker",
        ),
        Scenario(
            "record the subject's response",
            "proceeding",
            "record-response",
            lambda build: build.served(),
            RESPONSE,
            "proceeding.response_recorded",
            proceeding(accepts_conduct=False),
            merged(RESPONSE, day(dt.date(2023, 7, 1), "received_on")),
            "cannot be before the referral",
            "proposes two witnesses",
            user="caseworker",
        ),
        Scenario(
            "papers to the chair",
            "proceeding",
            "papers-to-chair",
            lambda build: build.referred(),
            fixed(day(dt.date(2023, 7, 10), "supplied_on")),
            "proceeding.papers_to_chair",
            proceeding(papers_to_chair_on=dt.date(2023, 7, 10)),
            fixed(day(FUTURE, "supplied_on")),
            "The date supplied cannot be in the future.",
            f'value="{FUTURE.year}"',
        ),
        Scenario(
            "pre-hearing date",
            "proceeding",
            "pre-hearing",
            lambda build: build.papers_sent(),
            fixed(day(dt.date(2023, 7, 24), "pre_hearing_on")),
            "proceeding.pre_hearing_set",
            proceeding(pre_hearing_on=dt.date(2023, 7, 24)),
            fixed(day(dt.date(2023, 7, 5), "pre_hearing_on")),
            "cannot be before the papers going to the chair",
            'value="5"',
        ),
        Scenario(
            "schedule",
            "proceeding",
            "schedule",
            lambda build: build.served(),
            fixed(day(HEARING_ON, "scheduled_for")),
            "proceeding.scheduled",
            proceeding(status="scheduled", scheduled_for=HEARING_ON),
            fixed(day(dt.date(2023, 6, 1), "scheduled_for")),
            "cannot be before the referral",
            'value="6"',
        ),
        Scenario(
            "appoint a panel member",
            "proceeding",
            "appoint-panel-member",
            lambda build: build.scheduled(),
            fixed({"role": "legally_qualified_chair", "name": "Ms Chair KC"}),
            "proceeding.panel_member_appointed",
            lambda p: p.panel.filter(name="Ms Chair KC").exists(),
            fixed({"role": "legally_qualified_chair", "name": ""}),
            "Enter the panel member",
            'value="legally_qualified_chair" checked',
        ),
        Scenario(
            "adjourn",
            "proceeding",
            "adjourn",
            lambda build: build.scheduled(),
            fixed({**day(dt.date(2023, 8, 1), "adjourned_on"), "reason": REASONS}),
            "proceeding.adjourned",
            proceeding(status="adjourned", scheduled_for=None),
            fixed({**day(FUTURE, "adjourned_on"), "reason": REASONS}),
            "The adjournment date cannot be in the future.",
            REASONS,
        ),
        Scenario(
            "hold",
            "proceeding",
            "hold",
            lambda build: build.scheduled(panel="full"),
            fixed(day(HEARING_ON, "held_on")),
            "proceeding.held",
            proceeding(status="held", held_on=HEARING_ON),
            fixed(day(FUTURE, "held_on")),
            "The date held cannot be in the future.",
            f'value="{FUTURE.year}"',
            user="caseworker",
        ),
        Scenario(
            "withdraw",
            "proceeding",
            "withdraw",
            lambda build: build.referred(),
            fixed({**day(dt.date(2023, 7, 20), "withdrawn_on"), "rationale": REASONS}),
            "proceeding.withdrawn",
            proceeding(status="withdrawn"),
            fixed({**day(dt.date(2023, 7, 1), "withdrawn_on"), "rationale": REASONS}),
            "cannot be before the referral",
            REASONS,
        ),
        Scenario(
            "record findings",
            "proceeding",
            "record-findings",
            lambda build: build.held(),
            findings("proven_gross_misconduct"),
            "proceeding.findings_recorded",
            lambda p: p.findings.filter(result="proven_gross_misconduct").exists(),
            merged(
                findings("proven_gross_misconduct"),
                day(dt.date(2023, 9, 1), "recorded_on"),
            ),
            "cannot be before the hearing",
            'value="proven_gross_misconduct" checked',
            user="caseworker",
        ),
        Scenario(
            "record the outcome",
            "proceeding",
            "record-outcome",
            lambda build: build.found(),
            OUTCOME,
            "subject.outcome_recorded",
            subject_status(Subject.Status.OUTCOME_DECIDED),
            merged(OUTCOME, day(FUTURE, "decided_on")),
            "The outcome date cannot be in the future.",
            REASONS,
            user="caseworker",
        ),
        Scenario(
            "record the former officer finding",
            "proceeding",
            "former-officer-finding",
            lambda build: build.found(
                subject=build.former_officer(), former_officer_condition="a"
            ),
            FORMER_OFFICER_FINDING,
            "subject.outcome_recorded",
            lambda p: Outcome.objects.filter(
                proceeding=p, kind="would_not_have_been_dismissed", is_current=True
            ).exists(),
            merged(FORMER_OFFICER_FINDING, day(dt.date(2023, 9, 1), "decided_on")),
            "cannot be before the hearing",
            'value="would_not_have_been_dismissed" checked',
        ),
        # ------------------------------------- panel, appeals, list reports
        Scenario(
            "stand a panel member down",
            "panel-member",
            "remove",
            lambda build: build.scheduled(panel=LQC_PANEL[:1]).panel.get(),
            fixed({"rationale": "A successful objection to the chair."}),
            "proceeding.panel_member_removed",
            lambda m: not PanelMember.objects.filter(pk=m.pk).exists(),
            fixed({"rationale": "   "}),
            "Enter the reasons for this decision",
            'name="rationale"',
        ),
        Scenario(
            "appeal dismissed",
            "appeal",
            "decide",
            lambda build: build.appealed(),
            DISMISSED,
            "appeal.decided",
            lambda a: Appeal.objects.get(pk=a.pk).status == "dismissed",
            merged(DISMISSED, {"substituted_outcome": "final_written_warning"}),
            "A dismissed appeal leaves the outcome as it is.",
            'value="final_written_warning" checked',
        ),
        Scenario(
            "appeal allowed",
            "appeal",
            "decide",
            lambda build: build.appealed(),
            merged(
                DISMISSED,
                {"result": "allowed", "substituted_outcome": "final_written_warning"},
            ),
            "appeal.decided",
            lambda a: (
                Outcome.objects.get(subject_id=a.subject_id, is_current=True).kind
                == "final_written_warning"
            ),
            merged(DISMISSED, {"result": "allowed"}),
            "Say which outcome the appeal substitutes.",
            REASONS,
            user="caseworker",
        ),
        Scenario(
            "appeal withdrawn",
            "appeal",
            "withdraw",
            lambda build: build.appealed(),
            fixed({**day(dt.date(2023, 9, 20), "withdrawn_on"), "rationale": REASONS}),
            "appeal.withdrawn",
            lambda a: Appeal.objects.get(pk=a.pk).status == "withdrawn",
            fixed({**day(FUTURE, "withdrawn_on"), "rationale": REASONS}),
            "The date withdrawn cannot be in the future.",
            REASONS,
        ),
        Scenario(
            "send a failed list report again",
            "list-report",
            "requeue",
            lambda build: build.failed_report(),
            fixed({"reason": "The College's address was corrected."}),
            "list_report.requeued",
            lambda r: ListReport.objects.get(pk=r.pk).status == "pending",
            fixed({"reason": ""}),
            "Enter the reasons for this decision",
            'name="reason"',
            touches_case=False,
        ),
    ]


SCENARIOS = scenarios()
IDS = [scenario.name for scenario in SCENARIOS]


@dataclass(frozen=True)
class Opened:
    target: Any
    case: Case
    path: str
    version: str
    page: str


def open_step(client: Client, build: Build, scenario: Scenario, user: User) -> Opened:
    target = scenario.setup(build)
    case = case_of(target)
    client.force_login(user)
    path = f"/steps/{scenario.kind}/{target.pk}/{scenario.slug}/"
    response = client.get(path)
    assert response.status_code == 200, (path, response.get("Location"))
    page = response.content.decode()
    found = VERSION.search(page)
    assert found is not None, page
    assert found.group(1) == str(case.version)
    return Opened(target, case, path, found.group(1), page)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_a_hearings_step_calls_its_service_and_returns_to_the_case(
    client: Client, build: Build, request: pytest.FixtureRequest, scenario: Scenario
) -> None:
    user = request.getfixturevalue(scenario.user)
    opened = open_step(client, build, scenario, user)
    assert 'id="step-form"' in opened.page

    data = {**scenario.data(opened.target), "version": opened.version}
    response = client.post(opened.path, data, follow=True)

    case = opened.case
    assert response.redirect_chain[-1][0].startswith(f"/cases/{case.pk}/#")
    assert AuditEvent.objects.filter(case_id=case.pk, action=scenario.action).exists()
    if scenario.touches_case:
        assert Case.objects.get(pk=case.pk).version > case.version
    assert scenario.check(opened.target)
    assert "govuk-notification-banner--success" in response.content.decode()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_a_refused_hearings_step_keeps_the_input_and_writes_nothing(
    client: Client, build: Build, request: pytest.FixtureRequest, scenario: Scenario
) -> None:
    user = request.getfixturevalue(scenario.user)
    opened = open_step(client, build, scenario, user)

    with nothing_written(opened.case):
        data = {**scenario.refusal(opened.target), "version": opened.version}
        response = client.post(opened.path, data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert scenario.message in content
    assert "<title>Error: " in content
    assert scenario.kept in content
    assert Case.objects.get(pk=opened.case.pk).version == opened.case.version
    assert not scenario.check(opened.target)


def test_the_finding_choices_never_exceed_the_case_to_answer(
    client: Client, build: Build, supervisor: User
) -> None:
    proceeding = build.held(results=(MISCONDUCT, MISCONDUCT), form="misconduct_meeting")
    client.force_login(supervisor)
    page = client.get(f"/steps/proceeding/{proceeding.pk}/record-findings/")
    content = page.content.decode()
    assert content.count('value="proven_misconduct"') == 2
    assert 'value="proven_gross_misconduct"' not in content


def options(content: str) -> list[str]:
    return re.findall(r'name="kind" type="radio" value="([a-z_]+)"', content)


def test_the_outcome_forms_offer_only_what_r42_allows(
    client: Client, build: Build, supervisor: User
) -> None:
    client.force_login(supervisor)
    serving = build.found()
    content = client.get(
        f"/steps/proceeding/{serving.pk}/record-outcome/"
    ).content.decode()
    assert options(content) == [
        "final_written_warning",
        "reduction_in_rank",
        "dismissal_without_notice",
    ]

    former = build.found(subject=build.former_officer(), former_officer_condition="a")
    content = client.get(
        f"/steps/proceeding/{former.pk}/former-officer-finding/"
    ).content.decode()
    assert options(content) == [
        "would_have_been_dismissed",
        "would_not_have_been_dismissed",
    ]
    assert content.index("Yes, they would have been dismissed") < content.index(
        "No, they would not have been dismissed"
    )
