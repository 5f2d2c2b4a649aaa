from django.http import HttpResponse



def download(request, *args, **kwargs):
    return HttpResponse('todo')
