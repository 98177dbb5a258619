from django.urls import include, path

urlpatterns = [
    path("", include("labourplan.plans.urls_excel")),
    path("", include("labourplan.plans.urls_pdf")),
]
