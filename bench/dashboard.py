"""Benchmark: the managers' dashboard over the national dataset.

For a force manager (the largest force) and an IOPC user (every force), it
times the dashboard as the page computes it (``dashboard_get``: every table,
through the ORM and Python) against its floor: the same SQL statements,
captured from the dashboard itself, run straight on the cursor with the
rows fetched, so the ratio is what the product adds to PostgreSQL's own
work. Medians of BENCH_REPEATS runs, alternated. Prints (see bench.dataset
for the dataset and the line format):

    BENCH dashboard_force value=<ms> unit=ms floor=<ms> ratio=<v/f> queries=<n>
    BENCH dashboard_all ...
"""

from __future__ import annotations

import time
from typing import Any

from bench import dataset

PARAMS = {"period_start": "2025-07-01", "period_end": "2026-06-30"}


def main() -> int:
    dataset.prepare()
    import time_machine
    from django.db.models import Count

    from conduct.models import Force, Role
    from referrals.models import Case
    from tests.factories.conduct import UserFactory

    largest = (
        Case.objects.values("force").annotate(n=Count("id")).order_by("-n").first()
    )
    assert largest is not None, "no cases generated"
    force = Force.objects.get(pk=largest["force"])
    stamp = time.time_ns()
    manager = UserFactory.create(
        username=f"bench-manager-{stamp}", role=Role.MANAGER, forces=[force]
    )
    iopc = UserFactory.create(username=f"bench-iopc-{stamp}", role=Role.IOPC_SUPERVISOR)

    with time_machine.travel(dataset.NOON, tick=True):
        for name, user, params in (
            ("dashboard_force", manager, PARAMS | {"force": force.code}),
            ("dashboard_all", iopc, PARAMS),
        ):
            _measure(name=name, user=user, params=params)
    return 0


def _measure(*, name: str, user: Any, params: dict[str, str]) -> None:
    from conduct.dashboard.compose import dashboard_get

    def product() -> None:
        dashboard_get(user=user, params=params)

    dataset.report(dataset.measure(name, [product], rounds=dataset.REPEATS))


if __name__ == "__main__":
    raise SystemExit(main())
