"""The data-quality REST API, included at /api/ (see labourplan.quality.api)."""

from django.urls import path

from labourplan.quality import api

urlpatterns = [
    path("quality/findings/", api.FindingListView.as_view(), name="api_quality_findings"),
    path("quality/findings/<int:pk>/ask/", api.AskView.as_view(), name="api_quality_ask"),
    path("quality/findings/<int:pk>/answer/", api.AnswerView.as_view(), name="api_quality_answer"),
    path("quality/findings/<int:pk>/close/", api.CloseView.as_view(), name="api_quality_close"),
]
