"""The faults the harness makes through the API, against the real gunicorn:
PostgreSQL restarted under ten clients, twenty clients editing one case with
If-Match, and twenty sending one keyed POST."""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.utils import timezone

from bench.faults_data import FORCE, People, case_for_faults
from bench.faults_servers import Stack
from conduct.models import AuditEvent, Heartbeat
from referrals.audit import ReferralsAction
from referrals.models import Case

REQUEST_TIMEOUT = 15.0
#: The longest the app may take to answer again once PostgreSQL is back.
RECOVERY_LIMIT_S = 10.0
ETAG_VERSION = re.compile(r'^"case-\d+-v(\d+)"$')


@dataclass(frozen=True)
class Answer:
    status: int  # 0: no HTTP answer (refused, reset, timed out)
    headers: dict[str, str]
    body: bytes
    started: float
    ended: float

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Outcome:
    """One FAULT line: its measures, in order, and whether it held."""

    name: str
    measures: dict[str, object]
    ok: bool

    def line(self) -> str:
        fields = " ".join(f"{key}={value}" for key, value in self.measures.items())
        return f"FAULT {self.name} {fields} result={'ok' if self.ok else 'FAIL'}"


class Client:
    """A JSON client of the API, authenticated by the harness's token."""

    def __init__(self, stack: Stack, people: People) -> None:
        self.base = f"{stack.base_url}/api/v1"
        self.token = people.token

    def request(
        self,
        method: str,
        path: str,
        *,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 - our own 127.0.0.1 server
            f"{self.base}{path}",
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Accept": "application/json",
                **({"Content-Type": "application/json"} if data else {}),
                **(headers or {}),
            },
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as answer:  # noqa: S310
                return Answer(
                    int(answer.status),
                    dict(answer.headers),
                    answer.read(),
                    started,
                    time.monotonic(),
                )
        except urllib.error.HTTPError as refusal:
            return Answer(
                refusal.code,
                dict(refusal.headers),
                refusal.read(),
                started,
                time.monotonic(),
            )
        except OSError:
            return Answer(0, {}, b"", started, time.monotonic())


def _together(clients: int, work: Any) -> None:
    """Run ``work(number)`` in ``clients`` threads released at one moment."""
    barrier = threading.Barrier(clients)

    def run(number: int) -> None:
        barrier.wait(timeout=30)
        work(number)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


# ---------------------------------------------------------------- PostgreSQL


def postgres_restart(stack: Stack, people: People, *, clients: int = 10) -> Outcome:
    """Ten clients read a case while PostgreSQL stops (fast shutdown) and
    starts again; the app (not restarted) must answer again within
    RECOVERY_LIMIT_S, and every request after its first success must succeed.
    A task on the worker shows the worker reconnected too."""
    case = case_for_faults(people, "postgres_restart")
    client = Client(stack, people)
    answers: list[Answer] = []
    lock = threading.Lock()
    stop = threading.Event()

    def read(number: int) -> None:
        while not stop.is_set():
            answer = client.request("GET", f"/cases/{case.pk}/")
            with lock:
                answers.append(answer)
            if answer.status != 200:  # noqa: PLR2004
                time.sleep(0.05)

    threads = [threading.Thread(target=read, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    pids = stack.web_pids()
    connections.close_all()
    down_at = time.monotonic()
    stack.stop_postgres()
    stack.start_postgres_again()
    up_at = time.monotonic()

    def first_success() -> Answer | None:
        with lock:
            after = [a for a in answers if a.started >= up_at and a.status == 200]  # noqa: PLR2004
        return min(after, key=lambda a: a.ended) if after else None

    deadline = up_at + 30
    while first_success() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(2)  # the clients go on: every later request must succeed
    stop.set()
    for thread in threads:
        thread.join(timeout=REQUEST_TIMEOUT + 5)
    recovered = first_success()
    failed = [a for a in answers if a.status != 200]  # noqa: PLR2004
    late_failures = (
        len([a for a in failed if a.started > recovered.ended]) if recovered else 0
    )
    recovery = recovered.ended - up_at if recovered else float("inf")
    same_app = stack.web_pids() == pids
    worker_ok = _worker_runs_a_task()
    ok = (
        recovered is not None
        and recovery <= RECOVERY_LIMIT_S
        and late_failures == 0
        and same_app
        and worker_ok
    )
    return Outcome(
        "postgres_restart",
        {
            "clients": clients,
            "requests": len(answers),
            "failed": len(failed),
            "failed_after_recovery": late_failures,
            "down_s": f"{up_at - down_at:.2f}",
            "recovery_s": f"{recovery:.2f}",
            "app_restarted": "no" if same_app else "yes",
            "worker_recovered": "yes" if worker_ok else "no",
        },
        ok,
    )


def _worker_runs_a_task() -> bool:
    from conduct.tasks import heartbeat

    source = f"faults-{uuid.uuid4().hex[:8]}"
    heartbeat.delay(source=source)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if Heartbeat.objects.filter(source=source).exists():
            return True
        time.sleep(0.3)
    return False


# ---------------------------------------------------------------- If-Match


def _version(answer: Answer) -> int | None:
    match = ETAG_VERSION.match(answer.headers.get("ETag", ""))
    return int(match.group(1)) if match else None


def concurrent_edits(stack: Stack, people: People, *, clients: int = 20) -> Outcome:
    """Twenty clients each set the case's IOPC reference, reading the case
    and sending its ETag in If-Match, re-reading after each 412. Each
    accepted write must have been made from the version it replaced (no two
    from one version, the case's version up by one each), and the audit
    trail must hold one event per accepted write."""
    case = case_for_faults(people, "concurrent_edits")
    client = Client(stack, people)
    start_version = Case.objects.get(pk=case.pk).version
    accepted: list[tuple[int, int]] = []  # (version read, version written)
    counts = {"conflicts": 0, "errors": 0}
    lock = threading.Lock()

    def edit(number: int) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            read = client.request("GET", f"/cases/{case.pk}/")
            base = _version(read)
            if read.status != 200 or base is None:  # noqa: PLR2004
                with lock:
                    counts["errors"] += 1
                return
            written = client.request(
                "POST",
                f"/cases/{case.pk}/iopc-reference/",
                body={"iopc_reference": f"2026/{number:06d}"},
                headers={"If-Match": read.headers["ETag"]},
            )
            with lock:
                if written.status == 200:  # noqa: PLR2004
                    accepted.append((base, _version(written) or -1))
                    return
                if written.status == 412:  # noqa: PLR2004
                    counts["conflicts"] += 1
                    continue
                counts["errors"] += 1
                return

    _together(clients, edit)
    final = Case.objects.get(pk=case.pk)
    events = AuditEvent.objects.filter(
        case_id=case.pk, action=ReferralsAction.CASE_IOPC_REFERENCE_SET
    ).count()
    bases = [base for base, _ in accepted]
    lost = (
        (len(bases) - len(set(bases)))
        + sum(1 for base, new in accepted if new != base + 1)
        + max(0, len(accepted) - (final.version - start_version))
        + abs(events - len(accepted))
    )
    last = max(accepted, key=lambda pair: pair[1], default=None)
    ok = lost == 0 and counts["errors"] == 0 and len(accepted) == clients
    return Outcome(
        "concurrent_edits",
        {
            "clients": clients,
            "succeeded": len(accepted),
            "conflicts": counts["conflicts"],
            "errors": counts["errors"],
            "lost_updates": lost,
            "final_version": final.version,
            "last_write_kept": "yes" if last and final.version == last[1] else "no",
        },
        ok,
    )


# ---------------------------------------------------------------- Idempotency-Key


def keyed_post(stack: Stack, people: People, *, clients: int = 20) -> Outcome:
    """Twenty clients send the same POST /cases/ with one Idempotency-Key at
    once: one case is recorded, and every client is answered 201 with it
    (all but the first by replay)."""
    client = Client(stack, people)
    key = str(uuid.uuid4())
    reference = f"FAULTS/keyed_post/{key[:8]}"
    body = {
        "force": FORCE,
        "reference": reference,
        "trigger": Case.Trigger.INTERNAL_CONDUCT_MATTER,
        "came_to_attention_on": timezone.localdate().isoformat(),
        "summary": "One case, however many times it is sent.",
    }
    answers: list[Answer] = []
    lock = threading.Lock()

    def send(number: int) -> None:
        answer = client.request(
            "POST", "/cases/", body=body, headers={"Idempotency-Key": key}
        )
        with lock:
            answers.append(answer)

    _together(clients, send)
    case_ids = list(
        Case.objects.filter(reference=reference).values_list("pk", flat=True)
    )
    created = len(case_ids)
    events = AuditEvent.objects.filter(
        case_id__in=case_ids, action=ReferralsAction.CASE_CREATED
    ).count()
    answered = [a for a in answers if a.status == 201]  # noqa: PLR2004
    ids = {a.json().get("id") for a in answered}
    replayed = sum(
        1 for a in answered if a.headers.get("Idempotent-Replayed") == "true"
    )
    duplicates = max(0, created - 1) + max(0, events - 1)
    ok = (
        created == 1
        and duplicates == 0
        and len(answered) == clients
        and len(ids) == 1
        and replayed == clients - 1
    )
    return Outcome(
        "keyed_post",
        {
            "clients": clients,
            "created": created,
            "duplicates": duplicates,
            "answered_201": len(answered),
            "replayed": replayed,
        },
        ok,
    )
