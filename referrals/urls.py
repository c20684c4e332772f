"""The browser's lifecycle forms: recording a case and every registered step
(referrals.steps), whatever app registered it."""

from __future__ import annotations

from django.urls import path

from referrals import views

urlpatterns = [
    path("cases/new/", views.case_create_page, name="case-create"),
    path("steps/<slug:kind>/<int:pk>/<slug:step>/", views.case_step, name="case-step"),
]
