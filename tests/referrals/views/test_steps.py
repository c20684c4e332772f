"""Every lifecycle step as a browser form (referrals.steps, referrals.views):
for each step, the form opens from the case page's state, a good submission
calls the service (state changed, one audit row, back to the case page with
a banner), and a refused one shows the error on the form with nothing
written and what was typed still there.

States are built through the real services by ``build`` (tests/builders:
small cases, not the reference cases, to keep the suite fast).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conduct.models import AuditEvent, PersonRole, Standard, User
from referrals.models import (
    Allegation,
    Case,
    Charge,
    CriminalProceedings,
    Deadline,
    Interview,
    IOPCReferral,
    Notice,
    Subject,
    SubJudicePeriod,
    Suspension,
)
from tests.assertions import nothing_written
from tests.builders import MISCONDUCT, Build
from tests.referrals.views.helpers import day, open_form

pytestmark = pytest.mark.django_db

FUTURE = timezone.localdate() + dt.timedelta(days=30)


def case_id_of(target: Any) -> int:
    if isinstance(target, Case):
        return target.pk
    if isinstance(target, Allegation | Notice | Interview | Suspension):
        return target.subject.case_id
    if isinstance(target, Charge):
        return target.proceedings.case_id
    return int(target.case_id)


Data = Callable[[Any, Build], dict[str, Any]]


@dataclass(frozen=True)
class Scenario:
    """One step: how to reach it, a good submission and its effect, and a
    submission the service (or the form) refuses. ``refusal_user``, when set,
    posts the refused submission on the form ``user`` opened: a role the
    step is not for."""

    kind: str
    slug: str
    setup: Callable[[Build], Any]
    data: Data
    action: str
    check: Callable[[Any], bool]
    refusal: Data
    message: str
    kept: str | Callable[[Any, Build], str] | None
    user: str = "caseworker"
    refusal_user: str | None = None
    banner: str = ""


def _fixed(values: dict[str, Any]) -> Data:
    return lambda target, build: values


def _merge(base: Data, changes: dict[str, Any]) -> Data:
    return lambda target, build: {**base(target, build), **changes}


def _reload(model: type[Any]) -> Callable[[Any], Any]:
    return lambda target: model.objects.get(pk=target.pk)


RATIONALE = {"rationale": "Weighed the evidence with care."}

PARTY = _fixed({"kind": "complainant", "name": "Alex Doe", "contact": "1 High St"})
IOPC_REFERENCE = _fixed({"iopc_reference": "2024/000123"})
REFERRAL = _fixed(
    {"factors": ["serious_corruption"], **day(dt.date(2024, 3, 5), "referred_on")}
)
DECISION = _fixed(
    {
        "decision": "investigate",
        "mode": "directed",
        **day(dt.date(2024, 3, 8), "decided_on"),
        **RATIONALE,
    }
)
MODE = _fixed(
    {"mode": "independent", **day(dt.date(2024, 3, 9), "decided_on"), **RATIONALE}
)
OPEN = _fixed(
    {
        "investigating_body": "force",
        "investigator_name": "DS Patel",
        "terms_of_reference": "What happened in the custody suite.",
        **day(dt.date(2024, 3, 10), "opened_on"),
    }
)
PAUSE = _fixed({**day(dt.date(2024, 3, 6), "on"), **RATIONALE})
RESUME = _fixed({**day(dt.date(2024, 3, 20), "on"), **RATIONALE})
RESTRICT = _fixed({"restricted": "yes", **RATIONALE})
CLOSE = _fixed({**day(dt.date(2024, 4, 1), "closed_on"), **RATIONALE})
DECIDED = _fixed({**day(dt.date(2024, 4, 2), "decided_on"), **RATIONALE})
SUSPEND = _fixed(
    {
        "kind": "suspension",
        **day(dt.date(2024, 3, 5), "started_on"),
        "reason": "Risk to the public.",
    }
)
CRIMINAL = _fixed(
    {
        **day(dt.date(2024, 3, 5), "started_on"),
        **day(dt.date(2024, 3, 6), "arrested_on"),
        "arrest_location": "Northampton",
    }
)
RELEASE = _fixed(
    {
        "release": "bail",
        **day(dt.date(2024, 3, 7), "released_on"),
        **day(dt.date(2024, 4, 7), "bail_return_on"),
        "conditions": "Not to contact the complainant.",
    }
)
CHARGE = _fixed(
    {
        "offence": "Misconduct in public office.",
        **day(dt.date(2024, 3, 20), "charged_on"),
    }
)


def _add_subject(target: Case, build: Build) -> dict[str, Any]:
    return {"role": build.role().pk}


def _add_existing_subject(target: Case, build: Build) -> dict[str, Any]:
    return {"role": target.subjects.get().role_id}


def _new_person(target: Case, build: Build) -> dict[str, Any]:
    return {
        "given_names": "Robin",
        "family_name": "Ashworth",
        **day(dt.date(1988, 6, 2), "date_of_birth"),
        "kind": PersonRole.Kind.POLICE_OFFICER,
        "force": build.force.pk,
        "rank": "Police Sergeant",
        "identifier": "NS4410",
        **day(dt.date(2012, 9, 3), "started_on"),
    }


def _new_person_already_recorded(target: Case, build: Build) -> dict[str, Any]:
    """The person on the case already, typed again as if new."""
    person = target.subjects.get().person
    assert person.date_of_birth is not None
    return {
        **_new_person(target, build),
        "given_names": person.given_names,
        "family_name": person.family_name,
        **day(person.date_of_birth, "date_of_birth"),
        "identifier": "",
    }


def _new_person_added(case: Case) -> bool:
    subject = case.subjects.get(person__family_name="Ashworth")
    return (subject.role.identifier, subject.appropriate_authority_id) == (
        "NS4410",
        case.force_id,
    )


def _allegation(target: Subject, build: Build) -> dict[str, Any]:
    standard = Standard.objects.get(number=2)
    return {
        "summary": "Shouted at a colleague.",
        "standards": [standard.pk],
        **day(dt.date(2024, 3, 1), "occurred_on"),
    }


def _report(target: Case, build: Build) -> dict[str, Any]:
    subject = target.subjects.get()
    return {
        **day(dt.date(2024, 3, 25), "submitted_on"),
        "summary": "Findings on the custody suite.",
        f"opinion_{subject.pk}": "case_to_answer_misconduct",
    }


def _determination(target: Subject, build: Build) -> dict[str, Any]:
    results = {
        f"result_{allegation.pk}": "case_to_answer_misconduct"
        for allegation in target.allegations.all()
    }
    return {
        "body": "appropriate_authority",
        **day(dt.date(2024, 4, 1), "decided_on"),
        **results,
        **RATIONALE,
    }


def _subject_status(status: str) -> Callable[[Any], bool]:
    return lambda target: Subject.objects.get(pk=target.pk).status == status


SCENARIOS = [
    # ------------------------------------------------------------- case
    Scenario(
        kind="case",
        slug="add-party",
        setup=lambda build: build.case(),
        data=PARTY,
        action="case.party_added",
        check=lambda case: case.parties.filter(name="Alex Doe").exists(),
        refusal=_merge(PARTY, {"name": ""}),
        message="Enter their full name",
        kept="1 High St",
    ),
    Scenario(
        kind="case",
        slug="iopc-reference",
        setup=lambda build: build.case(),
        data=IOPC_REFERENCE,
        action="case.iopc_reference_set",
        check=lambda case: _reload(Case)(case).iopc_reference == "2024/000123",
        refusal=_fixed({"iopc_reference": "2024/0001234567890123"}),
        message="The IOPC reference must be 20 characters or less",
        kept="2024/0001234567890123",
    ),
    Scenario(
        kind="case",
        slug="add-subject",
        setup=lambda build: build.assessed().case,
        data=_add_subject,
        action="subject.added",
        check=lambda case: case.subjects.count() == 2,
        refusal=_add_existing_subject,
        message="is already a subject of this case",
        kept=lambda case, w: f'value="{case.subjects.get().role_id}" selected',
    ),
    Scenario(
        kind="case",
        slug="add-new-subject",
        setup=lambda build: build.assessed().case,
        data=_new_person,
        action="subject.added",
        check=_new_person_added,
        refusal=_new_person_already_recorded,
        message="is already recorded",
        kept='value="Police Sergeant"',
    ),
    Scenario(
        kind="case",
        slug="refer-to-iopc",
        setup=lambda build: build.case(),
        data=REFERRAL,
        action="referral.made",
        check=lambda case: IOPCReferral.objects.filter(case=case).exists(),
        refusal=_merge(REFERRAL, day(FUTURE, "referred_on")),
        message="The referral date cannot be in the future.",
        kept='value="serious_corruption" checked',
    ),
    Scenario(
        kind="case",
        slug="iopc-decision",
        setup=lambda build: build.referred_to_iopc(),
        data=DECISION,
        action="referral.decided",
        check=lambda case: (
            IOPCReferral.objects.get(case=case).status == "investigating"
        ),
        refusal=_merge(DECISION, day(FUTURE, "decided_on")),
        message="The decision date cannot be in the future.",
        kept=RATIONALE["rationale"],
        user="iopc_investigator",
    ),
    Scenario(
        kind="case",
        slug="change-mode",
        setup=lambda build: build.directed(),
        data=MODE,
        action="referral.mode_changed",
        check=lambda case: IOPCReferral.objects.get(case=case).mode == "independent",
        refusal=_merge(MODE, {"mode": "directed"}),
        message="That is already the mode of investigation.",
        kept=RATIONALE["rationale"],
        user="iopc_investigator",
    ),
    Scenario(
        kind="case",
        slug="open-investigation",
        setup=lambda build: build.assessed().case,
        data=OPEN,
        action="investigation.opened",
        check=lambda case: (
            case.subjects.get().status == Subject.Status.UNDER_INVESTIGATION
        ),
        refusal=_merge(OPEN, {"investigating_body": "iopc"}),
        message="The IOPC investigates only cases referred to it.",
        kept="DS Patel",
    ),
    Scenario(
        kind="case",
        slug="submit-report",
        setup=lambda build: build.investigating().case,
        data=_report,
        action="investigation.reported",
        check=lambda case: case.subjects.get().status == Subject.Status.REPORTED,
        refusal=lambda target, build: {
            **_report(target, build),
            **day(FUTURE, "submitted_on"),
        },
        message="The report date cannot be in the future.",
        kept="Findings on the custody suite.",
    ),
    Scenario(
        kind="case",
        slug="pause-misconduct",
        setup=lambda build: build.case(),
        data=PAUSE,
        action="case.misconduct_paused",
        check=lambda case: SubJudicePeriod.objects.filter(
            case=case, ended_on=None
        ).exists(),
        refusal=_merge(PAUSE, day(FUTURE, "on")),
        message="The date cannot be in the future.",
        kept=RATIONALE["rationale"],
        user="supervisor",
    ),
    Scenario(
        kind="case",
        slug="resume-misconduct",
        setup=lambda build: build.paused(),
        data=RESUME,
        action="case.misconduct_resumed",
        check=lambda case: (
            not SubJudicePeriod.objects.filter(case=case, ended_on=None).exists()
        ),
        refusal=_merge(RESUME, day(dt.date(2024, 3, 1), "on")),
        message="cannot be before the pause",
        kept=RATIONALE["rationale"],
        user="supervisor",
    ),
    Scenario(
        kind="case",
        slug="restrict",
        setup=lambda build: build.case(),
        data=RESTRICT,
        action="case.restriction_changed",
        check=lambda case: _reload(Case)(case).restricted,
        refusal=RESTRICT,
        message="Change who may see this case is not available now",
        kept=RATIONALE["rationale"],
        user="supervisor",
        refusal_user="caseworker",
    ),
    Scenario(
        kind="case",
        slug="close",
        setup=lambda build: build.case(),
        data=CLOSE,
        action="case.closed",
        check=lambda case: _reload(Case)(case).status == Case.Status.CLOSED,
        refusal=_merge(CLOSE, day(dt.date(2024, 3, 1), "closed_on")),
        message="cannot be before the case date",
        kept=RATIONALE["rationale"],
    ),
    Scenario(
        kind="case",
        slug="reopen",
        setup=lambda build: build.closed(),
        data=_fixed(RATIONALE),
        action="case.reopened",
        check=lambda case: _reload(Case)(case).status == Case.Status.OPEN,
        refusal=_fixed({"rationale": "  "}),
        message="Enter the reasons for this decision",
        kept=None,
    ),
    # ---------------------------------------------------------- subject
    Scenario(
        kind="subject",
        slug="add-allegation",
        setup=lambda build: build.assessed(),
        data=_allegation,
        action="allegation.added",
        check=lambda subject: subject.allegations.count() == 2,
        refusal=lambda target, build: {
            **_allegation(target, build),
            **day(FUTURE, "occurred_on"),
        },
        message="The date of the conduct cannot be in the future.",
        kept="Shouted at a colleague.",
    ),
    Scenario(
        kind="subject",
        slug="serve-notice",
        setup=lambda build: build.investigating(),
        data=_fixed(
            {
                **day(dt.date(2024, 3, 12), "served_on"),
                "content": "You are under investigation.",
            }
        ),
        action="notice.served",
        check=lambda subject: subject.notices.exists(),
        refusal=_fixed(
            {**day(FUTURE, "served_on"), "content": "You are under investigation."}
        ),
        message="The date served cannot be in the future.",
        kept="You are under investigation.",
        banner="New deadline:",
    ),
    Scenario(
        kind="subject",
        slug="schedule-interview",
        setup=lambda build: build.noticed().subject,
        data=_fixed(day(dt.date(2024, 3, 20), "proposed_on")),
        action="interview.scheduled",
        check=lambda subject: subject.interviews.exists(),
        refusal=_fixed(
            {
                **day(dt.date(2024, 3, 20), "proposed_on"),
                **day(dt.date(2024, 3, 19), "alternative_on"),
            }
        ),
        message="The alternative date must be after the proposed date.",
        kept='value="19"',
    ),
    Scenario(
        kind="subject",
        slug="determine",
        setup=lambda build: build.reported(),
        data=_determination,
        action="subject.determined",
        check=_subject_status(Subject.Status.CASE_TO_ANSWER),
        refusal=lambda target, build: {
            **_determination(target, build),
            **day(FUTURE, "decided_on"),
        },
        message="The decision date cannot be in the future.",
        kept=RATIONALE["rationale"],
        user="supervisor",
    ),
    Scenario(
        kind="subject",
        slug="recommend",
        setup=lambda build: build.case_to_answer(
            case=build.directed(), results=(MISCONDUCT,)
        ),
        data=_fixed(
            {
                "kind": "recommendation",
                "proceedings_form": "misconduct_meeting",
                **day(dt.date(2024, 4, 5), "made_on"),
                **RATIONALE,
            }
        ),
        action="subject.recommendation_made",
        check=lambda subject: subject.recommendations.exists(),
        refusal=_fixed(
            {
                "kind": "direction",
                "proceedings_form": "misconduct_meeting",
                **day(dt.date(2024, 4, 5), "made_on"),
                **RATIONALE,
            }
        ),
        message="The IOPC directs proceedings only after recommending them",
        kept=RATIONALE["rationale"],
        user="iopc_supervisor",
    ),
    Scenario(
        kind="subject",
        slug="management-action",
        setup=lambda build: build.case_to_answer(
            on=dt.date(2016, 11, 14), results=(MISCONDUCT,)
        ),
        data=_fixed({**day(dt.date(2017, 2, 1), "decided_on"), **RATIONALE}),
        action="subject.management_action",
        check=_subject_status(Subject.Status.MANAGEMENT_ACTION),
        refusal=_fixed({**day(FUTURE, "decided_on"), **RATIONALE}),
        message="The decision date cannot be in the future.",
        kept=RATIONALE["rationale"],
        user="supervisor",
    ),
    Scenario(
        kind="subject",
        slug="reflective-practice",
        setup=lambda build: build.case_to_answer(results=(MISCONDUCT,)),
        data=DECIDED,
        action="subject.reflective_practice",
        check=_subject_status(Subject.Status.REFLECTIVE_PRACTICE),
        refusal=_merge(DECIDED, day(FUTURE, "decided_on")),
        message="The decision date cannot be in the future.",
        kept=RATIONALE["rationale"],
        user="supervisor",
    ),
    Scenario(
        kind="subject",
        slug="no-further-action",
        setup=lambda build: build.assessed(),
        data=DECIDED,
        action="subject.no_further_action",
        check=_subject_status(Subject.Status.NO_FURTHER_ACTION),
        refusal=_merge(DECIDED, day(FUTURE, "decided_on")),
        message="The decision date cannot be in the future.",
        kept=RATIONALE["rationale"],
        user="supervisor",
    ),
    Scenario(
        kind="subject",
        slug="start-suspension",
        setup=lambda build: build.assessed(),
        data=SUSPEND,
        action="suspension.started",
        check=lambda subject: subject.suspensions.exists(),
        refusal=_merge(SUSPEND, day(FUTURE, "started_on")),
        message="The start date cannot be in the future.",
        kept="Risk to the public.",
    ),
    Scenario(
        kind="subject",
        slug="open-criminal-proceedings",
        setup=lambda build: build.assessed(),
        data=CRIMINAL,
        action="criminal.opened",
        check=lambda subject: subject.criminal_proceedings.exists(),
        refusal=_merge(CRIMINAL, day(dt.date(2024, 3, 1), "arrested_on")),
        message="cannot be before the start of the criminal investigation",
        kept="Northampton",
    ),
    # ---------------------------------------- allegations, notices and more
    Scenario(
        kind="allegation",
        slug="assess-severity",
        setup=lambda build: build.assessed().allegations.get(),
        data=_fixed(
            {
                "severity": "misconduct",
                "body": "appropriate_authority",
                **day(dt.date(2024, 3, 5), "assessed_on"),
                **RATIONALE,
            }
        ),
        action="allegation.severity_assessed",
        check=lambda allegation: (
            _reload(Allegation)(allegation).severity == "misconduct"
        ),
        refusal=_fixed(
            {
                "severity": "misconduct",
                "body": "appropriate_authority",
                **day(FUTURE, "assessed_on"),
                **RATIONALE,
            }
        ),
        message="The assessment date cannot be in the future.",
        kept=RATIONALE["rationale"],
        user="supervisor",
    ),
    Scenario(
        kind="notice",
        slug="record-response",
        setup=lambda build: build.noticed(),
        data=_fixed(
            {
                "kind": "written_response",
                **day(dt.date(2024, 3, 15), "received_on"),
                "content": "I deny it.",
            }
        ),
        action="notice.response_recorded",
        check=lambda notice: notice.responses.exists(),
        refusal=_fixed(
            {
                "kind": "written_response",
                **day(dt.date(2024, 3, 11), "received_on"),
                "content": "I deny it.",
            }
        ),
        message="cannot be before the notice",
        kept="I deny it.",
    ),
    Scenario(
        kind="interview",
        slug="record-interview",
        setup=lambda build: build.interview(),
        data=_fixed(
            {
                **day(dt.date(2024, 3, 20), "held_on"),
                "attended": "yes",
                "notes": "Answered every question.",
            }
        ),
        action="interview.recorded",
        check=lambda interview: _reload(Interview)(interview).held_on is not None,
        refusal=_fixed(
            {
                **day(dt.date(2024, 3, 20), "held_on"),
                "attended": "no",
                "no_comment": "on",
                "notes": "Answered every question.",
            }
        ),
        message="A no-comment interview needs the subject to attend.",
        kept="Answered every question.",
    ),
    Scenario(
        kind="suspension",
        slug="end",
        setup=lambda build: build.suspension(),
        data=_fixed(day(dt.date(2024, 3, 30), "ended_on")),
        action="suspension.ended",
        check=lambda suspension: _reload(Suspension)(suspension).ended_on is not None,
        refusal=_fixed(
            {"ended_on_day": "01", "ended_on_month": "03", "ended_on_year": "2024"}
        ),
        message="cannot be before the start date",
        kept='value="01"',
    ),
    Scenario(
        kind="deadline",
        slug="extend",
        setup=lambda build: build.deadline(),
        data=_fixed(
            {
                **day(dt.date(2024, 4, 30), "new_due_on"),
                "reason": "The subject's friend is ill.",
            }
        ),
        action="deadline.extended",
        check=lambda deadline: (
            _reload(Deadline)(deadline).status == Deadline.Status.EXTENDED
        ),
        refusal=_fixed(
            {
                **day(dt.date(2024, 3, 13), "new_due_on"),
                "reason": "The subject's friend is ill.",
            }
        ),
        message="The new due date must be after",
        kept="The subject&#x27;s friend is ill.",
    ),
    Scenario(
        kind="deadline",
        slug="cancel",
        setup=lambda build: build.deadline(),
        data=_fixed({"reason": "The notice was withdrawn."}),
        action="deadline.cancelled",
        check=lambda deadline: (
            _reload(Deadline)(deadline).status == Deadline.Status.CANCELLED
        ),
        refusal=_fixed({"reason": "The notice was withdrawn."}),
        message="Cancel is not available now",
        kept="The notice was withdrawn.",
        user="supervisor",
        refusal_user="caseworker",
    ),
    # --------------------------------------------------- criminal proceedings
    Scenario(
        kind="criminal-proceedings",
        slug="release",
        setup=lambda build: build.criminal_proceedings(),
        data=RELEASE,
        action="criminal.released",
        check=lambda proceedings: (
            _reload(CriminalProceedings)(proceedings).pre_charge_release == "bail"
        ),
        refusal=_merge(RELEASE, {"release": "under_investigation"}),
        message="A bail return date applies only to police bail.",
        kept="Not to contact the complainant.",
    ),
    Scenario(
        kind="criminal-proceedings",
        slug="charge",
        setup=lambda build: build.criminal_proceedings(),
        data=CHARGE,
        action="criminal.charged",
        check=lambda proceedings: proceedings.charges.exists(),
        refusal=_merge(CHARGE, day(FUTURE, "charged_on")),
        message="The charge date cannot be in the future.",
        kept="Misconduct in public office.",
    ),
    Scenario(
        kind="criminal-proceedings",
        slug="sentence",
        setup=lambda build: (
            build.charge_decided(plea="guilty", verdict="convicted").proceedings
        ),
        data=_fixed(
            {
                "kind": "fine",
                **day(dt.date(2024, 6, 1), "sentenced_on"),
                "amount": "250",
                "description": "And costs.",
            }
        ),
        action="criminal.sentence_recorded",
        check=lambda proceedings: proceedings.sentence.exists(),
        refusal=_fixed(
            {
                "kind": "fine",
                **day(dt.date(2024, 6, 1), "sentenced_on"),
                "amount": "",
                "description": "And costs.",
            }
        ),
        message="Give the amount of the fine.",
        kept="And costs.",
    ),
    Scenario(
        kind="criminal-proceedings",
        slug="conclude",
        setup=lambda build: (
            build.charge_decided(plea="not_guilty", verdict="acquitted").proceedings
        ),
        data=_fixed(day(dt.date(2024, 6, 1), "concluded_on")),
        action="criminal.concluded",
        check=lambda proceedings: (
            _reload(CriminalProceedings)(proceedings).status == "concluded"
        ),
        refusal=_fixed(day(dt.date(2024, 5, 1), "concluded_on")),
        message="cannot be before the last verdict or sentence",
        kept=None,
    ),
    Scenario(
        kind="criminal-proceedings",
        slug="discontinue",
        setup=lambda build: build.criminal_proceedings(),
        data=_fixed({**day(dt.date(2024, 4, 1), "discontinued_on"), **RATIONALE}),
        action="criminal.discontinued",
        check=lambda proceedings: (
            _reload(CriminalProceedings)(proceedings).status == "discontinued"
        ),
        refusal=_fixed({**day(FUTURE, "discontinued_on"), **RATIONALE}),
        message="The discontinuance date cannot be in the future.",
        kept=RATIONALE["rationale"],
    ),
    Scenario(
        kind="charge",
        slug="plea",
        setup=lambda build: build.charged(),
        data=_fixed({"plea": "not_guilty", **day(dt.date(2024, 4, 1), "plea_on")}),
        action="criminal.plea_recorded",
        check=lambda charge: _reload(Charge)(charge).plea == "not_guilty",
        refusal=_fixed({"plea": "not_guilty", **day(dt.date(2024, 3, 19), "plea_on")}),
        message="cannot be before the charge",
        kept='value="not_guilty" checked',
    ),
    Scenario(
        kind="charge",
        slug="verdict",
        setup=lambda build: build.pleaded(),
        data=_fixed(
            {"verdict": "acquitted", **day(dt.date(2024, 5, 20), "verdict_on")}
        ),
        action="criminal.verdict_recorded",
        check=lambda charge: _reload(Charge)(charge).verdict == "acquitted",
        refusal=_fixed(
            {"verdict": "acquitted", **day(dt.date(2024, 3, 25), "verdict_on")}
        ),
        message="cannot be before the plea",
        kept='value="acquitted" checked',
    ),
]
IDS = [f"{scenario.kind}/{scenario.slug}" for scenario in SCENARIOS]


def step_path(scenario: Scenario, target: Any) -> str:
    return f"/steps/{scenario.kind}/{target.pk}/{scenario.slug}/"


@dataclass(frozen=True)
class Opened:
    """A step's form opened in the browser on a fresh target."""

    target: Any
    case_id: int
    version: int
    path: str
    form_version: str
    page: str


def open_step(client: Client, build: Build, scenario: Scenario, user: User) -> Opened:
    target = scenario.setup(build)
    case_id = case_id_of(target)
    version = Case.objects.get(pk=case_id).version
    client.force_login(user)
    path = step_path(scenario, target)
    page, form_version = open_form(client, path)
    return Opened(target, case_id, version, path, form_version, page)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_a_step_calls_its_service_and_returns_to_the_case(
    client: Client, build: Build, request: pytest.FixtureRequest, scenario: Scenario
) -> None:
    user = request.getfixturevalue(scenario.user)
    opened = open_step(client, build, scenario, user)
    assert opened.form_version == str(opened.version)
    assert 'id="step-form"' in opened.page

    data = {**scenario.data(opened.target, build), "version": opened.form_version}
    response = client.post(opened.path, data, follow=True)

    case_id = opened.case_id
    assert response.redirect_chain[-1][0].startswith(f"/cases/{case_id}/#")
    assert AuditEvent.objects.filter(case_id=case_id, action=scenario.action).exists()
    assert Case.objects.get(pk=case_id).version > opened.version
    assert scenario.check(opened.target)
    content = response.content.decode()
    assert "govuk-notification-banner--success" in content
    if scenario.banner:
        assert scenario.banner in content


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_a_refused_step_shows_the_error_keeps_the_input_and_writes_nothing(
    client: Client, build: Build, request: pytest.FixtureRequest, scenario: Scenario
) -> None:
    user = request.getfixturevalue(scenario.user)
    opened = open_step(client, build, scenario, user)
    if scenario.refusal_user is not None:
        client.force_login(request.getfixturevalue(scenario.refusal_user))

    # Every audit row, not only the case's: a person and their role are
    # recorded (and audited) with no case.
    with nothing_written(opened.case_id):
        refusal = scenario.refusal(opened.target, build)
        data = {**refusal, "version": opened.form_version}
        response = client.post(opened.path, data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert scenario.message in content
    assert "<title>Error: " in content
    assert Case.objects.get(pk=opened.case_id).version == opened.version
    kept = scenario.kept
    if callable(kept):
        kept = kept(opened.target, build)
    if kept is not None:
        assert kept in content
