"""Guarded status changes: the only place a lifecycle status is assigned.

Each stateful model declares ``Status`` (TextChoices) and ``TRANSITIONS``, a
mapping from each status to the statuses allowed after it. Services call
:func:`transition` after locking the row; anything outside the table raises
:class:`InvalidTransition` naming the current and requested state.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol

from conduct.exceptions import InvalidTransition


class Stateful(Protocol):
    status: Any
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]]


def allowed_next(instance: Stateful) -> frozenset[Any]:
    return instance.TRANSITIONS.get(instance.status, frozenset())


def can_transition(instance: Stateful, to: str) -> bool:
    return to in allowed_next(instance)


def check_transition(instance: Stateful, to: str) -> None:
    if not can_transition(instance, to):
        raise InvalidTransition(
            model=type(instance).__name__.lower(),
            current=str(instance.status),
            requested=str(to),
        )


def transition(instance: Stateful, to: str) -> tuple[str, str]:
    """Move ``instance`` to ``to`` in memory; return (old, new). The caller saves."""
    check_transition(instance, to)
    old = str(instance.status)
    instance.status = to
    return old, str(to)
