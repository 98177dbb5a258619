"""The register's REST API, included at /api/ (see labourplan.partners.api)."""

from django.urls import path

from labourplan.partners import api

urlpatterns = [
    path("provinces/<str:code>/partners/", api.ProvincePartnersView.as_view(), name="api_province_partners"),
    path("partners/<int:pk>/", api.PartnerView.as_view(), name="api_partner"),
]
