"""The panel: appointing and removing members, and whether it fits the
proceeding's date."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import User
from hearings.audit import HearingsAction
from hearings.models import PanelMember, PanelRole, Proceeding
from hearings.rules import panel_requirements
from hearings.services.common import lock_proceeding, require_appropriate_authority
from hearings.services.proceedings.checks import check_not_closed, form_label
from referrals.services.common import case_changed, check_rationale

PANEL_NEEDS_DATE = "Schedule the {form} first: the panel depends on its date."
PANEL_ROLE_NOT_FOR = "A {form} on {on:%d %b %Y} has no {role}; it needs: {needed}."
PANEL_ROLE_FULL = "The {role} is already appointed ({count} needed)."
PANEL_NAME_REQUIRED = "Enter the panel member's name."
PANEL_DOES_NOT_FIT_DATE = (
    "The panel does not fit a {form} on {on:%d %b %Y} ({role} is not a role "
    "then): change the panel first."
)


def check_panel_fits(proceeding: Proceeding, on: dt.date) -> None:
    required = panel_requirements(proceeding.form, on)
    for member in proceeding.panel.all():
        if member.role not in required:
            raise ApplicationError(
                PANEL_DOES_NOT_FIT_DATE.format(
                    form=form_label(proceeding.form),
                    on=on,
                    role=PanelRole(member.role).label.lower(),
                ),
                rule="panel.date",
            )


@transaction.atomic
def panel_member_appoint(
    *, actor: User | None, proceeding: Proceeding, role: str, name: str
) -> PanelMember:
    """Appoint a person to a role the forum has on its scheduled date."""
    case, subject, proceeding = lock_proceeding(proceeding)
    require_appropriate_authority(actor, case, subject, "appoint the panel")
    check_not_closed(proceeding)
    if not name.strip():
        raise ApplicationError(PANEL_NAME_REQUIRED, rule="panel.name")
    if proceeding.scheduled_for is None:
        raise ApplicationError(
            PANEL_NEEDS_DATE.format(form=form_label(proceeding.form)),
            rule="panel.date",
        )
    required = panel_requirements(proceeding.form, proceeding.scheduled_for)
    if role not in required:
        raise ApplicationError(
            PANEL_ROLE_NOT_FOR.format(
                form=form_label(proceeding.form),
                on=proceeding.scheduled_for,
                role=PanelRole(role).label.lower()
                if role in PanelRole.values
                else role,
                needed=", ".join(PanelRole(r).label.lower() for r in required),
            ),
            rule="panel.role",
        )
    count = proceeding.panel.filter(role=role).count()
    if count >= required[role]:
        raise ApplicationError(
            PANEL_ROLE_FULL.format(
                role=PanelRole(role).label.lower(), count=required[role]
            ),
            rule="panel.full",
        )
    member = PanelMember.objects.create(
        proceeding=proceeding, role=role, name=name.strip()
    )
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.PROCEEDING_PANEL_MEMBER_APPOINTED,
        target=member,
        new={"proceeding": proceeding.pk, "role": role, "name": member.name},
    )
    return member


@transaction.atomic
def panel_member_remove(
    *, actor: User | None, member: PanelMember, rationale: str
) -> None:
    """Stand a panel member down (e.g. after a successful objection)."""
    case, subject, proceeding = lock_proceeding(member.proceeding)
    require_appropriate_authority(actor, case, subject, "change the panel")
    check_not_closed(proceeding)
    rationale = check_rationale(rationale)
    member = PanelMember.objects.select_for_update().get(pk=member.pk)
    # The event names the member, so it is written before the row goes.
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.PROCEEDING_PANEL_MEMBER_REMOVED,
        target=member,
        old={"proceeding": proceeding.pk, "role": member.role, "name": member.name},
        rationale=rationale,
    )
    member.delete()
