"""Personal API tokens under /api/ (see labourplan.accounts.api)."""

from django.urls import path

from labourplan.accounts import api

urlpatterns = [
    path("tokens/", api.TokensView.as_view(), name="api_tokens"),
]
