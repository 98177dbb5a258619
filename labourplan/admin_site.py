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
