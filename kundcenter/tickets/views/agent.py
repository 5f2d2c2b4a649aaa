from django.http import HttpResponse



def queue(request, *args, **kwargs):
    return HttpResponse('todo')


def register_for_customer(request, *args, **kwargs):
    return HttpResponse('todo')


def ticket_detail(request, *args, **kwargs):
    return HttpResponse('todo')


def ticket_reply(request, *args, **kwargs):
    return HttpResponse('todo')


def ticket_transition(request, *args, **kwargs):
    return HttpResponse('todo')


def ticket_close(request, *args, **kwargs):
    return HttpResponse('todo')


def ticket_assign(request, *args, **kwargs):
    return HttpResponse('todo')


def ticket_service_level(request, *args, **kwargs):
    return HttpResponse('todo')


def ticket_category(request, *args, **kwargs):
    return HttpResponse('todo')


def ticket_team(request, *args, **kwargs):
    return HttpResponse('todo')


def ticket_hand_over(request, *args, **kwargs):
    return HttpResponse('todo')
