from django.urls import path

from kundcenter.api import views

app_name = "api_tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("<id:pk>/aterkalla/", views.token_revoke, name="revoke"),
]
