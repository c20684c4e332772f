from __future__ import annotations

from django.urls import path

from conduct.dashboard import views

urlpatterns = [
    path("dashboards/", views.dashboard, name="dashboard"),
    path(
        "dashboards/<slug:key>.csv",
        views.dashboard_table_csv,
        name="dashboard-table-csv",
    ),
]
