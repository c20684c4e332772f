"""Cursor pagination for every API list.

Cursors, not page numbers: a list that changes while a client walks it (new
cases arrive all day) neither repeats nor skips rows, and each page costs one
indexed query however deep it is. The cursor is opaque; clients follow the
``next`` and ``previous`` links.

A ``page_size`` that is not a whole number from 1 is a 422 problem (DRF
would silently fall back to the default); one above 200 is capped. A cursor
that is empty or given twice is as invalid as a forged one: 404, as DRF
answers.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from rest_framework import pagination, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.views import APIView

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
PAGE_SIZE_INVALID = (
    f"Give page_size once, as a whole number from 1 (above {MAX_PAGE_SIZE} "
    f"counts as {MAX_PAGE_SIZE})."
)
PAGE_SIZE_HELP = (
    f"Rows per page, default {DEFAULT_PAGE_SIZE}; above {MAX_PAGE_SIZE} counts "
    f"as {MAX_PAGE_SIZE}."
)
CURSOR_HELP = (
    "Opaque: take it from a page's `next` or `previous` link. A forged or "
    "stale cursor is a 404 problem."
)
#: Longer numbers are far above the cap anyway; the limit keeps int() cheap.
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


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

    def get_page_size(self, request: Request) -> int:
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        if (
            len(values) > 1
            or not _WHOLE_NUMBER.fullmatch(values[0])
            or int(values[0]) < 1
        ):
            raise serializers.ValidationError({"page_size": [PAGE_SIZE_INVALID]})
        return min(int(values[0]), MAX_PAGE_SIZE)

    def decode_cursor(self, request: Request) -> pagination.Cursor | None:
        values = request.query_params.getlist(self.cursor_query_param)
        if len(values) > 1 or values == [""]:
            raise NotFound(self.invalid_cursor_message)
        cursor: pagination.Cursor | None = super().decode_cursor(request)
        return cursor

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = PAGE_SIZE_HELP
                parameter["schema"] = {"type": "integer", "minimum": 1}
            elif parameter["name"] == self.cursor_query_param:
                parameter["description"] = CURSOR_HELP
        return parameters

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
