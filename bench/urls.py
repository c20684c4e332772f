"""The product's URLs and a minimal view: the floor of the throughput
benchmark, through the same server, WSGI handler and middleware."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from conduct.urls import urlpatterns as product


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/minimal", minimal), *product]
handler404 = "conduct.api.exceptions.handler404"
handler500 = "conduct.api.exceptions.handler500"
