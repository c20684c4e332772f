"""Reference case A (domain.md section 9) end to end over HTTP only, as the
Northamptonshire PSD's system would walk it: one person with two concurrent
roles (police staff and special constable), the criminal track beside the
misconduct case (arrest, three counts, guilty pleas, sentence), a referral
returned to the force, an accelerated hearing, resignation the day before it
(advisory list), "would have been dismissed" (barred list) and conclusion.
It ends exactly where the services' walk of the same case ends."""

from __future__ import annotations

from typing import Any

import pytest

from hearings.demo.reference_cases import CASE_A_OFFENCES, DemoActors, load_case_a
from tests.api_walks.walker import Api, services_snapshot, snapshot
from tests.referrals.api.conftest import Client

pytestmark = pytest.mark.django_db

GROSS = "case_to_answer_gross_misconduct"
PLEADED = "2022-09-09"
SENTENCED = "2022-11-17"


def test_case_a_over_http(actors: DemoActors, bearer_client: Client) -> None:  # noqa: PLR0915 - one walk
    expected = services_snapshot(load_case_a, actors)
    psd = Api(bearer_client(actors.caseworker))
    psd_supervisor = Api(bearer_client(actors.supervisor))
    director_general = Api(bearer_client(actors.iopc_supervisor))

    cid = psd.create(
        {
            "force": "nhants",
            "reference": "NH/A/2022/0810",
            "trigger": "recordable_conduct_matter",
            "came_to_attention_on": "2022-08-10",
            "summary": "Special constable (also a member of police staff) arrested "
            "after online messages to an undercover officer posing as a child.",
        }
    )["id"]
    subject = psd.act(
        f"/cases/{cid}/subjects/new-person/",
        {
            "given_names": "Callum",
            "family_name": "Ridgeway",
            "date_of_birth": "1979-05-02",
            "kind": "special_constable",
            "force": "nhants",
            "started_on": "2016-09-01",
            "rank": "Special Constable",
            "identifier": "SC2042",
        },
        case=cid,
    )["subject"]
    sid, person_id = subject["id"], subject["person"]["id"]
    special = subject["role"]["id"]

    # He is police staff as well: a second, concurrent role of the person.
    staff = psd.act_with_etag_of(
        f"/people/{person_id}/roles/",
        {
            "kind": "police_staff",
            "force": "nhants",
            "started_on": "2013-04-01",
            "identifier": "S7781",
            "job_title": "Safety training instructor",
        },
    )
    assert staff["role"]["job_title"] == "Safety training instructor"
    assert [r["kind"] for r in staff["person"]["roles"]] == [
        "police_staff",
        "special_constable",
    ]
    aid = psd.act(
        f"/subjects/{sid}/allegations/",
        {
            "summary": "Attempted sexual communication with a child.",
            "standards": [9],
            "occurred_on": "2022-08-01",
        },
        case=cid,
    )["allegation"]["id"]

    # The criminal track: investigation from the online contact, arrest at a
    # Newark car park, bail, three counts.
    criminal = psd.act(
        f"/subjects/{sid}/criminal-proceedings/",
        {
            "started_on": "2022-07-27",
            "arrested_on": "2022-08-10",
            "arrest_location": "Car park, Newark",
            "arrest_notes": "Arrested after online messages to an undercover "
            "officer; mobile phone seized.",
            "court": "Lincoln Crown Court",
        },
        case=cid,
    )["proceedings"]
    crid = criminal["id"]
    psd.act(
        f"/criminal-proceedings/{crid}/release/",
        {"release": "bail", "released_on": "2022-08-11"},
        case=cid,
        status=200,
    )
    counts = [
        psd.act(
            f"/criminal-proceedings/{crid}/charges/",
            {"offence": offence, "charged_on": "2022-08-12"},
            case=cid,
        )["charge"]["id"]
        for offence in CASE_A_OFFENCES
    ]

    # Not referred yet: the IOPC cannot see it.
    iopc = bearer_client(actors.iopc_investigator)
    assert iopc.get(f"/api/v1/cases/{cid}/").status_code == 404
    psd.act(
        f"/cases/{cid}/referral/",
        {"factors": ["serious_sexual_offence"], "referred_on": "2022-08-11"},
        case=cid,
    )
    returned = director_general.act(
        f"/cases/{cid}/referral/decision/",
        {
            "decision": "refer_back",
            "decided_on": "2022-08-15",
            "rationale": "The force can investigate this itself.",
        },
        case=cid,
        status=200,
    )
    assert returned["referral"]["status"] == "referred_back"
    # The IOPC keeps sight of a case it decided on, returned or not.
    assert iopc.get(f"/api/v1/cases/{cid}/").status_code == 200

    psd_supervisor.act(
        f"/allegations/{aid}/severity-assessments/",
        {
            "severity": "gross_misconduct",
            "assessed_on": "2022-08-16",
            "body": "appropriate_authority",
            "rationale": "Proven, this would justify dismissal.",
        },
        case=cid,
    )
    psd_supervisor.act(
        f"/cases/{cid}/investigation/",
        {
            "investigating_body": "force",
            "investigator_name": "PSD investigator",
            "terms_of_reference": "The conduct that led to the arrest.",
            "opened_on": "2022-08-16",
        },
        case=cid,
    )
    notice = psd.act(
        f"/subjects/{sid}/notices/",
        {
            "served_on": "2022-08-17",
            "content": "You are under investigation for possible gross misconduct.",
        },
        case=cid,
    )["notice"]
    psd.act(
        f"/notices/{notice['id']}/responses/",
        {
            "kind": "written_response",
            "received_on": "2022-08-30",
            "content": "Does not dispute the facts of the criminal charge.",
        },
        case=cid,
    )
    for count in counts:
        psd.act(
            f"/charges/{count}/plea/",
            {"plea": "guilty", "plea_on": PLEADED},
            case=cid,
            status=200,
        )
        convicted = psd.act(
            f"/charges/{count}/verdict/",
            {"verdict": "convicted", "verdict_on": PLEADED},
            case=cid,
            status=200,
        )
        assert convicted["charge"]["verdict"] == "convicted"

    psd_supervisor.act(
        f"/cases/{cid}/investigation/report/",
        {
            "submitted_on": "2022-09-12",
            "summary": "He has pleaded guilty; the evidence is documentary.",
            "opinions": [{"subject": sid, "opinion": GROSS}],
        },
        case=cid,
    )
    psd_supervisor.act(
        f"/subjects/{sid}/determination/",
        {
            "body": "appropriate_authority",
            "decided_on": "2022-09-14",
            "results": [{"allegation": aid, "result": GROSS}],
            "rationale": "The guilty plea establishes the conduct.",
        },
        case=cid,
    )
    pid = psd_supervisor.act(
        f"/subjects/{sid}/proceedings/",
        {
            "form": "accelerated_hearing",
            "referred_on": "2022-09-21",
            "rationale": "Special conditions met: the guilty plea is the evidence.",
            "special_conditions_certified_on": "2022-09-20",
            "special_conditions_certified_by": "Deputy Chief Constable",
            "is_public": True,
        },
        case=cid,
    )["proceeding"]["id"]
    steps: list[tuple[str, dict[str, Any], int]] = [
        (
            "notices",
            {
                "served_on": "2022-09-22",
                "content": "You are referred to an accelerated misconduct hearing.",
            },
            201,
        ),
        (
            "response",
            {
                "received_on": "2022-09-29",
                "accepts_conduct": True,
                "account": "Accepts the conduct to which he pleaded guilty.",
            },
            200,
        ),
        ("schedule", {"scheduled_for": "2022-10-13"}, 200),
        ("panel", {"role": "chief_officer", "name": "Chief Constable"}, 201),
    ]
    for path, body, code in steps:
        psd_supervisor.act(f"/proceedings/{pid}/{path}/", body, case=cid, status=code)

    # He resigns from the force the day before the hearing: the staff role
    # first, which leaves him serving as a special constable (no report)...
    staff_left = psd_supervisor.act_with_etag_of(
        f"/person-roles/{staff['role']['id']}/employment-events/",
        {"kind": "resigned", "occurred_on": "2022-10-12"},
    )
    assert staff_left["list_reports_created"] == []
    # ...then the special constable role: he no longer serves with the police
    # (PA96 s88I(1)(a)) and the advisory list report follows.
    resigned = psd_supervisor.act_with_etag_of(
        f"/person-roles/{special}/employment-events/",
        {"kind": "resigned", "occurred_on": "2022-10-12"},
    )
    [advisory] = resigned["list_reports_created"]
    assert advisory["kind"] == "advisory"
    [proceeding] = psd.read(f"/subjects/{sid}/proceedings/")
    assert (proceeding["former_officer"], proceeding["former_officer_condition"]) == (
        True,
        "a",
    )

    psd_supervisor.act(
        f"/proceedings/{pid}/hold/", {"held_on": "2022-10-13"}, case=cid, status=200
    )
    psd_supervisor.act(
        f"/proceedings/{pid}/findings/",
        {
            "results": [{"allegation": aid, "result": "proven_gross_misconduct"}],
            "recorded_on": "2022-10-13",
            "rationale": "The conviction proves the conduct.",
        },
        case=cid,
    )
    decided = psd_supervisor.act(
        f"/proceedings/{pid}/outcome/",
        {
            "kind": "would_have_been_dismissed",
            "decided_on": "2022-10-13",
            "reasons": "He would have been dismissed had he not resigned.",
        },
        case=cid,
    )
    psd_supervisor.act(
        f"/proceedings/{pid}/outcome-report/",
        {"received_on": "2022-10-13", "given_on": "2022-10-14"},
        case=cid,
        status=200,
    )
    [barred] = decided["list_reports_created"]
    assert (barred["kind"], barred["previous_report"]) == ("barred", advisory["id"])
    content = psd.read(f"/list-reports/{barred['id']}/")["content"]
    assert content["status"] == "former_officer"
    assert content["prior_advisory_report"]["id"] == advisory["id"]
    assert content["identifier"] == "SC2042"

    # Sentenced on 17 Nov 2022: two years' custody on the first count,
    # concurrent six-month terms on the others, a ten-year SHPO and
    # notification; then the criminal and the misconduct cases both end.
    main, *others = counts
    components: list[dict[str, Any]] = [
        {"kind": "custody", "charge": main, "length_months": 24},
        *(
            {
                "kind": "concurrent_custody",
                "charge": other,
                "length_months": 6,
                "concurrent_with": main,
            }
            for other in others
        ),
        {"kind": "shpo", "duration_years": 10},
        {"kind": "notification", "duration_years": 10},
    ]
    for component in components:
        psd.act(
            f"/criminal-proceedings/{crid}/sentence/",
            {"sentenced_on": SENTENCED, **component},
            case=cid,
        )
    psd.act(
        f"/criminal-proceedings/{crid}/conclusion/",
        {"concluded_on": SENTENCED},
        case=cid,
        status=200,
    )
    concluded = psd_supervisor.act(
        f"/subjects/{sid}/conclusion/",
        {"concluded_on": SENTENCED},
        case=cid,
        status=200,
    )
    assert concluded["subject"]["status"] == "concluded"

    [track] = psd.read(f"/cases/{cid}/criminal-proceedings/")
    assert (track["status"], track["ended_on"]) == ("concluded", SENTENCED)
    assert [(c["plea"], c["verdict"]) for c in track["charges"]] == [
        ("guilty", "convicted")
    ] * 3
    assert sorted(s["kind"] for s in track["sentence"]) == [
        "concurrent_custody",
        "concurrent_custody",
        "custody",
        "notification",
        "shpo",
    ]
    kinds = [r["kind"] for r in psd.read(f"/cases/{cid}/list-reports/")]
    assert kinds == ["advisory", "barred"]
    person = psd.read(f"/people/{person_id}/")
    assert person["current_roles"] == []
    assert [r["end_reason"] for r in person["past_roles"]] == ["resigned", "resigned"]

    assert snapshot(cid) == expected
