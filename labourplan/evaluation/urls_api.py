"""The KPI evaluation's REST API, included at /api/ (see labourplan.evaluation.api)."""

from django.urls import path

from labourplan.evaluation import api

urlpatterns = [
    path("evaluations/<int:year>/rounds/<int:number>/", api.RoundView.as_view(), name="api_evaluation_round"),
    path(
        "evaluations/<int:year>/rounds/<int:number>/provinces/<str:code>/",
        api.ProvinceEvaluationView.as_view(),
        name="api_evaluation_province",
    ),
]
