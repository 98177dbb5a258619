from django.urls import path

from labourplan.annual import views

urlpatterns = [
    path("", views.annual_home, name="annual_home"),
    path("national.<str:kind>", views.national_document, name="annual_national_document"),
    path("plan/<int:plan_pk>/open/", views.annual_open, name="annual_open"),
    path("<int:pk>/", views.annual_detail, name="annual_detail"),
    path("<int:pk>/refresh/", views.annual_refresh, name="annual_refresh"),
    path("<int:pk>/submit/", views.annual_submit, name="annual_submit"),
    path("<int:pk>/accept/", views.annual_accept, name="annual_accept"),
    path("<int:pk>/return/", views.annual_return, name="annual_return"),
    path("<int:pk>/reopen/", views.annual_reopen, name="annual_reopen"),
    path("<int:pk>/form3.<str:kind>", views.annual_document, name="annual_document"),
]
