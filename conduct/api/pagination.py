"""Cursor pagination for every API list.

Cursors, not page numbers: a list that changes while a client walks it (new
cases arrive all day) neither repeats nor skips rows, and each page costs one
indexed query however deep it is. The cursor is opaque; clients follow the
``next`` and ``previous`` links.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.request import Request
from rest_framework.views import APIView

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class CursorPagination(pagination.CursorPagination):
    """``?page_size=`` (1 to 200, default 50) and an opaque ``?cursor=``.

    The default order is newest first (``-created_at``, then ``-id``). A view
    that lists something else sets ``cursor_ordering`` to fields that are
    unique or nearly so and never change (a code, a number, a creation time).
    """

    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    ordering = ("-created_at", "-id")

    def get_ordering(
        self, request: Request, queryset: QuerySet[Any], view: APIView
    ) -> tuple[str, ...]:
        ordering = getattr(view, "cursor_ordering", None)
        if ordering is None:
            return tuple(super().get_ordering(request, queryset, view))
        return (ordering,) if isinstance(ordering, str) else tuple(ordering)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated: dict[str, Any] = super().get_paginated_response_schema(schema)
        paginated["properties"]["next"]["example"] = (
            "https://conduct.example.police.uk/api/v1/reference/forces/"
            "?cursor=cD1uaGFudHM%3D"
        )
        paginated["properties"]["previous"]["example"] = None
        return paginated
