"""Pages shared by both sides: the start page and the opening hours."""

from django.shortcuts import redirect, render

from kundcenter.accounts.rules import is_staff_role


def home(request):
    """Send people where they work: staff to the queue, customers to their tickets."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if is_staff_role(request.user):
        return redirect("agent:queue")
    return redirect("portal:list")


def opening_hours(request):
    return render(request, "tickets/opening_hours.html", {"nav": "hours"})
