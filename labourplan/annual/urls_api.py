"""Form 3's REST API, included at /api/ (see labourplan.annual.api)."""

from django.urls import path

from labourplan.annual import api

urlpatterns = [
    path("annual-reports/", api.AnnualListView.as_view(), name="api_annual_reports"),
    path("plans/<int:pk>/annual-report/", api.PlanAnnualView.as_view(), name="api_plan_annual_report"),
    path("annual-reports/<int:pk>/", api.AnnualDetailView.as_view(), name="api_annual_report"),
    path("annual-reports/<int:pk>/items/", api.AnnualItemsView.as_view(), name="api_annual_items"),
    path("annual-items/<int:pk>/", api.AnnualItemView.as_view(), name="api_annual_item"),
    path("annual-reports/<int:pk>/refresh/", api.AnnualRefreshView.as_view(), name="api_annual_refresh"),
    path("annual-reports/<int:pk>/submit/", api.AnnualSubmitView.as_view(), name="api_annual_submit"),
    path("annual-reports/<int:pk>/accept/", api.AnnualAcceptView.as_view(), name="api_annual_accept"),
    path("annual-reports/<int:pk>/return/", api.AnnualReturnView.as_view(), name="api_annual_return"),
    path("annual-reports/<int:pk>/reopen/", api.AnnualReopenView.as_view(), name="api_annual_reopen"),
]
