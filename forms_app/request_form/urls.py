"""Addresses of the front-end request form, under ``/staff/requests/`` (namespace ``forms_app``)."""

from django.urls import path

from . import views

app_name = "forms_app"

urlpatterns = [
    path("", views.my_requests, name="my_requests"),
    path("new/", views.start, name="start"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/step/<slug:slug>/", views.step, name="step"),
    path("<uuid:public_id>/check/", views.check_answers, name="check"),
    path("<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
]
