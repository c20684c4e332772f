"""The branches beside the investigation: the IOPC's referral and decision,
the sub judice pause, closing the case, and criminal proceedings (charged,
pleaded, decided)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from referrals.models import Case, Charge, CriminalProceedings, Subject
from referrals.services.cases import case_close
from referrals.services.criminal import (
    charge_add,
    charge_plea_record,
    charge_verdict_record,
    criminal_proceedings_open,
    criminal_sub_judice_set,
)
from referrals.services.iopc import referral_decide, referral_make
from tests.builders.base import nothing_more
from tests.builders.investigations import InvestigationSteps


class BranchSteps(InvestigationSteps):
    """The IOPC, the pause, closing, and criminal proceedings."""

    def referred_to_iopc(
        self,
        case: Case | None = None,
        *,
        factors: Sequence[str] = ("serious_assault",),
        referred_on: dt.date | None = None,
        **case_kwargs: Any,
    ) -> Case:
        """The case referred to the IOPC, awaiting its decision."""
        if case is None:
            case = self.case(**case_kwargs)
        else:
            nothing_more("referred_to_iopc", case_kwargs)
        referral_make(
            actor=self.caseworker,
            case=case,
            factors=list(factors),
            referred_on=referred_on or self.dates(case).iopc_referred_on,
        )
        return Case.objects.get(pk=case.pk)

    def directed(
        self,
        case: Case | None = None,
        *,
        decided_on: dt.date | None = None,
        **earlier: Any,
    ) -> Case:
        """The IOPC decided to direct the force's investigation."""
        return self._iopc_investigation("directed", case, decided_on, earlier)

    def independent(
        self,
        case: Case | None = None,
        *,
        decided_on: dt.date | None = None,
        **earlier: Any,
    ) -> Case:
        """The IOPC decided to investigate the case itself."""
        return self._iopc_investigation("independent", case, decided_on, earlier)

    def _iopc_investigation(
        self,
        mode: str,
        case: Case | None,
        decided_on: dt.date | None,
        earlier: dict[str, Any],
    ) -> Case:
        if case is None:
            case = self.referred_to_iopc(**earlier)
        else:
            nothing_more(mode, earlier)
        referral_decide(
            actor=self.iopc_investigator,
            case=case,
            decision="investigate",
            mode=mode,
            decided_on=decided_on or self.dates(case).iopc_decided_on,
            rationale="Serious.",
        )
        return Case.objects.get(pk=case.pk)

    def paused(
        self,
        case: Case | None = None,
        *,
        paused_on: dt.date | None = None,
        **case_kwargs: Any,
    ) -> Case:
        """Misconduct proceedings paused by the supervisor while criminal
        proceedings run (PCR r10(3))."""
        if case is None:
            case = self.case(**case_kwargs)
        else:
            nothing_more("paused", case_kwargs)
        criminal_sub_judice_set(
            actor=self.supervisor,
            case=case,
            paused=True,
            rationale="Trial pending.",
            on=paused_on or self.dates(case).paused_on,
        )
        return Case.objects.get(pk=case.pk)

    def closed(
        self,
        case: Case | None = None,
        *,
        closed_on: dt.date | None = None,
        **case_kwargs: Any,
    ) -> Case:
        """The case closed by the caseworker."""
        if case is None:
            case = self.case(**case_kwargs)
        else:
            nothing_more("closed", case_kwargs)
        return case_close(
            actor=self.caseworker,
            case=case,
            closed_on=closed_on or self.dates(case).closed_on,
            rationale="Nothing more to do.",
        )

    def criminal_proceedings(
        self,
        subject: Subject | None = None,
        *,
        started_on: dt.date | None = None,
        arrested: bool = True,
        arrested_on: dt.date | None = None,
        arrest_location: str = "",
        arrest_notes: str = "",
        court: str = "",
        **earlier: Any,
    ) -> CriminalProceedings:
        """Criminal proceedings opened against the (assessed) subject, after
        an arrest unless ``arrested`` is False."""
        if subject is None:
            subject = self.assessed(**earlier)
        else:
            nothing_more("criminal_proceedings", earlier)
        dates = self.dates(subject.case)
        return criminal_proceedings_open(
            actor=self.caseworker,
            subject=subject,
            started_on=started_on or dates.criminal_started_on,
            arrested_on=(arrested_on or dates.arrested_on) if arrested else None,
            arrest_location=arrest_location,
            arrest_notes=arrest_notes,
            court=court,
        )

    def charged(
        self,
        proceedings: CriminalProceedings | None = None,
        *,
        offence: str = "Assault occasioning actual bodily harm.",
        charged_on: dt.date | None = None,
        **earlier: Any,
    ) -> Charge:
        """A charge (the next count) in the criminal proceedings."""
        if proceedings is None:
            proceedings = self.criminal_proceedings(**earlier)
        else:
            nothing_more("charged", earlier)
        return charge_add(
            actor=self.caseworker,
            proceedings=proceedings,
            offence=offence,
            charged_on=charged_on or self.dates(proceedings.case).charged_on,
        )

    def pleaded(
        self,
        charge: Charge | None = None,
        *,
        plea: str = "not_guilty",
        plea_on: dt.date | None = None,
        **earlier: Any,
    ) -> Charge:
        """A plea to the charge."""
        if charge is None:
            charge = self.charged(**earlier)
        else:
            nothing_more("pleaded", earlier)
        return charge_plea_record(
            actor=self.caseworker,
            charge=charge,
            plea=plea,
            plea_on=plea_on or self.dates(charge.proceedings.case).plea_on,
        )

    def charge_decided(
        self,
        charge: Charge | None = None,
        *,
        verdict: str = "acquitted",
        verdict_on: dt.date | None = None,
        **earlier: Any,
    ) -> Charge:
        """The verdict on a charge pleaded to (pass ``plea`` to choose it)."""
        if charge is None:
            charge = self.pleaded(**earlier)
        else:
            nothing_more("charge_decided", earlier)
        return charge_verdict_record(
            actor=self.caseworker,
            charge=charge,
            verdict=verdict,
            verdict_on=verdict_on or self.dates(charge.proceedings.case).verdict_on,
        )
