from django.urls import path

from labourplan.notifications import views

urlpatterns = [
    path("line/webhook/", views.line_webhook, name="line_webhook"),
    path("notifications/channels/", views.channel_choices, name="notification_channels"),
    path("notifications/line/code/", views.line_code, name="line_code"),
    path("notifications/line/unlink/", views.line_unlink, name="line_unlink"),
    path("notifications/", views.notification_list, name="notifications_list"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/deliveries/", views.delivery_list, name="notifications_deliveries"),
    path("notifications/read-all/", views.notification_read_all, name="notifications_read_all"),
]
