from django.urls import path

from labourplan.opendata import views

urlpatterns = [
    path("open/", views.open_page, name="open_page"),
    path("open/datapackage.json", views.datapackage, name="open_datapackage"),
    path("open/catalog.jsonld", views.catalog, name="open_catalog"),
    path("open/<slug:name>.<str:fmt>", views.dataset_file, name="open_dataset_file"),
]
