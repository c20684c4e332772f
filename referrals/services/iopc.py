"""Referral to the IOPC, its decision and the mode of investigation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import IOPC_ROLES, PSD_ROLES, User
from conduct.regimes import Regime
from conduct.transitions import transition
from referrals.audit import ReferralsAction
from referrals.models import (
    LEGACY_MODES,
    Case,
    InvestigationMode,
    IOPCReferral,
    ModeDecision,
    ReferralFactor,
)
from referrals.permissions import require_case_access, require_role
from referrals.services.common import (
    case_changed,
    check_not_before,
    check_not_future,
    check_rationale,
    lock_case,
)

FACTORS_REQUIRED = "Choose at least one reason for the referral."
ALREADY_REFERRED = "This case was already referred to the IOPC on {on:%d %b %Y}."
INTERNAL_MATTER_NOT_REFERRED = (
    "Internal conduct matters are not referred to the IOPC: record the matter as a "
    "recordable conduct matter if it meets the referral criteria."
)
LEGACY_MODE_ON_2020_CASE = (
    "{mode} investigations ended with the 2020 rules; this case is under the "
    "{regime} rules."
)
DIRECTED_MODE_BEFORE_2020 = (
    "Directed investigations came with the 2020 rules; this case is under the "
    "{regime} rules: choose a local, supervised, managed or independent "
    "investigation."
)
MODE_REQUIRED = "Choose the mode of investigation."
NOT_REFERRED = "This case has not been referred to the IOPC."
MODE_ONLY_WHEN_INVESTIGATING = "The mode can change only while the IOPC investigates."
DECISION_VALUES = ("investigate", "refer_back")


def _check_mode(case: Case, mode: str) -> None:
    if mode not in InvestigationMode.values:
        raise ApplicationError(MODE_REQUIRED, rule="referral.mode")
    if mode in LEGACY_MODES and case.regime == Regime.R2020:
        raise ApplicationError(
            LEGACY_MODE_ON_2020_CASE.format(
                mode=InvestigationMode(mode).label.split(" (")[0], regime=case.regime
            ),
            rule="referral.legacy_mode",
        )
    if mode == InvestigationMode.DIRECTED and case.regime != Regime.R2020:
        raise ApplicationError(
            DIRECTED_MODE_BEFORE_2020.format(regime=case.regime),
            rule="referral.directed_mode",
        )


def _lock_referral(case: Case) -> IOPCReferral:
    """The case's referral, locked (after the case); refused if none."""
    referral = IOPCReferral.objects.select_for_update().filter(case=case).first()
    if referral is None:
        raise ApplicationError(NOT_REFERRED, rule="referral.missing")
    return referral


@transaction.atomic
def referral_make(
    *,
    actor: User | None,
    case: Case,
    factors: Iterable[str],
    referred_on: dt.date,
) -> IOPCReferral:
    """Refer the case to the IOPC; mandatory unless the only factor is voluntary."""
    case = lock_case(case)
    require_role(actor, PSD_ROLES, "refer a case to the IOPC")
    require_case_access(actor, case, "refer a case to the IOPC")
    factor_list = sorted(set(factors))
    if not factor_list:
        raise ApplicationError(FACTORS_REQUIRED, rule="referral.factors")
    unknown = [factor for factor in factor_list if factor not in ReferralFactor.values]
    if unknown:
        raise ApplicationError(
            f"Unknown factor {unknown[0]!r}.", rule="referral.factors"
        )
    if case.trigger == Case.Trigger.INTERNAL_CONDUCT_MATTER:
        raise ApplicationError(INTERNAL_MATTER_NOT_REFERRED, rule="referral.internal")
    existing = IOPCReferral.objects.filter(case=case).first()
    if existing is not None:
        raise ApplicationError(
            ALREADY_REFERRED.format(on=existing.referred_on), rule="referral.once"
        )
    check_not_future(referred_on, "The referral date")
    check_not_before(
        referred_on, case.came_to_attention_on, "The referral date", "the case date"
    )
    referral = IOPCReferral.objects.create(
        case=case,
        factors=factor_list,
        mandatory=any(factor != ReferralFactor.VOLUNTARY for factor in factor_list),
        referred_on=referred_on,
        referred_by=actor,
    )
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.REFERRAL_MADE,
        target=referral,
        new={
            "factors": factor_list,
            "mandatory": referral.mandatory,
            "referred_on": referred_on,
            "status": referral.status,
        },
    )
    return referral


@transaction.atomic
def referral_decide(
    *,
    actor: User | None,
    case: Case,
    decision: str,
    decided_on: dt.date,
    rationale: str,
    mode: str = "",
) -> IOPCReferral:
    """The IOPC decides to investigate (in a mode) or refers the case back."""
    case = lock_case(case)
    require_role(actor, IOPC_ROLES, "decide on an IOPC referral")
    rationale = check_rationale(rationale)
    referral = _lock_referral(case)
    if decision not in DECISION_VALUES:
        raise ApplicationError(
            "Decide to investigate or to refer back.", rule="referral.decision"
        )
    check_not_before(decided_on, referral.referred_on, "The decision", "the referral")
    check_not_future(decided_on, "The decision date")
    if decision == "investigate":
        _check_mode(case, mode)
        old, new = transition(referral, IOPCReferral.Status.INVESTIGATING)
        referral.mode = mode
        ModeDecision.objects.create(
            referral=referral,
            mode=mode,
            decided_on=decided_on,
            decided_by=actor,
            rationale=rationale,
        )
    else:
        old, new = transition(referral, IOPCReferral.Status.REFERRED_BACK)
        referral.mode = InvestigationMode.LOCAL
    referral.decided_on = decided_on
    referral.save(update_fields=["status", "mode", "decided_on", "updated_at"])
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.REFERRAL_DECIDED,
        target=referral,
        old={"status": old},
        new={"status": new, "mode": referral.mode, "decided_on": decided_on},
        rationale=rationale,
    )
    return referral


@transaction.atomic
def referral_mode_change(
    *,
    actor: User | None,
    case: Case,
    mode: str,
    decided_on: dt.date,
    rationale: str,
) -> IOPCReferral:
    """Change the mode of investigation (kept as history)."""
    case = lock_case(case)
    require_role(actor, IOPC_ROLES, "change the mode of investigation")
    rationale = check_rationale(rationale)
    referral = _lock_referral(case)
    if referral.status != IOPCReferral.Status.INVESTIGATING:
        raise ApplicationError(
            MODE_ONLY_WHEN_INVESTIGATING, rule="referral.mode_change"
        )
    _check_mode(case, mode)
    if mode == referral.mode:
        raise ApplicationError(
            "That is already the mode of investigation.", rule="referral.mode_same"
        )
    check_not_before(decided_on, referral.decided_on, "The change", "the decision")
    old = referral.mode
    referral.mode = mode
    referral.save(update_fields=["mode", "updated_at"])
    ModeDecision.objects.create(
        referral=referral,
        mode=mode,
        decided_on=decided_on,
        decided_by=actor,
        rationale=rationale,
    )
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.REFERRAL_MODE_CHANGED,
        target=referral,
        old={"mode": old},
        new={"mode": mode, "decided_on": decided_on},
        rationale=rationale,
    )
    return referral
