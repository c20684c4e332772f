"""Reference case A's criminal track, service by service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from conduct.models import AuditEvent, User
from referrals.models import Case, CriminalProceedings, Plea, Subject, Verdict
from referrals.selectors.criminal import (
    criminal_proceedings_for_case,
    proceedings_paused,
)
from referrals.services import criminal as svc
from tests.assertions import one_audit_event
from tests.referrals.criminal import (
    ARRESTED,
    CHARGED,
    PLEADED,
    SENTENCED,
    STARTED,
    Kind,
    Status,
)

pytestmark = pytest.mark.django_db


def test_reference_case_a_criminal_track(
    caseworker: User,
    case: Case,
    subject: Subject,
    django_assert_max_num_queries: Any,
) -> None:
    """Arrest 10 Aug 2022 at a Newark car park; guilty pleas at an earlier
    Lincoln Crown Court hearing; sentence on 17 Nov 2022 of 2 years' custody
    for attempting sexual communication with a child, concurrent 6-month terms
    on the other counts, a 10-year SHPO and sex-offender notification
    (domain.md 9)."""
    start_events = AuditEvent.objects.filter(case_id=case.pk).count()
    calls = 0

    def run(service: Callable[..., Any], **kwargs: Any) -> Any:
        """One service call: exactly one more audit event on the case."""
        nonlocal calls
        calls += 1
        with one_audit_event():
            return service(actor=caseworker, **kwargs)

    proceedings = run(
        svc.criminal_proceedings_open,
        subject=subject,
        started_on=STARTED,
        arrested_on=ARRESTED,
        arrest_location="Car park, Newark",
        arrest_notes="Arrested by arrangement after online communications "
        "with an undercover officer; mobile phone seized.",
        court="Lincoln Crown Court",
    )
    run(
        svc.criminal_release_record,
        proceedings=proceedings,
        release=CriminalProceedings.Release.BAIL,
        released_on=dt.date(2022, 8, 11),
    )
    offences = [
        "Attempting to engage in sexual communication with a child",
        "Encouraging or assisting an offence",
        "Arranging or facilitating the commission of a child sex offence",
    ]
    counts = [
        run(
            svc.charge_add,
            proceedings=proceedings,
            offence=offence,
            charged_on=CHARGED,
        )
        for offence in offences
    ]
    for count in counts:
        # Guilty pleas at an earlier hearing; convicted on the pleas.
        run(svc.charge_plea_record, charge=count, plea=Plea.GUILTY, plea_on=PLEADED)
        run(
            svc.charge_verdict_record,
            charge=count,
            verdict=Verdict.CONVICTED,
            verdict_on=PLEADED,
        )
    main, *others = counts
    components: list[dict[str, Any]] = [
        {"kind": Kind.CUSTODY, "charge": main, "length_months": 24},
        *(
            {
                "kind": Kind.CONCURRENT_CUSTODY,
                "charge": other,
                "length_months": 6,
                "concurrent_with": main,
            }
            for other in others
        ),
        {"kind": Kind.SHPO, "duration_years": 10},
        # 2 years' custody (over 6 and up to 30 months): 10 years' notification
        # (Sexual Offences Act 2003 s82).
        {"kind": Kind.NOTIFICATION, "duration_years": 10},
    ]
    for kwargs in components:
        run(
            svc.sentence_component_add,
            proceedings=proceedings,
            sentenced_on=SENTENCED,
            **kwargs,
        )
    run(
        svc.criminal_proceedings_conclude,
        proceedings=proceedings,
        concluded_on=SENTENCED,
    )

    assert calls == 17
    assert AuditEvent.objects.filter(case_id=case.pk).count() == start_events + calls
    assert proceedings_paused(case) is False
    with django_assert_max_num_queries(3):
        loaded = list(criminal_proceedings_for_case(case))
        assert len(loaded) == 1
        record = loaded[0]
        charges = list(record.charges.all())
        sentence = list(record.sentence.all())
    assert record.status == Status.CONCLUDED
    assert record.ended_on == SENTENCED
    assert record.court == "Lincoln Crown Court"
    assert [(c.count_number, c.plea, c.verdict) for c in charges] == [
        (1, "guilty", "convicted"),
        (2, "guilty", "convicted"),
        (3, "guilty", "convicted"),
    ]
    summary = sorted(
        (
            item.kind,
            item.charge.count_number if item.charge else None,
            item.length_months,
            item.concurrent_with.count_number if item.concurrent_with else None,
            item.duration_years,
        )
        for item in sentence
    )
    assert summary == [
        ("concurrent_custody", 2, 6, 1, None),
        ("concurrent_custody", 3, 6, 1, None),
        ("custody", 1, 24, None, None),
        ("notification", None, None, None, 10),
        ("shpo", None, None, None, 10),
    ]
    assert all(item.sentenced_on == SENTENCED for item in sentence)
    case.refresh_from_db()
    assert case.version == 2 + calls  # created, subject added, then each call
