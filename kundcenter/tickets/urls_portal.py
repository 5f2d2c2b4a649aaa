from django.urls import path

from kundcenter.tickets.views import billing, files, portal

app_name = "portal"
urlpatterns = [
    path("", portal.ticket_list, name="list"),
    path("nytt/", portal.new_ticket, name="new"),
    path("<ticket:number>/", portal.ticket_detail, name="ticket"),
    path("<ticket:number>/svar/", portal.ticket_reply, name="reply"),
    path("<ticket:number>/steg/", portal.ticket_step, name="step"),
    path("<ticket:number>/aterkalla/", portal.ticket_withdraw, name="withdraw"),
    # Shared by both sides: the access check decides, per user.
    path("<ticket:number>/filer/<id:attachment_id>/", files.download, name="attachment"),
]

# The customer's answer to a cost proposal (kundcenter.tickets.views.billing).
urlpatterns += [
    path("<ticket:number>/kostnadsforslag/<id:pk>/svar/", billing.decide, name="decide_proposal"),
]
