"""Case endpoints, included under /api/v1/ by conduct/api/urls.py (namespace
``api``): ``api:case-list``, ``api:case-detail`` and one name per action."""

from __future__ import annotations

from django.urls import path

from referrals.api import views

urlpatterns = [
    path("cases/", views.CaseCollectionApi.as_view(), name="case-list"),
    path("cases/<int:case_id>/", views.CaseDetailApi.as_view(), name="case-detail"),
    path(
        "cases/<int:case_id>/timeline/",
        views.CaseTimelineApi.as_view(),
        name="case-timeline",
    ),
    path(
        "cases/<int:case_id>/subjects/",
        views.SubjectAddApi.as_view(),
        name="case-subject-add",
    ),
    path(
        "cases/<int:case_id>/referral/",
        views.ReferralMakeApi.as_view(),
        name="case-referral-make",
    ),
    path(
        "cases/<int:case_id>/referral/decision/",
        views.ReferralDecideApi.as_view(),
        name="case-referral-decide",
    ),
    path(
        "cases/<int:case_id>/referral/mode/",
        views.ReferralModeChangeApi.as_view(),
        name="case-referral-mode-change",
    ),
    path(
        "cases/<int:case_id>/investigation/",
        views.InvestigationOpenApi.as_view(),
        name="case-investigation-open",
    ),
    path(
        "cases/<int:case_id>/investigation/report/",
        views.ReportSubmitApi.as_view(),
        name="case-investigation-report-submit",
    ),
    path(
        "subjects/<int:subject_id>/allegations/",
        views.AllegationAddApi.as_view(),
        name="subject-allegation-add",
    ),
    path(
        "subjects/<int:subject_id>/notices/",
        views.NoticeServeApi.as_view(),
        name="subject-notice-serve",
    ),
    path(
        "subjects/<int:subject_id>/interviews/",
        views.InterviewScheduleApi.as_view(),
        name="subject-interview-schedule",
    ),
    path(
        "subjects/<int:subject_id>/determination/",
        views.DeterminationMakeApi.as_view(),
        name="subject-determination-make",
    ),
    path(
        "allegations/<int:allegation_id>/severity-assessments/",
        views.SeverityAssessApi.as_view(),
        name="allegation-severity-assess",
    ),
    path(
        "notices/<int:notice_id>/responses/",
        views.NoticeResponseRecordApi.as_view(),
        name="notice-response-record",
    ),
]
