from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from labourplan.accounts.permissions import Action, require
from labourplan.lib.pages import fiscal_year_asked
from labourplan.reference.models import FiscalYear, Region
from labourplan.reports.monitoring import CellStatus, completeness


@login_required
def report_completeness(request):
    """The centre's view of every province's monthly reports: complete, on time, late, missing."""
    require(request.user, Action.VIEW)
    fiscal_year = fiscal_year_asked(request, FiscalYear.objects)
    regions = list(Region.objects.order_by("order"))
    region = next((r for r in regions if r.code == request.GET.get("region")), None)
    figures = completeness(fiscal_year=fiscal_year, as_of=timezone.now())
    rows, region_total = figures.in_region(region.pk) if region else (figures.rows, None)
    return render(
        request,
        "reports/monitoring/completeness.html",
        {
            "fiscal_year": fiscal_year,
            "fiscal_years": FiscalYear.objects.order_by("-year_be"),
            "regions": regions,
            "region": region,
            "figures": figures,
            "rows": rows,
            "region_total": region_total,
            "statuses": CellStatus,
        },
    )
