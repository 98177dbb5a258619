from django.urls import path

from labourplan.plans import views_pdf

urlpatterns = [
    path("<int:plan_pk>/form1.pdf", views_pdf.plan_pdf, name="plan_pdf"),
]
