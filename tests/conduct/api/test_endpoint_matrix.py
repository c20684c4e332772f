"""Every endpoint under the ``api`` namespace against every persona that may
not use it, read from the URL resolver so that a new endpoint without a row
here fails ``test_every_endpoint_is_in_the_matrix``.

For each endpoint a URL is built against one Northamptonshire case that has
an object of every kind (``World``), and:

- without credentials it is 401 (the browser pages redirect to sign in);
- a case-scoped read or step is 404 to the outsider (Nottinghamshire), to an
  IOPC investigator (the case is not referred) and to an administrator (no
  case content), and a read answers the caseworker 200 (the URL is right);
- a step is 403 to the manager, who may read the case but never act, with a
  well-formed body and the current If-Match;
- a step with a stale If-Match is 412 and without one 428, and changes
  nothing.

The world is built once per module inside a transaction that is rolled back
at the end; each test runs in a savepoint of it (pytest-django's ``db``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from conduct.models import Force, PersonRole, Role, User
from hearings.models import ListReport, Proceeding
from referrals.models import Case, Deadline, EvidenceItem, ProgressReport
from referrals.services.progress import progress_reports_draft
from tests.assertions import api_refused, nothing_written
from tests.builders import Build
from tests.factories.conduct import UserFactory
from tests.referrals.api.helpers import PROBLEM, case_etag, post, token_client

GROSS = "case_to_answer_gross_misconduct"

# ---------------------------------------------------------------- the matrix

#: Reads about no case: any signed-in user gets them.
GLOBAL_READS = frozenset(
    {
        "root",
        "schema",
        "docs-script",
        "me",
        "reference-force-list",
        "reference-standard-list",
        "reference-deadline-rule-list",
        "reference-non-working-day-list",
        "calendar-due-date",
        "dashboards",
        "dashboards-annual-return",
    }
)
#: HTML pages for a signed-in browser: without a session, the sign-in page.
BROWSER_PAGES = frozenset({"docs", "redoc"})
#: The case collection: GET lists (scoped by the selector), POST records.
COLLECTIONS = frozenset({"case-list"})
#: Reads of something in a case (or a person): 404 out of scope.
READS = frozenset(
    {
        "case-detail",
        "case-timeline",
        "case-deadlines",
        "case-criminal-proceedings",
        "case-list-reports",
        "case-progress-reports",
        "progress-report-detail",
        "subject-detail",
        "allegation-detail",
        "subject-proceedings",
        "subject-outcomes",
        "subject-appeal-lodge",
        "list-report-detail",
        "person-detail",
        "person-roles",
        "person-role-employment-events",
        "case-evidence",
        "evidence-file",
        "deadline-detail",
        "proceeding-detail",
        "notice-detail",
        "interview-detail",
    }
)
#: POST steps with a body the endpoint accepts. Ids inside bodies are mostly
#: checked by the services, which these tests never reach except as the
#: manager, refused first; ``"<collection>"`` stands for the world's object
#: where the view looks an id up before If-Match.
STEPS: dict[str, dict[str, Any]] = {
    "case-party-add": {"kind": "complainant", "name": "Mrs Doe"},
    "case-iopc-reference-set": {"iopc_reference": "2023/000001"},
    "case-restrict": {"restricted": True, "rationale": "x"},
    "case-close": {"closed_on": "2023-10-01", "rationale": "x"},
    "case-reopen": {"rationale": "x"},
    "progress-report-send": {"sent_on": "2023-05-01", "progress": "x"},
    "interview-record": {"held_on": "2023-01-25", "attended": True},
    "subject-suspension-start": {
        "kind": "restricted_duties",
        "started_on": "2023-01-21",
        "reason": "x",
    },
    "suspension-end": {"ended_on": "2023-02-01"},
    "subject-recommendation-make": {
        "kind": "recommendation",
        "proceedings_form": "misconduct_hearing",
        "made_on": "2023-06-20",
        "rationale": "x",
    },
    "subject-management-action": {"decided_on": "2023-06-20", "rationale": "x"},
    "subject-reflective-practice": {"decided_on": "2023-06-20", "rationale": "x"},
    "subject-no-further-action": {"decided_on": "2023-06-20", "rationale": "x"},
    "case-subject-add": {"person": "<people>", "role": "<person-roles>"},
    "case-subject-add-new-person": {
        "given_names": "Robin",
        "family_name": "Ashworth",
        "kind": "police_officer",
        "force": "nhants",
        "started_on": "2012-09-03",
    },
    "person-roles": {
        "kind": "police_staff",
        "force": "nhants",
        "started_on": "2014-01-01",
    },
    "case-referral-make": {"factors": ["voluntary"], "referred_on": "2023-01-11"},
    "case-referral-decide": {
        "decision": "investigate",
        "mode": "independent",
        "decided_on": "2023-01-12",
        "rationale": "x",
    },
    "case-referral-mode-change": {
        "mode": "directed",
        "decided_on": "2023-01-12",
        "rationale": "x",
    },
    "case-investigation-open": {
        "investigating_body": "force",
        "investigator_name": "DS Khan",
        "terms_of_reference": "x",
        "opened_on": "2023-01-16",
    },
    "case-investigation-report-submit": {
        "submitted_on": "2023-06-01",
        "summary": "x",
        "opinions": [{"subject": 1, "opinion": GROSS}],
    },
    "subject-allegation-add": {"summary": "x", "standards": [1]},
    "subject-notice-serve": {"served_on": "2023-01-19", "content": "x"},
    "subject-interview-schedule": {"proposed_on": "2023-02-01"},
    "subject-determination-make": {
        "body": "appropriate_authority",
        "decided_on": "2023-06-15",
        "results": [{"allegation": 1, "result": GROSS}],
        "rationale": "x",
    },
    "allegation-severity-assess": {
        "severity": "misconduct",
        "assessed_on": "2023-01-13",
        "body": "appropriate_authority",
        "rationale": "x",
    },
    "notice-response-record": {
        "kind": "written_response",
        "received_on": "2023-01-30",
        "content": "x",
    },
    "deadline-extend": {"new_due_on": "2024-12-31", "reason": "x"},
    "deadline-cancel": {"reason": "x"},
    "case-sub-judice": {"paused": True, "on": "2023-02-01", "rationale": "x"},
    "subject-criminal-proceedings-open": {"started_on": "2023-02-01"},
    "criminal-proceedings-release": {
        "release": "bail",
        "released_on": "2023-02-02",
    },
    "criminal-proceedings-charge-add": {"offence": "x", "charged_on": "2023-02-03"},
    "criminal-proceedings-sentence": {
        "kind": "fine",
        "sentenced_on": "2023-05-01",
        "amount": "100.00",
    },
    "criminal-proceedings-conclude": {"concluded_on": "2023-05-01"},
    "criminal-proceedings-discontinue": {
        "discontinued_on": "2023-05-01",
        "rationale": "x",
    },
    "charge-plea": {"plea": "guilty", "plea_on": "2023-03-01"},
    "charge-verdict": {"verdict": "convicted", "verdict_on": "2023-04-01"},
    "subject-proceedings": {
        "form": "misconduct_hearing",
        "referred_on": "2023-07-03",
        "rationale": "x",
    },
    "subject-close-without-proceedings": {"decided_on": "2023-07-01", "rationale": "x"},
    "subject-conclude": {"concluded_on": "2023-10-01"},
    "subject-appeal-lodge": {
        "lodged_on": "2023-09-11",
        "notice_received_on": "2023-09-12",
        "grounds": "x",
    },
    "proceeding-notice-serve": {"served_on": "2023-07-04", "content": "x"},
    "proceeding-papers-to-chair": {"supplied_on": "2023-08-01"},
    "proceeding-pre-hearing": {"pre_hearing_on": "2023-08-10"},
    "proceeding-schedule": {"scheduled_for": "2023-09-20"},
    "proceeding-adjourn": {"adjourned_on": "2023-09-01", "reason": "x"},
    "proceeding-panel-appoint": {"role": "independent_member", "name": "Ms Member"},
    "panel-member-remove": {"rationale": "x"},
    "proceeding-objection": {
        "objected_to": "Chief Constable",
        "upheld_on": "2023-07-10",
        "replaced_on": "2023-07-11",
        "reason": "x",
    },
    "proceeding-response": {"received_on": "2023-07-20", "accepts_conduct": False},
    "proceeding-hold": {"held_on": "2023-09-04"},
    "proceeding-withdraw": {"withdrawn_on": "2023-09-01", "rationale": "x"},
    "proceeding-return": {"returned_on": "2023-09-06", "rationale": "x"},
    "proceeding-part-3a-determine": {
        "decided_on": "2023-09-01",
        "continues": True,
        "rationale": "x",
    },
    "proceeding-findings": {
        "results": [{"allegation": 1, "result": "proven_misconduct"}],
        "recorded_on": "2023-09-04",
        "rationale": "x",
    },
    "proceeding-outcome": {
        "kind": "final_written_warning",
        "decided_on": "2023-09-04",
        "reasons": "x",
    },
    "proceeding-outcome-report": {
        "received_on": "2023-09-04",
        "given_on": "2023-09-05",
    },
    "appeal-decide": {
        "result": "dismissed",
        "decided_on": "2023-10-01",
        "reasons": "x",
    },
    "appeal-withdraw": {"withdrawn_on": "2023-09-20", "rationale": "x"},
    "list-report-requeue": {"reason": "x"},
    "person-role-employment-events": {"kind": "resigned", "occurred_on": "2023-10-02"},
    # Evidence is multipart, but scope, role and If-Match are checked before
    # the body is read.
    "case-evidence": {"description": "x"},
}


# ---------------------------------------------------------------- the resolver


@dataclass(frozen=True)
class Endpoint:
    name: str
    route: str
    methods: tuple[str, ...]

    def __str__(self) -> str:
        return self.name


def _walk(
    patterns: list[URLResolver | URLPattern], prefix: str
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _methods(pattern: URLPattern) -> tuple[str, ...]:
    view = getattr(pattern.callback, "cls", None) or getattr(
        pattern.callback, "view_class", None
    )
    if view is None:  # a function view: the browser pages, GET only
        return ("get",)
    return tuple(
        m for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)
    )


def api_endpoints() -> list[Endpoint]:
    (api,) = [
        resolver
        for resolver in get_resolver().url_patterns
        if isinstance(resolver, URLResolver) and resolver.namespace == "api"
    ]
    return [
        Endpoint(name=str(pattern.name), route=route, methods=_methods(pattern))
        for route, pattern in _walk(api.url_patterns, "/api/v1/")
    ]


ENDPOINTS = api_endpoints()
BY_NAME = {endpoint.name: endpoint for endpoint in ENDPOINTS}


def named(names: frozenset[str] | dict[str, Any]) -> list[Endpoint]:
    return [BY_NAME[name] for name in sorted(names) if name in BY_NAME]


# ---------------------------------------------------------------- the world


@dataclass
class World:
    """One Northamptonshire case (2020 rules) walked through every stage,
    with the personas; ``ids`` maps each URL collection to an object of it."""

    case: Case
    role: PersonRole
    users: dict[str, User]
    ids: dict[str, int] = field(default_factory=dict)

    def url(self, endpoint: Endpoint) -> str:
        def fill(match: re.Match[str]) -> str:
            collection = match.group(1)
            assert collection in self.ids, (
                f"{endpoint.name}: no object for '{collection}/' in World.ids"
            )
            return f"{collection}/{self.ids[collection]}"

        return re.sub(r"([a-z-]+)/<int:\w+>", fill, endpoint.route)

    def body(self, endpoint: Endpoint) -> dict[str, Any]:
        return {
            key: self.ids[value[1:-1]]
            if isinstance(value, str) and value.startswith("<")
            else value
            for key, value in STEPS[endpoint.name].items()
        }

    def case_etag(self) -> str:
        return case_etag(self.case)


def build_world() -> World:
    nhants = Force.objects.get(code="nhants")
    notts = Force.objects.get(code="notts")
    users = {
        "caseworker": UserFactory.create(role=Role.PSD_CASEWORKER, forces=[nhants]),
        "supervisor": UserFactory.create(role=Role.PSD_SUPERVISOR, forces=[nhants]),
        "manager": UserFactory.create(role=Role.MANAGER, forces=[nhants, notts]),
        "outsider": UserFactory.create(role=Role.PSD_CASEWORKER, forces=[notts]),
        "iopc_investigator": UserFactory.create(role=Role.IOPC_INVESTIGATOR),
        "administrator": UserFactory.create(role=Role.SYSTEM_ADMINISTRATOR),
    }
    build = Build(force=nhants, persona=users.__getitem__)
    role = build.role(identifier="NH999")
    notice = build.noticed(
        reference="NH/MATRIX/1",
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        summary="Every stage, for the endpoint matrix.",
        role=role,
        assessed_on=dt.date(2023, 1, 12),
    )
    subject = build.fresh_subject(notice.subject)
    case = subject.case
    allegation = subject.allegations.get()
    interview = build.interview(notice, proposed_on=dt.date(2023, 1, 25))
    suspension = build.suspension(subject, started_on=dt.date(2023, 1, 20))
    criminal = build.criminal_proceedings(
        subject, started_on=dt.date(2023, 1, 19), arrested=False
    )
    charge = build.charged(
        criminal,
        offence="Misconduct in public office.",
        charged_on=dt.date(2023, 1, 24),
    )
    progress_reports_draft(today=dt.date(2023, 5, 1), within_days=400)
    reported = build.reported(subject, submitted_on=dt.date(2023, 6, 1))
    subject = build.case_to_answer(reported, decided_on=dt.date(2023, 6, 15))
    appeal = build.appealed(subject=subject, lodged_on=dt.date(2023, 9, 10))
    proceeding = Proceeding.objects.get(subject=subject)
    content = b"%PDF-1.4 statement"
    evidence = EvidenceItem(
        case=case,
        subject=subject,
        description="Statement.",
        original_name="statement.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        added_by=users["supervisor"],
    )
    evidence.file.save("matrix-statement", ContentFile(content), save=False)
    evidence.save()
    panel_member = proceeding.panel.first()
    assert panel_member is not None
    return World(
        case=case,
        role=role,
        users=users,
        ids={
            "cases": case.pk,
            "subjects": subject.pk,
            "allegations": allegation.pk,
            "notices": notice.pk,
            "interviews": interview.pk,
            "suspensions": suspension.pk,
            "progress-reports": ProgressReport.objects.get(case=case).pk,
            "deadlines": Deadline.objects.filter(case=case).order_by("id")[0].pk,
            "criminal-proceedings": criminal.pk,
            "charges": charge.pk,
            "people": role.person_id,
            "person-roles": role.pk,
            "proceedings": proceeding.pk,
            "panel-members": panel_member.pk,
            "appeals": appeal.pk,
            "list-reports": ListReport.objects.get(subject=subject).pk,
            "evidence": evidence.pk,
        },
    )


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


def current_etag(world: World, endpoint: Endpoint) -> str:
    """The If-Match a step needs: the case's ETag, except for a person's
    roles and employment events, which carry the person's and the role's
    (GET on the same address)."""
    if endpoint.name in {"person-roles", "person-role-employment-events"}:
        response = token_client(world.users["supervisor"]).get(world.url(endpoint))
        etag: str = response["ETag"]
        return etag
    return world.case_etag()


# ---------------------------------------------------------------- coverage


def test_every_endpoint_is_in_the_matrix() -> None:
    known_reads = GLOBAL_READS | BROWSER_PAGES | COLLECTIONS | READS
    known_posts = COLLECTIONS | set(STEPS)
    missing = [
        f"{method.upper()} api:{endpoint.name} ({endpoint.route})"
        for endpoint in ENDPOINTS
        for method in endpoint.methods
        if (method == "get" and endpoint.name not in known_reads)
        or (method == "post" and endpoint.name not in known_posts)
        or method not in {"get", "post"}
    ]
    assert not missing, (
        "Endpoints without a row in tests/conduct/api/test_endpoint_matrix.py "
        "(READS, STEPS, GLOBAL_READS...): " + ", ".join(missing)
    )


# ---------------------------------------------------------------- 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("endpoint", "method"),
    [(e, m) for e in ENDPOINTS for m in e.methods],
    ids=str,
)
def test_without_credentials_it_is_401(endpoint: Endpoint, method: str) -> None:
    url = re.sub(r"<int:\w+>", "1", endpoint.route)
    response = getattr(APIClient(), method)(url, {}, format="json")
    if endpoint.name in BROWSER_PAGES:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        return
    assert response.status_code == 401, response.content
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"].startswith("Bearer")


# ---------------------------------------------------------------- reads


@pytest.mark.parametrize("endpoint", named(READS), ids=str)
def test_a_read_answers_the_caseworker(
    world: World, db: None, endpoint: Endpoint
) -> None:
    response = token_client(world.users["caseworker"]).get(world.url(endpoint))
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("persona", ["outsider", "iopc_investigator", "administrator"])
@pytest.mark.parametrize("endpoint", named(READS), ids=str)
def test_a_read_is_404_out_of_scope(
    world: World, db: None, endpoint: Endpoint, persona: str
) -> None:
    response = token_client(world.users[persona]).get(world.url(endpoint))
    assert response.status_code == 404, response.content
    assert response["Content-Type"] == PROBLEM


def test_the_case_list_leaves_out_what_the_caller_may_not_see(
    world: World, db: None
) -> None:
    listed = token_client(world.users["caseworker"]).get("/api/v1/cases/").json()
    assert world.case.pk in [row["id"] for row in listed["results"]]
    for persona in ("outsider", "iopc_investigator", "administrator"):
        listed = token_client(world.users[persona]).get("/api/v1/cases/").json()
        assert world.case.pk not in [row["id"] for row in listed["results"]]


@pytest.mark.parametrize("persona", ["manager", "administrator", "iopc_investigator"])
def test_only_psd_users_record_cases(world: World, db: None, persona: str) -> None:
    response = post(
        token_client(world.users[persona]),
        "/api/v1/cases/",
        {
            "force": "nhants",
            "reference": "NH/MATRIX/2",
            "trigger": "internal_conduct_matter",
            "came_to_attention_on": "2023-01-10",
            "summary": "x",
        },
        etag=None,
    )
    assert response.status_code == 403, response.content
    assert not Case.objects.filter(reference="NH/MATRIX/2").exists()


# ---------------------------------------------------------------- steps


@pytest.mark.parametrize("persona", ["outsider", "iopc_investigator", "administrator"])
@pytest.mark.parametrize("endpoint", named(STEPS), ids=str)
def test_a_step_is_404_out_of_scope(
    world: World, db: None, endpoint: Endpoint, persona: str
) -> None:
    client = token_client(world.users[persona])
    etag = current_etag(world, endpoint)
    with nothing_written(world.case):
        response = post(client, world.url(endpoint), world.body(endpoint), etag=etag)
    api_refused(response, 404)


@pytest.mark.parametrize("endpoint", named(STEPS), ids=str)
def test_a_manager_reads_but_may_not_act(
    world: World, db: None, endpoint: Endpoint
) -> None:
    client = token_client(world.users["manager"])
    etag = current_etag(world, endpoint)
    with nothing_written(world.case):
        response = post(client, world.url(endpoint), world.body(endpoint), etag=etag)
    api_refused(response, 403)


@pytest.mark.parametrize(
    ("etag", "status", "rule"),
    [("stale", 412, "case.version"), ("missing", 428, None)],
    ids=["412", "428"],
)
@pytest.mark.parametrize("endpoint", named(STEPS), ids=str)
def test_a_stale_if_match_is_412_and_a_missing_one_428(
    world: World,
    db: None,
    endpoint: Endpoint,
    *,
    etag: str,
    status: int,
    rule: str | None,
) -> None:
    client = token_client(world.users["supervisor"])
    if_match = case_etag(world.case, behind=1) if etag == "stale" else None
    with nothing_written(world.case):
        response = post(
            client, world.url(endpoint), world.body(endpoint), etag=if_match
        )
    api_refused(response, status, rule=rule)
