from django.urls import path

from labourplan.reference import views

urlpatterns = [
    path("", views.province_list, name="province_list"),
]
