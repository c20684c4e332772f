from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One decision or change, written by the service that made it, in the same
    transaction (the meaning: who did what, when, why, old and new values).

    ``actor`` is the signed-in user who acted (None for a system task or an
    operator command). ``object_type``/``object_id`` name the row changed;
    ``case_id`` is the root case it belongs to (None for reference data and
    users), kept as a plain column because the core never depends on the apps
    that own cases. Row-level history underneath comes from PostgreSQL triggers
    (django-pghistory), which also catch writes that bypass services.
    """

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    case_id = models.BigIntegerField(null=True, blank=True)
    old_values = models.JSONField(default=dict, blank=True)
    new_values = models.JSONField(default=dict, blank=True)
    rationale = models.TextField(blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [
            models.Index(fields=["case_id", "occurred_at"], name="audit_case_time"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]
        triggers = [
            # Append-only: PostgreSQL refuses any UPDATE or DELETE of an event,
            # whatever the code path (admin, shell, QuerySet.update()).
            pgtrigger.Protect(
                name="audit_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"
