import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from labourplan.accounts.permissions import Action, get_province_for_user, require
from labourplan.lib.fiscal import bangkok_today
from labourplan.reference.models import FiscalYear, Region
from labourplan.reports.reminders import notices


def _calendar(today):
    """Where the current fiscal year stands: the month being reported and its deadline."""
    fiscal_year = FiscalYear.objects.current()
    if fiscal_year is None:
        return {"fiscal_year": None, "today": today}
    next_due = fiscal_year.next_report_due(today)
    context = {"fiscal_year": fiscal_year, "today": today, "next_report": None}
    if next_due:
        (year, month), due = next_due
        context["next_report"] = {
            "month_start": datetime.date(year, month, 1),
            "due": due,
            "days_left": (due - today).days,
        }
    return context


@login_required
def home(request):
    user = request.user
    if user.is_provincial:
        return redirect("province_home", code=user.province.code)
    require(user, Action.VIEW)
    regions = Region.objects.annotate(
        province_count=Count("provinces", filter=Q(provinces__in_regional_administration=True))
    ).order_by("order")
    return render(
        request,
        "dashboard/central_home.html",
        {**_calendar(bangkok_today()), "regions": regions, "province_total": sum(r.province_count for r in regions)},
    )


@login_required
def province_home(request, code):
    province = get_province_for_user(request.user, code)
    today = bangkok_today()
    return render(
        request,
        "dashboard/province_home.html",
        {
            **_calendar(today),
            "province": province,
            "report_notices": notices(today=today, province=province),  # the same notices as the e-mails
            "officers": province.users.filter(is_active=True).order_by("role", "first_name"),
        },
    )
