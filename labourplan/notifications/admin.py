from django.contrib import admin

from labourplan.notifications.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The centre sees every delivery's state per channel, and why a failed one failed."""

    list_display = ["notification", "channel", "state", "attempts", "next_attempt_at", "sent_at", "last_error"]
    list_filter = ["state", "channel", "notification__province"]
    search_fields = ["notification__subject", "notification__recipient__username", "last_error"]
    list_select_related = ["notification"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
