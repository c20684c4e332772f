"""Documents and evidence in the browser: uploading evidence to a case,
downloading it through a permission check, and the printable notice of
investigation (Regulation 17 notice; Regulation 15 or 16 under 2012 rules).

Every page finds its object through a scoped selector, so anyone who may not
see the case gets a 404, never the document.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from conduct.exceptions import ApplicationError, NotPermitted
from conduct.http import signed_in_user
from conduct.models import User
from referrals.models import Case, EvidenceItem, Subject
from referrals.selectors.cases import case_get
from referrals.selectors.documents import notice_document_get
from referrals.selectors.evidence import evidence_get
from referrals.services.evidence import (
    evidence_add,
    evidence_download_record,
    may_add_evidence,
)
from referrals.uploads import (
    EvidenceRefused,
    EvidenceSizeLimit,
    allowed_type_labels,
    limit_upload_size,
    max_upload_size,
    size_label,
    too_large,
)

logger = logging.getLogger(__name__)

FILE_MISSING = "The stored file is missing."
EVIDENCE_ADDED = "Evidence added: {description}."


class EvidenceForm(forms.Form):
    """What a caseworker gives with a file. The evidence service checks the
    description and the file, so the browser and the API give the same
    messages; the form only reads them. ``subjects`` are the case's subjects
    (with their people), offered as what the evidence concerns."""

    description = forms.CharField(
        label="Description",
        required=False,
        help_text="What it is and where it came from, for example "
        "'Body-worn video of the arrest, PC 1234'.",
    )
    subject = forms.TypedChoiceField(
        label="Subject it concerns (optional)",
        required=False,
        coerce=int,
        empty_value=None,
    )
    file = forms.FileField(label="File", required=False, allow_empty_file=True)

    def __init__(
        self, subjects: Sequence[Subject], *args: object, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.subjects = {subject.pk: subject for subject in subjects}
        field = self.fields["subject"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "The whole case")] + [
            (subject.pk, subject.person.full_name) for subject in subjects
        ]

    def clean_subject(self) -> Subject | None:
        chosen: int | None = self.cleaned_data["subject"]
        return None if chosen is None else self.subjects[chosen]


def evidence_limits() -> dict[str, str]:
    """The limits as the upload form states them."""
    return {"max_size": size_label(max_upload_size()), "types": allowed_type_labels()}


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def evidence_upload(request: HttpRequest, case_id: int) -> HttpResponse:
    """The evidence upload form, and its submission.

    CSRF is checked below, not by the middleware: the middleware reads the
    body before the size limit could be installed on the request.
    """
    limit = limit_upload_size(request) if request.method == "POST" else None
    return _evidence_upload(request, case_id, limit)


@csrf_protect
def _evidence_upload(
    request: HttpRequest, case_id: int, limit: EvidenceSizeLimit | None
) -> HttpResponse:
    user = signed_in_user(request)
    case = case_get(user=user, case_id=case_id)
    if not may_add_evidence(user):
        raise PermissionDenied
    subjects = list(case.subjects.all())  # case_get loaded them with their people
    if request.method != "POST":
        return _upload_page(request, case, EvidenceForm(subjects))
    form = EvidenceForm(subjects, request.POST, request.FILES)
    valid = form.is_valid()
    if limit is not None and "file" in limit.too_large:
        # The size limit dropped the file as it arrived.
        form.add_error("file", too_large().text)
    elif valid:
        upload = form.cleaned_data["file"]
        try:
            item = evidence_add(
                actor=user,
                case=case,
                file=upload,
                original_name=upload.name if upload else "",
                description=form.cleaned_data["description"],
                subject=form.cleaned_data["subject"],
            )
        except EvidenceRefused as refused:
            form.add_error(refused.field, refused.text)
        except NotPermitted as refusal:
            raise PermissionDenied(refusal.message) from refusal
        except ApplicationError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, EVIDENCE_ADDED.format(description=item.description)
            )
            return redirect(reverse("case-detail", args=[case.pk]) + "#documents")
    return _upload_page(request, case, form)


def _upload_page(request: HttpRequest, case: Case, form: EvidenceForm) -> HttpResponse:
    return render(
        request,
        "documents/evidence_upload.html",
        {"case": case, "form": form, "limits": evidence_limits()},
    )


def evidence_file_response(*, actor: User, item: EvidenceItem) -> FileResponse:
    """The stored file as a download, recorded in the audit trail first.

    Always an attachment, with the type read from the content at upload and
    ``nosniff``, so no browser renders it as a page of this site.
    """
    try:
        handle = item.file.storage.open(str(item.file.name), "rb")
    except FileNotFoundError:
        logger.error("Evidence %s: stored file %s is missing", item.pk, item.file.name)
        raise Http404(FILE_MISSING) from None
    try:
        evidence_download_record(actor=actor, item=item)
    except BaseException:
        handle.close()
        raise
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    """An evidence file, for anyone who may see its case (404 otherwise)."""
    user = signed_in_user(request)
    item = evidence_get(user=user, evidence_id=evidence_id)
    return evidence_file_response(actor=user, item=item)


def document_view(
    get: Callable[..., Any], template: str, doc: str
) -> Callable[..., HttpResponse]:
    """A printable document's page: ``get(user=..., **url_kwargs)``, a scoped
    selector (404 for anyone who may not see the case), rendered with
    ``template`` (templates/documents/, print.css)."""

    @login_required
    @require_GET
    def view(request: HttpRequest, **ids: int) -> HttpResponse:
        document = get(user=signed_in_user(request), **ids)
        return render(request, template, {"document": document, "case": document.case})

    view.__doc__ = doc
    return view


notice_document = document_view(
    notice_document_get,
    "documents/notice.html",
    "The notice of investigation served on a subject, ready to print.",
)
