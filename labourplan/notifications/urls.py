from django.urls import path

from labourplan.notifications import views

urlpatterns = [
    path("line/webhook/", views.line_webhook, name="line_webhook"),
    path("notifications/line/code/", views.line_code, name="line_code"),
    path("notifications/line/unlink/", views.line_unlink, name="line_unlink"),
]
