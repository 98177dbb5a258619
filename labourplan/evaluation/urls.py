from django.urls import path

from labourplan.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.evaluation_home, name="home"),
    path("criteria/", views.criteria_list, name="criteria"),
    path("criteria/copy/", views.criteria_copy, name="criteria_copy"),
    path("criteria/<int:year>/", views.criteria_detail, name="criteria_detail"),
    path("criteria/<int:year>/rounds/<int:number>/edit/", views.round_edit, name="round_edit"),
    path("<int:year>/rounds/<int:number>/", views.round_page, name="round"),
    path("<int:year>/rounds/<int:number>/freeze/", views.freeze, name="freeze"),
    path("<int:year>/rounds/<int:number>/export.xlsx", views.round_export, name="export"),
    path("<int:year>/provinces/<str:code>/", views.province_evaluation, name="province"),
    path("<int:year>/provinces/<str:code>/rounds/<int:number>/override/", views.override, name="override"),
]
