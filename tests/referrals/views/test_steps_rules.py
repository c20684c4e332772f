"""The rules around the step forms: only steps valid now are offered (from
the transition tables), a stale form is refused with the case's current
state, outsiders get 404 on every step, recording a case, the GOV.UK date
wording, and the case page's Actions at a flat query count."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from conduct.exceptions import ApplicationError
from conduct.models import AuditEvent, Force, User
from referrals.forms import CaseCreateForm, NoticeServeForm
from referrals.models import Case, Charge, Deadline, Subject, Suspension
from referrals.services import cases, criminal, determinations
from referrals.steps import KIND_CASE, KIND_SUBJECT, offered, offered_steps, registry
from tests.builders import MISCONDUCT, Build
from tests.pages import Pages
from tests.referrals.views.helpers import (
    REFERRALS_KINDS,
    STEP_LINK,
    VERSION,
    case_pages_by_rows,
    day,
    follows_the_table,
)
from tests.rows import parametrize_rows

pytestmark = pytest.mark.django_db

ALL_STEPS = [
    (kind, step.slug) for kind in REFERRALS_KINDS for step in registry.steps(kind)
]


def slugs(target: Any, user: User) -> set[str]:
    kind = registry.kind_of(target)
    assert kind is not None
    return {step.slug for step in offered_steps(target, user, kind.case_of(target))}


# ------------------------------------------------- only valid steps offered


def test_a_subject_is_offered_only_what_its_status_allows(
    build: Build, supervisor: User
) -> None:
    subject = build.assessed()
    recorded = slugs(subject, supervisor)
    assert {"add-allegation", "reflective-practice", "no-further-action"} <= recorded
    assert not {"determine", "serve-notice", "management-action"} & recorded

    subject = build.investigating(subject)
    investigating = slugs(subject, supervisor)
    assert {"add-allegation", "serve-notice", "schedule-interview"} <= investigating
    assert not {"determine", "no-further-action", "reflective-practice"} & (
        investigating
    )

    reported = build.reported(subject, opinion=MISCONDUCT)
    assert "determine" in slugs(reported, supervisor)
    assert not {"add-allegation", "serve-notice"} & slugs(reported, supervisor)

    answering = build.case_to_answer(reported, results=(MISCONDUCT,))
    offered_now = slugs(answering, supervisor)
    # CASE_TO_ANSWER allows proceedings, management action and RPRP only.
    assert {"management-action", "reflective-practice"} <= offered_now
    assert not {"no-further-action", "determine"} & offered_now

    determinations.subject_reflective_practice(
        actor=supervisor,
        subject=answering,
        decided_on=dt.date(2024, 4, 2),
        rationale="Learning, not blame.",
    )
    final = Subject.objects.select_related("case", "person").get(pk=subject.pk)
    assert not any(
        step.transitions for step in offered_steps(final, supervisor, final.case)
    )


def test_the_role_decides_who_is_offered_a_decision(
    build: Build, caseworker: User, manager: User, supervisor: User
) -> None:
    subject = build.reported()
    assert "determine" in slugs(subject, supervisor)
    assert "determine" not in slugs(subject, caseworker)
    assert slugs(subject, manager) == set()


def test_a_closed_case_offers_only_reopening(build: Build, caseworker: User) -> None:
    case = build.closed()
    full = registry.kind(KIND_CASE).get(caseworker, case.pk)
    assert slugs(full, caseworker) == {"reopen"}


def test_a_paused_deadline_can_be_cancelled_not_extended(
    build: Build, supervisor: User
) -> None:
    deadline = build.deadline()
    assert {"extend", "cancel"} <= slugs(deadline, supervisor)
    Deadline.objects.filter(pk=deadline.pk).update(
        status=Deadline.Status.PAUSED, paused_on=dt.date(2024, 3, 13)
    )
    deadline.refresh_from_db()
    # PAUSED allows OPEN or CANCELLED: never EXTENDED.
    assert slugs(deadline, supervisor) == {"cancel"}


def test_criminal_proceedings_follow_their_table(
    build: Build, caseworker: User
) -> None:
    charge = build.charge_decided(plea="not_guilty", verdict="acquitted")
    proceedings = charge.proceedings
    assert {"charge", "conclude", "discontinue"} <= slugs(proceedings, caseworker)
    assert "release" not in slugs(proceedings, caseworker)  # only before charge
    assert slugs(charge, caseworker) == set()  # decided: no plea, no verdict
    criminal.criminal_proceedings_conclude(
        actor=caseworker, proceedings=proceedings, concluded_on=dt.date(2024, 6, 1)
    )
    proceedings.refresh_from_db()
    assert slugs(proceedings, caseworker) == set()


def test_every_step_the_case_page_offers_follows_the_transition_table(
    client: Client, build: Build, supervisor: User
) -> None:
    """Walk a case through its states; at each, every link the page shows is
    a step the transition table allows from the object's current status."""
    subject = build.investigating()
    case = subject.case

    def fresh() -> Subject:
        return Subject.objects.select_related("case").get(pk=subject.pk)

    walk: list[Callable[[], object]] = [
        lambda: None,  # under investigation
        lambda: build.reported(fresh(), opinion=MISCONDUCT),
        lambda: build.case_to_answer(fresh(), results=(MISCONDUCT,)),
        lambda: determinations.subject_reflective_practice(
            actor=supervisor,
            subject=fresh(),
            decided_on=dt.date(2024, 4, 2),
            rationale="Learning, not blame.",
        ),
    ]
    client.force_login(supervisor)
    seen: set[tuple[str, str]] = set()
    for advance in walk:
        advance()
        content = client.get(f"/cases/{case.pk}/").content.decode()
        links = STEP_LINK.findall(content)
        assert links
        for kind, pk, slug in links:
            step = registry.step(kind, slug)
            assert step is not None
            target_kind = registry.kind(kind)
            target = target_kind.get(supervisor, int(pk))
            assert follows_the_table(step, target), (kind, slug)
            assert offered(step, target, supervisor, target_kind.case_of(target))
            seen.add((kind, slug))
    assert {
        ("subject", "serve-notice"),
        ("case", "submit-report"),
        ("subject", "determine"),
        ("subject", "reflective-practice"),
    } <= seen
    assert fresh().status == Subject.Status.REFLECTIVE_PRACTICE


def test_the_invariant_check_can_fail(build: Build) -> None:
    subject = build.assessed()
    determine = registry.step(KIND_SUBJECT, "determine")
    assert determine is not None
    assert not follows_the_table(determine, subject)


# ------------------------------------------------------------ stale forms


def test_a_stale_form_is_refused_with_the_current_state_and_the_input_kept(
    client: Client, build: Build, caseworker: User
) -> None:
    subject = build.investigating()
    path = f"/steps/subject/{subject.pk}/serve-notice/"
    client.force_login(caseworker)
    opened = VERSION.search(client.get(path).content.decode())
    assert opened is not None
    # Someone else changes the case after the form was opened.
    cases.case_party_add(
        actor=caseworker, case=subject.case, kind="complainant", name="Alex Doe"
    )
    now = Case.objects.get(pk=subject.case_id).version

    data = {
        "version": opened.group(1),
        **day(dt.date(2024, 3, 12), "served_on"),
        "content": "Typed before the change.",
    }
    response = client.post(path, data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "This case has changed since you opened it" in content
    assert 'id="current-state"' in content
    assert "Complainant or interested person added" in content  # latest change
    assert "Typed before the change." in content
    assert 'value="12"' in content
    assert f'name="version" value="{now}"' in content
    assert not subject.notices.exists()
    assert not AuditEvent.objects.filter(action="notice.served").exists()

    # A second look, sent at the current version, goes through.
    response = client.post(path, {**data, "version": str(now)})
    assert response.status_code == 302
    assert subject.notices.count() == 1


def test_a_step_no_longer_valid_is_refused_on_the_form(
    client: Client, build: Build, supervisor: User
) -> None:
    subject = build.assessed()
    version = Case.objects.get(pk=subject.case_id).version
    client.force_login(supervisor)
    response = client.post(
        f"/steps/subject/{subject.pk}/determine/",
        {
            "version": str(version),
            "body": "appropriate_authority",
            **day(dt.date(2024, 4, 1), "decided_on"),
            f"result_{subject.allegations.get().pk}": "no_case_to_answer",
            "rationale": "Typed anyway.",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Decide case to answer is not available now" in content
    assert "Typed anyway." in content
    assert not AuditEvent.objects.filter(action="subject.determined").exists()


def test_opening_a_step_not_valid_now_goes_back_to_the_case(
    client: Client, build: Build, manager: User
) -> None:
    subject = build.assessed()
    client.force_login(manager)
    response = client.get(f"/steps/subject/{subject.pk}/add-allegation/", follow=True)
    assert response.redirect_chain[-1][0] == f"/cases/{subject.case_id}/#subjects"
    assert "Add an allegation is not available now" in response.content.decode()


# ------------------------------------------------------------------ scope


def equip(build: Build, subject: Subject) -> tuple[Suspension, Charge]:
    """A suspension, and criminal proceedings with one charge, for ``subject``."""
    suspension = build.suspension(subject)
    charge = build.charged(build.criminal_proceedings(subject, arrested=False))
    return suspension, charge


@pytest.fixture
def targets(build: Build) -> dict[str, Any]:
    """One object of every referrals kind, on one Northamptonshire case."""
    interview = build.interview()
    subject = interview.subject
    suspension, charge = equip(build, subject)
    proceedings = charge.proceedings
    return {
        "case": subject.case,
        "subject": subject,
        "allegation": subject.allegations.get(),
        "notice": subject.notices.get(),
        "interview": interview,
        "suspension": suspension,
        "deadline": Deadline.objects.filter(case=subject.case).first(),
        "criminal-proceedings": proceedings,
        "charge": charge,
    }


@pytest.mark.parametrize(("kind", "slug"), ALL_STEPS)
def test_an_outsider_gets_404_on_every_step(
    client: Client, outsider: User, targets: dict[str, Any], kind: str, slug: str
) -> None:
    target = targets[kind]
    path = f"/steps/{kind}/{target.pk}/{slug}/"
    client.force_login(outsider)
    assert client.get(path).status_code == 404
    before = AuditEvent.objects.count()
    assert client.post(path, {"version": "1"}).status_code == 404
    assert AuditEvent.objects.count() == before


def test_the_scope_test_has_a_target_of_every_referrals_kind(
    targets: dict[str, Any],
) -> None:
    """Each target is of the kind it stands for. That these kinds and the
    hearings scope test's are every registered kind is checked in
    tests/hearings/views/test_steps_rules.py."""
    assert set(targets) == set(REFERRALS_KINDS)
    for kind, target in targets.items():
        assert registry.kind_of(target) is registry.kind(kind)


def test_an_unknown_step_or_kind_is_a_404(
    client: Client, build: Build, caseworker: User
) -> None:
    case = build.case()
    client.force_login(caseworker)
    assert client.get(f"/steps/case/{case.pk}/no-such-step/").status_code == 404
    assert client.get(f"/steps/planet/{case.pk}/close/").status_code == 404
    assert client.get("/steps/case/999999/close/").status_code == 404


def test_a_step_needs_a_login(pages: Pages, build: Build) -> None:
    case = build.case()
    pages.asks_to_log_in(f"/steps/case/{case.pk}/close/")


# ---------------------------------------------------------- recording a case


def create_data(**changes: str) -> dict[str, str]:
    return {
        "reference": "NH/NEW/1",
        "trigger": "public_complaint",
        **day(dt.date(2024, 3, 4), "came_to_attention_on"),
        **day(dt.date(2024, 3, 1), "complaint_made_on"),
        "summary": "A complaint about a stop and search.",
        **changes,
    }


def test_a_caseworker_records_a_case_from_the_case_list(
    client: Client, caseworker: User, northamptonshire: Force
) -> None:
    client.force_login(caseworker)
    assert 'href="/cases/new/"' in client.get("/cases/").content.decode()
    form = client.get("/cases/new/").content.decode()
    assert f'value="{northamptonshire.pk}" selected' in form

    response = client.post(
        "/cases/new/", create_data(force=str(northamptonshire.pk)), follow=True
    )

    case = Case.objects.get(reference="NH/NEW/1")
    assert response.redirect_chain[-1][0] == f"/cases/{case.pk}/"
    assert case.regime == "2020" and case.created_by == caseworker
    assert AuditEvent.objects.filter(case_id=case.pk, action="case.created").exists()
    assert "Case NH/NEW/1 recorded." in response.content.decode()


def test_a_case_the_service_refuses_keeps_what_was_typed(
    client: Client, build: Build, caseworker: User, northamptonshire: Force
) -> None:
    taken = build.case().reference
    client.force_login(caseworker)
    before = Case.objects.count()
    response = client.post(
        "/cases/new/",
        create_data(force=str(northamptonshire.pk), reference=taken),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert f"already has a case with reference {taken}" in content
    assert '<a href="#id_reference">' in content  # on the field, in the summary
    assert "A complaint about a stop and search." in content
    assert Case.objects.count() == before


def test_only_psd_staff_may_record_cases(
    client: Client, iopc_investigator: User
) -> None:
    client.force_login(iopc_investigator)
    assert 'href="/cases/new/"' not in client.get("/cases/").content.decode()
    response = client.get("/cases/new/", follow=True)
    assert response.redirect_chain[-1][0] == "/cases/"
    assert "Your role cannot record cases." in response.content.decode()


# ------------------------------------------------------ GOV.UK date wording


@dataclass(frozen=True)
class DateTyped:
    """The day, month and year boxes as typed, the error, and the boxes it marks."""

    parts: tuple[str, str, str]
    message: str
    highlighted: set[str]


@parametrize_rows(
    [
        DateTyped(
            parts=("", "", ""),
            message="Enter the date the notice was served",
            highlighted={"day", "month", "year"},
        ),
        DateTyped(
            parts=("12", "", ""),
            message="must include a month and year",
            highlighted={"month", "year"},
        ),
        DateTyped(
            parts=("", "3", "2024"), message="must include a day", highlighted={"day"}
        ),
        DateTyped(
            parts=("31", "2", "2024"),
            message="The date the notice was served must be a real date",
            highlighted={"day", "month", "year"},
        ),
        DateTyped(
            parts=("1", "x", "2024"),
            message="must be a real date",
            highlighted={"day", "month", "year"},
        ),
        DateTyped(
            parts=("1", "3", "24"),
            message="Year must include 4 numbers",
            highlighted={"day", "month", "year"},
        ),
    ]
)
def test_dates_get_the_govuk_error_wording(
    build: Build,
    caseworker: User,
    parts: tuple[str, str, str],
    message: str,
    highlighted: set[str],
) -> None:
    subject = build.investigating()
    data = dict(
        zip(("served_on_day", "served_on_month", "served_on_year"), parts, strict=True)
    )
    form = NoticeServeForm(
        {**data, "version": "1", "content": "x"}, target=subject, user=caseworker
    )
    assert not form.is_valid()
    assert message in form.errors["served_on"][0]
    row = next(row for row in form.rows() if row.name == "served_on")
    assert {part.name.rsplit("_", 1)[1] for part in row.parts if part.error} == (
        highlighted
    )
    assert [part.value for part in row.parts] == list(parts)


@pytest.mark.parametrize(
    ("parts", "target"),
    [
        (("4", "", "2024"), "id_came_to_attention_on_month"),
        (("", "3", ""), "id_came_to_attention_on_day"),
        (("31", "2", "2024"), "id_came_to_attention_on_day"),
    ],
)
def test_the_summary_links_a_date_to_its_first_box_in_error(
    client: Client,
    caseworker: User,
    northamptonshire: Force,
    parts: tuple[str, str, str],
    target: str,
) -> None:
    client.force_login(caseworker)
    boxes = ("day", "month", "year")
    data = create_data(
        force=str(northamptonshire.pk),
        **{
            f"came_to_attention_on_{box}": part
            for box, part in zip(boxes, parts, strict=True)
        },
    )
    content = client.post("/cases/new/", data).content.decode()
    summary = content[content.index('class="govuk-error-summary"') :]
    assert f'<li><a href="#{target}">' in summary[: summary.index("</ul>")]
    # The label, hint and error ids stay those of the day box.
    assert 'id="id_came_to_attention_on_day-error"' in content


def test_a_service_refusal_lands_on_its_field(caseworker: User) -> None:
    form = CaseCreateForm({}, user=caseworker)
    form.is_valid()
    form.add_service_error(ApplicationError("Taken.", rule="case.reference_unique"))
    form.add_service_error(ApplicationError("Something else.", rule="other"))
    assert "Taken." in form.errors["reference"]
    assert form.non_field_errors() == ["Something else."]


# --------------------------------------------------------- the case page


def grow(build: Build, rows: int) -> Case:
    """A case under investigation with ``rows`` subjects, each with a notice,
    an interview to record and a suspension, and a charge per subject."""
    case = build.case()
    subjects = [build.assessed(case=case) for _ in range(rows)]
    build.investigating(subjects[0])
    for subject in subjects:
        build.interview(build.noticed(subject))
        equip(build, subject)
    return case


def test_the_case_page_lists_each_objects_actions_at_a_flat_query_count(
    client: Client, build: Build, caseworker: User
) -> None:
    client.force_login(caseworker)
    grown = functools.partial(grow, build)
    for rows, found, content in case_pages_by_rows(client, grown, (2, 6)):
        assert {
            ("case", "add-subject"),
            ("subject", "serve-notice"),
            ("allegation", "assess-severity"),
            ("notice", "record-response"),
            ("interview", "record-interview"),
            ("suspension", "end"),
            ("deadline", "extend"),
            ("criminal-proceedings", "charge"),
            ("charge", "plea"),
        } <= found
        assert content.count("/record-response/") == rows


def test_a_manager_sees_the_case_without_actions(pages: Pages, build: Build) -> None:
    subject = build.investigating()
    content = pages.html(f"/cases/{subject.case_id}/", as_="manager")
    assert subject.person.full_name in content
    assert "/steps/" not in content


def test_the_step_pages_carry_no_inline_code(
    client: Client, targets: dict[str, Any], supervisor: User
) -> None:
    from tests.test_frontend import inline_code

    client.force_login(supervisor)
    opened: list[tuple[str, str]] = []
    for kind, path in iter_offered_paths(targets, supervisor):
        response = client.get(path)
        assert response.status_code == 200, path
        assert inline_code(response.content.decode()) == [], path
        opened.append((kind, path))
    # Pages of every kind were looked at (27 pages when this was written).
    assert {kind for kind, _ in opened} == set(targets)
    assert len(opened) >= 20


def iter_offered_paths(
    targets: dict[str, Any], user: User
) -> Iterator[tuple[str, str]]:
    """Each step ``user`` is offered on the targets: its kind and its page."""
    for kind, target in targets.items():
        case = registry.kind(kind).case_of(target)
        fresh = registry.kind(kind).get(user, target.pk)
        for step in offered_steps(fresh, user, case):
            yield kind, f"/steps/{kind}/{target.pk}/{step.slug}/"
