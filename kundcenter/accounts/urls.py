from django.urls import path

from kundcenter.accounts import views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("registrera/", views.register, name="register"),
    path("glomt-losenord/", views.PasswordResetView.as_view(), name="password_reset"),
    path("glomt-losenord/skickat/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "aterstall/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("aterstall/klart/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("profil/", views.profile, name="profile"),
    path("ga-med/", views.join, name="join"),
    path("kund/", views.organization, name="organization"),
    path("kund/<int:pk>/", views.organization_detail, name="organization_detail"),
    path(
        "kund/<int:pk>/forfragan/<int:request_id>/",
        views.decide_join,
        name="decide_join",
    ),
]
