"""Reference case C's referrals stage, walked through HTTP only as the PSD
and IOPC systems would (hearings/demo/reference_cases.py walks the whole case
through the services). 2012 rules; the IPCC investigates independently.

People are created through the services: there is no people endpoint yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conduct.models import Force, User
from tests.factories.people import make_person_with_role
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import CASES, case_url, post, step

pytestmark = pytest.mark.django_db

GROSS = "case_to_answer_gross_misconduct"
MISCONDUCT = "case_to_answer_misconduct"
OFFICERS = (
    ("Dana", "Whitlow", "Detective Constable", "NH101"),
    ("Sean", "Morrow", "Detective Sergeant", "NH202"),
    ("Isla", "Penhaligon", "Detective Inspector", "NH303"),
)
DC_ALLEGATIONS = (
    "Did not look at the download from the suspect's phone.",
    "Did not give Interpol the information it asked for.",
    "Did not arrange an achieving best evidence interview of the child.",
    "Did not raise concerns about her own competence or welfare.",
)


def test_reference_case_c_referrals_stage_over_http(  # noqa: PLR0915, PLR0917 - one walk, four clients
    bearer_client: Client,
    caseworker: User,
    supervisor: User,
    iopc_investigator: User,
    iopc_supervisor: User,
    northamptonshire: Force,
) -> None:
    psd = bearer_client(caseworker)
    psd_supervisor = bearer_client(supervisor)
    iopc = bearer_client(iopc_investigator)
    iopc_decider = bearer_client(iopc_supervisor)

    # The PSD records the complaint.
    response = post(
        psd,
        CASES,
        {
            "force": "nhants",
            "reference": "NH/C/2016/1114",
            "trigger": "public_complaint",
            "came_to_attention_on": "2016-11-14",
            "complaint_made_on": "2016-11-14",
            "summary": "A family complains about the investigation of the online "
            "grooming of their child.",
            "iopc_reference": "2016/077885",
        },
    )
    assert response.status_code == 201, response.content
    case: dict[str, Any] = response.json()
    case_id = case["id"]
    assert case["regime"] == "2012"
    assert case["status"] == "open"
    assert case["referral"] is None
    assert response["Location"] == case_url(case_id)
    assert response["ETag"] == f'"case-{case_id}-v1"'

    # Not referred yet: the IOPC cannot see it.
    assert iopc.get(case_url(case_id)).status_code == 404

    subjects: list[int] = []
    for given_names, family_name, rank, identifier in OFFICERS:
        person, role = make_person_with_role(
            force=northamptonshire,
            given_names=given_names,
            family_name=family_name,
            rank=rank,
            identifier=identifier,
            started_on=dt.date(2008, 9, 1),
        )
        added = step(
            psd,
            f"{case_url(case_id)}subjects/",
            {"person": person.pk, "role": role.pk},
            case_id=case_id,
        )
        assert added["subject"]["status"] == "recorded"
        assert added["subject"]["appropriate_authority"] == "nhants"
        subjects.append(added["subject"]["id"])
    dc, ds, di = subjects

    allegations: dict[int, list[int]] = {dc: [], ds: [], di: []}
    for summary in DC_ALLEGATIONS:
        added = step(
            psd,
            f"/api/v1/subjects/{dc}/allegations/",
            {"summary": summary, "standards": [6]},
            case_id=case_id,
        )
        assert added["allegation"]["standards"] == [6]
        allegations[dc].append(added["allegation"]["id"])
    for supervising_officer in (ds, di):
        added = step(
            psd,
            f"/api/v1/subjects/{supervising_officer}/allegations/",
            {"summary": "Did not supervise the investigation.", "standards": [6]},
            case_id=case_id,
        )
        allegations[supervising_officer].append(added["allegation"]["id"])

    referred = step(
        psd,
        f"{case_url(case_id)}referral/",
        {"factors": ["voluntary"], "referred_on": "2016-11-21"},
        case_id=case_id,
    )
    assert referred["referral"]["status"] == "referred"
    assert referred["referral"]["mandatory"] is False

    # Referred: the IOPC sees it now, and its supervisor decides.
    decided = step(
        iopc_decider,
        f"{case_url(case_id)}referral/decision/",
        {
            "decision": "investigate",
            "mode": "independent",
            "decided_on": "2016-12-01",
            "rationale": "Seriousness of the failings and the public interest.",
        },
        case_id=case_id,
        status=200,
    )
    assert decided["referral"]["status"] == "investigating"
    assert decided["referral"]["mode"] == "independent"
    assert decided["referral"]["mode_history"] == [
        {
            "mode": "independent",
            "decided_on": "2016-12-01",
            "rationale": "Seriousness of the failings and the public interest.",
        }
    ]

    for allegation_ids in allegations.values():
        for allegation_id in allegation_ids:
            assessed = step(
                iopc,
                f"/api/v1/allegations/{allegation_id}/severity-assessments/",
                {
                    "severity": "gross_misconduct",
                    "assessed_on": "2016-12-05",
                    "body": "iopc",
                    "rationale": "Could amount to gross misconduct.",
                },
                case_id=case_id,
            )
            assert assessed["allegation"]["severity"] == "gross_misconduct"

    opened = step(
        iopc,
        f"{case_url(case_id)}investigation/",
        {
            "investigating_body": "iopc",
            "investigator_name": "IPCC lead investigator",
            "terms_of_reference": "The handling of the crime report from 2014.",
            "opened_on": "2016-12-06",
        },
        case_id=case_id,
    )
    assert opened["investigation"]["status"] == "open"
    assert {s["status"] for s in opened["subjects"]} == {"under_investigation"}
    assert [d["rule"] for d in opened["deadlines_created"]] == ["progress_report"]

    notices: dict[int, int] = {}
    for subject_id in subjects:
        served = step(
            iopc,
            f"/api/v1/subjects/{subject_id}/notices/",
            {
                "served_on": "2016-12-12",
                "content": "You are under investigation for possible gross misconduct.",
            },
            case_id=case_id,
        )
        assert served["notice"]["title"] == "Regulation 16 notice"
        assert served["notice"]["severity"] == "gross_misconduct"
        assert [d["rule"] for d in served["deadlines_created"]] == ["notice_response"]
        assert served["deadlines_created"][0]["subject"] == subject_id
        notices[subject_id] = served["notice"]["id"]

    for subject_id, received_on in ((ds, "2016-12-22"), (di, "2016-12-22")):
        recorded = step(
            iopc,
            f"/api/v1/notices/{notices[subject_id]}/responses/",
            {
                "kind": "statement",
                "received_on": received_on,
                "content": "Written statement in place of an interview.",
            },
            case_id=case_id,
        )
        assert recorded["response"]["kind"] == "statement"
    step(
        iopc,
        f"/api/v1/notices/{notices[dc]}/responses/",
        {
            "kind": "statement",
            "received_on": "2016-12-23",
            "content": "First written statement.",
        },
        case_id=case_id,
    )
    scheduled = step(
        iopc,
        f"/api/v1/subjects/{dc}/interviews/",
        {"proposed_on": "2017-02-02"},
        case_id=case_id,
    )
    assert scheduled["interview"]["held_on"] is None
    held = step(
        iopc,
        f"/api/v1/interviews/{scheduled['interview']['id']}/record/",
        {"held_on": "2017-02-02", "attended": True, "notes": "Answered questions."},
        case_id=case_id,
        status=200,
    )
    assert held["interview"]["held_on"] == "2017-02-02"
    assert held["interview"]["attended"] is True

    # The responses met every response clock; the progress report runs on.
    detail = iopc.get(case_url(case_id)).json()
    assert [d["rule"] for d in detail["deadlines"]] == ["progress_report"]

    reported = step(
        iopc,
        f"{case_url(case_id)}investigation/report/",
        {
            "submitted_on": "2017-09-15",
            "summary": "Opinions on the three officers.",
            "opinions": [
                {"subject": dc, "opinion": GROSS},
                {"subject": ds, "opinion": MISCONDUCT},
                {"subject": di, "opinion": MISCONDUCT},
            ],
        },
        case_id=case_id,
    )
    assert reported["investigation"]["status"] == "reported"
    assert reported["investigation"]["report"]["submitted_on"] == "2017-09-15"
    assert {s["status"] for s in reported["subjects"]} == {"reported"}

    # The PSD supervisor determines for the force (the appropriate authority).
    for subject_id, result in ((ds, MISCONDUCT), (di, MISCONDUCT), (dc, GROSS)):
        determined = step(
            psd_supervisor,
            f"/api/v1/subjects/{subject_id}/determination/",
            {
                "body": "appropriate_authority",
                "decided_on": "2017-10-02",
                "results": [
                    {"allegation": allegation_id, "result": result}
                    for allegation_id in allegations[subject_id]
                ],
                "rationale": "Agrees with the investigator.",
            },
            case_id=case_id,
        )
        assert determined["subject"]["status"] == "case_to_answer"
        assert {a["determination"] for a in determined["subject"]["allegations"]} == {
            result
        }

    final = iopc.get(case_url(case_id)).json()
    assert [s["status"] for s in final["subjects"]] == ["case_to_answer"] * 3
    assert final["investigation"]["status"] == "reported"
    assert final["referral"]["status"] == "investigating"
    assert final["deadlines"] == []
    notices_by_subject = {s["id"]: s["notices"] for s in final["subjects"]}
    assert [r["kind"] for r in notices_by_subject[dc][0]["responses"]] == ["statement"]

    # The IOPC reads one subject whole, and the detective across cases.
    subject = iopc.get(f"/api/v1/subjects/{dc}/")
    assert subject.status_code == 200
    assert subject["ETag"] == iopc.get(case_url(case_id))["ETag"]
    read = subject.json()
    assert read["report_opinion"] == GROSS
    assert [d["body"] for d in read["determinations"]] == ["appropriate_authority"]
    assert read["notices"][0]["responses"][0]["content"] == "First written statement."
    assert [i["held_on"] for i in read["interviews"]] == ["2017-02-02"]
    assert [a["body"] for a in read["allegations"][0]["assessments"]] == ["iopc"]
    allegation = iopc.get(f"/api/v1/allegations/{allegations[dc][0]}/").json()
    assert allegation["subject"] == dc
    assert allegation["determination"] == GROSS
    person = iopc.get(f"/api/v1/people/{read['person']['id']}/").json()
    assert [c["case"]["id"] for c in person["cases"]] == [case_id]
    assert person["cases"][0]["status"] == "case_to_answer"

    # The IOPC supervisor recommends a hearing for the constable; the force
    # gives the supervising officers management action (2012 rules).
    recommended = step(
        iopc_decider,
        f"/api/v1/subjects/{dc}/recommendations/",
        {
            "kind": "recommendation",
            "proceedings_form": "misconduct_hearing",
            "made_on": "2017-10-10",
            "rationale": "The failings could justify dismissal.",
        },
        case_id=case_id,
    )
    assert recommended["recommendation"]["kind"] == "recommendation"
    for supervising_officer in (ds, di):
        managed = step(
            psd_supervisor,
            f"/api/v1/subjects/{supervising_officer}/management-action/",
            {"decided_on": "2017-11-01", "rationale": "Learning for the supervisors."},
            case_id=case_id,
            status=200,
        )
        assert managed["subject"] == {
            "id": supervising_officer,
            "status": "management_action",
        }

    # The constable's path is still open: the case cannot close yet.
    refused = post(
        psd_supervisor,
        f"{case_url(case_id)}close/",
        {"closed_on": "2017-11-02", "rationale": "Done."},
        etag=iopc.get(case_url(case_id))["ETag"],
    )
    assert refused.status_code == 409
    assert refused.json()["rule"] == "case.open_subjects"
