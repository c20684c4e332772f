"""What a decision taken in referrals requires of the apps above it, without
referrals importing them (docs/architecture.md: hearings sits above
referrals, and an import-linter contract keeps it so).

A determination that no disciplinary proceedings will be brought against a
subject (no case to answer, management action, the reflective practice
review process, no further action) may oblige another app to act: the
hearings app must then make the further report that takes the person off
the Police Advisory List (PA96 s88L(1)(a)). That app registers its
consequence here from its ``AppConfig.ready``, as every app registers its
audit actions with ``conduct.audit``; the referrals service calls
:func:`no_proceedings_decided` inside its own transaction, after its own
writes and before its one audit event, which records what the consequences
did. A plain list of functions, not a Django signal: the flow is explicit
and a consequence that fails rolls the decision back with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from referrals.models import Subject


@dataclass(frozen=True)
class NoProceedings:
    """It was determined on ``decided_on`` that no disciplinary proceedings
    will be brought against ``subject`` (locked, with its case, by the
    service deciding); ``decision`` is the subject's new status (no case to
    answer, management action, reflective practice, no further action)."""

    subject: Subject
    decision: str
    decided_on: dt.date


#: A consequence: writes in the caller's transaction and answers the values
#: the caller's audit event records (``{"list_reports": {...}}``, say).
NoProceedingsConsequence = Callable[[NoProceedings], Mapping[str, Any]]

_no_proceedings: list[NoProceedingsConsequence] = []


def register_no_proceedings(consequence: NoProceedingsConsequence) -> None:
    """Run ``consequence`` whenever it is determined that no proceedings will
    be brought; an app calls it once from its ``AppConfig.ready`` (a second
    call with the same function changes nothing)."""
    if consequence not in _no_proceedings:
        _no_proceedings.append(consequence)


def no_proceedings_consequences() -> list[NoProceedingsConsequence]:
    """Every registered consequence, in the order registered."""
    return list(_no_proceedings)


def no_proceedings_decided(decision: NoProceedings) -> dict[str, Any]:
    """Run every registered consequence of ``decision`` in the caller's
    transaction; what they did, for the caller's audit event."""
    done: dict[str, Any] = {}
    for consequence in _no_proceedings:
        done.update(consequence(decision))
    return done
