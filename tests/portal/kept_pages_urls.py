"""Views for tests/portal/test_kept_page_rules.py: @cached_page views that do what a real
page might (write, log a read, set a cookie), beside the site's own URLs."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from kundcenter.lib.page_cache import cached_page
from kundcenter.privacy import log
from kundcenter.privacy.models import ProcessingLogEntry
from kundcenter.tickets.models import Ticket
from kundcenter.urls import urlpatterns as site

RENDERED = {"count": 0}


def _answer(text=""):
    RENDERED["count"] += 1
    return HttpResponse(f"rendered {RENDERED['count']} {text}")


@cached_page
@login_required
def plain(request):
    return _answer(Ticket.objects.count())


@cached_page
@login_required
def writes(request):
    Ticket.objects.filter(pk=0).update(title="")  # a write, even one that changes no row
    return _answer()


@cached_page
@login_required
def logs_a_read(request):
    log.record(request, action=ProcessingLogEntry.Action.READ, subject=request.user)
    return _answer()


@cached_page
@login_required
def sets_a_cookie(request):
    response = _answer()
    response.set_cookie("seen", "1")
    return response


@login_required
def not_marked(request):
    return _answer()


urlpatterns = [
    path("prov/plain/", plain),
    path("prov/writes/", writes),
    path("prov/logs/", logs_a_read),
    path("prov/cookie/", sets_a_cookie),
    path("prov/not-marked/", not_marked),
    *site,
]
