"""Front-end URLs for acknowledging policies; included at /acknowledge/ with the namespace ``acknowledge``."""

from django.urls import path

from . import acknowledgement_views as views

app_name = "acknowledge"
urlpatterns = [
    path("policy/<int:policy_id>/", views.acknowledge, name="policy"),
    path("<str:token>/", views.external_acknowledgement, name="external"),
]
