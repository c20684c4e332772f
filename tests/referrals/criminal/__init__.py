"""Criminal proceedings beside the case and the sub judice pause (PCR r10(3)).

The dates are those of reference case A's criminal track: the special
constable was arrested on 10 Aug 2022 (the case's date), charged two days
later, pleaded guilty on 13 Sep and was sentenced on 17 Nov 2022. The
fixtures (conftest.py) build its case, subject, proceedings, charge and
conviction.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from referrals.models import CriminalProceedings, SentenceComponent

Kind = SentenceComponent.Kind
Status = CriminalProceedings.Status
STARTED = dt.date(2022, 7, 27)
ARRESTED = dt.date(2022, 8, 10)
CHARGED = dt.date(2022, 8, 12)
PLEADED = dt.date(2022, 9, 13)
SENTENCED = dt.date(2022, 11, 17)


def tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)
