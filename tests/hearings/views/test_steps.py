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
#: A case whose officer resigns before the hearing after PCR Part 3A came in
#: (SI 2025/558, 28 May 2025): referred 7 July 2025, resigned 21 July.
PART_3A_CASE = dt.date(2025, 1, 14)
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
OBJECTION = fixed(
    {
        "objected_to": "Chief Constable",
        **day(dt.date(2023, 7, 10), "upheld_on"),
        **day(dt.date(2023, 7, 11), "replaced_on"),
        "reason": REASONS,
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
        **day(dt.date(2023, 9, 12), "notice_received_on"),
        "grounds": "The outcome was too severe for one incident.",
    }
)
RETURNED = fixed(
    {**day(dt.date(2023, 9, 6), "returned_on"), "rationale": "Misconduct only."}
)
REPORT = fixed(
    {**day(dt.date(2023, 9, 6), "received_on"), **day(dt.date(2023, 9, 8), "given_on")}
)
PART_3A = fixed(
    {
        "continues": "yes",
        **day(dt.date(2025, 7, 28), "decided_on"),
        "rationale": REASONS,
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
            name="refer to a misconduct hearing",
            kind="subject",
            slug="refer-to-proceedings",
            setup=lambda build: build.case_to_answer(),
            data=REFER,
            action="proceeding.referred",
            check=lambda s: Proceeding.objects.filter(
                subject=s, form="misconduct_hearing"
            ).exists(),
            refusal=merged(REFER, {"form": "misconduct_meeting"}),
            message="A misconduct meeting deals only with misconduct",
            kept=REASONS,
        ),
        Scenario(
            name="refer to an accelerated hearing",
            kind="subject",
            slug="refer-to-proceedings",
            setup=lambda build: build.case_to_answer(),
            data=ACCELERATED,
            action="proceeding.referred",
            check=lambda s: Proceeding.objects.filter(
                subject=s,
                form="accelerated_hearing",
                special_conditions_certified_by="Deputy Chief Constable",
                is_public=True,
            ).exists(),
            refusal=merged(ACCELERATED, {"special_conditions_certified_by": ""}),
            message="An accelerated hearing needs the special conditions certified",
            kept='value="accelerated_hearing" checked',
        ),
        Scenario(
            name="refer a former officer",
            kind="subject",
            slug="refer-to-proceedings",
            setup=lambda build: build.former_officer(),
            data=FORMER_OFFICER,
            action="proceeding.referred",
            check=lambda s: Proceeding.objects.filter(
                subject=s, former_officer=True, former_officer_condition="a"
            ).exists(),
            refusal=merged(FORMER_OFFICER, {"former_officer_condition": "b"}),
            message="Condition B applies only if the matter came to attention",
            kept='value="b" checked',
        ),
        Scenario(
            name="close without proceedings",
            kind="subject",
            slug="close-without-proceedings",
            setup=lambda build: build.withdrawn().subject,
            data=fixed(
                {**day(dt.date(2023, 7, 21), "decided_on"), "rationale": REASONS}
            ),
            action="subject.closed_without_proceedings",
            check=subject_status(Subject.Status.NO_FURTHER_ACTION),
            refusal=fixed({**day(FUTURE, "decided_on"), "rationale": REASONS}),
            message="The decision date cannot be in the future.",
            kept=REASONS,
        ),
        Scenario(
            name="record an appeal",
            kind="subject",
            slug="lodge-appeal",
            setup=lambda build: build.decided().subject,
            data=APPEAL,
            action="appeal.lodged",
            check=subject_status(Subject.Status.UNDER_APPEAL),
            refusal=merged(APPEAL, day(dt.date(2023, 9, 1), "lodged_on")),
            message="cannot be before the outcome",
            kept="The outcome was too severe for one incident.",
            user="caseworker",
        ),
        Scenario(
            name="conclude",
            kind="subject",
            slug="conclude",
            setup=lambda build: build.decided().subject,
            data=fixed(day(dt.date(2023, 10, 9), "concluded_on")),
            action="subject.concluded",
            check=subject_status(Subject.Status.CONCLUDED),
            refusal=fixed(day(dt.date(2023, 9, 1), "concluded_on")),
            message="cannot be before the outcome",
            kept='value="9"',
        ),
        Scenario(
            name="record a resignation",
            kind="subject",
            slug="employment-event",
            setup=lambda build: build.case_to_answer(),
            data=EMPLOYMENT,
            action="person.resigned",
            check=lambda s: PersonRole.objects.get(pk=s.role_id).ended_on is not None,
            refusal=merged(EMPLOYMENT, {"kind": "transferred"}),
            message="Say which force the person transferred to.",
            kept="Resignation letter of 6 June.",
            user="caseworker",
        ),
        # ---------------------------------------------------- proceeding
        Scenario(
            name="make the Part 3A determination",
            kind="proceeding",
            slug="part-3a-determination",
            setup=lambda build: build.starting_on(PART_3A_CASE).left_before_hearing(),
            data=PART_3A,
            action="proceeding.continuation_determined",
            check=proceeding(former_officer=True, former_officer_condition="a"),
            refusal=merged(PART_3A, day(dt.date(2025, 7, 18), "decided_on")),
            message="cannot be before the resignation or retirement",
            kept=REASONS,
        ),
        Scenario(
            name="serve the notice of referral",
            kind="proceeding",
            slug="serve-notice",
            setup=lambda build: build.referred(),
            data=NOTICE,
            action="proceeding.notice_served",
            check=lambda p: p.notices.exists(),
            refusal=merged(NOTICE, day(FUTURE, "served_on")),
            message="The service date cannot be in the future.",
            kept="You are referred to a hearing.",
            user="caseworker",
        ),
        Scenario(
            name="record the subject's response",
            kind="proceeding",
            slug="record-response",
            setup=lambda build: build.served(),
            data=RESPONSE,
            action="proceeding.response_recorded",
            check=proceeding(accepts_conduct=False),
            refusal=merged(RESPONSE, day(dt.date(2023, 7, 1), "received_on")),
            message="cannot be before the referral",
            kept="proposes two witnesses",
            user="caseworker",
        ),
        Scenario(
            name="papers to the chair",
            kind="proceeding",
            slug="papers-to-chair",
            setup=lambda build: build.referred(),
            data=fixed(day(dt.date(2023, 7, 10), "supplied_on")),
            action="proceeding.papers_to_chair",
            check=proceeding(papers_to_chair_on=dt.date(2023, 7, 10)),
            refusal=fixed(day(FUTURE, "supplied_on")),
            message="The date supplied cannot be in the future.",
            kept=f'value="{FUTURE.year}"',
        ),
        Scenario(
            name="pre-hearing date",
            kind="proceeding",
            slug="pre-hearing",
            setup=lambda build: build.papers_sent(),
            data=fixed(day(dt.date(2023, 7, 24), "pre_hearing_on")),
            action="proceeding.pre_hearing_set",
            check=proceeding(pre_hearing_on=dt.date(2023, 7, 24)),
            refusal=fixed(day(dt.date(2023, 7, 5), "pre_hearing_on")),
            message="cannot be before the papers going to the chair",
            kept='value="5"',
        ),
        Scenario(
            name="schedule",
            kind="proceeding",
            slug="schedule",
            setup=lambda build: build.served(),
            data=fixed(day(HEARING_ON, "scheduled_for")),
            action="proceeding.scheduled",
            check=proceeding(status="scheduled", scheduled_for=HEARING_ON),
            refusal=fixed(day(dt.date(2023, 6, 1), "scheduled_for")),
            message="cannot be before the referral",
            kept='value="6"',
        ),
        Scenario(
            # PCR r52(1A): the window re-set from the replacement (Tue 11 Jul).
            name="record an upheld objection to the person conducting",
            kind="proceeding",
            slug="record-objection",
            setup=lambda build: build.served(form="accelerated_hearing"),
            data=OBJECTION,
            action="proceeding.objection_upheld",
            check=lambda p: p.objections.filter(objected_to="Chief Constable").exists(),
            refusal=merged(OBJECTION, day(dt.date(2023, 7, 7), "replaced_on")),
            message="cannot be before the objection was upheld",
            kept='value="Chief Constable"',
        ),
        Scenario(
            name="appoint a panel member",
            kind="proceeding",
            slug="appoint-panel-member",
            setup=lambda build: build.scheduled(),
            data=fixed({"role": "legally_qualified_chair", "name": "Ms Chair KC"}),
            action="proceeding.panel_member_appointed",
            check=lambda p: p.panel.filter(name="Ms Chair KC").exists(),
            refusal=fixed({"role": "legally_qualified_chair", "name": ""}),
            message="Enter the panel member",
            kept='value="legally_qualified_chair" checked',
        ),
        Scenario(
            name="adjourn",
            kind="proceeding",
            slug="adjourn",
            setup=lambda build: build.scheduled(),
            data=fixed({**day(dt.date(2023, 8, 1), "adjourned_on"), "reason": REASONS}),
            action="proceeding.adjourned",
            check=proceeding(status="adjourned", scheduled_for=None),
            refusal=fixed({**day(FUTURE, "adjourned_on"), "reason": REASONS}),
            message="The adjournment date cannot be in the future.",
            kept=REASONS,
        ),
        Scenario(
            name="hold",
            kind="proceeding",
            slug="hold",
            setup=lambda build: build.scheduled(panel="full"),
            data=fixed(day(HEARING_ON, "held_on")),
            action="proceeding.held",
            check=proceeding(status="held", held_on=HEARING_ON),
            refusal=fixed(day(FUTURE, "held_on")),
            message="The date held cannot be in the future.",
            kept=f'value="{FUTURE.year}"',
            user="caseworker",
        ),
        Scenario(
            name="withdraw",
            kind="proceeding",
            slug="withdraw",
            setup=lambda build: build.referred(),
            data=fixed(
                {**day(dt.date(2023, 7, 20), "withdrawn_on"), "rationale": REASONS}
            ),
            action="proceeding.withdrawn",
            check=proceeding(status="withdrawn"),
            refusal=fixed(
                {**day(dt.date(2023, 7, 1), "withdrawn_on"), "rationale": REASONS}
            ),
            message="cannot be before the referral",
            kept=REASONS,
        ),
        Scenario(
            name="record findings",
            kind="proceeding",
            slug="record-findings",
            setup=lambda build: build.held(),
            data=findings("proven_gross_misconduct"),
            action="proceeding.findings_recorded",
            check=lambda p: p.findings.filter(
                result="proven_gross_misconduct"
            ).exists(),
            refusal=merged(
                findings("proven_gross_misconduct"),
                day(dt.date(2023, 9, 1), "recorded_on"),
            ),
            message="cannot be before the hearing",
            kept='value="proven_gross_misconduct" checked',
            user="caseworker",
        ),
        Scenario(
            name="record the outcome",
            kind="proceeding",
            slug="record-outcome",
            setup=lambda build: build.found(),
            data=OUTCOME,
            action="subject.outcome_recorded",
            check=subject_status(Subject.Status.OUTCOME_DECIDED),
            refusal=merged(OUTCOME, day(FUTURE, "decided_on")),
            message="The outcome date cannot be in the future.",
            kept=REASONS,
            user="caseworker",
        ),
        Scenario(
            name="record the outcome report",
            kind="proceeding",
            slug="record-report",
            setup=lambda build: build.decided().proceeding,
            data=REPORT,
            action="outcome.report_recorded",
            check=lambda proceeding: (
                proceeding.outcomes.get().report_given_on == dt.date(2023, 9, 8)
            ),
            refusal=merged(REPORT, day(FUTURE, "given_on")),
            message="The date given to the officer cannot be in the future.",
            kept='value="6"',
            user="caseworker",
        ),
        Scenario(
            name="return the case to the appropriate authority",
            kind="proceeding",
            slug="return",
            setup=lambda build: build.found(
                form="accelerated_hearing", findings="proven_misconduct"
            ),
            data=RETURNED,
            action="proceeding.returned",
            check=proceeding(status="returned"),
            refusal=merged(RETURNED, day(dt.date(2023, 7, 5), "returned_on")),
            message="cannot be before the hearing",
            kept="Misconduct only.",
        ),
        Scenario(
            name="record the former officer finding",
            kind="proceeding",
            slug="former-officer-finding",
            setup=lambda build: build.found(
                subject=build.former_officer(), former_officer_condition="a"
            ),
            data=FORMER_OFFICER_FINDING,
            action="subject.outcome_recorded",
            check=lambda p: Outcome.objects.filter(
                proceeding=p, kind="would_not_have_been_dismissed", is_current=True
            ).exists(),
            refusal=merged(
                FORMER_OFFICER_FINDING, day(dt.date(2023, 9, 1), "decided_on")
            ),
            message="cannot be before the hearing",
            kept='value="would_not_have_been_dismissed" checked',
        ),
        # ------------------------------------- panel, appeals, list reports
        Scenario(
            name="stand a panel member down",
            kind="panel-member",
            slug="remove",
            setup=lambda build: build.scheduled(panel=LQC_PANEL[:1]).panel.get(),
            data=fixed({"rationale": "A successful objection to the chair."}),
            action="proceeding.panel_member_removed",
            check=lambda m: not PanelMember.objects.filter(pk=m.pk).exists(),
            refusal=fixed({"rationale": "   "}),
            message="Enter the reasons for this decision",
            kept='name="rationale"',
        ),
        Scenario(
            name="appeal dismissed",
            kind="appeal",
            slug="decide",
            setup=lambda build: build.appealed(),
            data=DISMISSED,
            action="appeal.decided",
            check=lambda a: Appeal.objects.get(pk=a.pk).status == "dismissed",
            refusal=merged(DISMISSED, {"substituted_outcome": "final_written_warning"}),
            message="A dismissed appeal leaves the outcome as it is.",
            kept='value="final_written_warning" checked',
        ),
        Scenario(
            name="appeal allowed",
            kind="appeal",
            slug="decide",
            setup=lambda build: build.appealed(),
            data=merged(
                DISMISSED,
                {"result": "allowed", "substituted_outcome": "final_written_warning"},
            ),
            action="appeal.decided",
            check=lambda a: (
                Outcome.objects.get(subject_id=a.subject_id, is_current=True).kind
                == "final_written_warning"
            ),
            refusal=merged(DISMISSED, {"result": "allowed"}),
            message="Say which outcome the appeal substitutes.",
            kept=REASONS,
            user="caseworker",
        ),
        Scenario(
            name="appeal withdrawn",
            kind="appeal",
            slug="withdraw",
            setup=lambda build: build.appealed(),
            data=fixed(
                {**day(dt.date(2023, 9, 20), "withdrawn_on"), "rationale": REASONS}
            ),
            action="appeal.withdrawn",
            check=lambda a: Appeal.objects.get(pk=a.pk).status == "withdrawn",
            refusal=fixed({**day(FUTURE, "withdrawn_on"), "rationale": REASONS}),
            message="The date withdrawn cannot be in the future.",
            kept=REASONS,
        ),
        Scenario(
            name="send a failed list report again",
            kind="list-report",
            slug="requeue",
            setup=lambda build: build.failed_report(),
            data=fixed({"reason": "The College's address was corrected."}),
            action="list_report.requeued",
            check=lambda r: ListReport.objects.get(pk=r.pk).status == "pending",
            refusal=fixed({"reason": ""}),
            message="Enter the reasons for this decision",
            kept='name="reason"',
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


def test_the_schedule_form_refuses_a_day_outside_the_r52_1_window_at_the_date(
    client: Client, build: Build, supervisor: User
) -> None:
    """PCR r52(1): the notice served Mon 3 Jul 2023, the accelerated hearing
    is held from 17 to 24 Jul; Fri 14 Jul is refused beside the date, with
    the window and the regulation, and nothing written."""
    proceeding = build.served(form="accelerated_hearing")
    client.force_login(supervisor)
    path = f"/steps/proceeding/{proceeding.pk}/schedule/"
    found = VERSION.search(client.get(path).content.decode())
    assert found is not None
    case = Case.objects.get(subjects=proceeding.subject_id)
    with nothing_written(case):
        response = client.post(
            path,
            {**day(dt.date(2023, 7, 14), "scheduled_for"), "version": found.group(1)},
        )
    content = response.content.decode()
    error = content[content.index('id="id_scheduled_for_day-error"') :]
    assert error.index("from 17 July 2023 to 24 July 2023") < error.index("</p>")
    assert "(PCR r52(1))" in error[: error.index("</p>")]
    assert Proceeding.objects.get(pk=proceeding.pk).scheduled_for is None


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
