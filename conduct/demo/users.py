"""Demo users for `make run`: one per role, sharing one password.

The password comes from DJANGO_DEMO_PASSWORD when set; otherwise one is
generated on the first run and kept in var/demo-password.txt (readable by the
owner only), so later runs reuse it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from conduct.models import Force, Role, User
from conduct.services.users import user_create, user_set_forces


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    force_codes: tuple[str, ...] = ()


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("caseworker", Role.PSD_CASEWORKER, "Priya", "Shah", ("nhants",)),
    DemoUser("supervisor", Role.PSD_SUPERVISOR, "Gareth", "Lloyd", ("nhants",)),
    DemoUser("iopc.investigator", Role.IOPC_INVESTIGATOR, "Helen", "Okafor"),
    DemoUser("iopc.supervisor", Role.IOPC_SUPERVISOR, "Tom", "Brennan"),
    DemoUser("manager", Role.MANAGER, "Ruth", "Adeyemi", ("nhants", "notts")),
    DemoUser("admin", Role.SYSTEM_ADMINISTRATOR, "Sam", "Carter"),
    # A caseworker in another force: sees none of Northamptonshire's cases.
    DemoUser("caseworker.notts", Role.PSD_CASEWORKER, "Dan", "Hughes", ("notts",)),
    # Decision-makers in the other forces of the reference cases (load_demo):
    # Nottinghamshire's for case B, the Met's once the DC in case C transfers.
    DemoUser("supervisor.notts", Role.PSD_SUPERVISOR, "Fiona", "Marsh", ("notts",)),
    DemoUser("supervisor.met", Role.PSD_SUPERVISOR, "Kwame", "Mensah", ("met",)),
)


@dataclass(frozen=True)
class DemoPassword:
    value: str
    source: str


def demo_password() -> DemoPassword:
    from_environment = settings.DEMO_PASSWORD
    if from_environment:
        return DemoPassword(from_environment, "the DJANGO_DEMO_PASSWORD variable")
    path = Path(settings.VAR_DIR) / "demo-password.txt"
    if path.exists() and path.read_text().strip():
        return DemoPassword(path.read_text().strip(), str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(12)
    path.write_text(value + "\n")
    path.chmod(0o600)
    return DemoPassword(value, str(path))


@transaction.atomic
def load_demo_users(password: str) -> list[tuple[User, bool]]:
    """Create missing demo users and reset their password; return (user, created)."""
    forces = {force.code: force for force in Force.objects.all()}
    result: list[tuple[User, bool]] = []
    for demo in DEMO_USERS:
        user_forces = [forces[code] for code in demo.force_codes]
        user = User.objects.filter(username=demo.username).first()
        created = user is None
        if user is None:
            user = user_create(
                actor=None,
                username=demo.username,
                role=demo.role,
                forces=user_forces,
                first_name=demo.first_name,
                last_name=demo.last_name,
                email=f"{demo.username}@example.invalid",
                password=password,
            )
        else:
            if not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
            user_set_forces(actor=None, user=user, forces=user_forces)
        result.append((user, created))
    return result
