from django.urls import path

from labourplan.opendata import views

urlpatterns = [
    path("open/<slug:name>.<str:fmt>", views.dataset_file, name="open_dataset_file"),
]
