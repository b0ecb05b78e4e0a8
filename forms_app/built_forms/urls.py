"""Addresses only an approval form built in the admin has, added to ``forms_app.request_form.urls``.

Under ``/staff/requests/`` in the ``forms_app`` namespace, beside Appendix B's: a form's
first step is ``forms/<page id>/start/``. Its later steps, "Check your answers" and the
request's other pages share Appendix B's addresses (``<public_id>/...``), whose views
branch on ``SocialMediaSiteRequest.is_built_form``.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("forms/<int:page_id>/start/", views.start, name="built_start"),
]
