from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class LabourPlanAdminSite(admin.AdminSite):
    site_header = _("Labour anti-trafficking plans: system settings")
    site_title = _("System settings")
    index_title = _("Reference data and users")

    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_superuser or getattr(user, "is_central_admin", False))


class LabourPlanAdminConfig(AdminConfig):
    default_site = "labourplan.admin_site.LabourPlanAdminSite"

    def ready(self):
        super().ready()
        # Second-factor devices are set up by their owner and reset by the centre with a reason in
        # the audit trail (accounts' two-factor pages); the raw device tables stay out of the settings area.
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        for model in (StaticDevice, TOTPDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
