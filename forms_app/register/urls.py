"""Front-end URLs of approval records: the record page and its sealed PDF (addressed by the request's
``public_id``), and the check of a sealed record."""

from django.urls import path

from . import record_views, views

urlpatterns = [
    path("check/", record_views.verify_record, name="verify_record"),
    path("<uuid:public_id>/", views.approval_record, name="approval_record"),
    path("<uuid:public_id>/sealed.pdf", record_views.latest_sealed_record_download, name="latest_sealed_record"),
    path(
        "<uuid:public_id>/sealed/<int:approval_round>.pdf",
        record_views.sealed_record_download,
        name="sealed_record_download",
    ),
]
