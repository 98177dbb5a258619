from django.urls import path

from labourplan.reports import views_excel

urlpatterns = [
    path("<int:report_pk>/form2.xlsx", views_excel.report_export_xlsx, name="report_export_xlsx"),
    path("<int:report_pk>/import/", views_excel.report_import, name="report_import"),
    path("<int:report_pk>/import/<slug:token>/", views_excel.report_import_preview, name="report_import_preview"),
]
