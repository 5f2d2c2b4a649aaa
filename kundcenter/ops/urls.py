from django.urls import path

from kundcenter.ops import views

app_name = "ops"
urlpatterns = [
    path("", views.health, name="health"),
    path("web/", views.health_web, name="health_web"),
]
