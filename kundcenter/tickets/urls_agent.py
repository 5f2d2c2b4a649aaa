from django.urls import path

from kundcenter.tickets.views import agent, agent_tools, billing, surveys, workspace

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

# The workspace: canned replies, tags, bulk actions, saved views
# (kundcenter.tickets.views.agent_tools).
urlpatterns += [
    path("makron/", agent_tools.macro_list, name="macros"),
    path("makron/ny/", agent_tools.macro_edit, name="macro_new"),
    path("makron/<int:pk>/", agent_tools.macro_edit, name="macro_edit"),
    path("makron/<int:pk>/ta-bort/", agent_tools.macro_delete, name="macro_delete"),
    path("arenden/<str:number>/makron/", agent_tools.macro_picker, name="macro_picker"),
    path("arenden/<str:number>/makron/<int:pk>/", agent_tools.macro_insert, name="macro_insert"),
    path("arenden/<str:number>/taggar/", agent_tools.ticket_add_tags, name="add_tags"),
    path("arenden/<str:number>/taggar/ta-bort/", agent_tools.ticket_remove_tag, name="remove_tag"),
    path("taggar/", agent_tools.tag_suggestions, name="tag_suggestions"),
    path("massatgard/", agent_tools.queue_bulk, name="bulk"),
    path("vyer/", agent_tools.saved_views, name="saved_views"),
    path("vyer/spara/", agent_tools.save_view, name="save_view"),
    path("vyer/<int:pk>/standard/", agent_tools.make_default_view, name="default_view"),
    path("vyer/<int:pk>/ta-bort/", agent_tools.delete_view, name="delete_view"),
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
