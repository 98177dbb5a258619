from django.urls import path

from labourplan.dashboard import views_audit as views

urlpatterns = [
    path("", views.audit_trail, name="audit_trail"),
]
