"""The open API, included at /api/ (see labourplan.opendata.api)."""

from django.urls import path

from labourplan.opendata import api

urlpatterns = [
    path("open/", api.OpenDatasetsView.as_view(), name="api_open_datasets"),
    path("open/<slug:name>/", api.OpenDatasetView.as_view(), name="api_open_dataset"),
]
