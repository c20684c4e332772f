"""URLs under /api/v1/ (namespace ``api``). Each app's API URLs are included
here: the shell may import every app's URL module."""

from __future__ import annotations

from django.urls import include, path

from conduct.api import calendar, dashboards, docs, views

app_name = "api"

urlpatterns = [
    path("", views.ApiRootApi.as_view(), name="root"),
    path("schema/", docs.SchemaApi.as_view(), name="schema"),
    path("docs/", docs.swagger_ui, name="docs"),
    path("docs/init.js", docs.SwaggerInitScriptApi.as_view(), name="docs-script"),
    path("redoc/", docs.redoc, name="redoc"),
    path("me/", views.MeApi.as_view(), name="me"),
    path(
        "reference/forces/", views.ForceListApi.as_view(), name="reference-force-list"
    ),
    path(
        "reference/standards/",
        views.StandardListApi.as_view(),
        name="reference-standard-list",
    ),
    path(
        "reference/deadline-rules/",
        calendar.DeadlineRuleListApi.as_view(),
        name="reference-deadline-rule-list",
    ),
    path(
        "reference/non-working-days/",
        calendar.NonWorkingDayListApi.as_view(),
        name="reference-non-working-day-list",
    ),
    path(
        "calendar/due-date/",
        calendar.DueDateApi.as_view(),
        name="calendar-due-date",
    ),
    path("dashboards/", dashboards.DashboardApi.as_view(), name="dashboards"),
    path(
        "dashboards/annual-return/",
        dashboards.AnnualReturnApi.as_view(),
        name="dashboards-annual-return",
    ),
    path("", include("referrals.api.urls")),
    path("", include("hearings.api.urls")),
]
