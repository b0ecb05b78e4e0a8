"""Addresses of the front-end request form, under ``/staff/requests/`` (namespace ``forms_app``).

The approval forms built in the admin add theirs (``forms_app.built_forms.urls``) and share the rest.
"""

from django.urls import path

from ..built_forms import urls as built_form_urls
from . import step_views, submit_views, views

app_name = "forms_app"

urlpatterns = [
    path("", views.my_requests, name="my_requests"),
    path("new/", views.start, name="start"),
    path("new/step/team/", step_views.new, name="new"),
    *built_form_urls.urlpatterns,
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/step/<slug:slug>/", step_views.step, name="step"),
    path("<uuid:public_id>/check/", submit_views.check_answers, name="check"),
    path("<uuid:public_id>/withdraw/", submit_views.withdraw, name="withdraw"),
    path("<uuid:public_id>/amend/", submit_views.amend, name="amend"),
    path("<uuid:public_id>/amend/abandon/", submit_views.abandon, name="abandon_amendment"),
    path("<uuid:public_id>/remind/", views.remind_runners, name="remind_runners"),
    path("<uuid:public_id>/delete/", submit_views.delete, name="delete"),
    path("<uuid:public_id>/submitted/", submit_views.submitted, name="submitted"),
    path("<uuid:public_id>/files/", views.attachments, name="attachments"),
    path("<uuid:public_id>/files/<int:attachment_id>/", views.download_attachment, name="attachment"),
    path("<uuid:public_id>/files/<int:attachment_id>/remove/", views.remove_attachment_view, name="remove_attachment"),
]
