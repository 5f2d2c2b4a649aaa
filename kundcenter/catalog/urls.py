from django.urls import path

from kundcenter.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.services, name="services"),
    path("nedladdningar/", views.downloads, name="downloads"),
    path("nedladdningar/<slug:slug>/<id:release_id>/", views.download, name="download"),
    path("synpunkter/", views.feedback, name="feedback"),
    path("synpunkter/lista/", views.feedback_list, name="feedback_list"),
    path("<slug:slug>/", views.service, name="service"),
]
