from django.urls import path

from labourplan.partners import views

urlpatterns = [
    path("", views.register_home, name="partner_home"),
    path("partner/<int:pk>/", views.partner_edit, name="partner_edit"),
    path("partner/<int:pk>/delete/", views.partner_delete, name="partner_delete"),
    path("<str:code>/", views.partner_list, name="partner_list"),
    path("<str:code>/add/", views.partner_add, name="partner_add"),
    path("<str:code>/register.xlsx", views.register_xlsx, name="partner_register_xlsx"),
    path("<str:code>/register.pdf", views.register_pdf, name="partner_register_pdf"),
    path("<str:code>/import/", views.register_import, name="partner_import"),
    path("<str:code>/import/<slug:token>/", views.register_import_preview, name="partner_import_preview"),
]
