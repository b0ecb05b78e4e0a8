"""URL of the signed approval record, addressed by the request's ``public_id``."""

from django.urls import path

from . import views

urlpatterns = [
    path("<uuid:public_id>/", views.approval_record, name="approval_record"),
]
