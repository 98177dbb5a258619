from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from labourplan.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "province", "is_active", "last_login"]
    list_filter = ["role", "is_active", "province__region", "province"]
    list_select_related = ["province"]
    search_fields = ["username", "first_name", "last_name", "email", "province__name_th"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email", "position", "phone"]}),
        (_("Role"), {"fields": ["role", "province", "is_active"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        (_("Role"), {"fields": ["role", "province", "email", "first_name", "last_name"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
