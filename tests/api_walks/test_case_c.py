"""Reference case C (domain.md section 9) end to end over HTTP only, as the
Northamptonshire and Metropolitan PSDs' and the IOPC's systems would walk
it: 2012 rules, three detectives, an independent IPCC investigation with
Regulation 16 notices, statements and a no-comment interview, management
action for the sergeant and the inspector, the constable's transfer to the
Met (the new appropriate authority) and resignation (advisory list), a
hearing with a legally qualified chair, findings that differ by allegation
and "would not have been dismissed". It ends exactly where the services'
walk of the same case ends."""

from __future__ import annotations

from typing import Any

import pytest

from hearings.demo.reference_cases import (
    CASE_C_DC_ALLEGATIONS,
    CASE_C_OFFICERS,
    DemoActors,
    load_case_c,
)
from tests.api_walks.walker import Api, services_snapshot, snapshot
from tests.assertions import api_refused
from tests.referrals.api.conftest import Client

pytestmark = pytest.mark.django_db

GROSS = "case_to_answer_gross_misconduct"
MISCONDUCT = "case_to_answer_misconduct"


def test_case_c_over_http(actors: DemoActors, bearer_client: Client) -> None:  # noqa: PLR0915 - one walk
    expected = services_snapshot(load_case_c, actors)
    psd = Api(bearer_client(actors.caseworker))
    psd_supervisor = Api(bearer_client(actors.supervisor))
    met = Api(bearer_client(actors.met_supervisor))
    iopc = Api(bearer_client(actors.iopc_investigator))
    director_general = Api(bearer_client(actors.iopc_supervisor))

    case = psd.create(
        {
            "force": "nhants",
            "reference": "NH/C/2016/1114",
            "trigger": "public_complaint",
            "came_to_attention_on": "2016-11-14",
            "complaint_made_on": "2016-11-14",
            "summary": "A family complains about the investigation of the online "
            "grooming of their child (reported Dec 2014, closed Mar 2015, "
            "reopened Mar 2016).",
            "iopc_reference": "2016/077885",
        }
    )
    assert case["regime"] == "2012"
    cid = case["id"]
    # Not referred yet: the IOPC cannot see it.
    assert iopc.client.get(f"/api/v1/cases/{cid}/").status_code == 404

    subjects: list[dict[str, Any]] = [
        psd.act(
            f"/cases/{cid}/subjects/new-person/",
            {
                "given_names": given_names,
                "family_name": family_name,
                "date_of_birth": born_on.isoformat(),
                "kind": "police_officer",
                "force": "nhants",
                "started_on": "2008-09-01",
                "rank": rank,
                "identifier": identifier,
            },
            case=cid,
        )["subject"]
        for given_names, family_name, born_on, rank, identifier in CASE_C_OFFICERS
    ]
    dc, ds, di = (subject["id"] for subject in subjects)
    dc_person = subjects[0]["person"]["id"]

    # Recording the constable a second time is refused: one person, one record.
    again = psd.client.post(
        f"/api/v1/cases/{cid}/subjects/new-person/",
        {
            "given_names": "Dana",
            "family_name": "Whitlow",
            "kind": "police_officer",
            "force": "nhants",
            "started_on": "2008-09-01",
            "identifier": "NH101",
        },
        format="json",
        headers={"If-Match": psd.client.get(f"/api/v1/cases/{cid}/")["ETag"]},
    )
    api_refused(again, 409, rule="person_role.identifier")

    allegations: dict[int, list[int]] = {dc: [], ds: [], di: []}
    for summary in CASE_C_DC_ALLEGATIONS:
        allegations[dc].append(
            psd.act(
                f"/subjects/{dc}/allegations/",
                {"summary": summary, "standards": [6]},
                case=cid,
            )["allegation"]["id"]
        )
    for supervising_officer in (ds, di):
        allegations[supervising_officer].append(
            psd.act(
                f"/subjects/{supervising_officer}/allegations/",
                {"summary": "Did not supervise the investigation.", "standards": [6]},
                case=cid,
            )["allegation"]["id"]
        )

    referral = psd.act(
        f"/cases/{cid}/referral/",
        {"factors": ["voluntary"], "referred_on": "2016-11-21"},
        case=cid,
    )["referral"]
    assert referral["mandatory"] is False
    decided = director_general.act(
        f"/cases/{cid}/referral/decision/",
        {
            "decision": "investigate",
            "mode": "independent",
            "decided_on": "2016-12-01",
            "rationale": "Seriousness of the failings and the public interest.",
        },
        case=cid,
        status=200,
    )
    assert decided["referral"]["status"] == "investigating"
    for allegation_ids in allegations.values():
        for allegation_id in allegation_ids:
            iopc.act(
                f"/allegations/{allegation_id}/severity-assessments/",
                {
                    "severity": "gross_misconduct",
                    "assessed_on": "2016-12-05",
                    "body": "iopc",
                    "rationale": "Could amount to gross misconduct.",
                },
                case=cid,
            )
    iopc.act(
        f"/cases/{cid}/investigation/",
        {
            "investigating_body": "iopc",
            "investigator_name": "IPCC lead investigator",
            "terms_of_reference": "The handling of the crime report from "
            "December 2014.",
            "opened_on": "2016-12-06",
        },
        case=cid,
    )
    notices: dict[int, int] = {}
    for subject_id in (dc, ds, di):
        served = iopc.act(
            f"/subjects/{subject_id}/notices/",
            {
                "served_on": "2016-12-12",
                "content": "You are under investigation for possible gross misconduct.",
            },
            case=cid,
        )
        assert served["notice"]["title"] == "Regulation 16 notice"
        notices[subject_id] = served["notice"]["id"]

    def respond(subject_id: int, received_on: str, content: str) -> None:
        iopc.act(
            f"/notices/{notices[subject_id]}/responses/",
            {"kind": "statement", "received_on": received_on, "content": content},
            case=cid,
        )

    for supervising_officer in (ds, di):
        respond(
            supervising_officer,
            "2016-12-22",
            "Written statement in place of an interview.",
        )
    # The constable: two written statements and a no-comment interview.
    respond(dc, "2016-12-23", "First written statement.")
    interview = iopc.act(
        f"/subjects/{dc}/interviews/", {"proposed_on": "2017-02-02"}, case=cid
    )["interview"]
    held = iopc.act(
        f"/interviews/{interview['id']}/record/",
        {"held_on": "2017-02-02", "attended": True, "no_comment": True},
        case=cid,
        status=200,
    )
    assert held["interview"]["no_comment"] is True
    respond(dc, "2017-02-09", "Second written statement.")

    # The constable moves to the Met, which becomes his appropriate authority.
    transferred = psd_supervisor.act_with_etag_of(
        f"/person-roles/{subjects[0]['role']['id']}/employment-events/",
        {
            "kind": "transferred",
            "occurred_on": "2017-06-05",
            "to_force": "met",
            "new_identifier": "MP9090",
        },
    )
    assert transferred["role"]["end_reason"] == "transferred"
    moved = iopc.read(f"/subjects/{dc}/")
    assert moved["appropriate_authority"] == "met"
    met_role = moved["role"]["id"]
    assert moved["role"]["identifier"] == "MP9090"

    iopc.act(
        f"/cases/{cid}/investigation/report/",
        {
            "submitted_on": "2017-09-15",
            "summary": "Opinions on the three officers.",
            "opinions": [
                {"subject": dc, "opinion": GROSS},
                {"subject": ds, "opinion": MISCONDUCT},
                {"subject": di, "opinion": MISCONDUCT},
            ],
        },
        case=cid,
    )
    # The IOPC reads the constable whole: opinion, notices, interview.
    read = iopc.client.get(f"/api/v1/subjects/{dc}/")
    assert read["ETag"] == iopc.client.get(f"/api/v1/cases/{cid}/")["ETag"]
    whole = read.json()
    assert whole["report_opinion"] == GROSS
    assert [r["content"] for r in whole["notices"][0]["responses"]] == [
        "First written statement.",
        "Second written statement.",
    ]
    assert [(i["held_on"], i["no_comment"]) for i in whole["interviews"]] == [
        ("2017-02-02", True)
    ]
    assert {a["assessments"][0]["body"] for a in whole["allegations"]} == {"iopc"}

    # Northamptonshire decides for the supervising officers (2012: management
    # action), the Met for the constable.
    for supervising_officer in (ds, di):
        psd_supervisor.act(
            f"/subjects/{supervising_officer}/determination/",
            {
                "body": "appropriate_authority",
                "decided_on": "2017-10-02",
                "results": [
                    {"allegation": allegation_id, "result": MISCONDUCT}
                    for allegation_id in allegations[supervising_officer]
                ],
                "rationale": "Agrees with the investigator that the Standards "
                "were breached.",
            },
            case=cid,
        )
        managed = psd_supervisor.act(
            f"/subjects/{supervising_officer}/management-action/",
            {
                "decided_on": "2017-10-09",
                "rationale": "Management action (the 2012 non-disciplinary outcome).",
            },
            case=cid,
            status=200,
        )
        assert managed["subject"]["status"] == "management_action"
    refused = psd_supervisor.client.post(
        f"/api/v1/subjects/{dc}/determination/",
        {
            "body": "appropriate_authority",
            "decided_on": "2017-10-16",
            "results": [{"allegation": a, "result": GROSS} for a in allegations[dc]],
            "rationale": "Northamptonshire is no longer his appropriate authority.",
        },
        format="json",
        headers={"If-Match": psd.client.get(f"/api/v1/cases/{cid}/")["ETag"]},
    )
    # Northamptonshire still sees the case, but decides for her no more.
    api_refused(refused, 403, rule="appropriate_authority")
    assert "Only Metropolitan Police Service" in refused.json()["detail"]
    met.act(
        f"/subjects/{dc}/determination/",
        {
            "body": "appropriate_authority",
            "decided_on": "2017-10-16",
            "results": [{"allegation": a, "result": GROSS} for a in allegations[dc]],
            "rationale": "The Met agrees to hold gross misconduct proceedings.",
        },
        case=cid,
    )

    # The constable's path is open: the case cannot close yet.
    closing = psd_supervisor.client.post(
        f"/api/v1/cases/{cid}/close/",
        {"closed_on": "2017-11-02", "rationale": "Done."},
        format="json",
        headers={"If-Match": psd.client.get(f"/api/v1/cases/{cid}/")["ETag"]},
    )
    api_refused(closing, 409, rule="case.open_subjects")

    pid = met.act(
        f"/subjects/{dc}/proceedings/",
        {
            "form": "misconduct_hearing",
            "referred_on": "2017-11-20",
            "rationale": "A case to answer for gross misconduct.",
            "is_public": True,
        },
        case=cid,
    )["proceeding"]["id"]
    met.act(
        f"/proceedings/{pid}/notices/",
        {
            "served_on": "2017-11-22",
            "content": "You are referred to a misconduct hearing.",
        },
        case=cid,
    )
    met.act(
        f"/proceedings/{pid}/response/",
        {
            "received_on": "2017-12-08",
            "accepts_conduct": False,
            "account": "Accepts some failings; denies that they were gross misconduct.",
        },
        case=cid,
        status=200,
    )
    # She resigns in Feb 2018, after the former-officer rules began: the
    # proceedings continue and the advisory list report is due.
    resigned = met.act_with_etag_of(
        f"/person-roles/{met_role}/employment-events/",
        {"kind": "resigned", "occurred_on": "2018-02-09"},
    )
    [advisory] = resigned["list_reports_created"]
    assert (advisory["kind"], advisory["relevant_authority"]) == ("advisory", "met")
    met.act(
        f"/proceedings/{pid}/schedule/",
        {"scheduled_for": "2018-11-26"},
        case=cid,
        status=200,
    )
    for role, name in (
        ("legally_qualified_chair", "Legally qualified chair"),
        ("senior_officer", "Chief Superintendent"),
        ("independent_member", "Independent member"),
    ):
        met.act(f"/proceedings/{pid}/panel/", {"role": role, "name": name}, case=cid)
    met.act(
        f"/proceedings/{pid}/hold/", {"held_on": "2018-11-26"}, case=cid, status=200
    )
    results = (
        "proven_gross_misconduct",
        "proven_gross_misconduct",
        "proven_misconduct",
        "proven_misconduct",
    )
    found = met.act(
        f"/proceedings/{pid}/findings/",
        {
            "results": [
                {"allegation": allegation_id, "result": result}
                for allegation_id, result in zip(allegations[dc], results, strict=True)
            ],
            "recorded_on": "2018-11-30",
            "rationale": "Two failings were gross misconduct and two were misconduct.",
        },
        case=cid,
    )
    assert sorted(f["result"] for f in found["findings"]) == sorted(results)
    decided = met.act(
        f"/proceedings/{pid}/outcome/",
        {
            "kind": "would_not_have_been_dismissed",
            "decided_on": "2018-11-30",
            "reasons": "The failings were not such that dismissal would have followed.",
        },
        case=cid,
    )
    met.act(
        f"/proceedings/{pid}/outcome-report/",
        {"received_on": "2018-11-30", "given_on": "2018-12-03"},
        case=cid,
        status=200,
    )
    # No barred list entry; a further report removes the advisory entry.
    assert all(r["kind"] != "barred" for r in decided["list_reports_created"])
    met.act(
        f"/subjects/{dc}/conclusion/",
        {"concluded_on": "2019-01-07"},
        case=cid,
        status=200,
    )

    final = iopc.read(f"/cases/{cid}/")
    assert [s["status"] for s in final["subjects"]] == [
        "concluded",
        "management_action",
        "management_action",
    ]
    person = iopc.read(f"/people/{dc_person}/")
    assert [(r["force"], r["end_reason"]) for r in person["past_roles"]] == [
        ("nhants", "transferred"),
        ("met", "resigned"),
    ]
    assert [c["status"] for c in person["cases"]] == ["concluded"]

    assert snapshot(cid) == expected
