from django.urls import path

from labourplan.dashboard import views

urlpatterns = [
    path("", views.home, name="home"),
    path("provinces/<str:code>/", views.province_home, name="province_home"),
]
