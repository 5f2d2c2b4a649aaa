from django.urls import path

from kundcenter.tickets.views import billing, files, portal, surveys

app_name = "portal"
urlpatterns = [
    path("", portal.ticket_list, name="list"),
    # The signed link in the closing mail: no login needed (kundcenter.tickets.surveys).
    path("nojdhet/<str:token>/", surveys.answer_by_link, name="survey_link"),
    path("nytt/", portal.new_ticket, name="new"),
    path("<str:number>/", portal.ticket_detail, name="ticket"),
    path("<str:number>/svar/", portal.ticket_reply, name="reply"),
    path("<str:number>/steg/", portal.ticket_step, name="step"),
    path("<str:number>/aterkalla/", portal.ticket_withdraw, name="withdraw"),
    path("<str:number>/nojdhet/", surveys.answer_on_ticket, name="survey"),
    # Shared by both sides: the access check decides, per user.
    path("<str:number>/filer/<int:attachment_id>/", files.download, name="attachment"),
    path("<str:number>/filer/<int:attachment_id>/visa/", files.preview, name="attachment_preview"),
]

# The customer's answer to a cost proposal (kundcenter.tickets.views.billing).
urlpatterns += [
    path("<str:number>/kostnadsforslag/<int:pk>/svar/", billing.decide, name="decide_proposal"),
]
