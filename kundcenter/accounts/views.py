from django.contrib.auth import views as auth_views
from django.http import HttpResponse

LoginView = auth_views.LoginView
LogoutView = auth_views.LogoutView
PasswordResetView = auth_views.PasswordResetView
PasswordResetDoneView = auth_views.PasswordResetDoneView
PasswordResetConfirmView = auth_views.PasswordResetConfirmView
PasswordResetCompleteView = auth_views.PasswordResetCompleteView


def register(request, *args, **kwargs):
    return HttpResponse('todo')


def profile(request, *args, **kwargs):
    return HttpResponse('todo')


def join(request, *args, **kwargs):
    return HttpResponse('todo')


def organization(request, *args, **kwargs):
    return HttpResponse('todo')


def organization_detail(request, *args, **kwargs):
    return HttpResponse('todo')


def decide_join(request, *args, **kwargs):
    return HttpResponse('todo')
