"""Lost updates and double submissions: ETag/If-Match and Idempotency-Key.

**ETags.** A resource's ETag is a *strong* entity tag built from its type, its
primary key and the version of the case it belongs to: ``"case-42-v7"``,
``"allegation-9-v7"``. Every change to a case bumps the case's version
(``referrals.services.common.touch_case``), so a change anywhere in a case
makes every ETag of that case stale. Strong, because RFC 9110 section 13.1.1
makes If-Match use the strong comparison, where a weak tag never matches.

**If-Match.** A write view mixes in :class:`IfMatchRequiredMixin`, which
declares that its unsafe methods need If-Match and says what they change
(``get_versioned``). The handler checks it with one call, once it has found
the resource in the caller's scope: :func:`check_if_match` answers 428 if
If-Match is missing (or is ``*``) and 412 if it does not name the current
ETag, and otherwise returns the version the client holds, which the handler
passes to the service (``lock_case(expected_version=…)``) so the check is
repeated under the row lock; the service's ``StaleVersion`` is mapped to 412
as well. The check is the handler's, not made before it, so that an
``@idempotent`` handler replays a retry's stored answer first: a retry
carries the If-Match its own first attempt made stale.

**Idempotency-Key.** A POST handler decorated with :func:`idempotent` may be
sent with an ``Idempotency-Key`` header (1 to 255 visible ASCII characters,
e.g. a UUID). The first request with a key runs and, when it succeeds (2xx),
its status and body are stored for 24 hours; a retry with the same key and the
same method, path and body gets the stored response (with
``Idempotent-Replayed: true``) and does nothing again; the same key with a
different request is refused with 422. The key row is inserted before the
handler runs, inside one transaction with it: a concurrent duplicate blocks on
the row's unique index until the first commits, then replays its response.
A request that fails stores nothing, so it can be retried with the same key.
The fingerprint is :func:`request_fingerprint` unless the view defines
``idempotency_fingerprint(request)`` (uploads: the raw body may be larger than
Django lets a view read into memory).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from conduct.api.exceptions import (
    BadRequest,
    IdempotencyKeyReused,
    PreconditionFailed,
    PreconditionRequired,
)
from conduct.models import IdempotencyKey, User

IDEMPOTENCY_KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")
#: Response headers kept with an idempotent response and replayed with it.
REPLAYED_HEADERS = ("Location", "ETag")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

IF_MATCH_MISSING = (
    "This change needs an If-Match header with the ETag of the {type} you "
    "last read (GET it first)."
)
IF_MATCH_ANY = (
    "If-Match: * is not accepted here: send the ETag of the {type} you last "
    "read, so that a change made meanwhile is not overwritten."
)
IF_MATCH_STALE = (
    "The {type} has changed since you read it (it is now at version {version}). "
    "GET it again, check the changes and retry with its new ETag."
)
IDEMPOTENCY_KEY_INVALID = (
    "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is ideal)."
)
IDEMPOTENCY_KEY_MISMATCH = (
    "This Idempotency-Key was already used for a different request "
    "(another method, path or body). Use a new key for a new request."
)


# ---------------------------------------------------------------- ETags


@dataclass(frozen=True)
class Versioned:
    """What an ETag names: a resource of a case, at the case's version."""

    resource_type: str
    pk: int | str
    version: int

    @property
    def etag(self) -> str:
        return make_etag(self.resource_type, self.pk, self.version)


def make_etag(resource_type: str, pk: int | str, version: int) -> str:
    """The strong ETag of ``resource_type`` ``pk`` at case version ``version``."""
    return f'"{resource_type}-{pk}-v{version}"'


def parse_entity_tags(header: str) -> list[str]:
    """The entity tags in an If-Match / If-None-Match value, quotes kept
    (``W/`` prefixes too, so a weak tag never equals a strong one)."""
    return re.findall(r'\*|(?:W/)?"[^"]*"', header)


def set_etag(response: Response, target: Versioned) -> Response:
    response["ETag"] = target.etag
    return response


def require_if_match(request: Request, target: Versioned) -> list[str]:
    """The entity tags of If-Match; 428 when it is missing or ``*``."""
    header = request.headers.get("If-Match", "").strip()
    label = target.resource_type.replace("_", " ")
    if not header:
        raise PreconditionRequired(IF_MATCH_MISSING.format(type=label))
    tags = parse_entity_tags(header)
    if "*" in tags:
        raise PreconditionRequired(IF_MATCH_ANY.format(type=label))
    return tags


def check_if_match(request: Request, target: Versioned) -> int:
    """The version the client holds, if its If-Match names ``target``'s ETag.

    Raises 428 when If-Match is missing or ``*`` and 412 when it is stale.
    """
    tags = require_if_match(request, target)
    label = target.resource_type.replace("_", " ")
    if target.etag not in tags:
        raise PreconditionFailed(
            IF_MATCH_STALE.format(type=label, version=target.version),
            rule="case.version",
        )
    return target.version


class IfMatchRequiredMixin:
    """For APIViews whose unsafe methods change a versioned resource: they
    need If-Match.

    Implement ``get_versioned`` with a permission-checked fetch (a selector:
    404 out of scope) naming the resource and its current version. Each
    unsafe handler calls ``check_if_match(request, versioned)`` once it has
    found the resource, and passes the version it returns to the service.
    What the mixin itself is for: the schema documents If-Match, 412 and 428
    on these views, and ``@idempotent`` calls ``get_versioned`` before it
    replays, so a caller who no longer sees the resource, or who sent no
    If-Match, is refused rather than answered from the store.
    """

    def get_versioned(self, request: Request, **kwargs: Any) -> Versioned:
        raise NotImplementedError


# ---------------------------------------------------------------- idempotency


def request_fingerprint(request: Request) -> str:
    """SHA-256 over method, full path and the raw body."""
    digest = hashlib.sha256()
    digest.update((request.method or "").encode("ascii"))
    digest.update(b"\n")
    digest.update(request.get_full_path().encode("utf-8"))
    digest.update(b"\n")
    digest.update(hashlib.sha256(request.body).digest())
    return digest.hexdigest()


def _replay(record: IdempotencyKey) -> Response:
    headers = dict(record.response_headers)
    headers["Idempotent-Replayed"] = "true"
    return Response(
        record.response_body, status=record.response_status, headers=headers
    )


def _claim(*, user: User, key: str, fingerprint: str) -> IdempotencyKey:
    """The key's row, locked: an existing one (finished or expired), or a
    new one inserted now. A concurrent insert of the same key waits here until
    the other transaction ends."""
    now = timezone.now()
    locked = IdempotencyKey.objects.select_for_update()
    try:
        with transaction.atomic():
            return locked.create(
                user=user, key=key, fingerprint=fingerprint, created_at=now
            )
    except IntegrityError:
        record = locked.get(user=user, key=key)
    if record.created_at <= now - IdempotencyKey.LIFETIME:
        # Expired but not yet purged: the key starts afresh.
        record.fingerprint = fingerprint
        record.created_at = now
        record.response_status = None
        record.response_body = None
        record.response_headers = {}
    return record


P = ParamSpec("P")
V = TypeVar("V", bound=APIView)
Handler = Callable[Concatenate[V, Request, P], Response]


def idempotent(handler: Handler[V, P]) -> Handler[V, P]:
    """Decorate a POST handler of an APIView to honour ``Idempotency-Key``."""

    def wrapper(
        view: V, request: Request, /, *args: P.args, **kwargs: P.kwargs
    ) -> Response:
        key = request.headers.get("Idempotency-Key")
        if key is None:
            return handler(view, request, *args, **kwargs)
        if not IDEMPOTENCY_KEY_PATTERN.fullmatch(key):
            raise BadRequest(IDEMPOTENCY_KEY_INVALID, rule="idempotency_key.format")
        user = request.user
        assert isinstance(user, User), "idempotent views require authentication"
        guarded: object = view
        if isinstance(guarded, IfMatchRequiredMixin):
            # A retry resends the If-Match of its first attempt, stale by now
            # (so only its presence is checked before a replay); a request
            # without one is not a retry of a write that needed one.
            require_if_match(request, guarded.get_versioned(request, **kwargs))
        # A view whose body must not be read whole (a multipart upload)
        # fingerprints the parsed request itself.
        fingerprint_of = getattr(view, "idempotency_fingerprint", request_fingerprint)
        fingerprint: str = fingerprint_of(request)
        with transaction.atomic():
            record = _claim(user=user, key=key, fingerprint=fingerprint)
            if record.response_status is not None:
                if record.fingerprint != fingerprint:
                    raise IdempotencyKeyReused(
                        IDEMPOTENCY_KEY_MISMATCH, rule="idempotency_key.reused"
                    )
                return _replay(record)
            response = handler(view, request, *args, **kwargs)
            if not 200 <= response.status_code < 300:  # noqa: PLR2004
                # Keep nothing (and undo anything): a retry runs afresh.
                transaction.set_rollback(True)
                return response
            record.response_status = response.status_code
            record.response_body = response.data
            record.response_headers = {
                name: response[name] for name in REPLAYED_HEADERS if name in response
            }
            record.save()
            return response

    functools.update_wrapper(wrapper, handler)
    wrapper.idempotent = True  # type: ignore[attr-defined]
    return wrapper
