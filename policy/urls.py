"""URLs of the policy app's own (non-page) views; included at /search/."""

from django.urls import path

from . import views

urlpatterns = [path("", views.search, name="search")]
