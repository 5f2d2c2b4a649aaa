"""The privacy policy: public, linked from every page's footer and from registration."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from kundcenter.knowledge.rendering import render_markdown
from kundcenter.privacy.models import PrivacyPolicy


def policy(request, pk=None):
    """The version in force in the reader's language (or an earlier one, by id), with the
    list of earlier versions. Without any version yet, the page says whom to ask."""
    versions = list(PrivacyPolicy.objects.in_force(get_language()))
    if pk is None:
        shown = versions[0] if versions else None
    else:
        shown = next((v for v in versions if v.pk == pk), None)
        if shown is None:
            raise Http404("No such version")
    return render(
        request,
        "privacy/policy.html",
        {
            "policy": shown,
            "body": render_markdown(shown.body) if shown else "",
            "in_force": bool(versions) and shown == versions[0],
            "versions": versions,
        },
    )
