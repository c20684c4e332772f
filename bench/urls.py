"""The product's URLs and two minimal views, the floors of the throughput
benchmark, through the same server, WSGI handler and middleware: one plain
Django view, and one API view with the API's authentication, throttling and
rendering (so that the benchmark can tell what the framework costs from
what the case detail costs)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from conduct.urls import urlpatterns as product


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


class MinimalApi(APIView):
    """Authenticated (bearer token), throttled and rendered as every API
    view is, and nothing else."""

    def get(self, request: Request) -> Response:
        return Response({"ok": True})


urlpatterns = [
    path("bench/minimal", minimal),
    path("bench/minimal-api", MinimalApi.as_view()),
    *product,
]
handler404 = "conduct.api.exceptions.handler404"
handler500 = "conduct.api.exceptions.handler500"
