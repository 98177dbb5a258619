"""Form 1 as the official PDF, for printing and the governor's signature."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record
from labourplan.lib.digits import parse_int
from labourplan.plans.access import get_plan_for_user
from labourplan.plans.models import PlanVersion
from labourplan.plans.pdf import render_form1_pdf


@require_GET
@login_required
@cache_control(private=True, max_age=0)
def plan_pdf(request, plan_pk):
    """The current version, or an earlier one with ?version=<number>; ?digits=thai prints Thai digits."""
    plan = get_plan_for_user(request.user, plan_pk)
    if "version" in request.GET:
        try:
            number = parse_int(request.GET["version"])
        except ValueError:
            raise Http404 from None
        version = get_object_or_404(PlanVersion, plan=plan, number=number)
    elif plan.current_version is not None:
        version = plan.current_version
    else:
        raise Http404
    version.plan = plan  # already read with its province and fiscal year
    pdf = render_form1_pdf(version, thai_digits=request.GET.get("digits") == "thai")
    record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        obj=version,
        province=plan.province,
        request=request,
        format="pdf",
    )
    filename = f"form1-{plan.province.code}-{plan.fiscal_year.year_be}"
    if version.number > 1:
        filename += f"-v{version.number}"
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(False, f"{filename}.pdf")},
    )
