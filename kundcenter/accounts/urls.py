from django.urls import path

from kundcenter.accounts import views, views_entitlements, views_two_factor

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("registrera/", views.register, name="register"),
    path("registrera/skickat/", views.register_sent, name="register_sent"),
    path(
        "registrera/bekrafta/<str:token>/",
        views.confirm_registration,
        name="confirm_registration",
    ),
    path("byt-losenord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("glomt-losenord/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "glomt-losenord/skickat/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "aterstall/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "aterstall/klart/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Two-factor authentication (issue 7).
    path("tvastegs/kod/", views_two_factor.verify, name="two_factor_verify"),
    path("tvastegs/aktivera/", views_two_factor.set_up, name="two_factor_set_up"),
    path(
        "tvastegs/reservkoder/",
        views_two_factor.new_backup_codes,
        name="two_factor_backup_codes",
    ),
    path("tvastegs/stang-av/", views_two_factor.turn_off, name="two_factor_turn_off"),
    path("profil/", views.profile, name="profile"),
    path("ga-med/", views.join, name="join"),
    path("kund/", views.organization, name="organization"),
    path("kund/<id:pk>/", views.organization_detail, name="organization_detail"),
    path(
        "kund/<id:pk>/forfragan/<id:request_id>/",
        views.decide_join,
        name="decide_join",
    ),
    # Entitlements (issue 4): SuperUsers, trainings, payment standing, access grants.
    path(
        "kund/<id:pk>/superuser/utse/",
        views_entitlements.appoint_superuser,
        name="appoint_superuser",
    ),
    path(
        "kund/<id:pk>/superuser/<id:user_id>/ta-bort/",
        views_entitlements.remove_superuser,
        name="remove_superuser",
    ),
    path("kund/<id:pk>/utbildning/", views_entitlements.record_training, name="record_training"),
    path("kund/<id:pk>/betalning/", views_entitlements.payment_standing, name="payment_standing"),
    path("kund/<id:pk>/overlamnad/", views_entitlements.handed_over, name="handed_over"),
    path("kund/<id:pk>/atkomst/", views_entitlements.grant_access, name="grant_access"),
    path(
        "kund/<id:pk>/atkomst/<id:grant_id>/avsluta/",
        views_entitlements.revoke_access,
        name="revoke_access",
    ),
    path("kund/<id:pk>/handelser/", views_entitlements.customer_events, name="customer_events"),
]
