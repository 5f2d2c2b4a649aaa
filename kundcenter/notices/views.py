"""The staff member's notification list: read, mark read, mark all read.

Staff only; each person sees only their own notices (anyone else's id is a 404).
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kundcenter.accounts.rules import is_staff_role
from kundcenter.lib.polling import leaves_session_alone
from kundcenter.notices.models import Notice

PAGE = 50


def _staff(request):
    if not is_staff_role(request.user):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise Http404("Not a staff page")
    return None


def notice_list(request):
    """The latest notices of the logged-in staff member (two queries: list and count)."""
    refused = _staff(request)
    if refused:
        return refused
    notices = list(
        Notice.objects.filter(recipient=request.user)
        .select_related("ticket", "actor")
        .order_by("-created_at", "-pk")[:PAGE]
    )
    unread = sum(1 for n in notices if n.read_at is None)
    return render(
        request,
        "notices/list.html",
        {"nav": "notices", "notices": notices, "unread_on_page": unread, "page_size": PAGE},
    )


@leaves_session_alone
def bell(request):
    """The bell with its unread count (one COUNT), for htmx to swap into the header."""
    refused = _staff(request)
    if refused:
        return refused
    unread = Notice.objects.filter(recipient=request.user, read_at__isnull=True).count()
    nav = "notices" if request.GET.get("nav") == "notices" else ""
    response = render(request, "notices/_bell.html", {"show": True, "unread": unread, "nav": nav})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def mark_read(request, pk):
    """Mark one notice read; `open=1` then goes to its ticket."""
    refused = _staff(request)
    if refused:
        return refused
    notice = Notice.objects.filter(recipient=request.user, pk=pk).select_related("ticket").first()
    if notice is None:
        raise Http404("No such notice")
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk).update(read_at=timezone.now())
    if request.POST.get("open"):
        from django.urls import reverse

        url = reverse("agent:ticket", args=[notice.ticket.number])
        if notice.message_id:
            url += f"#m{notice.message_id}"
        return redirect(url)
    return redirect("notices:list")


@require_POST
def mark_all_read(request):
    refused = _staff(request)
    if refused:
        return refused
    Notice.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("notices:list")
