from django.urls import path

from kundcenter.tickets.views import agent

app_name = "agent"
urlpatterns = [
    path("", agent.queue, name="queue"),
    path("registrera/", agent.register_for_customer, name="register"),
    path("arenden/<str:number>/", agent.ticket_detail, name="ticket"),
    path("arenden/<str:number>/svar/", agent.ticket_reply, name="reply"),
    path("arenden/<str:number>/status/", agent.ticket_transition, name="transition"),
    path("arenden/<str:number>/stang/", agent.ticket_close, name="close"),
    path("arenden/<str:number>/tilldela/", agent.ticket_assign, name="assign"),
    path("arenden/<str:number>/serviceniva/", agent.ticket_service_level, name="service_level"),
    path("arenden/<str:number>/kategori/", agent.ticket_category, name="category"),
    path("arenden/<str:number>/team/", agent.ticket_team, name="team"),
    path("arenden/<str:number>/overlamna/", agent.ticket_hand_over, name="hand_over"),
]
