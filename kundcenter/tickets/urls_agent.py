from django.urls import path

from kundcenter.tickets.views import agent, billing, surveys, workspace

app_name = "agent"
urlpatterns = [
    path("", agent.queue, name="queue"),
    path("registrera/", agent.register_for_customer, name="register"),
    path("samtal/", agent.log_call, name="log_call"),
    path("arenden/<str:number>/", agent.ticket_detail, name="ticket"),
    path("arenden/<str:number>/svar/", agent.ticket_reply, name="reply"),
    path("arenden/<str:number>/status/", agent.ticket_transition, name="transition"),
    path("arenden/<str:number>/stang/", agent.ticket_close, name="close"),
    path("arenden/<str:number>/tilldela/", agent.ticket_assign, name="assign"),
    path("arenden/<str:number>/serviceniva/", agent.ticket_service_level, name="service_level"),
    path("arenden/<str:number>/kategori/", agent.ticket_category, name="category"),
    path("arenden/<str:number>/team/", agent.ticket_team, name="team"),
    path("arenden/<str:number>/overlamna/", agent.ticket_hand_over, name="hand_over"),
    path("arenden/<str:number>/tillfallig-losning/", agent.ticket_workaround, name="workaround"),
]

# Billable work (kundcenter.tickets.views.billing).
urlpatterns += [
    path("arenden/<str:number>/debiterbart/", billing.mark_billable, name="billable"),
    path("arenden/<str:number>/kostnadsforslag/", billing.propose, name="propose"),
    path(
        "arenden/<str:number>/kostnadsforslag/<int:pk>/aterkalla/",
        billing.withdraw_proposal,
        name="withdraw_proposal",
    ),
    path("arenden/<str:number>/tid/", billing.record_time, name="record_time"),
    path("arenden/<str:number>/installningsandring/", billing.setup_change, name="setup_change"),
    path("fakturering/", billing.export, name="billing_export"),
]

# Linking, merging and the collision warning (kundcenter.tickets.views.workspace).
urlpatterns += [
    path("arenden/<str:number>/dubblett/", workspace.ticket_merge, name="merge"),
    path("arenden/<str:number>/lanka/", workspace.ticket_link, name="link"),
    path("arenden/<str:number>/ta-bort-lank/", workspace.ticket_unlink, name="unlink"),
    path("arenden/<str:number>/narvaro/", workspace.ticket_presence, name="presence"),
]

# Customer satisfaction: low scores for the support manager to follow up.
urlpatterns += [
    path("nojdhet/", surveys.low_scores, name="low_scores"),
    path("nojdhet/<int:pk>/uppfoljning/", surveys.follow_up, name="follow_up"),
]
