from django.urls import path

from labourplan.partners import views, views_rights

urlpatterns = [
    path("", views.register_home, name="partner_home"),
    path("partner/<int:pk>/", views.partner_edit, name="partner_edit"),
    path("partner/<int:pk>/delete/", views.partner_delete, name="partner_delete"),
    path("partner/<int:pk>/confirm/", views_rights.confirm, name="partner_confirm"),
    path("partner/<int:pk>/erase/", views_rights.erase, name="partner_erase"),
    path("partner/<int:pk>/held.json", views_rights.subject_json, name="partner_subject_json"),
    path("partner/<int:pk>/held.pdf", views_rights.subject_pdf, name="partner_subject_pdf"),
    path("<str:code>/", views.partner_list, name="partner_list"),
    path("<str:code>/add/", views.partner_add, name="partner_add"),
    path("<str:code>/register.xlsx", views.register_xlsx, name="partner_register_xlsx"),
    path("<str:code>/register.pdf", views.register_pdf, name="partner_register_pdf"),
    path("<str:code>/import/", views.register_import, name="partner_import"),
    path("<str:code>/import/<slug:token>/", views.register_import_preview, name="partner_import_preview"),
]
