"""Who may see and change a case: the rules every selector and service applies.

- PSD caseworkers and supervisors: cases of their forces (the recording force,
  or the appropriate authority of any subject); supervisors also decide.
- IOPC investigators and supervisors: cases referred to the IOPC; IOPC
  supervisors make the Director General's decisions.
- Managers: read their forces' cases (dashboards); they change nothing.
- System administrators: users and reference data only, no case content.
- A restricted case is visible only to its named users (who must also pass the
  rules above).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from conduct.exceptions import NotPermitted
from conduct.models import IOPC_ROLES, STAFF_ROLES, Role, User
from referrals.models import Case, CaseForce, IOPCReferral, Subject

READ_ROLES = STAFF_ROLES | {Role.MANAGER}

NOT_YOUR_ROLE = "Your role ({role}) cannot {action}."
NOT_THE_APPROPRIATE_AUTHORITY = (
    "Only {force}, the appropriate authority for {person}, can {action}."
)


def of_forces(force_ids: QuerySet[Any] | Iterable[int], *, field: str = "pk") -> Q:
    """Cases of these forces: recorded by one, or with a subject one of them
    is the appropriate authority for (after a transfer, the new force); on a
    model other than the case, ``field`` names its case id.

    Read from ``CaseForce``, which triggers keep in step with both, with one
    index scan: ``force OR EXISTS (subject)`` cannot use an index, so
    PostgreSQL tested every case in the country for a force's few thousand."""
    forces = CaseForce.objects.filter(force_id__in=force_ids).values("case_id")
    return Q(**{f"{field}__in": forces})


def _psd_forces(
    user: User, forces: Collection[int] | None
) -> tuple[list[int], list[int] | None]:
    """For a PSD user or manager: the forces whose cases to take and, when
    ``forces`` reaches beyond the user's own, the user's forces those cases
    must also belong to (another force's cases that theirs share, a subject
    transferred from or to one of them).

    The ids themselves, not a subquery: PostgreSQL then plans with the size
    of these forces (one force holds a quarter of the cases), not the
    average, and hashes where it would have looped."""
    mine = list(user.memberships.values_list("force_id", flat=True))
    if forces is None:
        return mine, None
    if set(forces) <= set(mine):
        # Those forces' cases are all within the user's: one lookup.
        return list(forces), None
    return list(forces), mine


def visible_cases(
    user: User,
    queryset: QuerySet[Case] | None = None,
    *,
    forces: Collection[int] | None = None,
) -> QuerySet[Case]:
    """Cases ``user`` may see, as one set-based filter (no per-row checks);
    with ``forces``, only the cases of those forces."""
    cases = Case.objects.all() if queryset is None else queryset
    if not user.is_active or user.role not in READ_ROLES:
        return cases.none()
    if user.role in IOPC_ROLES:
        scope = Q(referral__isnull=False)
        if forces is not None:
            scope &= of_forces(forces)
    else:
        chosen, shared_with = _psd_forces(user, forces)
        scope = of_forces(chosen)
        if shared_with is not None:
            scope &= of_forces(shared_with)
    # Not "unrestricted or named": that reads every case row. The restricted
    # cases hidden from the user are a handful, from their own index; as NOT
    # EXISTS, PostgreSQL still expects the scope's full size, and counts the
    # scope from the indexes alone.
    hidden = hidden_restricted(user).filter(pk=OuterRef("pk"))
    return cases.filter(scope, ~Exists(hidden))


def hidden_restricted(user: User) -> QuerySet[Case]:
    """The restricted cases ``user`` is not named on: a handful, read from
    their own partial index (case_restricted)."""
    named = Case.restricted_to.through.objects.filter(
        case_id=OuterRef("pk"), user_id=user.pk
    )
    return Case.objects.filter(restricted=True).exclude(Exists(named))


def visible_case_ids(
    user: User, *, forces: Collection[int] | None = None
) -> QuerySet[Any]:
    """The ids of ``visible_cases(user, forces=forces)``, read without the
    case table: from ``CaseForce`` (PSD users and managers) or the referrals
    (IOPC users), less the restricted cases the user is not named on.

    For counting over a scope: ``case__in=visible_case_ids(user)`` costs the
    ids of the scope, where ``case__in=visible_cases(user)`` reads every
    case in the country to test its restriction (a quarter of the time of
    each dashboard figure at 100k cases)."""
    if not user.is_active or user.role not in READ_ROLES:
        return CaseForce.objects.none().values("case_id")
    ids: QuerySet[Any]
    if user.role in IOPC_ROLES:
        ids = IOPCReferral.objects.values("case_id")
        if forces is not None:
            ids = ids.filter(of_forces(forces, field="case_id"))
    else:
        chosen, shared_with = _psd_forces(user, forces)
        ids = CaseForce.objects.filter(force_id__in=chosen).values("case_id")
        if shared_with is not None:
            ids = ids.filter(of_forces(shared_with, field="case_id"))
    # NOT EXISTS, not NOT IN: PostgreSQL then estimates that nearly every id
    # stays (and plans the figures for the scope's real size) where NOT IN
    # a subquery is guessed to keep half.
    hidden = hidden_restricted(user).filter(pk=OuterRef("case_id"))
    return ids.filter(~Exists(hidden))


def visible_subjects_of(user: User, force_id: int) -> QuerySet[Subject]:
    """The subjects ``force_id`` is the appropriate authority for, on cases
    ``user`` may see: ``Subject.objects.filter(appropriate_authority=force,
    case__in=visible_cases(user))`` without the semi-join on the cases.

    A subject's appropriate authority is one of its case's forces
    (``CaseForce``), so for a user of that force every such case is in
    scope but the restricted ones they are not named on; IOPC users see
    those referred. Without the semi-join PostgreSQL knows how many
    subjects it will find (with it, it guessed a quarter, and looped where
    it should have hashed)."""
    subjects = Subject.objects.filter(appropriate_authority_id=force_id)
    if not user.is_active or user.role not in READ_ROLES:
        return subjects.none()
    if user.role in IOPC_ROLES:
        subjects = subjects.filter(case_id__in=IOPCReferral.objects.values("case_id"))
    elif not user.memberships.filter(force_id=force_id).exists():
        # Another force's subjects on cases the user's forces share: the
        # general rule.
        return subjects.filter(case__in=visible_case_ids(user))
    hidden = hidden_restricted(user).filter(pk=OuterRef("case_id"))
    return subjects.filter(~Exists(hidden))


def can_see_case(user: User, case: Case) -> bool:
    return visible_cases(user, Case.objects.filter(pk=case.pk)).exists()


def require_role(user: User | None, roles: frozenset[str], action: str) -> None:
    """Refuse unless ``user`` holds one of ``roles`` (None: a system task)."""
    if user is None:
        return
    if user.role not in roles:
        raise NotPermitted(
            NOT_YOUR_ROLE.format(role=user.get_role_display(), action=action),
            rule="role",
        )


def require_case_access(user: User | None, case: Case, action: str) -> None:
    """Refuse a change by someone who cannot see the case or only reads."""
    if user is None:
        return
    require_role(user, STAFF_ROLES, action)
    if not can_see_case(user, case):
        raise NotPermitted(
            f"You cannot {action}: the case is outside your forces or restricted.",
            rule="case.scope",
        )


def require_member_of_appropriate_authority(
    user: User | None, subject: Subject, action: str
) -> None:
    """Refuse unless ``user`` belongs to the subject's appropriate authority
    (after a transfer, the new force: reference case C). Decisions for the
    force about a subject are that force's alone, even where another force
    recorded the case and still sees it. None: a system task."""
    if user is None:
        return
    if not user.memberships.filter(force_id=subject.appropriate_authority_id).exists():
        raise NotPermitted(
            NOT_THE_APPROPRIATE_AUTHORITY.format(
                force=subject.appropriate_authority,
                person=subject.person,
                action=action,
            ),
            rule="appropriate_authority",
        )


M = TypeVar("M", bound=Model)

NOT_FOUND = "No such {what}."


def scoped_get(
    queryset: QuerySet[M],
    *,
    case_path: str,
    user: User,
    pk: int,
    missing: str = "",
) -> M:
    """The row ``pk`` of ``queryset`` if its case (at ``case_path``: "pk"
    when the rows are cases) is one ``user`` may see; 404 otherwise (with
    ``missing``, or "No such <model>"), never telling that it exists. Every
    single-row read of case data, in the browser and the API, goes through
    here."""
    scope = {f"{case_path}__in": visible_cases(user)}
    found = queryset.filter(pk=pk, **scope).first()
    if found is None:
        what = queryset.model._meta.verbose_name
        raise Http404(missing or NOT_FOUND.format(what=what))
    return found
