from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "labourplan.audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from labourplan.audit import signals

        # Django saves the whole user to stamp last_login, which would add a user-history row at
        # every sign-in; the audit trail has the sign-in already. Stamp it with an UPDATE instead.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(signals.stamp_last_login, dispatch_uid="audit_stamp_last_login")
