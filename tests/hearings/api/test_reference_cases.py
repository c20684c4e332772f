"""Reference cases A and B, hearing stage over HTTP only, as an IOPC or PSD
client would walk it. The referrals stage is made through the services in a
fixture (tests/referrals/api walks it over HTTP for case C)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from conduct.models import Force, PersonRole, Standard, User
from conduct.services.people import person_create, person_role_add
from referrals.models import Case, Subject
from referrals.services.cases import (
    allegation_add,
    case_create,
    severity_assess,
    subject_add,
)
from referrals.services.determinations import determination_make
from referrals.services.investigations import (
    investigation_open,
    notice_response_record,
    notice_serve,
    report_submit,
)
from referrals.services.iopc import referral_decide, referral_make
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import case_url, step

pytestmark = pytest.mark.django_db

GROSS = "case_to_answer_gross_misconduct"
API = "/api/v1"


def case_b_referrals_stage(
    *,
    caseworker: User,
    iopc_investigator: User,
    iopc_supervisor: User,
    force: Force,
) -> Subject:
    """Reference case B up to the Director General's determination (the
    demo's walk, hearings/demo/reference_cases.py)."""
    case = case_create(
        actor=caseworker,
        force=force,
        reference="NT/B/2020/0601",
        trigger=Case.Trigger.RECORDABLE_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2020, 6, 1),
        summary="Constable sent sexual messages to a woman he had stopped.",
    )
    person = person_create(
        actor=caseworker,
        given_names="Owen",
        family_name="Brackley",
        date_of_birth=dt.date(1990, 1, 20),
    )
    role = person_role_add(
        actor=caseworker,
        person=person,
        kind=PersonRole.Kind.POLICE_OFFICER,
        force=force,
        started_on=dt.date(2014, 9, 1),
        rank="Police Constable",
        identifier="NT5521",
    )
    subject = subject_add(actor=caseworker, case=case, person=person, role=role)
    allegation = allegation_add(
        actor=caseworker,
        subject=subject,
        summary="Tried to start a sexual relationship with a vulnerable woman.",
        standards=list(Standard.objects.filter(number__in=[1, 2, 9])),
        occurred_on=dt.date(2020, 2, 15),
    )
    referral_make(
        actor=caseworker,
        case=case,
        factors=["apsp", "serious_corruption"],
        referred_on=dt.date(2020, 6, 3),
    )
    referral_decide(
        actor=iopc_supervisor,
        case=case,
        decision="investigate",
        mode="independent",
        decided_on=dt.date(2020, 12, 1),
        rationale="Abuse of position for a sexual purpose.",
    )
    severity_assess(
        actor=iopc_investigator,
        allegation=allegation,
        severity="gross_misconduct",
        assessed_on=dt.date(2020, 12, 2),
        body="iopc",
        rationale="Serious corruption.",
    )
    investigation_open(
        actor=iopc_investigator,
        case=case,
        investigating_body="iopc",
        investigator_name="IOPC lead investigator",
        terms_of_reference="The stop and the messages.",
        opened_on=dt.date(2020, 12, 3),
    )
    notice = notice_serve(
        actor=iopc_investigator,
        subject=subject,
        served_on=dt.date(2020, 12, 10),
        content="You are under investigation for possible gross misconduct.",
    )
    notice_response_record(
        actor=iopc_investigator,
        notice=notice,
        kind="written_response",
        received_on=dt.date(2020, 12, 21),
        content="Written representations.",
    )
    report_submit(
        actor=iopc_investigator,
        case=case,
        submitted_on=dt.date(2021, 7, 15),
        summary="A case to answer for gross misconduct.",
        opinions={subject.pk: GROSS},
    )
    determination_make(
        actor=iopc_supervisor,
        subject=subject,
        body="iopc",
        decided_on=dt.date(2021, 7, 20),
        results={allegation.pk: GROSS},
        rationale="The messages show the conduct.",
    )
    return subject


def walk(client: APIClient, url: str, body: Any, case_id: int, code: int = 200) -> Any:
    return step(client, f"{API}{url}", body, case_id=case_id, status=code)


def test_case_b_accelerated_hearing_and_dismissal_over_http(
    *,
    bearer_client: Client,
    outsider: User,
    notts_supervisor: User,
    iopc_investigator: User,
    iopc_supervisor: User,
    nottinghamshire: Force,
) -> None:
    subject = case_b_referrals_stage(
        caseworker=outsider,
        iopc_investigator=iopc_investigator,
        iopc_supervisor=iopc_supervisor,
        force=nottinghamshire,
    )
    case_id = subject.case_id
    allegation_id = subject.allegations.get().pk
    psd = bearer_client(notts_supervisor)

    referred = walk(
        psd,
        f"/subjects/{subject.pk}/proceedings/",
        {
            "form": "accelerated_hearing",
            "referred_on": "2021-07-27",
            "rationale": "The evidence is documentary.",
            "special_conditions_certified_on": "2021-07-26",
            "special_conditions_certified_by": "Deputy Chief Constable",
            "is_public": True,
        },
        case_id,
        201,
    )
    proceeding = referred["proceeding"]
    assert proceeding["form"] == "accelerated_hearing"
    assert proceeding["status"] == "referred"
    pid = proceeding["id"]

    served = walk(
        psd,
        f"/proceedings/{pid}/notices/",
        {"served_on": "2021-07-28", "content": "You are referred to a hearing."},
        case_id,
        201,
    )
    assert served["notice"]["title"] == "Regulation 51 notice"
    assert {d["rule"] for d in served["deadlines_created"]}, served

    walk(
        psd,
        f"/proceedings/{pid}/response/",
        {
            "received_on": "2021-08-04",
            "accepts_conduct": True,
            "account": "Accepts that he sent the messages.",
        },
        case_id,
    )
    walk(psd, f"/proceedings/{pid}/schedule/", {"scheduled_for": "2021-08-12"}, case_id)
    appointed = walk(
        psd,
        f"/proceedings/{pid}/panel/",
        {"role": "chief_officer", "name": "Chief Constable of Nottinghamshire"},
        case_id,
        201,
    )
    assert appointed["member"]["role"] == "chief_officer"
    held = walk(psd, f"/proceedings/{pid}/hold/", {"held_on": "2021-08-12"}, case_id)
    assert held["proceeding"]["status"] == "held"
    found = walk(
        psd,
        f"/proceedings/{pid}/findings/",
        {
            "results": [
                {"allegation": allegation_id, "result": "proven_gross_misconduct"}
            ],
            "recorded_on": "2021-08-12",
            "rationale": "Proven on the documents and his own acceptance.",
        },
        case_id,
        201,
    )
    assert [f["result"] for f in found["findings"]] == ["proven_gross_misconduct"]
    decided = walk(
        psd,
        f"/proceedings/{pid}/outcome/",
        {
            "kind": "dismissal_without_notice",
            "decided_on": "2021-08-12",
            "reasons": "Only dismissal will do.",
        },
        case_id,
        201,
    )
    assert decided["outcome"]["kind"] == "dismissal_without_notice"
    assert decided["subject"]["status"] == "outcome_decided"
    [created] = decided["list_reports_created"]
    assert created["kind"] == "barred"
    assert created["relevant_authority"] == "notts"

    # The IOPC investigator reads it all back.
    iopc = bearer_client(iopc_investigator)
    proceedings = iopc.get(f"{API}/subjects/{subject.pk}/proceedings/").json()
    assert [p["status"] for p in proceedings] == ["held"]
    assert proceedings[0]["panel"][0]["name"] == "Chief Constable of Nottinghamshire"
    outcomes = iopc.get(f"{API}/subjects/{subject.pk}/outcomes/").json()
    assert [(o["kind"], o["is_current"]) for o in outcomes] == [
        ("dismissal_without_notice", True)
    ]
    reports = iopc.get(f"{API}/cases/{case_id}/list-reports/").json()
    assert [r["id"] for r in reports] == [created["id"]]
    report = iopc.get(f"{API}/list-reports/{created['id']}/").json()
    assert report["content"]["identifier"] == "NT5521"
    assert report["content"]["status"] == "officer"
    assert report["content"]["prior_advisory_report"] is None
    assert len(report["content"]["standards_breached"]) == 3
    assert report["status"] in {"pending", "sent", "failed"}
    assert isinstance(report["deliveries"], list)
    detail = iopc.get(case_url(case_id)).json()
    assert detail["subjects"][0]["status"] == "outcome_decided"


def test_case_a_resignation_and_former_officer_outcome_over_http(
    *,
    bearer_client: Client,
    caseworker: User,
    supervisor: User,
    iopc_supervisor: User,
    northamptonshire: Force,
) -> None:
    """Special constable (also staff) resigns the special role the day before
    the accelerated hearing: advisory list, then, found that he would have
    been dismissed, barred list; the case concludes."""
    person = person_create(
        actor=caseworker,
        given_names="Callum",
        family_name="Ridgeway",
        date_of_birth=dt.date(1979, 5, 2),
    )
    person_role_add(
        actor=caseworker,
        person=person,
        kind=PersonRole.Kind.POLICE_STAFF,
        force=northamptonshire,
        started_on=dt.date(2013, 4, 1),
        identifier="S7781",
        job_title="Safety training instructor",
    )
    special = person_role_add(
        actor=caseworker,
        person=person,
        kind=PersonRole.Kind.SPECIAL_CONSTABLE,
        force=northamptonshire,
        started_on=dt.date(2016, 9, 1),
        rank="Special Constable",
        identifier="SC2042",
    )
    case = case_create(
        actor=caseworker,
        force=northamptonshire,
        reference="NH/A/2022/0810",
        trigger=Case.Trigger.RECORDABLE_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2022, 8, 10),
        summary="Special constable arrested after messages to a decoy.",
    )
    subject = subject_add(actor=caseworker, case=case, person=person, role=special)
    allegation = allegation_add(
        actor=caseworker,
        subject=subject,
        summary="Attempted sexual communication with a child.",
        standards=list(Standard.objects.filter(number=9)),
        occurred_on=dt.date(2022, 8, 1),
    )
    referral_make(
        actor=caseworker,
        case=case,
        factors=["serious_sexual_offence"],
        referred_on=dt.date(2022, 8, 11),
    )
    referral_decide(
        actor=iopc_supervisor,
        case=case,
        decision="refer_back",
        decided_on=dt.date(2022, 8, 15),
        rationale="The force can investigate this itself.",
    )
    severity_assess(
        actor=supervisor,
        allegation=allegation,
        severity="gross_misconduct",
        assessed_on=dt.date(2022, 8, 16),
        body="appropriate_authority",
        rationale="Proven, this would justify dismissal.",
    )
    investigation_open(
        actor=supervisor,
        case=case,
        investigating_body="force",
        investigator_name="PSD investigator",
        terms_of_reference="The conduct that led to the arrest.",
        opened_on=dt.date(2022, 8, 16),
    )
    report_submit(
        actor=supervisor,
        case=case,
        submitted_on=dt.date(2022, 9, 12),
        summary="He has pleaded guilty.",
        opinions={subject.pk: GROSS},
    )
    determination_make(
        actor=supervisor,
        subject=subject,
        body="appropriate_authority",
        decided_on=dt.date(2022, 9, 14),
        results={allegation.pk: GROSS},
        rationale="The guilty plea establishes the conduct.",
    )
    psd = bearer_client(supervisor)
    pid = walk(
        psd,
        f"/subjects/{subject.pk}/proceedings/",
        {
            "form": "accelerated_hearing",
            "referred_on": "2022-09-21",
            "rationale": "Special conditions met.",
            "special_conditions_certified_on": "2022-09-20",
            "special_conditions_certified_by": "Deputy Chief Constable",
            "is_public": True,
        },
        case.pk,
        201,
    )["proceeding"]["id"]
    walk(
        psd,
        f"/proceedings/{pid}/notices/",
        {"served_on": "2022-09-22", "content": "Referred to an accelerated hearing."},
        case.pk,
        201,
    )
    walk(psd, f"/proceedings/{pid}/schedule/", {"scheduled_for": "2022-10-13"}, case.pk)
    walk(
        psd,
        f"/proceedings/{pid}/panel/",
        {"role": "chief_officer", "name": "Chief Constable"},
        case.pk,
        201,
    )

    # The resignation: the role's ETag, then the event.
    events_url = f"{API}/person-roles/{special.pk}/employment-events/"
    got = psd.get(events_url)
    assert got.status_code == 200, got.content
    resigned = psd.post(
        events_url,
        {"kind": "resigned", "occurred_on": "2022-10-12"},
        format="json",
        headers={"If-Match": got["ETag"]},
    )
    assert resigned.status_code == 201, resigned.content
    body = resigned.json()
    assert body["role"]["ended_on"] == "2022-10-12"
    [advisory] = body["list_reports_created"]
    assert advisory["kind"] == "advisory"
    assert resigned["ETag"] != got["ETag"]

    proceeding = psd.get(f"{API}/subjects/{subject.pk}/proceedings/").json()[0]
    assert proceeding["former_officer"] is True
    assert proceeding["former_officer_condition"] == "a"

    walk(psd, f"/proceedings/{pid}/hold/", {"held_on": "2022-10-13"}, case.pk)
    walk(
        psd,
        f"/proceedings/{pid}/findings/",
        {
            "results": [
                {"allegation": allegation.pk, "result": "proven_gross_misconduct"}
            ],
            "recorded_on": "2022-10-13",
            "rationale": "The conviction proves the conduct.",
        },
        case.pk,
        201,
    )
    decided = walk(
        psd,
        f"/proceedings/{pid}/outcome/",
        {
            "kind": "would_have_been_dismissed",
            "decided_on": "2022-10-13",
            "reasons": "He would have been dismissed had he not resigned.",
        },
        case.pk,
        201,
    )
    [barred] = decided["list_reports_created"]
    assert barred["kind"] == "barred"
    assert barred["previous_report"] == advisory["id"]
    report = psd.get(f"{API}/list-reports/{barred['id']}/").json()
    assert report["content"]["status"] == "former_officer"
    assert report["content"]["prior_advisory_report"]["id"] == advisory["id"]

    concluded = walk(
        psd,
        f"/subjects/{subject.pk}/conclusion/",
        {"concluded_on": "2022-11-17"},
        case.pk,
    )
    assert concluded["subject"]["status"] == "concluded"
    kinds = [r["kind"] for r in psd.get(f"{API}/cases/{case.pk}/list-reports/").json()]
    assert kinds == ["advisory", "barred"]
