"""Root URLs: the shell that composes every app's URLs."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from conduct import views, views_calendar, views_tokens
from conduct.api.docs import not_found as api_not_found

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("cases/<int:case_id>/", views.case_detail, name="case-detail"),
    path("people/<int:person_id>/", views.person_detail, name="person-detail"),
    path("", include("conduct.dashboard.urls")),
    path("", include("referrals.urls")),
    path("calendar/due-date/", views_calendar.due_date, name="calendar-due-date"),
    path("account/api-tokens/", views_tokens.api_tokens, name="api-tokens"),
    path(
        "account/api-tokens/<int:token_id>/revoke/",
        views_tokens.api_token_revoke_page,
        name="api-token-revoke",
    ),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("referrals.urls_documents")),
    path("", include("hearings.urls_documents")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("conduct.api.urls")),
    # Keep last: any other address under /api/ is a problem+json 404.
    re_path(r"^api/", api_not_found, name="api-not-found"),
]

# Under /api/ errors are problem+json (docs/api.md); elsewhere Django's pages.
handler400 = "conduct.api.exceptions.handler400"
handler403 = "conduct.api.exceptions.handler403"
handler404 = "conduct.api.exceptions.handler404"
handler500 = "conduct.api.exceptions.handler500"
