from django.urls import path

from labourplan.dashboard import views_provinces as views

urlpatterns = [
    path("", views.province_list, name="province_list"),
    path("<str:code>/years/", views.province_years, name="province_years"),
]
