"""URL of the signed approval record, addressed by the request's ``public_id``."""

from django.urls import path

from . import record_views

urlpatterns = [
    path("<uuid:public_id>/", record_views.approval_record, name="approval_record"),
]
