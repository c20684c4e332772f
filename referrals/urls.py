"""The browser's pages of the referrals app: the home work queue, the case
list with its export, search, and the lifecycle forms (recording a case and
every registered step, whatever app registered it: referrals.steps)."""

from __future__ import annotations

from django.urls import path

from referrals import views, views_lists

urlpatterns = [
    path("", views_lists.home, name="home"),
    path("cases/", views_lists.case_list_page, name="case-list"),
    path("cases/export.csv", views_lists.case_export, name="case-export"),
    path("search/", views_lists.search, name="search"),
    path("cases/new/", views.case_create_page, name="case-create"),
    path("steps/<slug:kind>/<int:pk>/<slug:step>/", views.case_step, name="case-step"),
]
