from django.urls import path

from kundcenter.privacy import (
    views_holds,
    views_incidents,
    views_log,
    views_policy,
    views_rights,
)

app_name = "privacy"

urlpatterns = [
    # The privacy policy (public)
    path("policy/", views_policy.policy, name="policy"),
    path("policy/<id:pk>/", views_policy.policy, name="policy_version"),
    # Processing log
    path("min-logg/", views_log.my_log, name="my_log"),
    path("logg/", views_log.log_search, name="log_search"),
    # Incidents
    path("incidenter/", views_incidents.incident_list, name="incident_list"),
    path("incidenter/ny/", views_incidents.incident_create, name="incident_create"),
    path("incidenter/<id:pk>/", views_incidents.incident_detail, name="incident_detail"),
    path("incidenter/<id:pk>/andra/", views_incidents.incident_edit, name="incident_edit"),
    path(
        "incidenter/<id:pk>/rapporterad/",
        views_incidents.incident_mark_reported,
        name="incident_mark_reported",
    ),
    path(
        "incidenter/<id:pk>/berorda/",
        views_incidents.incident_affected,
        name="incident_affected",
    ),
    # Data-subject rights
    path("mina-uppgifter/", views_rights.my_data, name="my_data"),
    path("mina-uppgifter/export/", views_rights.my_export, name="my_export"),
    path("begaran/", views_rights.request_list, name="requests"),
    path("begaran/<id:pk>/", views_rights.request_detail, name="request_detail"),
    path("begaran/<id:pk>/export/", views_rights.request_export, name="request_export"),
    path("begaran/<id:pk>/radera/", views_rights.request_erase, name="request_erase"),
    path("begaran/<id:pk>/avsluta/", views_rights.request_close, name="request_close"),
    # Legal holds
    path("bevarande/", views_holds.hold_list, name="holds"),
    path("bevarande/<id:pk>/hav/", views_holds.hold_release, name="hold_release"),
    path("person/<id:user_id>/andra/", views_rights.person_edit, name="person_edit"),
]
