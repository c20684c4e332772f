"""``make bench``: every benchmark in turn, then a summary against the goals.

Each benchmark runs in a process of its own (its memory and its imports are
its own) and prints its BENCH lines (bench.dataset); this runner passes them
through as they come and ends with a table: each figure, its floor and
ratio, its queries, its goal and whether the run met it. BENCH_ONLY (names
of modules, comma-separated) runs some of them.

The exit code is 1 when a benchmark fails to run, not when a goal is
missed: the table says which goals were missed, and docs/performance.md
says why and what would fix them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

from bench import dataset

MODULES = ("dataset", "reads", "dashboard", "throughput", "deadline_sweep")
LINE = re.compile(
    r"^BENCH (?P<name>\w+) value=(?P<value>[\d.]+) unit=(?P<unit>\w+)"
    r"(?: floor=(?P<floor>[\d.]+|-) ratio=(?P<ratio>[\d.]+|-) queries=(?P<queries>\d+)"
    r"| cases=(?P<cases>\d+))$"
)


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    floor: float | None
    ratio: float | None
    queries: int | None

    @classmethod
    def parse(cls, match: re.Match[str]) -> Figure:
        def number(key: str) -> float | None:
            text = match[key]
            return None if text in (None, "-") else float(text)

        queries = match["queries"]
        return cls(
            name=match["name"],
            value=float(match["value"]),
            unit=match["unit"],
            floor=number("floor"),
            ratio=number("ratio"),
            queries=int(queries) if queries is not None else None,
        )


Figures = dict[str, Figure]


@dataclass(frozen=True)
class Goal:
    text: str
    met: Callable[[Figure, Figures], bool]


def _ratio_at_most(limit: float) -> Callable[[Figure, Figures], bool]:
    return lambda figure, _: figure.ratio is not None and figure.ratio <= limit


def _list_queries(figure: Figure, figures: Figures) -> bool:
    sizes = [figures.get(f"api_list{tail}") for tail in ("", "_size10", "_size200")]
    counts = {size.queries for size in sizes if size is not None}
    return (
        figure.ratio is not None
        and figure.ratio <= 2.0  # noqa: PLR2004
        and len(counts) == 1
        and all(count is not None and count <= 6 for count in counts)  # noqa: PLR2004
    )


GOALS: dict[str, Goal] = {
    "api_list": Goal(
        "ratio <= 2.0; queries equal at 10, 50, 200 rows, <= 6", _list_queries
    ),
    "api_detail": Goal(
        "ratio <= 2.5, queries <= 12",
        lambda f, _: f.ratio is not None and f.ratio <= 2.5 and (f.queries or 0) <= 12,  # noqa: PLR2004
    ),
    "case_list_page": Goal("ratio <= 3", _ratio_at_most(3)),
    "case_page": Goal("ratio <= 3", _ratio_at_most(3)),
    "search": Goal("median <= 100 ms", lambda f, _: f.value <= 100),  # noqa: PLR2004
    "dashboard_force": Goal(
        "ratio <= 3, < 300 ms",
        lambda f, _: f.ratio is not None and f.ratio <= 3 and f.value < 300,  # noqa: PLR2004
    ),
    "dashboard_all": Goal(
        "ratio <= 3, < 300 ms",
        lambda f, _: f.ratio is not None and f.ratio <= 3 and f.value < 300,  # noqa: PLR2004
    ),
    "deadline_sweep": Goal("< 5 s", lambda f, _: f.value < 5),  # noqa: PLR2004
    "deadline_sweep_due_1k": Goal(
        "< 5% of the 50k-due sweep (grows with the clocks due)",
        lambda f, figures: (
            "deadline_sweep_due_50k" in figures
            and f.value < 0.05 * figures["deadline_sweep_due_50k"].value
        ),
    ),
    "api_throughput": Goal(
        ">= 50% of the minimal view, 0 errors",
        lambda f, figures: (
            f.ratio is not None
            and f.ratio >= 0.5  # noqa: PLR2004
            and "api_throughput_errors" in figures
            and figures["api_throughput_errors"].value == 0
        ),
    ),
    "worker_rss": Goal("< 300 MiB", lambda f, _: f.value < 300),  # noqa: PLR2004
    "generator_rss": Goal("< 1 GiB", lambda f, _: f.value < 1024),  # noqa: PLR2004
}


def _run(module: str, figures: Figures) -> bool:
    process = subprocess.Popen(  # noqa: S603 - our own command, no shell
        [sys.executable, "-m", f"bench.{module}"],
        cwd=dataset.ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    for row in process.stdout:
        print(row, end="", flush=True)
        match = LINE.match(row.strip())
        if match:
            figure = Figure.parse(match)
            figures[figure.name] = figure
    return process.wait() == 0


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def summary(figures: Figures) -> list[str]:
    """The table: one row per figure printed, goals last column."""
    header = ("figure", "value", "unit", "floor", "ratio", "queries", "goal", "")
    rows = [header]
    for figure in figures.values():
        goal = GOALS.get(figure.name)
        verdict = (
            "" if goal is None else "met" if goal.met(figure, figures) else "MISSED"
        )
        rows.append(
            (
                figure.name,
                _number(figure.value),
                figure.unit,
                _number(figure.floor),
                _number(figure.ratio),
                _number(figure.queries),
                goal.text if goal else "",
                verdict,
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    return [
        "  ".join(
            cell.ljust(width) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]


def main() -> int:
    only = [name for name in os.environ.get("BENCH_ONLY", "").split(",") if name]
    unknown = sorted(set(only) - set(MODULES))
    if unknown:
        raise SystemExit(f"BENCH_ONLY: no benchmark {', '.join(unknown)}")
    figures: Figures = {}
    failed = []
    for module in MODULES:
        if only and module not in only and module != "dataset":
            continue
        if not _run(module, figures):
            failed.append(module)
            if module == "dataset":
                break
    print(f"\n# {dataset.CASES} cases in {dataset.DATABASE}")
    for row in summary(figures):
        print(f"# {row}")
    if failed:
        print(f"# failed to run: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
