from django.urls import path

from kundcenter.reports import views, views_customer

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("oversikt/", views.dashboard, name="dashboard"),
    path("volymer/", views.report, {"url_name": "volumes"}, name="volumes"),
    path("avledning/", views.report, {"url_name": "deflection"}, name="deflection"),
    path("serviceniva/", views.report, {"url_name": "service_levels"}, name="service_levels"),
    path("serviceniva/sena/", views.breaches, name="breaches"),
    path("tider/", views.report, {"url_name": "times"}, name="times"),
    path("taggar/", views.report, {"url_name": "tags"}, name="tags"),
    path("kundnojdhet/", views.report, {"url_name": "satisfaction"}, name="satisfaction"),
    path("var-service/", views_customer.our_service, name="our_service"),
]
