"""The monthly reports' REST API, included at /api/ (see labourplan.reports.api)."""

from django.urls import path

from labourplan.reports import api

urlpatterns = [
    path("reports/", api.ReportListView.as_view(), name="api_reports"),
    path("plans/<int:pk>/reports/", api.PlanReportsView.as_view(), name="api_plan_reports"),
    path("reports/<int:pk>/", api.ReportDetailView.as_view(), name="api_report"),
    path("reports/<int:pk>/results/<uuid:item_key>/", api.ResultView.as_view(), name="api_report_result"),
    path("reports/<int:pk>/submit/", api.ReportSubmitView.as_view(), name="api_report_submit"),
    path("reports/<int:pk>/accept/", api.ReportAcceptView.as_view(), name="api_report_accept"),
    path("reports/<int:pk>/return/", api.ReportReturnView.as_view(), name="api_report_return"),
    path("reports/<int:pk>/reopen/", api.ReportReopenView.as_view(), name="api_report_reopen"),
    path("reports/<int:pk>/evidence/", api.ReportEvidenceView.as_view(), name="api_report_evidence"),
    path("evidence/<int:pk>/", api.EvidenceView.as_view(), name="api_evidence"),
    path("evidence/<int:pk>/file", api.EvidenceFileView.as_view(), name="api_evidence_file"),
]
