"""The real URLs plus test-only endpoints under /api/v1/test/."""

from __future__ import annotations

from django.urls import path

from conduct import urls as project_urls
from tests.conduct.api import views

urlpatterns = [
    path(
        "api/v1/test/cases/<int:case_id>/iopc-reference/",
        views.CaseIopcReferenceSetApi.as_view(),
    ),
    path("api/v1/test/notes/", views.NoteCreateApi.as_view()),
    path("api/v1/test/raise/<slug:kind>/", views.RaiseApi.as_view()),
    *project_urls.urlpatterns,
]

handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
