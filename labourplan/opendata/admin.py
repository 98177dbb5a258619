from django.contrib import admin

from labourplan.lib.admin import ThaiInputAdmin
from labourplan.opendata.models import CatalogSettings, Publication


@admin.register(CatalogSettings)
class CatalogSettingsAdmin(ThaiInputAdmin, admin.ModelAdmin):
    list_display = ["publisher", "maintainer", "license_id", "updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not CatalogSettings.objects.exists()


@admin.register(Publication)
class PublicationAdmin(ThaiInputAdmin, admin.ModelAdmin):
    list_display = ["fiscal_year", "withheld", "levels_round", "updated_at"]
    list_select_related = ["fiscal_year", "levels_round"]
