"""Reference case B (domain.md section 9) end to end over HTTP only, as the
Nottinghamshire PSD's and the IOPC's systems would walk it: a mandatory
referral for abuse of position for a sexual purpose, an independent IOPC
investigation, the Director General's determination, an accelerated hearing
before the chief constable, dismissal without notice and the barred list.
It ends exactly where the services' walk of the same case ends."""

from __future__ import annotations

import pytest

from hearings.demo.reference_cases import DemoActors, load_case_b
from tests.api_walks.walker import Api, services_snapshot, snapshot
from tests.referrals.api.conftest import Client

pytestmark = pytest.mark.django_db

GROSS = "case_to_answer_gross_misconduct"


def test_case_b_over_http(actors: DemoActors, bearer_client: Client) -> None:
    expected = services_snapshot(load_case_b, actors)
    psd = Api(bearer_client(actors.notts_caseworker))
    psd_supervisor = Api(bearer_client(actors.notts_supervisor))
    iopc = Api(bearer_client(actors.iopc_investigator))
    director_general = Api(bearer_client(actors.iopc_supervisor))

    case = psd.create(
        {
            "force": "notts",
            "reference": "NT/B/2020/0601",
            "trigger": "recordable_conduct_matter",
            "came_to_attention_on": "2020-06-01",
            "summary": "Constable sent personal and sexual messages to a woman he "
            "had stopped while off duty.",
        }
    )
    assert case["regime"] == "2020"
    cid = case["id"]
    subject = psd.act(
        f"/cases/{cid}/subjects/new-person/",
        {
            "given_names": "Owen",
            "family_name": "Brackley",
            "date_of_birth": "1990-01-20",
            "kind": "police_officer",
            "force": "notts",
            "started_on": "2014-09-01",
            "rank": "Police Constable",
            "identifier": "NT5521",
        },
        case=cid,
    )["subject"]
    assert subject["appropriate_authority"] == "notts"
    sid = subject["id"]
    allegation = psd.act(
        f"/subjects/{sid}/allegations/",
        {
            "summary": "Tried to start a sexual relationship with a vulnerable "
            "woman met through his police role.",
            "standards": [1, 2, 9],
            "occurred_on": "2020-02-15",
        },
        case=cid,
    )["allegation"]
    aid = allegation["id"]

    # Abuse of position for a sexual purpose is serious corruption: mandatory.
    referral = psd.act(
        f"/cases/{cid}/referral/",
        {"factors": ["apsp", "serious_corruption"], "referred_on": "2020-06-03"},
        case=cid,
    )["referral"]
    assert referral["mandatory"] is True
    decided = director_general.act(
        f"/cases/{cid}/referral/decision/",
        {
            "decision": "investigate",
            "mode": "independent",
            "decided_on": "2020-12-01",
            "rationale": "Abuse of position for a sexual purpose.",
        },
        case=cid,
        status=200,
    )
    assert decided["referral"]["mode"] == "independent"
    iopc.act(
        f"/allegations/{aid}/severity-assessments/",
        {
            "severity": "gross_misconduct",
            "assessed_on": "2020-12-02",
            "body": "iopc",
            "rationale": "Abuse of position for a sexual purpose is serious "
            "corruption.",
        },
        case=cid,
    )
    opened = iopc.act(
        f"/cases/{cid}/investigation/",
        {
            "investigating_body": "iopc",
            "investigator_name": "IOPC lead investigator",
            "terms_of_reference": "The stop and the messages that followed it.",
            "opened_on": "2020-12-03",
        },
        case=cid,
    )
    assert [d["rule"] for d in opened["deadlines_created"]] == ["progress_report"]
    served = iopc.act(
        f"/subjects/{sid}/notices/",
        {
            "served_on": "2020-12-10",
            "content": "You are under investigation for possible gross misconduct.",
        },
        case=cid,
    )
    assert served["notice"]["title"] == "Regulation 17 notice"
    assert [d["rule"] for d in served["deadlines_created"]] == ["notice_response"]
    iopc.act(
        f"/notices/{served['notice']['id']}/responses/",
        {
            "kind": "written_response",
            "received_on": "2020-12-21",
            "content": "Written representations through his police friend.",
        },
        case=cid,
    )
    interview = iopc.act(
        f"/subjects/{sid}/interviews/", {"proposed_on": "2021-01-12"}, case=cid
    )["interview"]
    iopc.act(
        f"/interviews/{interview['id']}/record/",
        {
            "held_on": "2021-01-12",
            "attended": True,
            "notes": "Interviewed under caution for misconduct.",
        },
        case=cid,
        status=200,
    )
    iopc.act(
        f"/cases/{cid}/investigation/report/",
        {
            "submitted_on": "2021-07-15",
            "summary": "A case to answer for gross misconduct.",
            "opinions": [{"subject": sid, "opinion": GROSS}],
        },
        case=cid,
    )
    determined = director_general.act(
        f"/subjects/{sid}/determination/",
        {
            "body": "iopc",
            "decided_on": "2021-07-20",
            "results": [{"allegation": aid, "result": GROSS}],
            "rationale": "The messages themselves show the conduct.",
        },
        case=cid,
    )
    assert determined["subject"]["status"] == "case_to_answer"

    # The force holds the accelerated hearing before its chief constable.
    proceeding = psd_supervisor.act(
        f"/subjects/{sid}/proceedings/",
        {
            "form": "accelerated_hearing",
            "referred_on": "2021-07-27",
            "rationale": "The evidence is documentary; removal is in the public "
            "interest.",
            "special_conditions_certified_on": "2021-07-26",
            "special_conditions_certified_by": "Deputy Chief Constable",
            "is_public": True,
        },
        case=cid,
    )["proceeding"]
    pid = proceeding["id"]
    notice = psd_supervisor.act(
        f"/proceedings/{pid}/notices/",
        {
            "served_on": "2021-07-28",
            "content": "You are referred to an accelerated misconduct hearing.",
        },
        case=cid,
    )
    assert notice["notice"]["title"] == "Regulation 51 notice"
    for path, body, code in (
        (
            "response",
            {
                "received_on": "2021-08-04",
                "accepts_conduct": True,
                "account": "Accepts that he sent the messages.",
            },
            200,
        ),
        ("schedule", {"scheduled_for": "2021-08-12"}, 200),
        (
            "panel",
            {"role": "chief_officer", "name": "Chief Constable of Nottinghamshire"},
            201,
        ),
        ("hold", {"held_on": "2021-08-12"}, 200),
        (
            "findings",
            {
                "results": [{"allegation": aid, "result": "proven_gross_misconduct"}],
                "recorded_on": "2021-08-12",
                "rationale": "Proven on the documents and his own acceptance.",
            },
            201,
        ),
    ):
        psd_supervisor.act(f"/proceedings/{pid}/{path}/", body, case=cid, status=code)
    decided = psd_supervisor.act(
        f"/proceedings/{pid}/outcome/",
        {
            "kind": "dismissal_without_notice",
            "decided_on": "2021-08-12",
            "reasons": "Abuse of position for a sexual purpose: only dismissal "
            "will do.",
        },
        case=cid,
    )
    psd_supervisor.act(
        f"/proceedings/{pid}/outcome-report/",
        {"received_on": "2021-08-12", "given_on": "2021-08-13"},
        case=cid,
        status=200,
    )
    [barred] = decided["list_reports_created"]
    assert (barred["kind"], barred["relevant_authority"]) == ("barred", "notts")

    # The IOPC reads the end of its case: the outcome and the barred report.
    assert [o["kind"] for o in iopc.read(f"/subjects/{sid}/outcomes/")] == [
        "dismissal_without_notice"
    ]
    report = iopc.read(f"/list-reports/{barred['id']}/")
    assert report["content"]["identifier"] == "NT5521"
    assert report["content"]["status"] == "officer"
    assert len(report["content"]["standards_breached"]) == 3
    assert iopc.read(f"/cases/{cid}/")["subjects"][0]["status"] == "outcome_decided"

    assert snapshot(cid) == expected
