"""Academy pages: thin views over the models and the academy actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kundcenter.academy import actions, notice
from kundcenter.academy.forms import MaterialRequestForm, MaterialStatusForm
from kundcenter.academy.ics import session_calendar
from kundcenter.academy.models import (
    Course,
    DocumentationPage,
    Enrolment,
    MaterialRequest,
    NewsItem,
    ReleaseNote,
    Session,
    Video,
)
from kundcenter.academy.search import search_academy
from kundcenter.accounts.models import Module
from kundcenter.accounts.rules import is_staff_role
from kundcenter.knowledge.rendering import render_markdown
from kundcenter.lib.errors import ActionError
from kundcenter.lib.page_cache import cached_page
from kundcenter.lib.params import id_or_404

Status = Enrolment.Status


def _require_staff(user):
    # Customers learn nothing from a staff page's existence: 404, never 403.
    if not is_staff_role(user):
        raise Http404


def _with_counts(sessions):
    return sessions.annotate(
        taken=Count("enrolments", filter=Q(enrolments__status=Status.ENROLLED)),
        waiting=Count("enrolments", filter=Q(enrolments__status=Status.WAITING)),
    )


@cached_page
@login_required
def index(request):
    """Everything in the academy, optionally for one module."""
    modules = list(Module.objects.filter(active=True))
    module = next((m for m in modules if m.slug == request.GET.get("module")), None)
    scope = {"module": module} if module else {}
    now = timezone.now()
    notes = ReleaseNote.objects.filter(published_on__lte=timezone.localdate(), **scope)
    upcoming = _with_counts(Session.objects.filter(starts_at__gt=now).order_by("starts_at"))
    # Searching videos and documentation; the listings below stay as they are.
    query = request.GET.get("q", "").strip()[:200]
    context = {
        "nav": "academy",
        "modules": modules,
        "module": module,
        "query": query,
        "results": search_academy(query, module=module) if query else None,
        "release_notes": notes.select_related("module")[:10],
        "pages": DocumentationPage.objects.filter(published=True, **scope).select_related("module"),
        "videos": Video.objects.filter(published=True, **scope).select_related("module"),
        "courses": Course.objects.filter(**scope)
        .select_related("module")
        .prefetch_related(Prefetch("sessions", queryset=upcoming, to_attr="upcoming")),
        "is_staff": is_staff_role(request.user),
        "news": NewsItem.objects.published(get_language())[:NEWS_ON_START],
    }
    return render(request, "academy/index.html", context)


NEWS_ON_START = 3
NEWS_PER_PAGE = 20


def news_list(request):
    """All news in the reader's language, newest first (public, like the brochure)."""
    from django.core.paginator import Paginator

    items = NewsItem.objects.published(get_language())
    page = Paginator(items, NEWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "academy/news_list.html", {"page": page, "nav": "academy"})


def news_item(request, pk):
    item = get_object_or_404(NewsItem.objects.published(get_language()), pk=pk)
    return render(
        request,
        "academy/news_item.html",
        {"item": item, "body": render_markdown(item.body), "nav": "academy"},
    )


@login_required
def release_note(request, pk):
    note = get_object_or_404(ReleaseNote.objects.select_related("module"), pk=pk)
    actions.mark_release_note_read(note, request.user)
    # The notice bar on this very page must already be gone.
    notice.remember_read(request, note)
    return render(
        request,
        "academy/release_note.html",
        {"nav": "academy", "note": note, "body": render_markdown(note.body)},
    )


@login_required
def documentation_page(request, slug):
    page = get_object_or_404(
        DocumentationPage.objects.select_related("module"), slug=slug, published=True
    )
    return render(
        request,
        "academy/page.html",
        {"nav": "academy", "page": page, "body": render_markdown(page.body)},
    )


@login_required
def video(request, pk):
    item = get_object_or_404(Video.objects.select_related("module"), pk=pk, published=True)
    return render(request, "academy/video.html", {"nav": "academy", "video": item})


@login_required
def course(request, pk):
    """A course with its sessions, the viewer's places, and for staff the participants."""
    item = get_object_or_404(Course.objects.select_related("module"), pk=pk)
    staff = is_staff_role(request.user)
    sessions = _with_counts(item.sessions.all())
    if staff:
        sessions = sessions.prefetch_related(
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.exclude(status=Status.CANCELLED).select_related("user"),
                to_attr="participants",
            )
        )
    else:
        sessions = sessions.filter(starts_at__gt=timezone.now())
    mine = {
        e.session_id: e
        for e in Enrolment.objects.filter(
            user=request.user, session__course=item, status__in=actions.LIVE + (Status.COMPLETED,)
        )
    }
    sessions = list(sessions)
    for session in sessions:
        session.mine = mine.get(session.pk)
        session.free = max(session.seats - session.taken, 0)
    return render(
        request,
        "academy/course.html",
        {"nav": "academy", "course": item, "sessions": sessions, "is_staff": staff},
    )


@login_required
def session_ics(request, pk):
    session = get_object_or_404(Session.objects.select_related("course__module"), pk=pk)
    url = request.build_absolute_uri(reverse("academy:course", args=[session.course_id]))
    response = HttpResponse(session_calendar(session, url=url), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


@login_required
@require_POST
def enrol(request, pk):
    session = get_object_or_404(Session, pk=pk)
    try:
        enrolment = actions.enrol(session, request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        if enrolment.status == Status.ENROLLED:
            messages.success(request, _("You are enrolled."))
        else:
            messages.info(
                request,
                _("The session is full; you are on the waiting list and move up if a seat frees."),
            )
    return redirect("academy:course", session.course_id)


@login_required
@require_POST
def cancel(request, pk):
    scope = Enrolment.objects.select_related("session")
    if not is_staff_role(request.user):
        scope = scope.filter(user=request.user)
    enrolment = get_object_or_404(scope, pk=pk)
    try:
        actions.cancel(enrolment, request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The enrolment is cancelled."))
    return redirect("academy:course", enrolment.session.course_id)


@login_required
@require_POST
def complete(request, pk):
    _require_staff(request.user)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("session__course__module", "user"), pk=pk
    )
    try:
        actions.record_completion(enrolment, request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("%(name)s has completed the training.") % {"name": enrolment.user}
        )
    return redirect("academy:course", enrolment.session.course_id)


@login_required
def material_request(request):
    form = MaterialRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_material(request.user, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you! Your request has been sent to us."))
            return redirect("academy:index")
    return render(request, "academy/material_request.html", {"nav": "academy", "form": form})


@login_required
def material_requests(request):
    """The staff list of requests for new knowledge material."""
    _require_staff(request.user)
    if request.method == "POST":
        item = get_object_or_404(MaterialRequest, pk=id_or_404(request.POST.get("request")))
        form = MaterialStatusForm(request.POST)
        if form.is_valid():
            try:
                actions.set_material_request_status(item, request.user, form.cleaned_data["status"])
            except ActionError as exc:
                messages.error(request, exc.message)
        return redirect("academy:material_requests")
    items = MaterialRequest.objects.select_related("user", "module")
    status = request.GET.get("status")
    if status in MaterialRequest.Status.values:
        items = items.filter(status=status)
    return render(
        request,
        "academy/material_requests.html",
        {
            "nav": "academy",
            "items": items[:200],
            "statuses": MaterialRequest.Status.choices,
            "status": status,
        },
    )
