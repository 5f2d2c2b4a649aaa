"""The public page of service-level terms: the version in force and any coming ones."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kundcenter.sla import policy
from kundcenter.sla.targets import MonthWindow, SameDay, SameWeek, WithinDays
from kundcenter.tickets.models import SERVICE_LEVEL_DESCRIPTIONS
from kundcenter.tickets.workflows import Category


def describe_resolution(rule) -> str:
    """A resolution rule in words, as the brochure puts it."""
    if isinstance(rule, SameDay):
        return _("Same day")
    if isinstance(rule, SameWeek):
        return _("Same week")
    if isinstance(rule, WithinDays):
        if rule.days % 7 == 0:
            weeks = rule.days // 7
            return ngettext("Within %(n)s week", "Within %(n)s weeks", weeks) % {"n": weeks}
        return ngettext("Within %(n)s day", "Within %(n)s days", rule.days) % {"n": rule.days}
    if isinstance(rule, MonthWindow):
        return _("Within %(earliest)s–%(latest)s months") % {
            "earliest": rule.earliest_months,
            "latest": rule.latest_months,
        }
    return str(rule)


def _hours(delta) -> float:
    return delta.total_seconds() / 3600


def _terms(version) -> dict:
    """What the engine uses for `version` (its rows, or the defaults where it has none)."""
    version_id = version.pk if version else None
    levels = policy.levels_for(version_id)
    return {
        "version": version,
        "levels": [
            {
                "level": level,
                "description": SERVICE_LEVEL_DESCRIPTIONS.get(level, ""),
                "response_hours": _hours(term.response),
                "resolution": describe_resolution(term.resolution),
            }
            for level, term in sorted(levels.items())
        ],
        "categories": [
            {"label": label, "response_hours": _hours(response)}
            for value, label in Category.choices
            if value != Category.BUG
            and (response := policy.category_response(version_id, value)) is not None
        ],
    }


def terms(request):
    """Current and published coming service-level terms, each with its effective date."""
    now = timezone.now()
    context = {
        "nav": "terms",
        "current": _terms(policy.version_in_force(now)),
        "coming": [_terms(v) for v in policy.coming_versions(now)],
    }
    return render(request, "sla/terms.html", context)
