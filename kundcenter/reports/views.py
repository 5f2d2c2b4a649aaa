"""Report pages: filter form, then per table a chart, the table and its export links.

One view serves every report. The same URL with `?format=csv` or `?format=xlsx` (and
`table=<key>`) returns that table's rows as a file, so an export is exactly what the
page shows for the same filters.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kundcenter.reports import dashboard as dashboard_panels
from kundcenter.reports.access import (
    may_see_dashboard,
    may_see_reports,
    report_ticket_scope,
    sees_all_reports,
)
from kundcenter.reports.charts import render_chart
from kundcenter.reports.deflection import deflection
from kundcenter.reports.export import display_rows, table_csv, table_xlsx
from kundcenter.reports.forms import BreachesFilterForm, ReportFilterForm, SlaFilterForm
from kundcenter.reports.satisfaction import satisfaction
from kundcenter.reports.service_level import breached_tickets, service_levels, times
from kundcenter.reports.tags import tags_report
from kundcenter.reports.volumes import volumes
from kundcenter.tickets.queues import page_number, paginate

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ReportSpec:
    slug: str
    url_name: str
    title: Promise
    summary: Promise
    fields: tuple
    run: Callable
    # False: only for managers and admins (the report is not about tickets in a lane).
    lane_scoped: bool = True
    form_class: type = ReportFilterForm


REPORTS = (
    ReportSpec(
        "volymer",
        "volumes",
        _("Volumes"),
        _("New, closed and open tickets per period, the backlog's age and the busiest customers."),
        (
            "date_from",
            "date_to",
            "grouping",
            "breakdown",
            "category",
            "channel",
            "module",
            "industry",
            "team",
        ),
        lambda filters, user: volumes(filters, report_ticket_scope(user)),
    ),
    ReportSpec(
        "avledning",
        "deflection",
        _("Deflection"),
        _("Knowledge-base articles opened from the new-ticket form without a ticket following."),
        ("date_from", "date_to", "grouping", "module"),
        lambda filters, user: deflection(filters),
        lane_scoped=False,
    ),
    ReportSpec(
        "serviceniva",
        "service_levels",
        _("Service level"),
        _(
            "Handling started in time and resolution met, per service level, category, team, "
            "module, customer and month, with the late tickets behind each figure."
        ),
        ("date_from", "date_to", "breakdown", "category", "module", "team"),
        lambda filters, user: service_levels(filters, report_ticket_scope(user)),
        form_class=SlaFilterForm,
    ),
    ReportSpec(
        "tider",
        "times",
        _("Times"),
        _(
            "Business hours to handling start and to resolution: median and 90th percentile "
            "per service level, category and team, and the trend per month."
        ),
        ("date_from", "date_to", "category", "module", "team"),
        lambda filters, user: times(filters, report_ticket_scope(user)),
        form_class=SlaFilterForm,
    ),
    ReportSpec(
        "taggar",
        "tags",
        _("Tags"),
        _("Tickets per tag: registered and closed in the range, and open at its end."),
        ("date_from", "date_to", "category", "channel", "module", "industry", "team"),
        lambda filters, user: tags_report(filters, report_ticket_scope(user)),
    ),
)


REPORTS += (
    ReportSpec(
        "kundnojdhet",
        "satisfaction",
        _("Customer satisfaction"),
        _(
            "Survey scores (1–5) from the reporters of resolved tickets per month, team, "
            "category and specialist; low scores to follow up."
        ),
        ("date_from", "date_to", "category", "team"),
        lambda filters, user: satisfaction(filters),
        lane_scoped=False,
    ),
)


def reports_for(user) -> list[ReportSpec]:
    """The reports `user` may open, in menu order (empty for everyone without reports)."""
    if not may_see_reports(user):
        return []
    everything = sees_all_reports(user)
    return [spec for spec in REPORTS if everything or spec.lane_scoped]


def _spec_for(request, url_name) -> ReportSpec:
    spec = next((s for s in reports_for(request.user) if s.url_name == url_name), None)
    if spec is None:
        raise Http404("No such report")
    return spec


def _login_or_404(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404("No reports for this user")


def index(request):
    specs = reports_for(request.user)
    if not specs:
        return _login_or_404(request)
    return render(request, "reports/index.html", {"nav": "reports", "reports": specs})


def _export_url(request, fmt, table_key) -> str:
    query = request.GET.copy()
    query["format"], query["table"] = fmt, table_key
    return f"?{query.urlencode()}"


def report(request, url_name):
    if not may_see_reports(request.user):
        return _login_or_404(request)
    spec = _spec_for(request, url_name)
    form = spec.form_class(request.GET, fields=spec.fields)
    sections = []
    if form.is_valid():
        filters = {**form.cleaned_data, "dates": form.dates}
        result = spec.run(filters, request.user)
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            table = result.table(request.GET.get("table") or result.sections[0].table.key)
            if table is None:
                raise Http404("No such table")
            name = f"{spec.slug}-{table.key}-{filters['date_from']}-{filters['date_to']}"
            if fmt == "csv":
                response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
            else:
                response = HttpResponse(table_xlsx(table), content_type=XLSX_TYPE)
            response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
            return response
        for section in result.sections:
            table = section.table
            shown = display_rows(table)
            sections.append(
                {
                    "table": table,
                    "description": section.description,
                    "rows": shown,
                    "lines": list(zip(table.links or [None] * len(shown), shown, strict=True)),
                    "chart": render_chart(section.chart, table) if section.chart else None,
                    "csv_url": _export_url(request, "csv", table.key),
                    "xlsx_url": _export_url(request, "xlsx", table.key),
                }
            )
    context = {"nav": "reports", "spec": spec, "form": form, "sections": sections}
    partial = request.htmx and not request.htmx.history_restore_request
    template = "reports/_results.html" if partial else "reports/report.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def dashboard(request):
    """The support manager's landing page (Översikt): every panel of
    `kundcenter.reports.dashboard` for now. An htmx request (the panels refresh themselves
    every minute) gets the panels alone."""
    if not may_see_dashboard(request.user):
        return _login_or_404(request)
    options = dashboard_panels.options_from(request.GET)
    panels = dashboard_panels.build_dashboard(timezone.now(), options)
    context = {"nav": "dashboard", "panels": panels, "options": options}
    partial = request.htmx and not request.htmx.history_restore_request
    template = "reports/_dashboard_panels.html" if partial else "reports/dashboard.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


BREACHES_PER_PAGE = 50
MAX_BREACH_PAGE = 200


def breaches(request):
    """The late tickets behind one figure of the service-level report: the same filters,
    and optionally one group of a breakdown. Paginated without counting; page numbers
    are bounded."""
    if not may_see_reports(request.user):
        return _login_or_404(request)
    spec = _spec_for(request, "service_levels")
    form = BreachesFilterForm(request.GET, fields=(*spec.fields, "group"))
    page = None
    if form.is_valid():
        filters = {**form.cleaned_data, "dates": form.dates}
        tickets = breached_tickets(
            filters,
            report_ticket_scope(request.user),
            filters["breakdown"],
            filters["group_key"],
        )
        number = min(page_number(request.GET.get("page")), MAX_BREACH_PAGE)
        page = paginate(tickets, number, BREACHES_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    report_query = request.GET.copy()
    for name in ("page", "group"):
        report_query.pop(name, None)
    context = {
        "nav": "reports",
        "spec": spec,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "report_query": report_query.urlencode(),
        "has_more_pages": page is not None and page.has_next and page.number < MAX_BREACH_PAGE,
    }
    return render(request, "reports/breaches.html", context)
