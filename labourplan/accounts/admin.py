from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from labourplan.accounts import two_factor
from labourplan.accounts.models import ApiToken, ProvinceTwoFactor, User
from labourplan.accounts.services import revoke_api_token, unlock_sign_in


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "province", "is_active", "last_login"]
    list_filter = ["role", "is_active", "two_factor_enabled", "two_factor_required", "province__region", "province"]
    list_select_related = ["province"]
    search_fields = ["username", "first_name", "last_name", "email", "province__name_th"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email", "position", "phone"]}),
        (_("Role"), {"fields": ["role", "province", "is_active"]}),
        (_("Two-factor sign-in"), {"fields": ["two_factor_state", "two_factor_required"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        (_("Role"), {"fields": ["role", "province", "email", "first_name", "last_name"]}),
    ]
    readonly_fields = ["last_login", "date_joined", "two_factor_state"]
    actions = ["unlock_sign_in", "require_two_factor", "stop_requiring_two_factor"]

    @admin.display(description=_("two-factor sign-in set up"))
    def two_factor_state(self, user):
        if not user.pk or not user.two_factor_enabled:
            return _("No")
        url = reverse("two_factor_reset", args=[user.pk])
        return format_html('{} — <a href="{}">{}</a>', _("Yes"), url, _("Reset (lost phone)…"))

    @admin.action(description=_("Require two-factor sign-in (e.g. a province's approvers)"))
    def require_two_factor(self, request, queryset):
        changed = two_factor.set_required(users=queryset, required=True, by=request.user, request=request)
        self.message_user(request, _("Two-factor sign-in now required for %(count)s users.") % {"count": changed})

    @admin.action(description=_("No longer require two-factor sign-in"))
    def stop_requiring_two_factor(self, request, queryset):
        changed = two_factor.set_required(users=queryset, required=False, by=request.user, request=request)
        self.message_user(request, _("Two-factor sign-in no longer required for %(count)s users.") % {"count": changed})

    @admin.action(description=_("Unlock sign-in (after too many wrong passwords)"))
    def unlock_sign_in(self, request, queryset):
        for user in queryset:
            unlock_sign_in(user=user, by=request.user, request=request)
        self.message_user(request, _("Sign-in unlocked for %(count)s users.") % {"count": len(queryset)})


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """The centre sees every API token and revokes those of people who left; keys are never shown."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "prefix"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # a person creates their own token on their profile page

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens stay, for the audit trail

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset.active():
            revoke_api_token(token=token, by=request.user, request=request)


@admin.register(ProvinceTwoFactor)
class ProvinceTwoFactorAdmin(admin.ModelAdmin):
    """Whether each province's approvers must give a second factor: changed here (one province's
    page, or several at once by the actions), each change written to the audit trail."""

    list_display = ["code", "name_th", "region", "approvers_two_factor_required"]
    list_filter = ["approvers_two_factor_required", "region"]
    list_select_related = ["region"]
    search_fields = ["code", "name_th", "name_en"]
    fields = ["code", "name_th", "approvers_two_factor_required"]
    readonly_fields = ["code", "name_th"]
    actions = ["require_for_approvers", "stop_requiring_for_approvers"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if "approvers_two_factor_required" in form.changed_data:
            two_factor.set_approvers_two_factor(
                provinces=[obj], required=obj.approvers_two_factor_required, by=request.user, request=request
            )

    @admin.action(description=_("Require two-factor sign-in of the selected provinces' approvers"))
    def require_for_approvers(self, request, queryset):
        changed = two_factor.set_approvers_two_factor(
            provinces=queryset, required=True, by=request.user, request=request
        )
        self.message_user(
            request, _("Two-factor sign-in now required of the approvers of %(count)s provinces.") % {"count": changed}
        )

    @admin.action(description=_("No longer require two-factor sign-in of the selected provinces' approvers"))
    def stop_requiring_for_approvers(self, request, queryset):
        changed = two_factor.set_approvers_two_factor(
            provinces=queryset, required=False, by=request.user, request=request
        )
        self.message_user(
            request,
            _("Two-factor sign-in no longer required of the approvers of %(count)s provinces.") % {"count": changed},
        )
