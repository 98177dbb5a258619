"""The list of provinces by region, for the centre; the reference data are the reference app's."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from labourplan.accounts.permissions import Action, require
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
