from django.urls import path

from kundcenter.academy import views

app_name = "academy"

urlpatterns = [
    path("", views.index, name="index"),
    path("versioner/<id:pk>/", views.release_note, name="release_note"),
    path("dokumentation/<slug:slug>/", views.documentation_page, name="page"),
    path("filmer/<id:pk>/", views.video, name="video"),
    path("utbildningar/<id:pk>/", views.course, name="course"),
    path("tillfallen/<id:pk>/kalender.ics", views.session_ics, name="session_ics"),
    path("tillfallen/<id:pk>/anmal/", views.enrol, name="enrol"),
    path("anmalningar/<id:pk>/avboka/", views.cancel, name="cancel"),
    path("anmalningar/<id:pk>/genomford/", views.complete, name="complete"),
    path("nyheter/", views.news_list, name="news"),
    path("nyheter/<id:pk>/", views.news_item, name="news_item"),
    path("onskemal/", views.material_request, name="material_request"),
    path("onskemal/lista/", views.material_requests, name="material_requests"),
]
