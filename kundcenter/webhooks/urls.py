from django.urls import path

from kundcenter.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.endpoint_list, name="list"),
    path("kund/<id:org>/", views.endpoint_list, name="organization"),
    path("<id:pk>/", views.endpoint_detail, name="detail"),
    path("<id:pk>/ny-hemlighet/", views.rotate_secret, name="rotate_secret"),
    path("<id:pk>/ateruppta/", views.resume, name="resume"),
    path("<id:pk>/testa/", views.send_test, name="send_test"),
    path("<id:pk>/ta-bort/", views.delete, name="delete"),
    path(
        "<id:pk>/leveranser/<id:delivery_id>/skicka-igen/",
        views.redeliver,
        name="redeliver",
    ),
]
