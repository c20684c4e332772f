"""Sending barred and advisory list reports to the College of Policing: once,
by email or signed HTTPS POST, every attempt recorded, failed after N attempts
(BL Regs r3, r12; docs/operations.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pghistory.models
import psycopg2
import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from conduct.models import AuditEvent, User
from hearings.models import ListReport, ListReportDelivery
from hearings.services.dispatch import (
    NOT_CONFIGURED_EMAIL,
    ListReportDeliveryError,
    list_report_dispatch,
    list_report_requeue,
)
from hearings.services.documents import list_report_render
from hearings.tasks import dispatch_list_report, dispatch_pending_list_reports
from referrals.models import Deadline
from tests.assertions import one_audit_event
from tests.builders import Build
from tests.processes import current_database_url
from tests.test_frontend import inline_code

COLLEGE_EMAIL = "barred.list@college.example"
SECRET = "a-test-signing-key-of-at-least-32-characters"


# ---------------------------------------------------------------- the reports


@pytest.fixture
def barred(build: Build) -> ListReport:
    """A dismissal without notice for gross misconduct, through the services."""
    return build.barred_report()


@pytest.fixture
def advisory(build: Build) -> ListReport:
    """A retirement while referred to a misconduct hearing (PA96 s88I(1)(a))."""
    referred = build.referred(referred_on=dt.date(2023, 7, 3))
    subject = build.former_officer(
        referred.subject, kind="retired", left_on=dt.date(2023, 7, 31)
    )
    return ListReport.objects.get(subject=subject, kind=ListReport.Kind.ADVISORY)


@pytest.fixture
def college_email(settings: SettingsWrapper) -> str:
    settings.COLLEGE_REPORT_CHANNEL = "email"
    settings.COLLEGE_REPORT_EMAIL = COLLEGE_EMAIL
    return COLLEGE_EMAIL


# ---------------------------------------------- a College endpoint on a socket


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class College:
    """What the local endpoint received, and what it answers: each response
    in turn, the last one repeated."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    responses: list[tuple[int, str]] = field(default_factory=lambda: [(200, "ok")])
    delay: float = 0.0
    hold: threading.Event | None = None
    received: threading.Event = field(default_factory=threading.Event)

    def answer(self) -> tuple[int, str]:
        return self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]


class CollegeHandler(BaseHTTPRequestHandler):
    server: CollegeServer

    def do_POST(self) -> None:
        college = self.server.college
        body = self.rfile.read(int(self.headers["Content-Length"]))
        headers = {key.lower(): value for key, value in self.headers.items()}
        college.requests.append(Received(headers, body))
        college.received.set()
        if college.hold is not None:
            college.hold.wait(10)
        if college.delay:
            time.sleep(college.delay)
        status, text = college.answer()
        payload = text.encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, format: str, *args: Any) -> None:
        return


class CollegeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, college: College) -> None:
        super().__init__(("127.0.0.1", 0), CollegeHandler)
        self.college = college


@pytest.fixture
def college(settings: SettingsWrapper) -> Iterator[College]:
    endpoint = College()
    server = CollegeServer(endpoint)
    host, port = server.server_address[:2]
    endpoint.url = f"http://{host!s}:{port}/list-reports"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.COLLEGE_REPORT_CHANNEL = "https"
    settings.COLLEGE_REPORT_URL = endpoint.url
    settings.COLLEGE_REPORT_HMAC_SECRET = SECRET
    settings.COLLEGE_REPORT_TIMEOUT = 5
    yield endpoint
    if endpoint.hold is not None:
        endpoint.hold.set()
    server.shutdown()
    server.server_close()


def report_deadline(report: ListReport, code: str = "barred_list_report") -> Deadline:
    return Deadline.objects.get(subject=report.subject, rule__code=code)


# ----------------------------------------------------------------- email


@pytest.mark.django_db
def test_it_emails_the_report_once_with_html_text_and_json(
    barred: ListReport, college_email: str
) -> None:
    with one_audit_event():
        sent = list_report_dispatch(report_id=barred.pk)
    assert sent.status == ListReport.Status.SENT
    assert sent.channel == "email"
    assert sent.sent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [college_email]
    assert message.subject.startswith("Police Barred List report: ")
    assert "POLICE BARRED LIST REPORT" in str(message.body)
    assert message.extra_headers["X-Conduct-Report-Key"] == str(barred.idempotency_key)
    assert str(barred.idempotency_key) in message.extra_headers["Message-ID"]
    assert isinstance(message, EmailMultiAlternatives)
    html, mimetype = message.alternatives[0]
    assert isinstance(html, str)
    assert mimetype == "text/html"
    assert '<h1 class="report__title">Police Barred List report</h1>' in html
    _name, attached, attached_type = message.attachments[0]
    assert attached_type == "application/json"
    assert json.loads(attached)["content"] == barred.content
    event = AuditEvent.objects.filter(object_id=str(barred.pk)).latest("id")
    assert (event.action, event.actor_id) == ("list_report.sent", None)
    (delivery,) = ListReportDelivery.objects.filter(report=barred)
    assert delivery.outcome == "sent"


@pytest.mark.django_db
def test_sending_meets_the_barred_list_report_deadline(
    barred: ListReport, college_email: str
) -> None:
    assert report_deadline(barred).status == Deadline.Status.OPEN
    list_report_dispatch(report_id=barred.pk)
    deadline = report_deadline(barred)
    assert deadline.status == Deadline.Status.MET
    assert deadline.met_on == timezone.localdate()


@pytest.mark.django_db
def test_sending_meets_the_advisory_list_report_deadline(
    advisory: ListReport, college_email: str
) -> None:
    list_report_dispatch(report_id=advisory.pk)
    deadline = report_deadline(advisory, "advisory_list_report")
    assert deadline.status == Deadline.Status.MET


@pytest.mark.django_db
def test_the_task_run_twice_sends_one_email(
    barred: ListReport, college_email: str
) -> None:
    assert dispatch_list_report.delay(barred.pk).get() == "sent"
    assert dispatch_list_report.delay(barred.pk).get() == "sent"
    assert len(mail.outbox) == 1
    assert ListReportDelivery.objects.filter(report=barred).count() == 1
    assert (
        AuditEvent.objects.filter(
            object_id=str(barred.pk), action__startswith="list_report."
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_creating_a_report_queues_its_dispatch_on_commit(
    build: Build, college_email: str, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = build.barred_report()
    report.refresh_from_db()
    assert report.status == ListReport.Status.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_without_a_college_address_the_report_waits_with_the_reason(
    barred: ListReport, settings: SettingsWrapper
) -> None:
    settings.COLLEGE_REPORT_CHANNEL = "email"
    settings.COLLEGE_REPORT_EMAIL = ""
    report = list_report_dispatch(report_id=barred.pk)
    assert report.status == ListReport.Status.PENDING
    assert report.last_error == NOT_CONFIGURED_EMAIL
    assert report.attempts == 0
    assert mail.outbox == []
    (delivery,) = ListReportDelivery.objects.filter(report=barred)
    assert delivery.outcome == "not_configured"


@pytest.mark.django_db
def test_the_beat_requeues_pending_reports_only(
    barred: ListReport, advisory: ListReport, college_email: str
) -> None:
    list_report_dispatch(report_id=advisory.pk)
    assert dispatch_pending_list_reports.delay().get() == 1
    barred.refresh_from_db()
    assert barred.status == ListReport.Status.SENT
    assert len(mail.outbox) == 2
    assert dispatch_pending_list_reports.delay().get() == 0


@pytest.mark.django_db
def test_a_report_edited_since_is_refused_and_can_be_requeued_once_fixed(
    barred: ListReport, college_email: str, supervisor: User
) -> None:
    content = dict(barred.content)
    date_of_birth = content.pop("date_of_birth")
    ListReport.objects.filter(pk=barred.pk).update(content=content)
    report = list_report_dispatch(report_id=barred.pk)
    assert report.status == ListReport.Status.FAILED
    assert "date of birth missing" in report.last_error
    assert mail.outbox == []
    (delivery,) = ListReportDelivery.objects.filter(report=barred)
    assert delivery.outcome == "invalid"
    ListReport.objects.filter(pk=barred.pk).update(
        content={**content, "date_of_birth": date_of_birth}
    )
    with one_audit_event():
        list_report_requeue(
            actor=supervisor, report=report, reason="Date of birth restored."
        )
    report = list_report_dispatch(report_id=barred.pk)
    assert report.status == ListReport.Status.SENT
    assert len(mail.outbox) == 1


# ----------------------------------------------------------------- HTTPS


@pytest.mark.django_db
def test_it_posts_the_signed_json_with_the_idempotency_key(
    barred: ListReport, college: College
) -> None:
    college.responses = [(201, '{"received": true}')]
    before = int(time.time())
    report = list_report_dispatch(report_id=barred.pk)
    assert report.status == ListReport.Status.SENT
    assert (report.channel, report.response_status) == ("https", 201)
    assert report.response_excerpt == '{"received": true}'
    (request,) = college.requests
    assert request.headers["content-type"] == "application/json"
    assert request.headers["idempotency-key"] == str(barred.idempotency_key)
    expected = hmac.new(SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert request.headers["x-signature"] == f"sha256={expected}"
    assert before <= int(request.headers["x-timestamp"]) <= int(time.time())
    payload = json.loads(request.body)
    assert payload["content"] == barred.content
    assert payload["report"]["idempotency_key"] == str(barred.idempotency_key)
    assert payload["report"]["kind"] == "barred"
    assert report_deadline(barred).status == Deadline.Status.MET


@pytest.mark.django_db
def test_a_server_error_is_recorded_and_the_report_stays_pending(
    barred: ListReport, college: College
) -> None:
    college.responses = [(500, "database unavailable")]
    with pytest.raises(ListReportDeliveryError, match="HTTP 500"):
        list_report_dispatch(report_id=barred.pk)
    report = ListReport.objects.get(pk=barred.pk)
    assert report.status == ListReport.Status.PENDING
    assert (report.attempts, report.response_status) == (1, 500)
    assert report.response_excerpt == "database unavailable"
    (delivery,) = ListReportDelivery.objects.filter(report=barred)
    assert (delivery.outcome, delivery.response_status) == ("failed", 500)
    assert AuditEvent.objects.filter(
        object_id=str(barred.pk), action="list_report.delivery_failed"
    ).exists()
    assert report_deadline(barred).status == Deadline.Status.OPEN


@pytest.mark.django_db
def test_a_timeout_is_recorded_and_the_report_stays_pending(
    barred: ListReport, college: College, settings: SettingsWrapper
) -> None:
    settings.COLLEGE_REPORT_TIMEOUT = 1
    college.delay = 2.5
    with pytest.raises(ListReportDeliveryError, match="timed out"):
        list_report_dispatch(report_id=barred.pk)
    report = ListReport.objects.get(pk=barred.pk)
    assert report.status == ListReport.Status.PENDING
    assert report.attempts == 1
    assert report.response_status is None
    (delivery,) = ListReportDelivery.objects.filter(report=barred)
    assert delivery.outcome == "failed"
    assert "timed out" in delivery.error


@pytest.mark.django_db
def test_a_retry_after_a_failure_carries_the_same_idempotency_key(
    barred: ListReport, college: College
) -> None:
    college.responses = [(503, "busy"), (200, "ok")]
    with pytest.raises(ListReportDeliveryError):
        list_report_dispatch(report_id=barred.pk)
    report = list_report_dispatch(report_id=barred.pk)
    assert report.status == ListReport.Status.SENT
    keys = [request.headers["idempotency-key"] for request in college.requests]
    assert keys == [str(barred.idempotency_key)] * 2
    assert [d.outcome for d in ListReportDelivery.objects.filter(report=barred)] == [
        "failed",
        "sent",
    ]


@pytest.mark.django_db
def test_it_fails_after_the_maximum_attempts(
    barred: ListReport, college: College, settings: SettingsWrapper
) -> None:
    settings.COLLEGE_REPORT_MAX_ATTEMPTS = 3
    college.responses = [(503, "busy")]
    for _ in range(2):
        with pytest.raises(ListReportDeliveryError):
            list_report_dispatch(report_id=barred.pk)
    report = list_report_dispatch(report_id=barred.pk)  # the third gives up
    assert report.status == ListReport.Status.FAILED
    assert report.attempts == 3
    assert list_report_dispatch(report_id=barred.pk).status == "failed"
    assert len(college.requests) == 3
    assert ListReportDelivery.objects.filter(report=barred).count() == 3


@pytest.mark.django_db
def test_the_task_asks_for_retries_with_backoff_until_the_report_fails(
    barred: ListReport, college: College, settings: SettingsWrapper
) -> None:
    settings.COLLEGE_REPORT_MAX_ATTEMPTS = 3
    college.responses = [(502, "bad gateway")]
    # Eager tasks surface the retry they would schedule instead of waiting.
    for _ in range(2):
        with pytest.raises(Retry) as retry:
            dispatch_list_report.delay(barred.pk)
        assert isinstance(retry.value.exc, ListReportDeliveryError)
        assert retry.value.when is not None
    assert dispatch_list_report.delay(barred.pk).get() == "failed"
    assert len(college.requests) == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_concurrent_dispatch_skips_the_report_being_sent(
    build: Build, college: College
) -> None:
    # Created while the endpoint is unconfigured: the dispatch queued on
    # commit only records that.
    college.hold = threading.Event()
    from django.conf import settings

    url, settings.COLLEGE_REPORT_URL = settings.COLLEGE_REPORT_URL, ""
    report = build.barred_report()
    settings.COLLEGE_REPORT_URL = url
    results: list[str] = []

    def first() -> None:
        try:
            results.append(list_report_dispatch(report_id=report.pk).status)
        finally:
            connection.close()

    worker = threading.Thread(target=first)
    worker.start()
    assert college.received.wait(10)
    # The first worker holds the row while the College is answering.
    second = list_report_dispatch(report_id=report.pk)
    assert second.status == ListReport.Status.PENDING
    college.hold.set()
    worker.join(10)
    assert results == ["sent"]
    assert len(college.requests) == 1
    assert list_report_dispatch(report_id=report.pk).status == "sent"
    assert len(college.requests) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nothing_is_sent_while_the_clock_it_meets_is_locked(
    build: Build, settings: SettingsWrapper
) -> None:
    """The clock sending meets is locked before the report goes: a worker
    that waits for it (the daily sweep holds the clocks it marks missed) and
    is killed meanwhile has sent nothing, so its successor sends the report
    once (make faults, worker_kill)."""
    settings.COLLEGE_REPORT_EMAIL = ""  # created pending, not sent on commit
    report = build.barred_report()
    settings.COLLEGE_REPORT_EMAIL = COLLEGE_EMAIL
    clock = report_deadline(report)
    sweep = psycopg2.connect(current_database_url())
    with sweep.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM referrals_deadline WHERE id = %s FOR UPDATE", [clock.pk]
        )
    results: list[str] = []

    def send() -> None:
        try:
            results.append(list_report_dispatch(report_id=report.pk).status)
        finally:
            connection.close()

    worker = threading.Thread(target=send)
    worker.start()
    try:
        time.sleep(1)
        assert worker.is_alive()  # waiting for the clock
        assert mail.outbox == []
    finally:
        sweep.rollback()
        sweep.close()
        worker.join(10)
    assert results == ["sent"]
    assert len(mail.outbox) == 1
    assert report_deadline(report).status == Deadline.Status.MET


# ------------------------------------------------------------------ rendering


@pytest.mark.django_db
def test_the_barred_list_report_carries_every_r3_2_field(barred: ListReport) -> None:
    rendered = list_report_render(barred)
    person = barred.person
    for document in (rendered.html, rendered.text):
        for expected in (
            person.full_name,  # full name
            "Northamptonshire Police",  # force
            "14 March 1985",  # date of birth
            "Police officer (serving)",  # status
            "Police Constable",  # rank
            "1234",  # warrant number
            f"Allegation 1 against {person}",  # description of the conduct
            "1. Honesty and Integrity",  # Standards breached
            "4 September 2023",  # date of the dismissal
            "Previous advisory list report",  # any prior advisory report
        ):
            assert expected in document, expected
    assert inline_code(rendered.html) == []
    assert rendered.html.startswith("<!DOCTYPE html>")
    assert rendered.subject == (
        f"Police Barred List report: {person.full_name} (Northamptonshire Police)"
    )
    assert json.loads(rendered.json)["content"] == barred.content


@pytest.mark.django_db
def test_the_advisory_list_report_carries_every_r12_2_field(
    advisory: ListReport,
) -> None:
    rendered = list_report_render(advisory)
    for document in (rendered.html, rendered.text):
        for expected in (
            advisory.person.full_name,  # name
            "Northamptonshire Police",  # force
            "14 March 1985",  # date of birth
            "Former police officer",  # status
            "Police Constable",  # rank
            "1234",  # identifying number
            "31 July 2023",  # date of the event and date ceased
            f"Allegation 1 against {advisory.person}",  # summary of the allegation
            "Misconduct hearing",  # form of proceedings
            "Retired",  # resigned or retired
        ):
            assert expected in document, expected
    assert inline_code(rendered.html) == []


@pytest.mark.django_db
def test_the_rows_a_task_changes_name_the_task_in_their_history(
    barred: ListReport, college_email: str
) -> None:
    report = barred
    dispatch_list_report.apply(args=(report.pk,), task_id="task-under-test")
    report.refresh_from_db()
    assert report.status == ListReport.Status.SENT
    events = pghistory.models.Events.objects.filter(
        pgh_obj_model="hearings.ListReport", pgh_obj_id=str(report.pk)
    )
    contexts = [event.pgh_context for event in events]
    # Created by a service call in the test (no context), sent by the task.
    assert None in contexts
    assert {
        "task": "hearings.tasks.dispatch_list_report",
        "task_id": "task-under-test",
    } in contexts
