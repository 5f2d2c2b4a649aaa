from django.urls import path

from kundcenter.tickets.views import billing, files, portal, surveys

app_name = "portal"
urlpatterns = [
    path("", portal.ticket_list, name="list"),
    # The signed link in the closing mail: no login needed (kundcenter.tickets.surveys).
    path("nojdhet/<str:token>/", surveys.answer_by_link, name="survey_link"),
    path("nytt/", portal.new_ticket, name="new"),
    path("<ticket:number>/", portal.ticket_detail, name="ticket"),
    path("<ticket:number>/svar/", portal.ticket_reply, name="reply"),
    path("<ticket:number>/steg/", portal.ticket_step, name="step"),
    path("<ticket:number>/aterkalla/", portal.ticket_withdraw, name="withdraw"),
    path("<ticket:number>/nojdhet/", surveys.answer_on_ticket, name="survey"),
    # Shared by both sides: the access check decides, per user.
    path("<ticket:number>/filer/<id:attachment_id>/", files.download, name="attachment"),
    path(
        "<ticket:number>/filer/<id:attachment_id>/visa/", files.preview, name="attachment_preview"
    ),
]

# The customer's answer to a cost proposal (kundcenter.tickets.views.billing).
urlpatterns += [
    path("<ticket:number>/kostnadsforslag/<id:pk>/svar/", billing.decide, name="decide_proposal"),
]
