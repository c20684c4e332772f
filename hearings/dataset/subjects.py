"""A generated case's subjects as people at work: who they are, the role
they are a subject in, their status changes, and their roles, ended when
they leave."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from conduct.audit import CoreAction
from conduct.models import PersonRole
from conduct.transitions import transition
from hearings.audit import HearingsAction
from hearings.dataset.writer import CaseWriter, later, pick
from referrals.audit import ReferralsAction
from referrals.models import Subject

GIVEN = (
    "James", "Mohammed", "Oliver", "Amelia", "Olivia", "Isla", "Emily", "Harry",
    "Jack", "George", "Noah", "Sophie", "Grace", "Aisha", "Priya", "Daniel",
    "Thomas", "Hannah", "Chloe", "Liam", "Ryan", "Zara", "Megan", "Callum", "Rhys",
    "Sian", "Bethan", "Owen", "Ewan", "Fatima",
)  # fmt: skip
FAMILY = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
    "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White",
    "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Khan", "Hughes",
    "Edwards", "Lewis", "Morgan", "Price", "Ali", "Begum", "Murphy", "Kaur",
    "Singh",
)  # fmt: skip
RANKS = (
    ("Constable", 70), ("Sergeant", 18), ("Inspector", 8),
    ("Chief Inspector", 3), ("Superintendent", 1),
)  # fmt: skip
KINDS = (
    (PersonRole.Kind.POLICE_OFFICER, 76),
    (PersonRole.Kind.POLICE_STAFF, 19),
    (PersonRole.Kind.SPECIAL_CONSTABLE, 5),
)
FINAL = frozenset(
    {
        Subject.Status.REFLECTIVE_PRACTICE,
        Subject.Status.MANAGEMENT_ACTION,
        Subject.Status.NO_FURTHER_ACTION,
        Subject.Status.CONCLUDED,
    }
)
LEFT_ACTIONS = {
    "resigned": HearingsAction.PERSON_RESIGNED,
    "retired": HearingsAction.PERSON_RETIRED,
    "dismissed": HearingsAction.PERSON_DISMISSED,
}


@dataclass
class SubjectState:
    """A subject as the case walks it: ids, status, allegations' results.
    ``force_id`` is the appropriate authority, which reports to the lists;
    ``role_values`` the role they are a subject in. ``left_on`` is set when
    they leave: resigning before proceedings (a former officer, Condition A)
    or dismissed. ``advisory`` and ``barred`` are their list entries (held
    rows, so a further report can supersede them)."""

    #: The model's table: every status change goes through
    #: conduct.transitions.transition, as in the services.
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = Subject.TRANSITIONS

    id: int
    person_id: int
    role_id: int
    force_id: int
    kind: str
    rank: str
    name: str = ""
    status: str = Subject.Status.RECORDED
    allegations: list[tuple[int, str]] = field(default_factory=list)
    results: dict[int, str] = field(default_factory=dict)
    decided_on: dt.date | None = None
    role_values: dict[str, Any] = field(default_factory=dict)
    left_on: dt.date | None = None
    left_reason: str = ""
    advisory: dict[str, Any] | None = None
    barred: dict[str, Any] | None = None
    #: Notices served (title, served_on), for progress reports.
    notices: list[tuple[str, dt.date]] = field(default_factory=list)


def new_subject(writer: CaseWriter, force_id: int, came: dt.date) -> SubjectState:
    """A person recorded with the force's case, with the role in the force
    they are a subject in."""
    rng, rows = writer.rng, writer.rows
    kind = pick(rng, KINDS)
    born = dt.date(
        came.year - rng.randint(21, 58), rng.randint(1, 12), rng.randint(1, 28)
    )
    started = later(rng, born, 19 * 365, 20 * 365)
    started = min(started, came - dt.timedelta(days=30))
    at = writer.at(came)
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    person = rows.add(
        "conduct_person", created_at=at, updated_at=at, given_names=given,
        family_name=family, date_of_birth=born,
    )  # fmt: skip
    rank = pick(rng, RANKS) if kind == PersonRole.Kind.POLICE_OFFICER else ""
    rank = "Special Constable" if kind == PersonRole.Kind.SPECIAL_CONSTABLE else rank
    if kind == PersonRole.Kind.SPECIAL_CONSTABLE and rng.random() < 0.5:
        # Several roles at once (reference case A): staff by day, special too.
        rows.add(
            "conduct_personrole", created_at=at, updated_at=at, person_id=person,
            kind=PersonRole.Kind.POLICE_STAFF, force_id=force_id, rank="",
            identifier=f"S{rng.randint(10000, 99999)}", job_title="Call handler",
            started_on=started, ended_on=None, end_reason="",
        )  # fmt: skip
    role_values: dict[str, Any] = {
        "id": rows.ids.next("conduct_personrole"), "created_at": at,
        "updated_at": at, "person_id": person, "kind": kind, "force_id": force_id,
        "rank": rank,
        "identifier": f"{'S' if kind == PersonRole.Kind.POLICE_STAFF else ''}"
        f"{rng.randint(1000, 99999)}",
        "job_title": "Investigator" if kind == PersonRole.Kind.POLICE_STAFF else "",
        "started_on": started, "ended_on": None, "end_reason": "",
    }  # fmt: skip
    writer.audit(CoreAction.PERSON_CREATED, target="conduct.Person", target_id=person,
                 on=came, actor=writer.actors.caseworker)  # fmt: skip
    subject = SubjectState(
        id=rows.ids.next("referrals_subject"), person_id=person,
        role_id=role_values["id"], force_id=force_id, kind=kind, rank=rank,
        name=f"{given} {family}", role_values=role_values,
    )  # fmt: skip
    writer.audit(
        ReferralsAction.SUBJECT_ADDED, target="referrals.Subject", target_id=subject.id,
        on=came, actor=writer.actors.caseworker,
        new={"person": person, "role": subject.role_id, "status": subject.status},
    )  # fmt: skip
    return subject


def role_rows(writer: CaseWriter, subject: SubjectState) -> None:
    """The subject's role, ended (with its employment event) when they left."""
    rows, left = writer.rows, subject.left_on
    left = left if writer.done(left) else None
    rows.add(
        "conduct_personrole",
        **(
            subject.role_values
            | {"ended_on": left, "end_reason": subject.left_reason if left else ""}
        ),
    )
    if left is None:
        return
    at = writer.at(left)
    event = rows.add(
        "conduct_employmentevent", created_at=at, updated_at=at,
        person_id=subject.person_id, role_id=subject.role_id,
        kind=subject.left_reason, occurred_on=left, to_force_id=None, notes="",
    )  # fmt: skip
    writer.audit(
        LEFT_ACTIONS[subject.left_reason], target="conduct.EmploymentEvent",
        target_id=event, on=left, actor=writer.actors.caseworker,
        new={"person": subject.person_id, "occurred_on": left},
    )  # fmt: skip


def move(
    writer: CaseWriter,
    subject: SubjectState,
    to: str,
    action: ReferralsAction,
    on: dt.date,
) -> None:
    """A status change through the Subject transition table, with its event."""
    old, _ = transition(subject, to)
    writer.audit(
        action, target="referrals.Subject", target_id=subject.id, on=on,
        actor=writer.actors.supervisor, old={"status": old},
        new={"status": to, "decided_on": on},
    )  # fmt: skip
