"""The list of provinces by region, for the centre; the reference data are the reference app's."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from labourplan.accounts.permissions import Action, get_province_for_user, require
from labourplan.dashboard.activities import KEY_ACTIVITIES
from labourplan.dashboard.years import across_years
from labourplan.reference.models import Province, Region


@login_required
def province_list(request):
    require(request.user, Action.VIEW)
    regions = Region.objects.prefetch_related("provinces")
    return render(
        request,
        "reference/province_list.html",
        {"regions": regions, "regional_count": Province.objects.regional().count()},
    )


@login_required
def province_years(request, code):
    """A province across fiscal years beside its region and the nation (its own officers and the centre)."""
    province = get_province_for_user(request.user, code)
    lines = across_years(province)
    return render(
        request,
        "dashboard/province_years.html",
        {
            "province": province,
            "lines": lines,
            "has_activities": any(line.activities for line in lines),
            "key_activities": KEY_ACTIVITIES,
        },
    )
