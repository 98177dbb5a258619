from django.urls import path

from labourplan.reports import views_monitoring

urlpatterns = [
    path("completeness/", views_monitoring.report_completeness, name="report_completeness"),
]
