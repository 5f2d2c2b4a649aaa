from django.urls import path

from kundcenter.tickets.views import agent, billing, surveys, workspace

app_name = "agent"
urlpatterns = [
    path("", agent.queue, name="queue"),
    path("registrera/", agent.register_for_customer, name="register"),
    path("samtal/", agent.log_call, name="log_call"),
    path("arenden/<ticket:number>/", agent.ticket_detail, name="ticket"),
    path("arenden/<ticket:number>/svar/", agent.ticket_reply, name="reply"),
    path("arenden/<ticket:number>/status/", agent.ticket_transition, name="transition"),
    path("arenden/<ticket:number>/stang/", agent.ticket_close, name="close"),
    path("arenden/<ticket:number>/tilldela/", agent.ticket_assign, name="assign"),
    path("arenden/<ticket:number>/serviceniva/", agent.ticket_service_level, name="service_level"),
    path("arenden/<ticket:number>/kategori/", agent.ticket_category, name="category"),
    path("arenden/<ticket:number>/team/", agent.ticket_team, name="team"),
    path("arenden/<ticket:number>/overlamna/", agent.ticket_hand_over, name="hand_over"),
    path("arenden/<ticket:number>/tillfallig-losning/", agent.ticket_workaround, name="workaround"),
]

# Billable work (kundcenter.tickets.views.billing).
urlpatterns += [
    path("arenden/<ticket:number>/debiterbart/", billing.mark_billable, name="billable"),
    path("arenden/<ticket:number>/kostnadsforslag/", billing.propose, name="propose"),
    path(
        "arenden/<ticket:number>/kostnadsforslag/<id:pk>/aterkalla/",
        billing.withdraw_proposal,
        name="withdraw_proposal",
    ),
    path("arenden/<ticket:number>/tid/", billing.record_time, name="record_time"),
    path("arenden/<ticket:number>/installningsandring/", billing.setup_change, name="setup_change"),
    path("fakturering/", billing.export, name="billing_export"),
]

# Linking, merging and the collision warning (kundcenter.tickets.views.workspace).
urlpatterns += [
    path("arenden/<ticket:number>/dubblett/", workspace.ticket_merge, name="merge"),
    path("arenden/<ticket:number>/lanka/", workspace.ticket_link, name="link"),
    path("arenden/<ticket:number>/ta-bort-lank/", workspace.ticket_unlink, name="unlink"),
    path("arenden/<ticket:number>/narvaro/", workspace.ticket_presence, name="presence"),
]

# Customer satisfaction: low scores for the support manager to follow up.
urlpatterns += [
    path("nojdhet/", surveys.low_scores, name="low_scores"),
    path("nojdhet/<id:pk>/uppfoljning/", surveys.follow_up, name="follow_up"),
]
