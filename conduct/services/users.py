"""Creating users and changing which forces they work in."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from conduct.exceptions import ApplicationError, NotPermitted
from conduct.models import Force, ForceMembership, Role, User
from conduct.models.users import FORCE_ROLES, IOPC_ROLES

IOPC_USER_IN_FORCE = (
    "{username} is IOPC staff: IOPC users belong to the IOPC, not to a force."
)
FORCE_USER_WITHOUT_FORCE = "{username} works for a force: choose at least one force."
ONLY_ADMINISTRATORS_MANAGE_USERS = "Only a system administrator can manage users."


def _check_forces(*, username: str, role: str, forces: list[Force]) -> None:
    if role in IOPC_ROLES and forces:
        raise ApplicationError(
            IOPC_USER_IN_FORCE.format(username=username), rule="user.iopc_no_force"
        )
    if role in FORCE_ROLES and not forces:
        raise ApplicationError(
            FORCE_USER_WITHOUT_FORCE.format(username=username),
            rule="user.force_required",
        )


def _check_actor(actor: User | None) -> None:
    # actor is None only for operator commands run from the shell.
    if actor is not None and actor.role != Role.SYSTEM_ADMINISTRATOR:
        raise NotPermitted(ONLY_ADMINISTRATORS_MANAGE_USERS, rule="user.admin_only")


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    role: str,
    forces: Iterable[Force] = (),
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password: str | None = None,
) -> User:
    _check_actor(actor)
    force_list = list(forces)
    _check_forces(username=username, role=role, forces=force_list)
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=role == Role.SYSTEM_ADMINISTRATOR,
        is_superuser=role == Role.SYSTEM_ADMINISTRATOR,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    ForceMembership.objects.bulk_create(
        ForceMembership(user=user, force=force) for force in force_list
    )
    return user


@transaction.atomic
def user_set_forces(*, actor: User | None, user: User, forces: Iterable[Force]) -> User:
    _check_actor(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    force_list = list(forces)
    _check_forces(username=user.username, role=user.role, forces=force_list)
    wanted = {force.pk for force in force_list}
    ForceMembership.objects.filter(user=user).exclude(force_id__in=wanted).delete()
    existing = set(
        ForceMembership.objects.filter(user=user).values_list("force_id", flat=True)
    )
    ForceMembership.objects.bulk_create(
        ForceMembership(user=user, force_id=force_id)
        for force_id in sorted(wanted - existing)
    )
    return user
