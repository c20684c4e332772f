"""Printable documents (templates/documents/): the notice of investigation,
the notice of referral, the outcome letter and the list reports of the
reference cases, what each says under its regulations, the print stylesheet,
and a 404 for anyone who may not see the case."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.templatetags.static import static
from django.test import Client

from conduct.models import User
from hearings.models import ListReport, Outcome, ReferralNotice
from hearings.selectors.case_page import case_list_reports, subject_hearings
from hearings.selectors.documents import case_documents_get
from hearings.services.documents import list_report_render
from referrals.models import Case, Notice
from referrals.selectors.case_page import case_page_get
from referrals.selectors.steps import subject_objects
from tests.pages import Pages
from tests.test_frontend import BUILD, inline_code

pytestmark = pytest.mark.django_db


def notice_of(case: Case) -> Notice:
    notice = Notice.objects.filter(subject__case=case).order_by("id").first()
    assert notice is not None
    return notice


def referral_notice_of(case: Case) -> ReferralNotice:
    notice = (
        ReferralNotice.objects.filter(proceeding__subject__case=case)
        .order_by("id")
        .first()
    )
    assert notice is not None
    return notice


def outcome_of(case: Case) -> Outcome:
    outcome = Outcome.objects.filter(subject__case=case).order_by("id").first()
    assert outcome is not None
    return outcome


def list_report_of(case: Case) -> ListReport:
    report = ListReport.objects.filter(case=case).order_by("id").first()
    assert report is not None
    return report


def document_urls(case: Case) -> list[str]:
    return [
        f"/documents/notices/{notice_of(case).pk}/",
        f"/documents/referral-notices/{referral_notice_of(case).pk}/",
        f"/documents/outcomes/{outcome_of(case).pk}/",
        f"/documents/list-reports/{list_report_of(case).pk}/",
    ]


def listed(html: str, list_id: str) -> list[str]:
    """The items of the list ``list_id`` on the page."""
    items = html[html.index(f'id="{list_id}"') :]
    return re.findall(r"<li>([^<]+)</li>", items[: items.index("</ul>")])


def text_of(html: str) -> str:
    """The article's words on one line, tags and entities dropped."""
    article = html[html.index('<article class="app-document">') :]
    words = re.sub(r"<[^>]+>", " ", article).replace("&#x27;", "'")
    return re.sub(r" ([.,;:)])", r"\1", " ".join(words.split()))


# ---------------------------------------------------------------- who sees


@pytest.mark.parametrize("letter", ["A", "C"])
def test_every_document_is_a_404_for_another_forces_caseworker(
    pages: Pages, reference_cases: dict[str, Case], letter: str
) -> None:
    for url in document_urls(reference_cases[letter]):
        html = pages.html(url, as_="outsider", status=404)
        assert "app-document" not in html, url


def test_every_document_needs_a_login(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    for url in document_urls(reference_cases["C"]):
        pages.asks_to_log_in(url)


def test_the_iopc_reads_the_documents_of_a_referred_case(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    for url in document_urls(reference_cases["C"]):
        pages.get(url, as_="iopc_investigator", status=200)


@pytest.mark.parametrize(
    "path",
    [
        "/documents/notices/999999/",
        "/documents/referral-notices/999999/",
        "/documents/outcomes/999999/",
        "/documents/list-reports/999999/",
    ],
)
def test_a_document_that_does_not_exist_is_a_404(pages: Pages, path: str) -> None:
    pages.get(path, status=404)


# ---------------------------------------------------------------- printing


def test_each_document_links_the_print_stylesheet_and_runs_under_the_policy(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    case = reference_cases["C"]
    for url in document_urls(case):
        html = pages.html(url)
        link = (
            f'<link rel="stylesheet" href="{static("build/print.css")}" media="print">'
        )
        assert link in html, url
        assert inline_code(html) == [], url
        assert html.count('class="app-document__marking"') == 2, url
        assert f'href="/cases/{case.pk}/#generated-documents"' in html, url


def test_the_print_stylesheet_hides_the_service_and_prints_no_addresses() -> None:
    css = (BUILD / "print.css").read_text()
    hidden = css[: css.index("{display:none !important}")]
    for selector in (
        ".govuk-template__header",
        ".govuk-service-navigation",
        ".moj-identity-bar",
        ".govuk-footer",
        ".govuk-back-link",
        ".app-no-print",
    ):
        assert selector in hidden, selector
    assert "color:#000 !important" in css
    assert re.search(r"a::after[^{]*\{content:none !important\}", css)
    assert "break-inside:avoid" in css
    assert "@font-face" not in css


def test_the_print_stylesheet_is_served(client: Client) -> None:
    response = client.get(static("build/print.css"))
    assert response.status_code == 200
    assert "text/css" in response["Content-Type"]
    if hasattr(response, "close"):
        response.close()


# ---------------------------------------------------------------- the notices


def test_the_2012_notice_follows_the_complaints_regulations(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    notice = notice_of(reference_cases["C"])
    text = text_of(pages.html(f"/documents/notices/{notice.pk}/"))
    # Case C is a 2012 complaint (Schedule 3): a "Regulation 16 notice".
    assert "Regulation 16 notice Written notice of investigation" in text
    assert (
        "Given under regulation 16 of the Police (Complaints and Misconduct) "
        "Regulations 2012." in text
    )
    assert f"To {notice.subject.person.full_name}" in text
    assert "NH/C/2016/1114 (IOPC reference 2016/077885)" in text
    assert "The Independent Office for Police Conduct (IOPC) is investigating it." in (
        text
    )
    assert "Did not look at the download from the suspect's phone." in text
    assert "6. Duties and Responsibilities" in text
    assert "would amount to gross misconduct" in text
    assert "so serious that dismissal would be justified" in text
    assert "The handling of the crime report" in text  # terms of reference
    assert "staff association" in text
    assert "police friend" in text
    assert "You may take legal advice at any stage." in text
    assert "(regulation 18 of the Police (Complaints and Misconduct) Regulations" in (
        text
    )
    # 10 working days from 12 December 2016, over Christmas (PCR r18 model).
    assert "within 10 working days" in text
    assert "by Wednesday 28 December 2016" in text
    assert "it may harm your case if you do not mention" in text
    assert "(regulation 19 of the Police (Complaints and Misconduct)" in text
    assert "may be referred to misconduct proceedings" in text
    assert "Police Barred List" in text
    # Served in 2016, before the former-officer rules (15 December 2017).
    assert "Police Advisory List" not in text
    assert "I have received this notice." in text


def test_the_2020_notice_is_a_regulation_17_notice(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    notice = notice_of(reference_cases["A"])
    text = text_of(pages.html(f"/documents/notices/{notice.pk}/"))
    assert "Regulation 17 notice Written notice of investigation" in text
    assert "regulation 17 of the Police (Conduct) Regulations 2020" in text
    # A recordable conduct matter: the CMR's special procedure applies too.
    assert (
        "and regulation 17 of the Police (Complaints and Misconduct) Regulations "
        "2020" in text
    )
    assert "(regulation 7 of the Police (Conduct) Regulations 2020)" in text
    assert "(regulation 18 of the Police (Conduct) Regulations 2020)" in text
    assert "(regulation 20 of the Police (Conduct) Regulations 2020)" in text
    assert "within 5 working days after the day fixed" in text
    assert "Police Advisory List" in text


def test_the_notice_of_referral_to_an_accelerated_hearing(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    notice = referral_notice_of(reference_cases["A"])
    html = pages.html(f"/documents/referral-notices/{notice.pk}/")
    text = text_of(html)
    assert "Regulation 51 notice Notice of referral to an accelerated misconduct" in (
        text
    )
    assert "regulation 51 of the Police (Conduct) Regulations 2020" in text
    assert "the special conditions are met" in text
    assert "(regulation 49(2))" in text
    assert "not less than 10 and not more than 15 working days" in text
    assert "(regulation 52)" in text
    assert "It was held on Thursday 13 October 2022." in text
    assert "whether or not you accept that your conduct amounts to gross" in text
    assert "harm test (regulation 6)" in text
    # PCR r42 for a former officer (he resigned before the hearing): only a
    # finding that he would, or would not, have been dismissed.
    assert listed(html, "outcomes-if-proved") == [
        "Would not have been dismissed",
        "Would have been dismissed",
    ]
    # The response period of r51 is not verified: flagged on screen only.
    warning = html[: html.index('<article class="app-document">')]
    assert "Check local policy before you serve this" in warning
    assert 'class="app-no-print"' in warning


def test_the_notice_of_referral_to_a_hearing_under_2012_rules(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    notice = referral_notice_of(reference_cases["C"])
    text = text_of(pages.html(f"/documents/referral-notices/{notice.pk}/"))
    assert "Notice of referral to a misconduct hearing" in text
    assert "Given under the Police (Conduct) Regulations 2012." in text
    assert "Case to answer: gross misconduct" in text
    assert "as a former officer: Condition A" in text
    assert "You may be represented at the hearing by a lawyer." in text
    assert "by Wednesday 13 December 2017" in text
    # No r42 table for the 2012 rules.
    assert "Outcomes open" not in text


def test_the_outcome_letter_names_the_barred_list_and_the_tribunal(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    outcome = outcome_of(reference_cases["A"])
    assert outcome.kind == "would_have_been_dismissed"
    text = text_of(pages.html(f"/documents/outcomes/{outcome.pk}/"))
    assert "Would have been dismissed" in text
    assert outcome.reasons.split(".")[0] in text
    assert "Police Appeals Tribunal" in text
    assert "Police Barred List (Police Act 1996, Part 4A)" in text


def test_the_outcome_letter_of_case_c_has_its_findings_and_no_barring(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    outcome = outcome_of(reference_cases["C"])
    text = text_of(pages.html(f"/documents/outcomes/{outcome.pk}/"))
    assert "Would not have been dismissed" in text
    assert "Proven: gross misconduct" in text
    assert "Police Barred List" not in text


def test_the_list_report_page_is_the_report_the_college_receives(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    report = list_report_of(reference_cases["C"])
    html = pages.html(f"/documents/list-reports/{report.pk}/")
    rendered = list_report_render(report).html
    # Rendered once by list_report_render: the same content, inside the page.
    inner = rendered[rendered.index("<header") : rendered.index("</body>")]
    assert inner.replace("main", "div") in html.replace("main", "div")
    assert html.count("<main") == 1  # the page's own
    assert f'class="report report--{report.kind}"' in html
    assert report.get_status_display() in html


def test_the_case_page_links_each_document(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    case = reference_cases["C"]
    html = pages.html(f"/cases/{case.pk}/")
    section = html[html.index('id="documents"') : html.index('id="timeline"')]
    for url in document_urls(case):
        assert f'href="{url}"' in section, url
    outcomes = Outcome.objects.filter(subject__case=case).count()
    notices = Notice.objects.filter(subject__case=case).count()
    assert section.count('href="/documents/outcomes/') == outcomes
    assert section.count('href="/documents/notices/') == notices


def test_the_build_has_the_print_stylesheet() -> None:
    assert Path(BUILD / "print.css").is_file()


def test_a_serving_officer_is_told_the_outcomes_of_gross_misconduct(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    # Case B is Nottinghamshire's: the "outsider" persona is its caseworker.
    case = reference_cases["B"]
    notice = referral_notice_of(case)
    html = pages.html(f"/documents/referral-notices/{notice.pk}/", as_="outsider")
    assert listed(html, "outcomes-if-proved") == [
        "Final written warning",
        "Reduction in rank",
        "Dismissal without notice",
    ]
    assert listed(html, "outcomes-if-not-proved") == [
        "No action (case dismissed)",
        "Referred to reflective practice (RPRP)",
    ]
    outcome = outcome_of(case)
    letter = text_of(pages.html(f"/documents/outcomes/{outcome.pk}/", as_="outsider"))
    assert "Dismissal without notice" in letter
    assert "Disciplinary action takes effect from the date you are notified" in letter
    assert "Police Appeals Tribunal" in letter
    assert "Police Barred List (Police Act 1996, Part 4A)" in letter


# ---------------------------------------------------------------- queries


def test_the_documents_section_reads_only_the_evidence(
    caseworker: User,
    reference_cases: dict[str, Case],
    django_assert_num_queries: Callable[..., Any],
) -> None:
    """The notices come from the rows the steps read, the notices of
    referral from those prefetched with the proceedings: every one listed,
    with its person, for the one query of the evidence."""
    case_page = case_page_get(user=caseworker, case_id=reference_cases["C"].pk)
    case = case_page.case
    subjects = subject_hearings(case_page.subjects)
    list_reports = case_list_reports(case)
    subject_objects(case)  # as the subjects' steps read them, earlier on the page
    with django_assert_num_queries(1) as captured:
        section = case_documents_get(
            case=case, subjects=subjects, list_reports=list_reports
        )
    assert '"referrals_evidenceitem"' in captured.captured_queries[0]["sql"]
    notices = Notice.objects.filter(subject__case=case)
    referral_notices = ReferralNotice.objects.filter(proceeding__subject__case=case)
    assert notices.count() > 1
    assert referral_notices.exists()
    rows = {(row.url_name, row.pk): row for row in section.documents}
    for notice in notices.select_related("subject__person"):
        row = rows[("notice-document", notice.pk)]
        assert (row.title, row.dated_on) == (notice.title, notice.served_on)
        assert row.person_name == notice.subject.person.full_name
    for referral_notice in referral_notices.select_related(
        "proceeding__subject__person"
    ):
        row = rows[("referral-notice-document", referral_notice.pk)]
        assert (row.title, row.dated_on) == (
            referral_notice.title,
            referral_notice.served_on,
        )
        assert row.person_name == referral_notice.proceeding.subject.person.full_name
    listed_notices = [
        key for key in rows if key[0] in {"notice-document", "referral-notice-document"}
    ]
    assert len(listed_notices) == notices.count() + referral_notices.count()


def test_the_case_page_reads_each_kind_of_notice_once(
    client: Client,
    caseworker: User,
    reference_cases: dict[str, Case],
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    """Case C has notices, proceedings with notices of referral and outcomes:
    the documents section reads none of them again (29 queries before it
    reused the page's rows)."""
    client.force_login(caseworker)
    case = reference_cases["C"]
    with django_assert_max_num_queries(28) as captured:
        response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    queries = [query["sql"] for query in captured.captured_queries]
    assert sum('FROM "referrals_notice"' in sql for sql in queries) == 1
    assert sum('FROM "hearings_referralnotice"' in sql for sql in queries) == 1
    section = response.content.decode()
    section = section[section.index('id="documents"') : section.index('id="timeline"')]
    assert section.count('href="/documents/referral-notices/') == (
        ReferralNotice.objects.filter(proceeding__subject__case=case).count()
    )
