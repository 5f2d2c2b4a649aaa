from django.urls import path

from kundcenter.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.article_new, name="new"),
    path("forhandsgranska/", views.preview, name="preview"),
    path("forslag/", views.suggestions, name="suggestions"),
    path("synonymer/", views.synonyms, name="synonyms"),
    path("<slug:slug>/", views.article_detail, name="article"),
    path("<slug:slug>/redigera/", views.article_edit, name="edit"),
    path("<slug:slug>/rostning/", views.article_vote, name="vote"),
]
