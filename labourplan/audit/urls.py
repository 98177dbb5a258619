from django.urls import path

from labourplan.audit import views

urlpatterns = [
    path("", views.audit_trail, name="audit_trail"),
]
