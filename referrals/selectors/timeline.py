"""The case's timeline: every decision and change, read from the audit trail.

Each entry is one AuditEvent with ``case_id`` set, turned into words a
caseworker reads: a short title per action code (from the enumeration of
the app that writes it, conduct.audit), the changed values with their labels,
and the rationale given. The browser and the API share this reader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import TextChoices

from conduct.audit import action_title
from conduct.formats import govuk_date
from conduct.models import AuditEvent, Force, User
from referrals.models import (
    Case,
    CriminalProceedings,
    DeterminationResult,
    Investigation,
    InvestigationMode,
    IOPCReferral,
    ReferralFactor,
    Severity,
    Subject,
)
from referrals.selectors.cases import case_version_get

SYSTEM_ACTOR = "System"

#: Values that are row ids or bookkeeping: kept on the entry, not described.
UNDESCRIBED_KEYS = frozenset(
    {
        "case",
        "cases",
        "deadlines",
        "list_reports",
        "new_role",
        "notice",
        "opinions",
        "person",
        "proceeding",
        "proceedings_awaiting_part_3a",
        "proceedings_now_former_officer",
        "results",
        "role",
        "subject",
        "subjects",
        "subjects_moved",
        "findings",
        "standards",
    }
)

FIELD_LABELS: dict[str, str] = {
    "appropriate_authority": "Appropriate authority",
    "came_to_attention_on": "Came to attention",
    "iopc_reference": "IOPC reference",
    "subject_status": "Subject's stage",
    "to_force": "To force",
    "from": "From",
}


def _choice_labels(*choices: type[TextChoices]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for choice in choices:
        labels.update({str(value): str(label) for value, label in choice.choices})
    return labels


#: Labels for the codes the referrals app writes; other codes are humanised.
VALUE_LABELS = _choice_labels(
    Case.Trigger, Severity, DeterminationResult, InvestigationMode, ReferralFactor
)
#: Status codes repeat across models ("referred", "reported"): labelled by
#: the model the event changed.
STATUS_LABELS: dict[str, dict[str, str]] = {
    "referrals.Case": _choice_labels(Case.Status),
    "referrals.Subject": _choice_labels(Subject.Status),
    "referrals.IOPCReferral": _choice_labels(IOPCReferral.Status),
    "referrals.Investigation": _choice_labels(Investigation.Status),
    "referrals.CriminalProceedings": _choice_labels(CriminalProceedings.Status),
}
SUBJECT_STATUS_LABELS = _choice_labels(Subject.Status)
#: Keys whose value is a force code, shown as the force's name.
FORCE_KEYS = frozenset({"force", "to_force", "appropriate_authority"})


@dataclass(frozen=True)
class Change:
    """One value an event set, in words: ``old`` is "" when it had none."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class TimelineEntry:
    """One event on a case, ready to show.

    ``title`` is the short heading for ``action``; ``description`` a sentence
    of what changed; ``changes`` the same values one per line.
    ``occurred_at`` is when it was recorded; ``old_values`` and
    ``new_values`` are as the service wrote them.
    """

    occurred_at: dt.datetime
    actor_name: str
    action: str
    title: str
    description: str
    changes: tuple[Change, ...]
    old_values: Mapping[str, Any]
    new_values: Mapping[str, Any]
    rationale: str


def _field_label(key: str) -> str:
    if key in FIELD_LABELS:
        return FIELD_LABELS[key]
    words = key.removesuffix("_on").removesuffix("_at").replace("_", " ")
    return words[:1].upper() + words[1:]


def _value_text(  # noqa: PLR0911 - one return per kind of value
    value: Any, labels: Mapping[str, str] = VALUE_LABELS
) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(_value_text(item, labels) for item in value)
    if isinstance(value, Mapping):
        return ""
    text = str(value)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return govuk_date(day)
    if text in labels:
        return labels[text]
    if text.islower() and " " not in text:
        words = text.replace("_", " ")
        return words[:1].upper() + words[1:]
    return text


def _labels_for(
    key: str, object_type: str, forces: Mapping[str, str]
) -> Mapping[str, str]:
    if key == "status":
        return STATUS_LABELS.get(object_type, {})
    if key == "subject_status":
        return SUBJECT_STATUS_LABELS
    if key in FORCE_KEYS:
        return forces
    return VALUE_LABELS


def _changes(
    event: AuditEvent,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    forces: Mapping[str, str],
) -> tuple[Change, ...]:
    keys = [*new, *(key for key in old if key not in new)]
    changes: list[Change] = []
    for key in keys:
        if key in UNDESCRIBED_KEYS:
            continue
        labels = _labels_for(key, event.object_type, forces)
        old_text = _value_text(old.get(key), labels)
        new_text = _value_text(new.get(key), labels)
        if old_text or new_text:
            changes.append(Change(_field_label(key), old_text, new_text))
    return tuple(changes)


def _change_text(change: Change) -> str:
    if change.old and change.new:
        return f"{change.field}: {change.old} to {change.new}"
    if change.old:
        return f"{change.field} was {change.old}"
    return f"{change.field}: {change.new}"


def _description(title: str, changes: Iterable[Change]) -> str:
    parts = [_change_text(change).rstrip(".") for change in changes]
    return f"{title}. {'; '.join(parts)}." if parts else f"{title}."


def _actor_name(actor: User | None) -> str:
    if actor is None:
        return SYSTEM_ACTOR
    return actor.get_full_name() or actor.username


def timeline_entry(
    event: AuditEvent, *, forces: Mapping[str, str] | None = None
) -> TimelineEntry:
    """``event`` in words; ``forces`` maps force codes to names."""
    old = event.old_values if isinstance(event.old_values, Mapping) else {}
    new = event.new_values if isinstance(event.new_values, Mapping) else {}
    title = action_title(event.action)
    changes = _changes(event, old, new, forces or {})
    return TimelineEntry(
        occurred_at=event.occurred_at,
        actor_name=_actor_name(event.actor),
        action=event.action,
        title=title,
        description=_description(title, changes),
        changes=changes,
        old_values=old,
        new_values=new,
        rationale=event.rationale,
    )


def timeline_for(case: Case) -> list[TimelineEntry]:
    """The timeline of a case already checked as visible, oldest first, in
    two queries whatever its length (the events, and the force names)."""
    events = list(
        AuditEvent.objects.filter(case_id=case.pk)
        .select_related("actor")
        .order_by("occurred_at", "id")
    )
    forces = dict(Force.objects.values_list("code", "name")) if events else {}
    return [timeline_entry(event, forces=forces) for event in events]


def case_timeline(*, user: User, case_id: int) -> list[TimelineEntry]:
    """The timeline of a case ``user`` may see (404 otherwise), oldest first,
    in three queries whatever its length (the scope check, the events with
    their actors, the force names)."""
    return timeline_for(case_version_get(user=user, case_id=case_id))
