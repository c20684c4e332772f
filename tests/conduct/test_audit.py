from __future__ import annotations

import pytest
from django.db import InternalError, transaction

from conduct.audit import AuditAction
from conduct.models import AuditEvent, Force
from conduct.services.audit import audit_record

pytestmark = pytest.mark.django_db


class CheckAction(AuditAction):
    """Actions of these tests only (never registered: no timeline shows them)."""

    FORCE_CHECKED = "force.checked", "Force checked"


def test_audit_events_are_append_only_in_the_database(northamptonshire: Force) -> None:
    with transaction.atomic():
        event = audit_record(
            actor=None,
            action=CheckAction.FORCE_CHECKED,
            target=northamptonshire,
            case_id=None,
            new={"code": "nhants"},
        )
    with pytest.raises(InternalError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(InternalError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "force.checked"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_refuses_to_write_outside_a_transaction() -> None:
    force = Force.objects.get(code="nhants")
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit_record(
            actor=None, action=CheckAction.FORCE_CHECKED, target=force, case_id=None
        )
    assert not AuditEvent.objects.filter(action="force.checked").exists()


def test_audit_refuses_an_action_that_is_not_named_by_an_enumeration(
    northamptonshire: Force,
) -> None:
    with transaction.atomic(), pytest.raises(TypeError, match="AuditAction member"):
        audit_record(
            actor=None,
            action="force.checked",  # type: ignore[arg-type]
            target=northamptonshire,
            case_id=None,
        )
    assert not AuditEvent.objects.exists()
