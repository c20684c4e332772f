from __future__ import annotations

from django.urls import path

from conduct.dashboard import views

urlpatterns = [
    path("dashboards/", views.dashboard, name="dashboard"),
    path(
        "dashboards/annual-return/",
        views.annual_return_page,
        name="dashboard-annual-return",
    ),
    path(
        "dashboards/annual-return.csv",
        views.annual_return_csv,
        name="dashboard-annual-return-csv",
    ),
    path(
        "dashboards/<slug:key>.csv",
        views.dashboard_table_csv,
        name="dashboard-table-csv",
    ),
]
