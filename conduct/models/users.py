from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from conduct.models.forces import Force


class Role(models.TextChoices):
    """What a user does in the product; selectors scope every read by it."""

    PSD_CASEWORKER = "psd_caseworker", "PSD caseworker"
    PSD_SUPERVISOR = (
        "psd_supervisor",
        "PSD supervisor / appropriate authority delegate",
    )
    IOPC_INVESTIGATOR = "iopc_investigator", "IOPC investigator"
    IOPC_SUPERVISOR = "iopc_supervisor", "IOPC supervisor"
    MANAGER = "manager", "Manager (read-only dashboards)"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"


#: Roles held by PSD staff: caseworkers and supervisors of one or more forces.
PSD_ROLES: frozenset[str] = frozenset({Role.PSD_CASEWORKER, Role.PSD_SUPERVISOR})
#: Roles held by IOPC staff: they belong to the IOPC, never to a force.
IOPC_ROLES: frozenset[str] = frozenset({Role.IOPC_INVESTIGATOR, Role.IOPC_SUPERVISOR})
#: Staff who work on cases (managers only read; administrators see no cases).
STAFF_ROLES: frozenset[str] = PSD_ROLES | IOPC_ROLES
#: Who decides for the appropriate authority: a PSD supervisor, the chief
#: officer's delegate. Every "only a supervisor may" rule of a force derives
#: from this one set.
PSD_SUPERVISORS: frozenset[str] = frozenset({Role.PSD_SUPERVISOR})
#: Who decides for the IOPC's Director General: an IOPC supervisor.
IOPC_SUPERVISORS: frozenset[str] = frozenset({Role.IOPC_SUPERVISOR})
#: Roles that work inside one or more forces and see only those forces' cases.
FORCE_ROLES: frozenset[str] = frozenset(
    {Role.PSD_CASEWORKER, Role.PSD_SUPERVISOR, Role.MANAGER}
)


class ConductUserManager(UserManager["User"]):
    def create_superuser(
        self,
        username: str,
        email: str | None = None,
        password: str | None = None,
        **extra_fields: Any,
    ) -> User:
        extra_fields.setdefault("role", Role.SYSTEM_ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: PSD staff, IOPC staff, managers and administrators.

    ``forces`` are the forces whose cases a PSD user or manager works on; IOPC
    users have none (they see cases referred to the IOPC instead). Memberships
    change only through ``conduct.services.users``.
    """

    role = models.CharField(max_length=32, choices=Role.choices)
    forces = models.ManyToManyField(
        Force, through="ForceMembership", related_name="users", blank=True
    )

    objects: ClassVar[ConductUserManager] = ConductUserManager()

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_valid"
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_iopc(self) -> bool:
        return self.role in IOPC_ROLES

    @property
    def works_in_forces(self) -> bool:
        return self.role in FORCE_ROLES


class ForceMembership(models.Model):
    """``user`` works on cases of ``force`` (PSD staff and force managers only)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    force = models.ForeignKey(
        Force, on_delete=models.PROTECT, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "force"], name="force_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.force}"
