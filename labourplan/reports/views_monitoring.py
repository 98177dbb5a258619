from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from labourplan.accounts.permissions import Action, require
from labourplan.reference.models import FiscalYear, Region
from labourplan.reports.monitoring import CellStatus, completeness


def _fiscal_year(request) -> FiscalYear:
    year = request.GET.get("fy")
    if year and year.isdigit():
        return get_object_or_404(FiscalYear, year_be=int(year))
    fiscal_year = FiscalYear.objects.current()
    if fiscal_year is None:
        raise Http404
    return fiscal_year


@login_required
def report_completeness(request):
    """The centre's view of every province's monthly reports: complete, on time, late, missing."""
    require(request.user, Action.VIEW)
    fiscal_year = _fiscal_year(request)
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
