"""Customer-satisfaction surveys: the signed-link page (no login), the form on the
portal ticket page, and the support manager's list of low scores to follow up.

The link page shows the ticket's number and title and nothing more: whoever holds the
link may answer, but learns nothing else. An altered or expired link gets a page that
says so (400 or 410), the same for every ticket, so it reveals nothing either.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kundcenter.lib.errors import ActionError
from kundcenter.privacy import log as privacy_log
from kundcenter.tickets import surveys
from kundcenter.tickets.access import get_ticket_for
from kundcenter.tickets.models import Survey
from kundcenter.tickets.views.agent import staff_only

LOW_SCORES_SHOWN = 100


def survey_context(ticket, user) -> dict:
    """For the portal ticket page: the viewer's own survey of this ticket, if any."""
    if ticket.is_open or not user.is_authenticated:
        return {"survey": None}
    survey = surveys.survey_of(ticket)
    if survey is None or survey.person_id != user.pk:
        return {"survey": None}
    return {
        "survey": survey,
        "survey_open": surveys.is_open(survey),
        "survey_scores": surveys.SCORES,
    }


def _answer_page(request, survey, status=200, error=""):
    return render(
        request,
        "tickets/surveys/answer.html",
        {
            "survey": survey,
            # Only these two facts of the ticket reach the page.
            "number": survey.ticket.number,
            "title": survey.ticket.title,
            "survey_open": surveys.is_open(survey),
            "scores": surveys.SCORES,
            "error": error,
            "chosen": request.POST.get("score", ""),
            "comment": request.POST.get("comment", ""),
        },
        status=status,
    )


def answer_by_link(request, token):
    """The link in the closing mail: answer without logging in."""
    try:
        survey = surveys.survey_from_token(token)
    except surveys.LinkError as exc:
        return render(
            request,
            "tickets/surveys/link_problem.html",
            {"expired": exc.expired},
            status=410 if exc.expired else 400,
        )
    if request.method == "POST":
        try:
            surveys.answer(survey, request.POST.get("score"), request.POST.get("comment", ""))
        except ActionError as exc:
            survey.refresh_from_db()
            return _answer_page(request, survey, status=400, error=exc.message)
        return render(request, "tickets/surveys/thanks.html", {"number": survey.ticket.number})
    return _answer_page(request, survey)


@login_required
@require_POST
def answer_on_ticket(request, number):
    """The form on the portal ticket page: only the person asked may answer."""
    ticket = get_ticket_for(request.user, number)
    survey = Survey.objects.filter(ticket_id=ticket.pk, person_id=request.user.pk).first()
    if survey is None:
        raise Http404("No survey for this person")
    try:
        surveys.answer(survey, request.POST.get("score"), request.POST.get("comment", ""))
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you for your answer!"))
    return redirect("portal:ticket", number=ticket.number)


def _manager_only(request):
    if not surveys.may_follow_up(request.user):
        raise Http404("Not for this user")


@staff_only(login_redirect=True)
def low_scores(request):
    """Scores of LOW_SCORE or less: those not yet followed up first, then the latest."""
    _manager_only(request)
    rows = list(
        Survey.objects.filter(score__lte=surveys.LOW_SCORE)
        .select_related("ticket__organization", "team", "specialist", "followed_up_by")
        .order_by("followed_up_at", "-answered_at", "-pk")[:LOW_SCORES_SHOWN]
    )
    # The answers are the customers' words: the reading is logged per person shown.
    privacy_log.record(
        request,
        action=privacy_log.Action.READ,
        subjects=[s.person_id for s in rows if s.person_id],
        obj="low customer-satisfaction scores",
    )
    pending = [s for s in rows if s.followed_up_at is None]
    done = [s for s in rows if s.followed_up_at is not None]
    return render(
        request,
        "tickets/surveys/low_scores.html",
        {"nav": "reports", "pending": pending, "done": done, "low_score": surveys.LOW_SCORE},
    )


@staff_only()
@require_POST
def follow_up(request, pk):
    _manager_only(request)
    survey = Survey.objects.filter(pk=pk).first()
    if survey is None:
        raise Http404("No such survey")
    try:
        surveys.follow_up(survey, request.user, request.POST.get("note", ""))
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The follow-up has been recorded."))
    return redirect("agent:low_scores")
