from django.urls import path

from kundcenter.sla import views

app_name = "sla"

urlpatterns = [
    path("", views.terms, name="terms"),
]
