from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from kundcenter.api.api import api
from kundcenter.lib.params import register_converters
from kundcenter.ops.metrics import metrics_view
from kundcenter.tickets.views import common

# <id:…> and <ticket:…> in every app's URLs: malformed ids and numbers are a 404.
register_converters()

urlpatterns = [
    path("", common.home, name="home"),
    path("oppettider/", common.opening_hours, name="opening_hours"),
    path("kontakt/", common.contact, name="contact"),
    path("servicenivaer/", include("kundcenter.sla.urls")),
    path("konto/", include("kundcenter.accounts.urls")),
    path("arenden/", include("kundcenter.tickets.urls_portal")),
    path("agent/", include("kundcenter.tickets.urls_agent")),
    path("epost/", include("kundcenter.mail.urls")),
    path("aviseringar/", include("kundcenter.notices.urls")),
    path("webhooks/", include("kundcenter.webhooks.urls")),
    path("fragor-och-svar/", include("kundcenter.knowledge.urls")),
    path("akademi/", include("kundcenter.academy.urls")),
    path("tjanster/", include("kundcenter.catalog.urls")),
    path("integritet/", include("kundcenter.privacy.urls")),
    path("rapporter/", include("kundcenter.reports.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("health/", include("kundcenter.ops.urls")),
    path("metrics", metrics_view, name="metrics"),
]
