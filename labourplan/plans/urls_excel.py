from django.urls import path

from labourplan.plans import views_excel

urlpatterns = [
    path("<int:plan_pk>/form1.xlsx", views_excel.plan_export_xlsx, name="plan_export_xlsx"),
    path("template/<int:year_be>.xlsx", views_excel.plan_template_xlsx, name="plan_template_xlsx"),
    path("new/excel/", views_excel.plan_create_from_excel, name="plan_create_from_excel"),
    path("versions/<int:version_pk>/import/", views_excel.plan_import, name="plan_import"),
    path(
        "versions/<int:version_pk>/import/<slug:token>/",
        views_excel.plan_import_preview,
        name="plan_import_preview",
    ),
]
