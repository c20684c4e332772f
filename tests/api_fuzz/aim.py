"""Point generated requests at rows that exist, with the ETag they have now.

Left alone, schemathesis would send random ids and random If-Match values,
so every write would stop at 404 or 412 before its body is read. ``aim``
rewrites most (not all) of a generated case before it is sent:

- a whole-number path parameter ``<name>_id`` becomes the id of a real row
  of the model it names (any row, in scope or not: out of scope must be 404);
- a generated If-Match becomes the resource's current ETag, read with the
  view's own ``get_versioned`` as the persona.

The choice is a pure function of the generated values (one in five is left
as generated), so a seed replays the same requests against the same data.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.http import Http404, HttpRequest
from django.urls import Resolver404, resolve
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from schemathesis import Case

from conduct.exceptions import ApplicationError
from conduct.models import User

#: Apps whose models path parameters may name.
DOMAIN_APPS = ("conduct", "referrals", "hearings")
#: Path parameters whose name does not say their model.
MODEL_OF_PARAMETER: dict[str, str] = {
    "proceedings_id": "referrals.CriminalProceedings",
    "report_id": "hearings.ListReport",
    "member_id": "hearings.PanelMember",
    "role_id": "conduct.PersonRole",
    "evidence_id": "referrals.EvidenceItem",
}
#: One generated value in this many is sent as generated (unknown ids, stale
#: or malformed ETags), the rest are aimed at real rows.
KEEP_ONE_IN = 5
#: Ids offered per model: enough to reach every seeded row.
MAX_IDS = 200


def model_for_parameter(name: str) -> type[models.Model] | None:
    """The model a path parameter names: ``subject_id`` is a Subject."""
    if name in MODEL_OF_PARAMETER:
        return apps.get_model(MODEL_OF_PARAMETER[name])
    if not name.endswith("_id"):
        return None
    wanted = name.removesuffix("_id").replace("_", "")
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.model_name == wanted:
                return model
    return None


def _as_id(value: object) -> int | None:
    """A whole number from 0, as generated (the coverage phase sends strings),
    or None for anything else (those test the URL's own validation)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return abs(value)
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def _keep(value: object) -> bool:
    return zlib.crc32(repr(value).encode("utf-8")) % KEEP_ONE_IN == 0


@dataclass
class Aim:
    """Aims cases for one persona."""

    user: User

    def __call__(self, case: Case[Any]) -> None:
        self.aim_path(case)
        self.aim_if_match(case)

    def aim_path(self, case: Case[Any]) -> None:
        for name, value in dict(case.path_parameters).items():
            number = _as_id(value)
            if number is None or _keep(value):
                continue
            model = model_for_parameter(name)
            if model is None:
                continue
            ids = list(
                model._default_manager.order_by("pk").values_list("pk", flat=True)[
                    :MAX_IDS
                ]
            )
            if ids:
                case.path_parameters[name] = ids[number % len(ids)]

    def aim_if_match(self, case: Case[Any]) -> None:
        value = case.headers.get("If-Match")
        if not isinstance(value, str) or _keep(value):
            return
        etag = self.current_etag(case.formatted_path)
        if etag is not None:
            case.headers["If-Match"] = etag

    def current_etag(self, path: str) -> str | None:
        """The ETag the view at ``path`` checks If-Match against, or None
        when there is no such view or the persona may not see its object."""
        try:
            match = resolve(path)
        except Resolver404:
            return None
        view_class = getattr(match.func, "view_class", None)
        if view_class is None or not hasattr(view_class, "get_versioned"):
            return None
        view = view_class(**getattr(match.func, "view_initkwargs", {}))
        request = Request(HttpRequest())
        request.user = self.user
        view.request, view.args, view.kwargs = request, match.args, match.kwargs
        try:
            versioned: Any = view.get_versioned(request, **match.kwargs)
        except (Http404, APIException, ApplicationError, ValueError, TypeError):
            return None
        return str(versioned.etag)
