from django.http import HttpResponse



def ticket_list(request, *args, **kwargs):
    return HttpResponse('todo')


def new_ticket(request, *args, **kwargs):
    return HttpResponse('todo')


def ticket_detail(request, *args, **kwargs):
    return HttpResponse('todo')


def ticket_reply(request, *args, **kwargs):
    return HttpResponse('todo')


def ticket_step(request, *args, **kwargs):
    return HttpResponse('todo')


def ticket_withdraw(request, *args, **kwargs):
    return HttpResponse('todo')
