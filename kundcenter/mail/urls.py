from django.urls import path

from kundcenter.mail import views, views_gate

app_name = "mail"
urlpatterns = [
    path("", views.inbound_list, name="list"),
    path("avvisade/", views.inbound_list, {"outcome": "refused"}, name="refused"),
    path("automatiska/", views.inbound_list, {"outcome": "ignored_loop"}, name="ignored"),
    path("<id:pk>/", views.inbound_detail, name="message"),
    path("<id:pk>/original.eml", views.inbound_original, name="original"),
    path("<id:pk>/bilaga/<id:index>/", views.inbound_attachment, name="attachment"),
    # For everyone logged in: the notification settings on the profile page post here.
    path("aviseringar/", views.notification_preferences, name="notification_preferences"),
    # The MTA's way in (kundcenter.mail.gate); kundcenter.lib.machine lists this path.
    path("grind/", views_gate.mail_gate, name="gate"),
]
