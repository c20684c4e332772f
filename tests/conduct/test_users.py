from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from conduct.exceptions import ApplicationError, NotPermitted
from conduct.models import Force, ForceMembership, Role, User
from conduct.services.users import user_create, user_set_forces

pytestmark = pytest.mark.django_db


def test_it_creates_a_psd_user_in_their_force(northamptonshire: Force) -> None:
    user = user_create(
        actor=None,
        username="pshah",
        role=Role.PSD_CASEWORKER,
        forces=[northamptonshire],
    )
    assert list(user.forces.all()) == [northamptonshire]
    assert user.is_iopc is False
    assert user.has_usable_password() is False


def test_it_refuses_an_iopc_user_in_a_force(northamptonshire: Force) -> None:
    with pytest.raises(ApplicationError, match="IOPC users belong to the IOPC"):
        user_create(
            actor=None,
            username="hokafor",
            role=Role.IOPC_INVESTIGATOR,
            forces=[northamptonshire],
        )
    assert not User.objects.filter(username="hokafor").exists()


def test_it_refuses_a_psd_user_without_a_force() -> None:
    with pytest.raises(ApplicationError, match="choose at least one force"):
        user_create(actor=None, username="nobody", role=Role.PSD_SUPERVISOR)
    assert not User.objects.filter(username="nobody").exists()


def test_only_an_administrator_manages_users(
    caseworker: User, administrator: User, nottinghamshire: Force
) -> None:
    with pytest.raises(NotPermitted):
        user_set_forces(actor=caseworker, user=caseworker, forces=[nottinghamshire])
    user_set_forces(actor=administrator, user=caseworker, forces=[nottinghamshire])
    assert list(caseworker.forces.all()) == [nottinghamshire]


def test_setting_forces_replaces_the_memberships(
    manager: User, northamptonshire: Force
) -> None:
    user_set_forces(actor=None, user=manager, forces=[northamptonshire])
    assert list(
        ForceMembership.objects.filter(user=manager).values_list(
            "force__code", flat=True
        )
    ) == ["nhants"]


def test_the_database_refuses_an_unknown_role() -> None:
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        User.objects.create(username="ghost", role="chief_inspector")


def test_createsuperuser_makes_a_system_administrator() -> None:
    user = User.objects.create_superuser("root", "root@example.invalid", "pw")
    assert user.role == Role.SYSTEM_ADMINISTRATOR


@override_settings(DEBUG=True, DEMO_PASSWORD="")
def test_demo_users_are_idempotent_and_say_where_the_password_is(
    tmp_path: Path,
) -> None:
    with override_settings(VAR_DIR=tmp_path):
        first, second = StringIO(), StringIO()
        call_command("load_demo_users", stdout=first)
        call_command("load_demo_users", stdout=second)
    password_file = tmp_path / "demo-password.txt"
    assert f"the password is in {password_file}" in first.getvalue()
    assert "(9 created, 0 already there)" in first.getvalue()
    assert "(0 created, 9 already there)" in second.getvalue()
    assert User.objects.filter(username__in=["caseworker", "admin"]).count() == 2
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    password = password_file.read_text().strip()
    assert User.objects.get(username="caseworker").check_password(password)
    assert oct(password_file.stat().st_mode & 0o777) == "0o600"


@override_settings(DEBUG=True, DEMO_PASSWORD="from-the-environment-123")
def test_demo_password_comes_from_the_environment_when_set() -> None:
    out = StringIO()
    call_command("load_demo_users", stdout=out)
    assert "the password is in the DJANGO_DEMO_PASSWORD variable" in out.getvalue()
    assert User.objects.get(username="iopc.investigator").check_password(
        "from-the-environment-123"
    )


def test_demo_users_are_refused_when_debug_is_off() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Demo users are for local use"):
        call_command("load_demo_users")
    assert not User.objects.filter(username="admin").exists()
