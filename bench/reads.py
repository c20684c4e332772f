"""Benchmark: the reads people wait for, over the national dataset.

Each read is a whole request through Django's test client (URL routing, the
middleware, authentication, the view, DRF's rendering or the template),
timed against its floor: the SQL statements the same request sent, captured
with their parameters, run straight on the cursor with their rows fetched
and serialised to JSON. The ratio is what the product adds to PostgreSQL's
own work. Product and floor alternate; BENCH_REPEATS rounds.

- ``api_list``: ``GET /api/v1/cases/`` as an IOPC investigator, 50 rows with
  their subjects and next deadline (median; ``api_list_p95`` its 95th
  percentile); ``api_list_size10`` and ``api_list_size200`` the same at 10
  and 200 rows, so that the query counts can be compared.
- ``api_detail``: ``GET /api/v1/cases/<id>/`` and its ``timeline/``
  together, for a case with a long history (the 99th percentile of audit
  events).
- ``case_list_page``, ``case_page``: the browser's ``/cases/`` and
  ``/cases/<id>/`` for a caseworker of the largest force.
- ``search``: ``/search/?q=`` by a name, a collar number, an IOPC
  reference and a misspelt name, and the case list's subject filter by a
  name (the median over all of them).

The query plans of the hot statements are written to
var/bench/plans-<database>.txt (docs/performance.md quotes them).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from bench import dataset

#: Rounds for the latency figures (each round runs every request once).
ROUNDS = max(dataset.REPEATS * 3, 3)


@dataclass
class Read:
    """One request, run through the test client, with its captured SQL."""

    label: str
    client: Any
    path: str
    headers: dict[str, str]

    def __call__(self) -> Any:
        response = self.client.get(self.path, headers=self.headers)
        if response.status_code != HTTPStatus.OK:
            raise SystemExit(
                f"{self.label}: {self.path} answered {response.status_code}"
            )
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        return response.content


def main() -> int:
    dataset.prepare()
    import time_machine
    from django.test import Client

    with time_machine.travel(dataset.NOON, tick=True):
        people = dataset.people()
        api = Client()
        bearer = {"Authorization": f"Bearer {people['token']}"}
        browser = Client()
        browser.force_login(people["caseworker"])
        cases = _cases(people)

        def api_list(size: int) -> list[Read]:
            path = f"/api/v1/cases/?page_size={size}"
            return [Read("api_list", api, path, bearer)]

        listed = dataset.measure("api_list", api_list(50), rounds=ROUNDS)
        dataset.report(listed)
        dataset.report(listed, name="api_list_p95", p95=True)
        dataset.report(dataset.measure("api_list_size10", api_list(10), rounds=ROUNDS))
        dataset.report(
            dataset.measure("api_list_size200", api_list(200), rounds=ROUNDS)
        )

        detail = cases["iopc_long"]
        details = [
            Read("api_detail", api, f"/api/v1/cases/{detail}/", bearer),
            Read("api_detail", api, f"/api/v1/cases/{detail}/timeline/", bearer),
        ]
        dataset.report(dataset.measure("api_detail", details, rounds=ROUNDS))
        listed_page = [Read("case_list_page", browser, "/cases/", {})]
        dataset.report(dataset.measure("case_list_page", listed_page, rounds=ROUNDS))
        case_page = [Read("case_page", browser, f"/cases/{cases['psd_long']}/", {})]
        dataset.report(dataset.measure("case_page", case_page, rounds=ROUNDS))
        searches = [
            Read(f"search ({label})", browser, path, {})
            for label, path in _searches(people).items()
        ]
        dataset.report(dataset.measure("search", searches, rounds=ROUNDS))
        _plans([*api_list(50), *details, *listed_page, *case_page, *searches])
    return 0


def _cases(people: dict[str, Any]) -> dict[str, int]:
    from referrals.permissions import visible_cases

    return {
        "iopc_long": dataset.long_history(visible_cases(people["investigator"])),
        "psd_long": dataset.long_history(visible_cases(people["caseworker"])),
    }


def _searches(people: dict[str, Any]) -> dict[str, str]:
    """Searches a caseworker of the force makes: words found on the force's
    own cases, so that each finds something."""
    from referrals.models import Subject
    from referrals.permissions import visible_cases

    visible = visible_cases(people["caseworker"])
    subject = (
        Subject.objects.filter(case__in=visible, role__isnull=False)
        .select_related("person", "role")
        .order_by("id")[len(visible) // 2 : len(visible) // 2 + 1]
        .get()
    )
    referred = (
        visible.exclude(iopc_reference="")
        .order_by("id")
        .values_list("iopc_reference", flat=True)
        .first()
    )
    reference = (
        ("IOPC reference", referred)
        if referred
        else (
            "case reference",
            visible.order_by("id").values_list("reference", flat=True)[0],
        )
    )
    family = subject.person.family_name
    # One letter doubled: a misspelling trigram similarity still finds.
    misspelt = family[:2] + family[2] + family[2:]
    return {
        "name": f"/search/?q={subject.person.given_names}+{family}",
        "collar number": f"/search/?q={subject.role.identifier}",
        reference[0]: f"/search/?q={reference[1]}",
        "misspelt name": f"/search/?q={misspelt}",
        "subject filter": f"/cases/?subject={family}",
    }


#: Statements faster than this (ms) are left out of the plans file.
PLAN_THRESHOLD_MS = 1.0


def _plans(reads: list[Read]) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of every statement of ``reads`` that takes
    PLAN_THRESHOLD_MS or more, kept for docs/performance.md."""
    from django.db import connection

    out = [f"# {dataset.DATABASE}: {dataset.sizes()}"]
    for read in reads:
        for sql, params in dataset.capture(read):
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            took = float(plan.rsplit("Execution Time: ", 1)[1].split()[0])
            if took >= PLAN_THRESHOLD_MS:
                heading = f"## {read.label}: {read.path} ({took:.1f} ms)"
                out.append(f"{heading}\n{sql}\n{plan}\n")
    dataset.KEPT.mkdir(parents=True, exist_ok=True)
    target = dataset.KEPT / f"plans-{dataset.DATABASE}.txt"
    target.write_text("\n".join(out))
    print(f"# query plans: {target}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
