"""Idempotency keys on creates: `Idempotency-Key: <any text up to 200 characters>`.

The first answer (2xx) to a key is kept for settings.API_IDEMPOTENCY_HOURS. The same key
with the same request again gets that answer (with `Idempotent-Replayed: true`) and
nothing is created twice; the same key with another request is refused with 422. Keys
are the caller's own: two tokens never share one.
"""

import functools
import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, RawPostDataException
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Status
from ninja.responses import NinjaJSONEncoder

from kundcenter.api.models import IdempotencyRecord
from kundcenter.api.problems import ApiProblem

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200


def _fingerprint(request) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    try:
        digest.update(request.body)
    except RawPostDataException:  # multipart, read already: fields and files instead
        for name in sorted(request.POST):
            for value in request.POST.getlist(name):
                digest.update(f"{name}={value}\n".encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(f"{name}:{upload.name}:{upload.size}\n".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    return digest.hexdigest()


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(record.body, status=record.status, content_type="application/json")
    response["Idempotent-Replayed"] = "true"
    return response


def _earlier(owner: str, key: str):
    since = timezone.now() - timedelta(hours=settings.API_IDEMPOTENCY_HOURS)
    return IdempotencyRecord.objects.filter(owner=owner, key=key, created_at__gte=since).first()


class _NotKept(Exception):
    """Carries an answer that is not kept (not 2xx) out of the transaction, so the key's
    row is rolled back and the key may be used again."""

    def __init__(self, result):
        super().__init__()
        self.result = result


def _first(request, view, args, kwargs, owner, key, fingerprint):
    """Run the create with the key's row written first, in one transaction: a second
    request with the same key waits on that row (unique owner+key) and then replays the
    answer, instead of creating a second time."""
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.filter(owner=owner, key=key).delete()  # an expired one
            record = IdempotencyRecord.objects.create(
                owner=owner, key=key, request_hash=fingerprint, status=0, body=""
            )
            result = view(request, *args, **kwargs)
            status, value = (
                (result.status_code, result.value) if isinstance(result, Status) else (200, result)
            )
            if not 200 <= status < 300:
                raise _NotKept(result)
            record.status, record.body = status, json.dumps(value, cls=NinjaJSONEncoder)
            record.save(update_fields=["status", "body"])
            return result
    except _NotKept as answer:
        return answer.result


def idempotent(view):
    """Make a create endpoint honour Idempotency-Key (the view answers `Status(201, …)`)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(request, *args, **kwargs)
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
            raise ApiProblem(
                422,
                _("An Idempotency-Key is 1 to %(max)d printable characters.")
                % {"max": MAX_KEY_LENGTH},
            )
        owner, fingerprint = request.auth.key, _fingerprint(request)
        record = _earlier(owner, key)
        if record is None:
            try:
                return _first(request, view, args, kwargs, owner, key, fingerprint)
            except IntegrityError:
                # A request with the same key ran at the same time: its row held this one
                # back until it committed; answer as it did.
                record = _earlier(owner, key)
                if record is None:
                    raise
        if record.request_hash != fingerprint:
            raise ApiProblem(
                422,
                _(
                    "This Idempotency-Key was used for a different request. Use a new "
                    "key for a new request."
                ),
            )
        return _replay(record)

    return wrapper
