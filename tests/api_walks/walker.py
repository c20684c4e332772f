"""Driving a case through /api/v1/ as a client system would, and what a
walk is judged by.

``Api`` is one client (one user's token): ``create`` records a case,
``act`` takes a lifecycle step with the case's current ETag (GET first, as a
client must) and checks that the answer carries the next one, ``read`` GETs.

``snapshot`` is where a case stands, read from the database with no ids or
timestamps in it, so the case walked over HTTP can be compared with the same
case walked through the services (``services_snapshot``): the API must
carry each reference case to exactly where the services carry it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from rest_framework.test import APIClient

from hearings.demo.reference_cases import DemoActors
from hearings.models import Finding, ListReport, Outcome, Proceeding
from referrals.models import Case, Deadline, Subject
from tests.referrals.api.helpers import step

API = "/api/v1"


@dataclass
class Api:
    client: APIClient

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post(f"{API}/cases/", body, format="json")
        assert response.status_code == 201, response.content
        created: dict[str, Any] = response.json()
        return created

    def act(
        self, path: str, body: dict[str, Any], *, case: int, status: int = 201
    ) -> dict[str, Any]:
        return step(self.client, f"{API}{path}", body, case_id=case, status=status)

    def read(self, path: str) -> Any:
        response = self.client.get(f"{API}{path}")
        assert response.status_code == 200, response.content
        return response.json()

    def act_with_etag_of(
        self, path: str, body: dict[str, Any], *, status: int = 201
    ) -> dict[str, Any]:
        """A step on a resource with its own ETag (a person's roles, a role's
        employment events): GET the address for it, then POST there."""
        got = self.client.get(f"{API}{path}")
        assert got.status_code == 200, got.content
        response = self.client.post(
            f"{API}{path}", body, format="json", headers={"If-Match": got["ETag"]}
        )
        assert response.status_code == status, response.content
        assert response["ETag"] != got["ETag"]
        answer: dict[str, Any] = response.json()
        return answer


def snapshot(case_id: int) -> dict[str, Any]:
    """Where the case stands: its state, each subject's path and findings,
    its clocks and its list reports, in a stable order, without ids."""
    case = Case.objects.select_related("referral", "investigation").get(pk=case_id)
    referral = getattr(case, "referral", None)
    investigation = getattr(case, "investigation", None)
    subjects = (
        Subject.objects.filter(case=case)
        .select_related("person", "role__force", "appropriate_authority")
        .order_by("person__family_name")
    )
    return {
        "case": (case.force.code, case.reference, case.regime, case.status),
        "referral": referral and (referral.status, referral.mode, referral.mandatory),
        "investigation": investigation
        and (investigation.investigating_body, investigation.status),
        "subjects": [_subject(subject) for subject in subjects],
        "deadlines": sorted(
            (
                deadline.rule.code,
                deadline.subject.person.full_name if deadline.subject else "",
                deadline.due_on.isoformat(),
                deadline.status,
            )
            for deadline in Deadline.objects.filter(case=case).select_related(
                "rule", "subject__person"
            )
        ),
        "list_reports": sorted(
            (
                report.kind,
                report.person.full_name,
                report.relevant_authority.code,
                report.event_on.isoformat(),
                report.superseded_by is not None,
            )
            for report in ListReport.objects.filter(case=case).select_related(
                "person", "relevant_authority", "superseded_by"
            )
        ),
    }


def _subject(subject: Subject) -> dict[str, Any]:
    roles = subject.person.roles.select_related("force").order_by("started_on")
    return {
        "person": subject.person.full_name,
        "roles": [
            (role.kind, role.force.code, role.identifier, str(role.ended_on))
            for role in roles
        ],
        "role": (subject.role.kind, subject.role.force.code),
        "appropriate_authority": subject.appropriate_authority.code,
        "status": subject.status,
        "allegations": [
            (allegation.summary, allegation.severity, allegation.determination)
            for allegation in subject.allegations.order_by("id")
        ],
        "proceedings": [
            (p.form, p.status, p.former_officer, p.former_officer_condition)
            for p in Proceeding.objects.filter(subject=subject).order_by("id")
        ],
        "findings": sorted(
            (finding.allegation.summary, finding.result)
            for finding in Finding.objects.filter(
                allegation__subject=subject, is_current=True
            ).select_related("allegation")
        ),
        "outcomes": [
            (outcome.kind, outcome.is_current)
            for outcome in Outcome.objects.filter(subject=subject).order_by("id")
        ],
    }


def services_snapshot(load: Callable[..., Case], actors: DemoActors) -> dict[str, Any]:
    """The snapshot of the case walked through the services by the same
    users, in a savepoint rolled back before the HTTP walk starts."""
    with transaction.atomic():
        taken = snapshot(load(actors=actors).pk)
        transaction.set_rollback(True)
    return taken
