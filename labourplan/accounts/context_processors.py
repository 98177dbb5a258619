from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from labourplan.accounts.permissions import Action, has_permission


def navigation(request):
    """The menu for the signed-in user's role; each entry only where the role may go."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"nav_items": [], "oidc_enabled": settings.OIDC_ENABLED}
    items = [
        {"label": _("Home"), "url": reverse("home"), "name": "home"},
        {"label": _("Action plans"), "url": reverse("plan_list"), "name": "plan_list"},
        {"label": _("Monthly reports"), "url": reverse("report_home"), "name": "report_home"},
        {"label": _("KPI evaluation"), "url": reverse("evaluation:home"), "name": "evaluation"},
        {"label": _("Annual reports"), "url": reverse("annual_home"), "name": "annual_home"},
        {"label": _("Partner register"), "url": reverse("partner_home"), "name": "partner_home"},
    ]
    # The centre's own pages in two drop-down groups, so that the menu keeps to one line.
    if has_permission(user, Action.VIEW):
        items.append(
            _group(
                request,
                _("Monitoring"),
                "monitoring",
                [
                    {
                        "label": _("Reporting completeness"),
                        "url": reverse("report_completeness"),
                        "name": "report_completeness",
                    },
                    {"label": _("Provinces"), "url": reverse("province_list"), "name": "province_list"},
                    {"label": _("Data quality"), "url": reverse("quality:list"), "name": "quality_list"},
                ],
            )
        )
    if has_permission(user, Action.ADMINISTER):
        items.append(
            _group(
                request,
                _("Administration"),
                "administration",
                [
                    {"label": _("Users"), "url": reverse("admin:accounts_user_changelist"), "name": "admin_users"},
                    {"label": _("Audit trail"), "url": reverse("audit_trail"), "name": "audit_trail"},
                    {"label": _("System settings"), "url": reverse("admin:index"), "name": "admin"},
                ],
            )
        )
    return {
        "nav_items": items,
        "oidc_enabled": settings.OIDC_ENABLED,
        "session_idle_seconds": settings.SESSION_IDLE_MINUTES * 60,  # the idle warning's first check
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }


def _group(request, label, name: str, children: list[dict]) -> dict:
    current = request.resolver_match.url_name if request.resolver_match else None
    return {
        "label": label,
        "name": name,
        "children": children,
        "active": any(child["name"] == current for child in children),
    }
