"""Helpers shared by the API's routers: responses, who the caller acts as, times."""

from datetime import date, datetime
from typing import Annotated

from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import AfterValidator

from kundcenter.accounts.rules import is_staff_role
from kundcenter.api.problems import ApiProblem, Problem

# The refusals every operation may answer; listed in the schema of each.
PROBLEMS = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    422: Problem,
    429: Problem,
}


def answers(*ok, **named) -> dict:
    """A `response=` mapping: the given 2xx codes and schemas, and every problem."""
    result = dict(PROBLEMS)
    for code, schema in ok:
        result[code] = schema
    return result


def local(moment: datetime | None) -> datetime | None:
    """Stockholm time to the second, e.g. 2026-04-08T09:00:00+02:00: what people read."""
    return timezone.localtime(moment).replace(microsecond=0) if moment else None


def person(request):
    """The person a personal token acts as, or None for a client system."""
    return request.auth.user


def require_person(request):
    """Writes are made by a person, whom the history names: a client cannot write."""
    user = request.auth.user
    if user is None:
        raise ApiProblem(
            403,
            _(
                "This needs a personal token: the ticket's history names the person who "
                "acted. A client system's token can read only."
            ),
        )
    return user


def require_staff_or_system(request):
    """For the vendor's own operations: a client system or a member of staff."""
    user = request.auth.user
    if user is not None and not is_staff_role(user):
        raise ApiProblem(403, _("Only support staff and the vendor's systems can do this."))
    return user


def sees_everything(request) -> bool:
    """A client system (the vendor's own) or staff: internal notes and files included."""
    user = request.auth.user
    return user is None or is_staff_role(user)


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text; Django's forms refuse it the same way.
    if "\x00" in value:
        raise ValueError("Null characters are not allowed.")
    return value


# Text from a caller: any `str` of an input schema or query is this, so a NUL byte is a
# 422 for that field, never a database error.
Text = Annotated[str, AfterValidator(_no_nul)]


def _sane_year(value):
    # Times are converted to and from Stockholm time; year 1 or 9999 would overflow there.
    if not 1900 <= value.year <= 9000:
        raise ValueError("Give a date between the years 1900 and 9000.")
    return value


Day = Annotated[date, AfterValidator(_sane_year)]
Moment = Annotated[datetime, AfterValidator(_sane_year)]
