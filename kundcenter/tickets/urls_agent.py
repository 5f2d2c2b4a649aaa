from django.urls import path

from kundcenter.tickets.views import agent, agent_tools, billing, surveys, workspace

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

# The workspace: canned replies, tags, bulk actions, saved views
# (kundcenter.tickets.views.agent_tools).
urlpatterns += [
    path("makron/", agent_tools.macro_list, name="macros"),
    path("makron/ny/", agent_tools.macro_edit, name="macro_new"),
    path("makron/<id:pk>/", agent_tools.macro_edit, name="macro_edit"),
    path("makron/<id:pk>/ta-bort/", agent_tools.macro_delete, name="macro_delete"),
    path("arenden/<ticket:number>/makron/", agent_tools.macro_picker, name="macro_picker"),
    path("arenden/<ticket:number>/makron/<id:pk>/", agent_tools.macro_insert, name="macro_insert"),
    path("arenden/<ticket:number>/taggar/", agent_tools.ticket_add_tags, name="add_tags"),
    path(
        "arenden/<ticket:number>/taggar/ta-bort/", agent_tools.ticket_remove_tag, name="remove_tag"
    ),
    path("taggar/", agent_tools.tag_suggestions, name="tag_suggestions"),
    path("massatgard/", agent_tools.queue_bulk, name="bulk"),
    path("vyer/", agent_tools.saved_views, name="saved_views"),
    path("vyer/spara/", agent_tools.save_view, name="save_view"),
    path("vyer/<id:pk>/standard/", agent_tools.make_default_view, name="default_view"),
    path("vyer/<id:pk>/ta-bort/", agent_tools.delete_view, name="delete_view"),
]

# Linking, merging, the customer at a glance and the collision warning
# (kundcenter.tickets.views.workspace).
urlpatterns += [
    path("arenden/<ticket:number>/dubblett/", workspace.ticket_merge, name="merge"),
    path("arenden/<ticket:number>/lanka/", workspace.ticket_link, name="link"),
    path("arenden/<ticket:number>/ta-bort-lank/", workspace.ticket_unlink, name="unlink"),
    path("arenden/<ticket:number>/narvaro/", workspace.ticket_presence, name="presence"),
    path("arenden/<ticket:number>/kund-i-korthet/", workspace.ticket_glance, name="glance"),
]

# Customer satisfaction: low scores for the support manager to follow up.
urlpatterns += [
    path("nojdhet/", surveys.low_scores, name="low_scores"),
    path("nojdhet/<id:pk>/uppfoljning/", surveys.follow_up, name="follow_up"),
]
