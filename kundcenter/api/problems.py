"""Errors as RFC 9457 problem details (`application/problem+json`), in the caller's
language: Accept-Language picks Swedish or English, the site's language otherwise.

Every refusal of the API goes through here, so a client reads one shape:
`{"type", "title", "status", "detail"}` and, for invalid fields, `errors`.
"""

import logging

from django.conf import settings
from django.http import Http404, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, trans_real
from django.views.decorators.csrf import csrf_exempt
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kundcenter.lib.errors import ActionError

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"


class ApiProblem(Exception):
    """Raised anywhere in the API to answer with a problem document."""

    def __init__(self, status: int, detail: str, *, headers: dict | None = None):
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or {}


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


def language(request) -> str:
    """The caller's language from Accept-Language (only): sv or en, else the default."""
    supported = {code for code, _name in settings.LANGUAGES}
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:500]
    for code, _quality in trans_real.parse_accept_lang_header(header):
        code = code.split("-")[0].lower()
        if code in supported:
            return code
    return settings.LANGUAGE_CODE


def speak(request) -> None:
    """Answer this request in the caller's language (messages of actions included)."""
    translation.activate(language(request))


def _titles() -> dict:
    return {
        400: _("Bad request"),
        401: _("Not authenticated"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        413: _("Too large"),
        422: _("Cannot be done"),
        429: _("Too many requests"),
        500: _("Internal error"),
    }


def problem(request, status: int, detail: str, *, errors=None, headers=None) -> JsonResponse:
    speak(request)
    body = {
        "type": "about:blank",
        "title": _titles().get(status, str(status)),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field_errors(errors) -> list[dict]:
    """Pydantic's error list as field/message pairs a developer can act on."""
    found = []
    for error in errors:
        # loc is e.g. ("query", "audience") or ("body", "payload", "standing").
        where = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
        where = [p for p in where if p != "payload"]
        found.append({"field": ".".join(where) or "request", "message": _message(error)})
    return found


def _field_messages() -> dict:
    """pydantic's error types in the caller's language ({…} filled from the error's ctx)."""
    return {
        "missing": _("This field is required."),
        "greater_than_equal": _("Give a value of at least {ge}."),
        "greater_than": _("Give a value greater than {gt}."),
        "less_than_equal": _("Give a value of at most {le}."),
        "less_than": _("Give a value less than {lt}."),
        "int_parsing": _("Give a whole number."),
        "int_type": _("Give a whole number."),
        "int_from_float": _("Give a whole number."),
        "float_parsing": _("Give a number."),
        "float_type": _("Give a number."),
        "decimal_parsing": _("Give a number."),
        "decimal_type": _("Give a number."),
        "bool_parsing": _("Give true or false."),
        "bool_type": _("Give true or false."),
        "string_type": _("Give a text."),
        "literal_error": _("Choose {expected}."),
        "enum": _("Choose {expected}."),
        "date_parsing": _("Give a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Give a date as YYYY-MM-DD."),
        "date_type": _("Give a date as YYYY-MM-DD."),
        "datetime_parsing": _("Give a time as YYYY-MM-DDTHH:MM (ISO 8601)."),
        "datetime_from_date_parsing": _("Give a time as YYYY-MM-DDTHH:MM (ISO 8601)."),
        "datetime_type": _("Give a time as YYYY-MM-DDTHH:MM (ISO 8601)."),
        "list_type": _("Give a list."),
        "dict_type": _("Give an object."),
        "model_attributes_type": _("Give an object."),
        "model_type": _("Give an object."),
        "json_invalid": _("The request body could not be read: send valid JSON."),
        "url_parsing": _("Give a full web address (https://…)."),
        "url_scheme": _("Give a full web address (https://…)."),
    }


def _message(error: dict) -> str:
    """One field error's message in the caller's language; pydantic's own (English) text
    where we have no sentence for the type (a validator's own message is already ours)."""
    if error.get("type") == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    kind, ctx = error.get("type", ""), dict(error.get("ctx") or {})
    lengths = {
        "string_too_short": "min_length",
        "string_too_long": "max_length",
        "too_short": "min_length",
        "too_long": "max_length",
    }
    if kind in lengths and isinstance(ctx.get(lengths[kind]), int):
        n = ctx[lengths[kind]]
        return _length_message(kind, n) % {"n": n}
    template = _field_messages().get(kind)
    if template is None:
        return str(error.get("msg", ""))
    if "expected" in ctx:
        # pydantic joins the choices with an English "or": 'a', 'b' or 'c'.
        ctx["expected"] = str(ctx["expected"]).replace("' or '", f"' {_('or')} '")
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return str(error.get("msg", ""))


def _length_message(kind: str, n: int) -> str:
    if kind == "string_too_short":
        return ngettext("Write at least %(n)d character.", "Write at least %(n)d characters.", n)
    if kind == "string_too_long":
        return ngettext("Write at most %(n)d character.", "Write at most %(n)d characters.", n)
    if kind == "too_short":
        return ngettext("Give at least %(n)d item.", "Give at least %(n)d items.", n)
    return ngettext("Give at most %(n)d item.", "Give at most %(n)d items.", n)


def install(api) -> None:
    """Register the handlers on the NinjaAPI `api`."""

    @api.exception_handler(ValidationError)
    def _invalid(request, exc):
        errors = _field_errors(exc.errors)
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem(request, 422, detail or _("Invalid input."), errors=errors)

    @api.exception_handler(ApiProblem)
    def _problem(request, exc):
        return problem(request, exc.status, exc.detail, headers=exc.headers)

    @api.exception_handler(ActionError)
    def _refused(request, exc):
        return problem(request, 422, str(exc.message))

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        # The access helpers' texts ("No such ticket") are not for callers; and whether
        # it exists elsewhere is exactly what a 404 must not tell.
        speak(request)
        return problem(request, 404, _("There is nothing here, or it is not yours to see."))

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        speak(request)
        return problem(
            request,
            401,
            _("Give a valid token: Authorization: Bearer <token>."),
            headers={"WWW-Authenticate": "Bearer"},
        )

    @api.exception_handler(HttpError)
    def _http_error(request, exc):
        speak(request)
        detail = str(exc)
        if exc.status_code == 400:
            detail = _("The request body could not be read: send valid JSON.")
        return problem(request, exc.status_code, detail)

    @api.exception_handler(Exception)
    def _unexpected(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        speak(request)
        return problem(request, 500, _("Something went wrong on our side; it has been logged."))


@csrf_exempt
def not_found(request, rest=""):
    """Any other address under /api/v1/: a problem document too, not the site's 404 page."""
    return problem(request, 404, _("The API has no such address. See /api/v1/docs."))


class MethodNotAllowedMiddleware:
    """django-ninja answers a method an API address does not have with a plain-text 405
    (it has no hook for it): here it becomes a problem document as well, `Allow` kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and response.get("Content-Type", "") != CONTENT_TYPE
        ):
            allowed = response.get("Allow", "")
            detail = _("This address does not take %(method)s; it takes %(allowed)s.") % {
                "method": request.method[:20],
                "allowed": allowed,
            }
            response = problem(request, 405, detail, headers={"Allow": allowed})
        return response
