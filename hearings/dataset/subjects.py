"""A generated case's subjects as people at work: who they are (new, or
someone an earlier case of the run closed on: the same person, in the same
role), their suspension or restricted duties (PCR r11), a transfer to
another force that makes it the appropriate authority (reference case C;
hearings.services.employment), and their roles, ended when they leave."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from conduct.audit import CoreAction
from conduct.models import PersonRole
from conduct.transitions import transition
from hearings.audit import HearingsAction
from hearings.dataset.world import Known
from hearings.dataset.writer import CaseWriter, later, pick
from referrals.audit import ReferralsAction
from referrals.models import Subject, Suspension

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
#: A subject who is someone an earlier closed case of the force was about
#: (an estimate: repeat subjects are common enough for forces to track them).
KNOWN_SHARE = 0.05
#: Officers with a case to answer who move force before proceedings: an
#: estimate (reference case C; transfers run at 1 to 2 in 100 officers a
#: year, fewer under investigation).
TRANSFER_SHARE = 0.05
#: Suspension and restricted duties (PCR r11) by the most serious severity
#: assessed, and for a subject facing criminal proceedings: estimates.
SUSPENDED, RESTRICTED = Suspension.Kind.SUSPENSION, Suspension.Kind.RESTRICTED_DUTIES
SUSPENSION_ODDS: dict[str, tuple[tuple[str, int], ...]] = {
    "criminal": ((SUSPENDED, 55), (RESTRICTED, 25)),
    "gross_misconduct": ((SUSPENDED, 12), (RESTRICTED, 25)),
    "misconduct": ((SUSPENDED, 2), (RESTRICTED, 10)),
}
SUSPENSION_REASONS: dict[str, str] = {
    SUSPENDED: "Temporary redeployment considered and found "
    "inappropriate; the investigation may be prejudiced (PCR r11).",
    RESTRICTED: "Removed from public-facing duties while the matter is investigated.",
}
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


@dataclass(frozen=True)
class Transfer:
    """A move to another force (``to``), which became the appropriate
    authority; ``role_id`` is the role there."""

    on: dt.date
    to: int
    role_id: int


@dataclass
class SubjectState:
    """A subject as the case walks it: ids, status, allegations' results.
    ``force_id`` is the appropriate authority (after a transfer, the new
    force), which reports to the lists; ``role_values`` the role they were a
    subject in, as first held. ``left_on`` is set when they leave: resigning
    before proceedings (a former officer, Condition A) or dismissed.
    ``advisory`` and ``barred`` are their list entries (held rows, so a
    further report can supersede them)."""

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
    #: Notices served (title, served_on), for progress reports.
    notices: list[tuple[str, dt.date]] = field(default_factory=list)
    #: The day a final status was reached (None: not yet, or not by today).
    finished_on: dt.date | None = None
    transfer: Transfer | None = None
    #: The person was a subject of an earlier case of the run.
    known: bool = False
    advisory: dict[str, Any] | None = None
    barred: dict[str, Any] | None = None

    @property
    def serious(self) -> str:
        """The most serious severity assessed ("" before assessment)."""
        severities = {severity for _, severity in self.allegations}
        return next(
            (s for s in ("gross_misconduct", "misconduct") if s in severities), ""
        )


def new_subject(writer: CaseWriter, force_id: int, came: dt.date) -> SubjectState:
    """A subject in the force's case: someone new, with a role in the force,
    or (now and then) someone an earlier case closed on."""
    rng, rows = writer.rng, writer.rows
    known = (
        writer.world.people.take(force_id, came, rng)
        if rng.random() < KNOWN_SHARE
        else None
    )
    if known is not None:
        role_values = known.role
        person, name = known.person_id, f"{known.given_names} {known.family_name}"
    else:
        person, name, role_values = _new_person(writer, force_id, came)
    kind, rank = str(role_values["kind"]), str(role_values["rank"])
    subject = SubjectState(
        id=rows.ids.next("referrals_subject"), person_id=person,
        role_id=role_values["id"], force_id=force_id, kind=kind,
        rank=rank, name=name, role_values=role_values, known=known is not None,
    )  # fmt: skip
    writer.audit(
        ReferralsAction.SUBJECT_ADDED, target="referrals.Subject", target_id=subject.id,
        on=came, actor=writer.actors.caseworker,
        new={"person": person, "role": subject.role_id, "status": subject.status},
    )  # fmt: skip
    return subject


def _new_person(
    writer: CaseWriter, force_id: int, came: dt.date
) -> tuple[int, str, dict[str, Any]]:
    """A person recorded with the case, and the role (held back: a later
    case may end it) they are a subject in."""
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
    return person, f"{given} {family}", role_values


def transfer_for(writer: CaseWriter, subject: SubjectState, after: dt.date) -> dt.date:
    """Now and then an officer with a case to answer transfers to another
    force before proceedings (reference case C): the new force becomes the
    appropriate authority and brings them. Returns the day from which the
    proceedings go on (the transfer, or ``after``)."""
    rng, world = writer.rng, writer.world
    if (
        subject.kind != PersonRole.Kind.POLICE_OFFICER
        or subject.known
        or rng.random() >= TRANSFER_SHARE
    ):
        return after
    others = [(pk, weight) for _, pk, weight in world.forces if pk != subject.force_id]
    on = later(rng, after, 1, 30)
    if not others or not writer.done(on):
        return after
    to = rng.choices([pk for pk, _ in others], [weight for _, weight in others])[0]
    subject.transfer = Transfer(
        on=on, to=to, role_id=writer.rows.ids.next("conduct_personrole")
    )
    event = writer.rows.add(
        "conduct_employmentevent", created_at=writer.at(on), updated_at=writer.at(on),
        person_id=subject.person_id, role_id=subject.role_id, kind="transferred",
        occurred_on=on, to_force_id=to, notes="",
    )  # fmt: skip
    # One event for the call, by the old force (hearings.services.employment).
    writer.audit(
        HearingsAction.PERSON_TRANSFERRED, target="conduct.EmploymentEvent",
        target_id=event, on=on, actor=writer.actors.caseworker,
        old={"role": subject.role_id, "force": world.force_code(subject.force_id)},
        new={"kind": "transferred", "occurred_on": on,
             "to_force": world.force_code(to), "new_role": subject.transfer.role_id,
             "cases": [writer.case_id], "subjects_moved": [subject.id],
             "proceedings_now_former_officer": [],
             "proceedings_awaiting_part_3a": [], "list_reports": {}},
    )  # fmt: skip
    subject.force_id, subject.role_id = to, subject.transfer.role_id
    return on


def suspension_rows(
    writer: CaseWriter,
    subject: SubjectState,
    *,
    from_on: dt.date,
    criminal_on: dt.date | None,
) -> None:
    """Suspension or restricted duties from early in the investigation
    (``from_on``; for a subject facing criminal proceedings, from
    ``criminal_on``), lifted at a review or ended when they finish or
    leave; still in force today otherwise."""
    rng = writer.rng
    odds = SUSPENSION_ODDS.get("criminal" if criminal_on else subject.serious)
    if odds is None:
        return
    kinds = (*odds, ("", 100 - sum(weight for _, weight in odds)))
    kind = pick(rng, kinds)
    started_on = criminal_on or later(rng, from_on, 0, 30)
    lifted_on = later(rng, started_on, 30, 400) if rng.random() < 0.3 else None
    ends = [
        day
        for day in (lifted_on, subject.left_on, subject.finished_on)
        if day is not None and writer.done(day)
    ]
    ended_on = min(ends, default=None)
    if not kind or not writer.done(started_on):
        return
    if ended_on is not None and ended_on < started_on:
        return  # over before it would have begun
    # Ended, after a transfer, by the new appropriate authority.
    actor = end_actor = writer.actors.supervisor
    if subject.transfer is not None and ended_on and ended_on >= subject.transfer.on:
        code = writer.world.force_code(subject.transfer.to)
        end_actor = writer.actors_for(code).supervisor
    at = writer.at(started_on)
    suspension = writer.rows.add(
        "referrals_suspension", created_at=at,
        updated_at=writer.at(ended_on) if ended_on else at, subject_id=subject.id,
        kind=kind, started_on=started_on, ended_on=ended_on,
        reason=SUSPENSION_REASONS[kind],
    )  # fmt: skip
    writer.audit(
        ReferralsAction.SUSPENSION_STARTED, target="referrals.Suspension",
        target_id=suspension, on=started_on, actor=actor,
        new={"kind": kind, "started_on": started_on},
        rationale=SUSPENSION_REASONS[kind],
    )  # fmt: skip
    if ended_on is not None:
        writer.audit(
            ReferralsAction.SUSPENSION_ENDED, target="referrals.Suspension",
            target_id=suspension, on=ended_on, actor=end_actor,
            new={"ended_on": ended_on},
        )  # fmt: skip


def role_rows(
    writer: CaseWriter, subject: SubjectState, *, closed_on: dt.date | None
) -> None:
    """The subject's role (and, after a transfer, the role in the new force),
    ended with its employment event when they left; one still held after a
    case closed (``closed_on``) waits in the pool for a later case."""
    rows, left = writer.rows, subject.left_on
    left = left if writer.done(left) else None
    role = dict(subject.role_values)
    transfer = subject.transfer
    if transfer is not None:
        rows.add(
            "conduct_personrole",
            **(role | {"ended_on": transfer.on, "end_reason": "transferred"}),
        )
        at = writer.at(transfer.on)
        role |= {
            "id": transfer.role_id, "created_at": at, "updated_at": at,
            "force_id": transfer.to,
            "identifier": str(writer.rng.randint(1000, 99999)),
            "started_on": transfer.on,
        }  # fmt: skip
    if left is not None:
        rows.add(
            "conduct_personrole",
            **(role | {"ended_on": left, "end_reason": subject.left_reason}),
        )
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
        return
    name = subject.name.split(" ", 1)
    if closed_on is not None and subject.status in FINAL:
        writer.world.people.put(
            Known(subject.person_id, name[0], name[-1], role, closed_on), rows
        )
        return
    rows.add("conduct_personrole", **role)


def move(
    writer: CaseWriter,
    subject: SubjectState,
    to: str,
    action: ReferralsAction,
    on: dt.date,
) -> None:
    """A status change through the Subject transition table, with its event."""
    old, _ = transition(subject, to)
    subject.finished_on = on
    writer.audit(
        action, target="referrals.Subject", target_id=subject.id, on=on,
        actor=writer.actors.supervisor, old={"status": old},
        new={"status": to, "decided_on": on},
    )  # fmt: skip
