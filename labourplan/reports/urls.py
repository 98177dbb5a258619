from django.urls import include, path

urlpatterns = [
    path("", include("labourplan.reports.urls_pages")),
    path("", include("labourplan.reports.urls_monitoring")),
    path("", include("labourplan.reports.urls_excel")),
]
