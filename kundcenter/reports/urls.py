from django.urls import path

from kundcenter.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("oversikt/", views.dashboard, name="dashboard"),
    path("volymer/", views.report, {"url_name": "volumes"}, name="volumes"),
    path("avledning/", views.report, {"url_name": "deflection"}, name="deflection"),
]
