from django.urls import path

from labourplan.dashboard import views

urlpatterns = [
    path("", views.home, name="home"),
    path("national/", views.national_dashboard, name="national_dashboard"),
    path("national/heatmap/", views.national_heatmap, name="national_heatmap"),
    path("national/export.<str:fmt>", views.national_export, name="national_export"),
    path("provinces/<str:code>/", views.province_home, name="province_home"),
]
