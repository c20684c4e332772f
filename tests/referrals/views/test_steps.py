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
        "case",
        "add-party",
        lambda build: build.case(),
        PARTY,
        "case.party_added",
        lambda case: case.parties.filter(name="Alex Doe").exists(),
        _merge(PARTY, {"name": ""}),
        "Enter their full name",
        "1 High St",
    ),
    Scenario(
        "case",
        "iopc-reference",
        lambda build: build.case(),
        IOPC_REFERENCE,
        "case.iopc_reference_set",
        lambda case: _reload(Case)(case).iopc_reference == "2024/000123",
        _fixed({"iopc_reference": "2024/0001234567890123"}),
        "The IOPC reference must be 20 characters or less",
        "2024/0001234567890123",
    ),
    Scenario(
        "case",
        "add-subject",
        lambda build: build.assessed().case,
        _add_subject,
        "subject.added",
        lambda case: case.subjects.count() == 2,
        _add_existing_subject,
        "is already a subject of this case",
        lambda case, w: f'value="{case.subjects.get().role_id}" selected',
    ),
    Scenario(
        "case",
        "add-new-subject",
        lambda build: build.assessed().case,
        _new_person,
        "subject.added",
        _new_person_added,
        _new_person_already_recorded,
        "is already recorded",
        'value="Police Sergeant"',
    ),
    Scenario(
        "case",
        "refer-to-iopc",
        lambda build: build.case(),
        REFERRAL,
        "referral.made",
        lambda case: IOPCReferral.objects.filter(case=case).exists(),
        _merge(REFERRAL, day(FUTURE, "referred_on")),
        "The referral date cannot be in the future.",
        'value="serious_corruption" checked',
    ),
    Scenario(
        "case",
        "iopc-decision",
        lambda build: build.referred_to_iopc(),
        DECISION,
        "referral.decided",
        lambda case: IOPCReferral.objects.get(case=case).status == "investigating",
        _merge(DECISION, day(FUTURE, "decided_on")),
        "The decision date cannot be in the future.",
        RATIONALE["rationale"],
        user="iopc_investigator",
    ),
    Scenario(
        "case",
        "change-mode",
        lambda build: build.directed(),
        MODE,
        "referral.mode_changed",
        lambda case: IOPCReferral.objects.get(case=case).mode == "independent",
        _merge(MODE, {"mode": "directed"}),
        "That is already the mode of investigation.",
        RATIONALE["rationale"],
        user="iopc_investigator",
    ),
    Scenario(
        "case",
        "open-investigation",
        lambda build: build.assessed().case,
        OPEN,
        "investigation.opened",
        lambda case: case.subjects.get().status == Subject.Status.UNDER_INVESTIGATION,
        _merge(OPEN, {"investigating_body": "iopc"}),
        "The IOPC investigates only cases referred to it.",
        "DS Patel",
    ),
    Scenario(
        "case",
        "submit-report",
        lambda build: build.investigating().case,
        _report,
        "investigation.reported",
        lambda case: case.subjects.get().status == Subject.Status.REPORTED,
        lambda target, build: {**_report(target, build), **day(FUTURE, "submitted_on")},
        "The report date cannot be in the future.",
        "Findings on the custody suite.",
    ),
    Scenario(
        "case",
        "pause-misconduct",
        lambda build: build.case(),
        PAUSE,
        "case.misconduct_paused",
        lambda case: SubJudicePeriod.objects.filter(case=case, ended_on=None).exists(),
        _merge(PAUSE, day(FUTURE, "on")),
        "The date cannot be in the future.",
        RATIONALE["rationale"],
        user="supervisor",
    ),
    Scenario(
        "case",
        "resume-misconduct",
        lambda build: build.paused(),
        RESUME,
        "case.misconduct_resumed",
        lambda case: (
            not SubJudicePeriod.objects.filter(case=case, ended_on=None).exists()
        ),
        _merge(RESUME, day(dt.date(2024, 3, 1), "on")),
        "cannot be before the pause",
        RATIONALE["rationale"],
        user="supervisor",
    ),
    Scenario(
        "case",
        "restrict",
        lambda build: build.case(),
        RESTRICT,
        "case.restriction_changed",
        lambda case: _reload(Case)(case).restricted,
        RESTRICT,
        "Change who may see this case is not available now",
        RATIONALE["rationale"],
        user="supervisor",
        refusal_user="caseworker",
    ),
    Scenario(
        "case",
        "close",
        lambda build: build.case(),
        CLOSE,
        "case.closed",
        lambda case: _reload(Case)(case).status == Case.Status.CLOSED,
        _merge(CLOSE, day(dt.date(2024, 3, 1), "closed_on")),
        "cannot be before the case date",
        RATIONALE["rationale"],
    ),
    Scenario(
        "case",
        "reopen",
        lambda build: build.closed(),
        _fixed(RATIONALE),
        "case.reopened",
        lambda case: _reload(Case)(case).status == Case.Status.OPEN,
        _fixed({"rationale": "  "}),
        "Enter the reasons for this decision",
        None,
    ),
    # ---------------------------------------------------------- subject
    Scenario(
        "subject",
        "add-allegation",
        lambda build: build.assessed(),
        _allegation,
        "allegation.added",
        lambda subject: subject.allegations.count() == 2,
        lambda target, build: {
            **_allegation(target, build),
            **day(FUTURE, "occurred_on"),
        },
        "The date of the conduct cannot be in the future.",
        "Shouted at a colleague.",
    ),
    Scenario(
        "subject",
        "serve-notice",
        lambda build: build.investigating(),
        _fixed(
            {
                **day(dt.date(2024, 3, 12), "served_on"),
                "content": "You are under investigation.",
            }
        ),
        "notice.served",
        lambda subject: subject.notices.exists(),
        _fixed({**day(FUTURE, "served_on"), "content": "You are under investigation."}),
        "The date served cannot be in the future.",
        "You are under investigation.",
        banner="New deadline:",
    ),
    Scenario(
        "subject",
        "schedule-interview",
        lambda build: build.noticed().subject,
        _fixed(day(dt.date(2024, 3, 20), "proposed_on")),
        "interview.scheduled",
        lambda subject: subject.interviews.exists(),
        _fixed(
            {
                **day(dt.date(2024, 3, 20), "proposed_on"),
                **day(dt.date(2024, 3, 19), "alternative_on"),
            }
        ),
        "The alternative date must be after the proposed date.",
        'value="19"',
    ),
    Scenario(
        "subject",
        "determine",
        lambda build: build.reported(),
        _determination,
        "subject.determined",
        _subject_status(Subject.Status.CASE_TO_ANSWER),
        lambda target, build: {
            **_determination(target, build),
            **day(FUTURE, "decided_on"),
        },
        "The decision date cannot be in the future.",
        RATIONALE["rationale"],
        user="supervisor",
    ),
    Scenario(
        "subject",
        "recommend",
        lambda build: build.case_to_answer(
            case=build.directed(), results=(MISCONDUCT,)
        ),
        _fixed(
            {
                "kind": "recommendation",
                "proceedings_form": "misconduct_meeting",
                **day(dt.date(2024, 4, 5), "made_on"),
                **RATIONALE,
            }
        ),
        "subject.recommendation_made",
        lambda subject: subject.recommendations.exists(),
        _fixed(
            {
                "kind": "direction",
                "proceedings_form": "misconduct_meeting",
                **day(dt.date(2024, 4, 5), "made_on"),
                **RATIONALE,
            }
        ),
        "The IOPC directs proceedings only after recommending them",
        RATIONALE["rationale"],
        user="iopc_supervisor",
    ),
    Scenario(
        "subject",
        "management-action",
        lambda build: build.case_to_answer(
            on=dt.date(2016, 11, 14), results=(MISCONDUCT,)
        ),
        _fixed({**day(dt.date(2017, 2, 1), "decided_on"), **RATIONALE}),
        "subject.management_action",
        _subject_status(Subject.Status.MANAGEMENT_ACTION),
        _fixed({**day(FUTURE, "decided_on"), **RATIONALE}),
        "The decision date cannot be in the future.",
        RATIONALE["rationale"],
        user="supervisor",
    ),
    Scenario(
        "subject",
        "reflective-practice",
        lambda build: build.case_to_answer(results=(MISCONDUCT,)),
        DECIDED,
        "subject.reflective_practice",
        _subject_status(Subject.Status.REFLECTIVE_PRACTICE),
        _merge(DECIDED, day(FUTURE, "decided_on")),
        "The decision date cannot be in the future.",
        RATIONALE["rationale"],
        user="supervisor",
    ),
    Scenario(
        "subject",
        "no-further-action",
        lambda build: build.assessed(),
        DECIDED,
        "subject.no_further_action",
        _subject_status(Subject.Status.NO_FURTHER_ACTION),
        _merge(DECIDED, day(FUTURE, "decided_on")),
        "The decision date cannot be in the future.",
        RATIONALE["rationale"],
        user="supervisor",
    ),
    Scenario(
        "subject",
        "start-suspension",
        lambda build: build.assessed(),
        SUSPEND,
        "suspension.started",
        lambda subject: subject.suspensions.exists(),
        _merge(SUSPEND, day(FUTURE, "started_on")),
        "The start date cannot be in the future.",
        "Risk to the public.",
    ),
    Scenario(
        "subject",
        "open-criminal-proceedings",
        lambda build: build.assessed(),
        CRIMINAL,
        "criminal.opened",
        lambda subject: subject.criminal_proceedings.exists(),
        _merge(CRIMINAL, day(dt.date(2024, 3, 1), "arrested_on")),
        "cannot be before the start of the criminal investigation",
        "Northampton",
    ),
    # ---------------------------------------- allegations, notices and more
    Scenario(
        "allegation",
        "assess-severity",
        lambda build: build.assessed().allegations.get(),
        _fixed(
            {
                "severity": "misconduct",
                "body": "appropriate_authority",
                **day(dt.date(2024, 3, 5), "assessed_on"),
                **RATIONALE,
            }
        ),
        "allegation.severity_assessed",
        lambda allegation: _reload(Allegation)(allegation).severity == "misconduct",
        _fixed(
            {
                "severity": "misconduct",
                "body": "appropriate_authority",
                **day(FUTURE, "assessed_on"),
                **RATIONALE,
            }
        ),
        "The assessment date cannot be in the future.",
        RATIONALE["rationale"],
        user="supervisor",
    ),
    Scenario(
        "notice",
        "record-response",
        lambda build: build.noticed(),
        _fixed(
            {
                "kind": "written_response",
                **day(dt.date(2024, 3, 15), "received_on"),
                "content": "I deny it.",
            }
        ),
        "notice.response_recorded",
        lambda notice: notice.responses.exists(),
        _fixed(
            {
                "kind": "written_response",
                **day(dt.date(2024, 3, 11), "received_on"),
                "content": "I deny it.",
            }
        ),
        "cannot be before the notice",
        "I deny it.",
    ),
    Scenario(
        "interview",
        "record-interview",
        lambda build: build.interview(),
        _fixed(
            {
                **day(dt.date(2024, 3, 20), "held_on"),
                "attended": "yes",
                "notes": "Answered every question.",
            }
        ),
        "interview.recorded",
        lambda interview: _reload(Interview)(interview).held_on is not None,
        _fixed(
            {
                **day(dt.date(2024, 3, 20), "held_on"),
                "attended": "no",
                "no_comment": "on",
                "notes": "Answered every question.",
            }
        ),
        "A no-comment interview needs the subject to attend.",
        "Answered every question.",
    ),
    Scenario(
        "suspension",
        "end",
        lambda build: build.suspension(),
        _fixed(day(dt.date(2024, 3, 30), "ended_on")),
        "suspension.ended",
        lambda suspension: _reload(Suspension)(suspension).ended_on is not None,
        _fixed({"ended_on_day": "01", "ended_on_month": "03", "ended_on_year": "2024"}),
        "cannot be before the start date",
        'value="01"',
    ),
    Scenario(
        "deadline",
        "extend",
        lambda build: build.deadline(),
        _fixed(
            {
                **day(dt.date(2024, 4, 30), "new_due_on"),
                "reason": "The subject's friend is ill.",
            }
        ),
        "deadline.extended",
        lambda deadline: _reload(Deadline)(deadline).status == Deadline.Status.EXTENDED,
        _fixed(
            {
                **day(dt.date(2024, 3, 13), "new_due_on"),
                "reason": "The subject's friend is ill.",
            }
        ),
        "The new due date must be after",
        "The subject&#x27;s friend is ill.",
    ),
    Scenario(
        "deadline",
        "cancel",
        lambda build: build.deadline(),
        _fixed({"reason": "The notice was withdrawn."}),
        "deadline.cancelled",
        lambda deadline: (
            _reload(Deadline)(deadline).status == Deadline.Status.CANCELLED
        ),
        _fixed({"reason": "The notice was withdrawn."}),
        "Cancel is not available now",
        "The notice was withdrawn.",
        user="supervisor",
        refusal_user="caseworker",
    ),
    # --------------------------------------------------- criminal proceedings
    Scenario(
        "criminal-proceedings",
        "release",
        lambda build: build.criminal_proceedings(),
        RELEASE,
        "criminal.released",
        lambda proceedings: (
            _reload(CriminalProceedings)(proceedings).pre_charge_release == "bail"
        ),
        _merge(RELEASE, {"release": "under_investigation"}),
        "A bail return date applies only to police bail.",
        "Not to contact the complainant.",
    ),
    Scenario(
        "criminal-proceedings",
        "charge",
        lambda build: build.criminal_proceedings(),
        CHARGE,
        "criminal.charged",
        lambda proceedings: proceedings.charges.exists(),
        _merge(CHARGE, day(FUTURE, "charged_on")),
        "The charge date cannot be in the future.",
        "Misconduct in public office.",
    ),
    Scenario(
        "criminal-proceedings",
        "sentence",
        lambda build: (
            build.charge_decided(plea="guilty", verdict="convicted").proceedings
        ),
        _fixed(
            {
                "kind": "fine",
                **day(dt.date(2024, 6, 1), "sentenced_on"),
                "amount": "250",
                "description": "And costs.",
            }
        ),
        "criminal.sentence_recorded",
        lambda proceedings: proceedings.sentence.exists(),
        _fixed(
            {
                "kind": "fine",
                **day(dt.date(2024, 6, 1), "sentenced_on"),
                "amount": "",
                "description": "And costs.",
            }
        ),
        "Give the amount of the fine.",
        "And costs.",
    ),
    Scenario(
        "criminal-proceedings",
        "conclude",
        lambda build: (
            build.charge_decided(plea="not_guilty", verdict="acquitted").proceedings
        ),
        _fixed(day(dt.date(2024, 6, 1), "concluded_on")),
        "criminal.concluded",
        lambda proceedings: (
            _reload(CriminalProceedings)(proceedings).status == "concluded"
        ),
        _fixed(day(dt.date(2024, 5, 1), "concluded_on")),
        "cannot be before the last verdict or sentence",
        None,
    ),
    Scenario(
        "criminal-proceedings",
        "discontinue",
        lambda build: build.criminal_proceedings(),
        _fixed({**day(dt.date(2024, 4, 1), "discontinued_on"), **RATIONALE}),
        "criminal.discontinued",
        lambda proceedings: (
            _reload(CriminalProceedings)(proceedings).status == "discontinued"
        ),
        _fixed({**day(FUTURE, "discontinued_on"), **RATIONALE}),
        "The discontinuance date cannot be in the future.",
        RATIONALE["rationale"],
    ),
    Scenario(
        "charge",
        "plea",
        lambda build: build.charged(),
        _fixed({"plea": "not_guilty", **day(dt.date(2024, 4, 1), "plea_on")}),
        "criminal.plea_recorded",
        lambda charge: _reload(Charge)(charge).plea == "not_guilty",
        _fixed({"plea": "not_guilty", **day(dt.date(2024, 3, 19), "plea_on")}),
        "cannot be before the charge",
        'value="not_guilty" checked',
    ),
    Scenario(
        "charge",
        "verdict",
        lambda build: build.pleaded(),
        _fixed({"verdict": "acquitted", **day(dt.date(2024, 5, 20), "verdict_on")}),
        "criminal.verdict_recorded",
        lambda charge: _reload(Charge)(charge).verdict == "acquitted",
        _fixed({"verdict": "acquitted", **day(dt.date(2024, 3, 25), "verdict_on")}),
        "cannot be before the plea",
        'value="acquitted" checked',
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
