"""The audit trail's vocabulary: what each action code means.

Every app names the actions its services write in one ``AuditAction``
enumeration of its own (the core's ``CoreAction`` below,
``referrals.audit.ReferralsAction``, ``hearings.audit.HearingsAction``): the
value is the code stored in ``AuditEvent.action``, the label the short title
the case's timeline shows. ``conduct.services.audit.audit_record`` takes only
these members, so a misspelt code cannot be written.

Each app registers its enumeration in its ``AppConfig.ready``, and readers
(the timeline) ask ``action_title`` here, so no app lists another's actions.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import models


class AuditAction(models.TextChoices):
    """Base of every app's audit actions (``code``, ``title``)."""


class CoreAction(AuditAction):
    """What the core's services write: people and API tokens."""

    PERSON_CREATED = "person.created", "Person recorded"
    PERSON_ROLE_ADDED = "person_role.added", "Role recorded"
    API_TOKEN_CREATED = "api_token.created", "API token created"
    API_TOKEN_REVOKED = "api_token.revoked", "API token revoked"


DUPLICATE_CODE = "Audit action {code!r} is named by both {first} and {second}."
UNTITLED = "Change recorded"

_registered: dict[str, AuditAction] = {}


def register_actions(actions: type[AuditAction]) -> None:
    """Make ``actions``' titles known to readers; an app calls it once from
    its ``AppConfig.ready``. A code that another enumeration already names is
    a programming error, refused at start-up."""
    for action in actions:
        known = _registered.get(action.value)
        if known is not None and type(known) is not actions:
            raise ImproperlyConfigured(
                DUPLICATE_CODE.format(
                    code=action.value,
                    first=type(known).__qualname__,
                    second=actions.__qualname__,
                )
            )
    _registered.update({action.value: action for action in actions})


def registered_actions() -> dict[str, AuditAction]:
    """Every registered action by its code."""
    return dict(_registered)


def action_title(code: str) -> str:
    """The title for an action code. A code no app names (written by an
    older release, say) reads as its words: "thing.done" is "Thing done"."""
    action = _registered.get(code)
    if action is not None:
        return str(action.label)
    noun, _, verb = code.partition(".")
    words = f"{noun} {verb}".replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else UNTITLED
