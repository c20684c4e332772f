"""The OpenAPI schema and its two readers, Swagger UI and Redoc.

Both readers come from drf-spectacular-sidecar and are served from this site's
static files: nothing is loaded from a CDN (closed networks cannot reach one,
and the Content-Security-Policy allows 'self' only). The pages are written
here rather than with drf-spectacular's templates, which load Google Fonts and
carry inline <style> and <script>. They are for signed-in browser users; the
schema itself also accepts a bearer token, for client generators. Swagger UI
gets our stylesheet and script over its own, so that it passes axe-core
(docs/api.md says what each mends, and what it cannot).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from conduct.api.exceptions import NOT_FOUND, problem_json_response

SIDECAR = "drf_spectacular_sidecar/"
#: Our stylesheet and script over Swagger UI, so that the page passes axe-core
#: (colour contrast, scrolling boxes, unnamed selects); see docs/api.md.
ACCESSIBLE_SWAGGER = "conduct/api/"
# Relaxations of the site's Content-Security-Policy for these pages only (read
# by django-csp's middleware, as its @csp_update decorator would set them):
# both stylesheets draw icons from data: URIs; Redoc also styles itself with
# styled-components, which writes <style> elements at run time, and builds its
# search index in a blob: worker. Scripts stay 'self' only. (Redoc's footer
# links its logo from cdn.redoc.ly: img-src keeps that blocked.)
SWAGGER_CSP_UPDATE = {"img-src": ["data:"]}
REDOC_CSP_UPDATE = {
    "img-src": ["data:"],
    "style-src": ["'unsafe-inline'"],
    "worker-src": ["blob:"],
}

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="{favicon}">
{head}
</head>
<body>
{body}
</body>
</html>
"""


def _page(*, title: str, head: str, body: str) -> HttpResponse:
    html = format_html(
        PAGE,
        title=title,
        favicon=static(SIDECAR + "swagger-ui-dist/favicon-32x32.png"),
        head=head,
        body=body,
    )
    return HttpResponse(html, content_type="text/html; charset=utf-8")


@require_GET
@login_required
def swagger_ui(request: HttpRequest) -> HttpResponse:
    """Swagger UI: try the API with your browser session."""
    head = format_html(
        '<link rel="stylesheet" href="{}">\n<link rel="stylesheet" href="{}">',
        static(SIDECAR + "swagger-ui-dist/swagger-ui.css"),
        static(ACCESSIBLE_SWAGGER + "swagger-ui.css"),
    )
    body = format_html(
        '<div id="swagger-ui"></div>\n'
        '<script src="{}"></script>\n'
        '<script src="{}"></script>\n'
        '<script src="{}"></script>\n'
        '<script src="{}"></script>',
        static(SIDECAR + "swagger-ui-dist/swagger-ui-bundle.js"),
        static(SIDECAR + "swagger-ui-dist/swagger-ui-standalone-preset.js"),
        reverse("api:docs-script"),
        static(ACCESSIBLE_SWAGGER + "swagger-ui-names.js"),
    )
    response = _page(
        title=f"{spectacular_settings.TITLE}: Swagger UI", head=head, body=body
    )
    response._csp_update = SWAGGER_CSP_UPDATE  # type: ignore[attr-defined]
    return response


@require_GET
@login_required
def redoc(request: HttpRequest) -> HttpResponse:
    """Redoc: the API reference to read."""
    body = format_html(
        '<redoc spec-url="{}"></redoc>\n<script src="{}"></script>',
        reverse("api:schema"),
        static(SIDECAR + "redoc/bundles/redoc.standalone.js"),
    )
    response = _page(title=f"{spectacular_settings.TITLE}: Redoc", head="", body=body)
    response._csp_update = REDOC_CSP_UPDATE  # type: ignore[attr-defined]
    return response


class SwaggerInitScriptApi(SpectacularSwaggerSplitView):
    """The script that starts Swagger UI, served as a file (no inline script).

    drf-spectacular renders it with the CSRF token of the session, so "Try it
    out" works for POSTs from the signed-in browser.
    """

    url_name = "api:schema"

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # drf-spectacular's own helpers, unannotated.
        view: Any = self
        return Response(
            data={
                "schema_url": view._get_schema_url(request),
                "settings": view._dump(spectacular_settings.SWAGGER_UI_SETTINGS),
                "oauth2_config": view._dump(
                    spectacular_settings.SWAGGER_UI_OAUTH2_CONFIG
                ),
                "csrf_header_name": view._get_csrf_header_name(),
                "schema_auth_names": view._dump(view._get_schema_auth_names()),
            },
            template_name=self.template_name_js,
            content_type="application/javascript",
        )


class SchemaApi(SpectacularAPIView):
    """The OpenAPI 3 document: YAML by default, JSON with ``?format=json`` or
    ``Accept: application/vnd.oai.openapi+json``."""

    def finalize_response(
        self, request: Request, response: Any, *args: Any, **kwargs: Any
    ) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(response, "exception", False):
            # Errors are problem+json like everywhere else, never YAML.
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response


@csrf_exempt
def not_found(request: HttpRequest) -> HttpResponse:
    """Any other address under /api/: a 404 problem, whatever the method,
    even with DEBUG on (never Django's HTML page)."""
    detail = "There is nothing at this address."
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            detail += f" Did you mean {request.path}/ (with a slash)?"
    return problem_json_response(NOT_FOUND, detail=detail, instance=request.path)
