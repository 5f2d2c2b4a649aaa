"""The HTTP mail gate's one view: POST /epost/grind/ (see kundcenter.mail.gate).

Called by the MTA's client, not by people: no session, no CSRF token, no second factor
(kundcenter.lib.machine lists the path), and nothing in the processing log, which is
about people's processing, as for every other way mail comes in.
"""

import logging

from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from kundcenter.mail import gate

log = logging.getLogger(__name__)


def _refusal(status: int, detail: str, headers: dict | None = None) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status, headers=headers)


def _content_length(request) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


@csrf_exempt
def mail_gate(request):
    """Ingest the raw message in the request body; answer what became of it as JSON."""
    if not gate.enabled():
        raise Http404("The mail gate is off.")
    if not gate.token_matches(request.headers.get("Authorization", "")):
        return _refusal(401, "wrong or missing token", {"WWW-Authenticate": "Bearer"})
    if request.method != "POST":
        return _refusal(405, "POST the message", {"Allow": "POST"})
    try:
        raw = gate.read_message(request, _content_length(request))
        gate.check_content_type(request.content_type)
    except gate.GateRefusal as refusal:
        return _refusal(refusal.status, refusal.detail)
    try:
        result = gate.receive(raw)
    except gate.UNAVAILABLE:
        log.exception("the mail gate could not reach the database; the MTA will retry")
        retry = {"Retry-After": str(gate.RETRY_AFTER_SECONDS)}
        return _refusal(503, "database unavailable; try again later", retry)
    return JsonResponse(gate.answer(result))
