from django.urls import path

from kundcenter.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("klocka/", views.bell, name="bell"),
    path("<id:pk>/last/", views.mark_read, name="read"),
    path("alla-lasta/", views.mark_all_read, name="read_all"),
]
