import datetime
import hashlib

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from labourplan.accounts.permissions import Action, get_province_for_user, require
from labourplan.annual.services import annual_notice
from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record
from labourplan.dashboard import exports, links
from labourplan.dashboard.charts import Series, Threshold, line_chart
from labourplan.dashboard.compare import compare
from labourplan.dashboard.national import CACHE_SECONDS, NationalPicture, PictureStamp, national_picture, picture_stamp
from labourplan.dashboard.province import province_picture
from labourplan.dashboard.tiles import tile_map
from labourplan.evaluation.explain import gap_text, projection_text
from labourplan.lib import fiscal
from labourplan.lib.fiscal import bangkok_today
from labourplan.lib.pages import fiscal_year_asked
from labourplan.lib.thaidate import format_date, month_name
from labourplan.plans.models import PlanStatus
from labourplan.reference.models import FiscalYear, Region
from labourplan.reports.monitoring import CellStatus
from labourplan.reports.reminders import notices

EXPORTS_SLOT = "<!--lp:exports-->"


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


def month_labels(fiscal_year: FiscalYear) -> list[str]:
    return [f"{month_name(month, abbr=True)} {year + 543}" for year, month in fiscal_year.months]


def activity_chart(picture, totals, *, label: str, unit: str, where: str, id: str):
    """Cumulative target against cumulative result of one activity, up to the month under way."""
    reported = _reported_months(picture)
    results = [v if i < reported else None for i, v in enumerate(totals.cumulative_results)]
    return line_chart(
        id=id,
        title=_("%(activity)s: cumulative target and result (%(where)s)") % {"activity": label, "where": where},
        description=_("Cumulative target and cumulative result by month, in %(unit)s.") % {"unit": unit},
        labels=month_labels(picture.fiscal_year),
        unit=unit,
        series=[
            Series(name=_("Cumulative target"), values=totals.cumulative_targets, dashed=True),
            Series(name=_("Cumulative result"), values=results),
        ],
    )


def national_activity_chart(picture: NationalPicture, activity, *, region=None, id: str = "chart-activity"):
    totals = activity.by_region.get(region.pk) if region else activity.national
    if totals is None:
        return None
    where = region.name_th if region else _("whole country")
    return activity_chart(picture, totals, label=activity.label, unit=activity.unit, where=where, id=id)


def _reported_months(picture) -> int:
    """Months whose reports can be in: the months that have ended (a month in progress shows no point)."""
    return fiscal.months_ended(picture.fiscal_year.year_be, today=bangkok_today(picture.as_of))


def disbursement_chart(picture, budget, *, id: str, where: str):
    """The disbursement curve against the current round's thresholds. `picture` is the national
    or a province's picture: anything with `fiscal_year`, `months`, `as_of` and `thresholds`."""
    reported = _reported_months(picture)
    percents = [v if i < reported else None for i, v in enumerate(budget.cumulative_percents)]
    thresholds = [
        Threshold(label=_("level %(n)s: %(p)s%%") % {"n": level, "p": f"{disbursed:g}"}, value=float(disbursed))
        for level, _activities, disbursed in picture.thresholds
        if disbursed is not None
    ]
    return line_chart(
        id=id,
        title=_("Budget disbursed, cumulative percent of the allocation (%(where)s)") % {"where": where},
        description=_("Cumulative amount disbursed as a percent of the budget allocated, by month.")
        + (" " + _("Dashed lines: the current round's thresholds.") if thresholds else ""),
        labels=month_labels(picture.fiscal_year),
        percent=True,
        series=[Series(name=_("Disbursed (cumulative %)"), values=percents, color="#009E73")],
        thresholds=thresholds,
    )


def _filtered(picture: NationalPicture, request, regions):
    region = next((r for r in regions if r.code == request.GET.get("region")), None)
    status = request.GET.get("status") if request.GET.get("status") in PlanStatus.values else ""
    level = request.GET.get("level", "")
    lines = picture.lines
    if region:
        lines = [line for line in lines if line.province.region_id == region.pk]
    if status:
        lines = [line for line in lines if line.status == status]
    if level.isdigit():
        lines = [line for line in lines if line.level == int(level)]
    return lines, region, status, level


@login_required
def home(request):
    user = request.user
    if user.is_provincial:
        return redirect("province_home", code=user.province.code)
    return national_dashboard(request)


@require_GET
@login_required
def national_dashboard(request):
    """The centre's dashboard for a fiscal year: plans, reports, levels, activities, money."""
    require(request.user, Action.VIEW)
    fiscal_year = fiscal_year_asked(request, FiscalYear.objects)
    content = _cached_rendering(request, fiscal_year, "dashboard/_national.html")
    exports_bar = render_to_string("dashboard/_exports.html", {"selected_year": fiscal_year}, request=request)
    # Both parts are rendered templates; the bar holds this person's CSRF token, so is never cached.
    page = mark_safe(content.replace(EXPORTS_SLOT, exports_bar, 1))  # noqa: S308  # nosec B308, B703
    return render(request, "dashboard/national.html", {"content": content, "page": page})


@require_GET
@login_required
def national_heatmap(request):
    """The dashboard's reporting heatmap (provinces × months), fetched when its fold is opened:
    drawn in the page it would be most of its weight."""
    require(request.user, Action.VIEW)
    fiscal_year = fiscal_year_asked(request, FiscalYear.objects)
    return HttpResponse(_cached_rendering(request, fiscal_year, "dashboard/_heatmap.html"))


def _heatmap_query(request, fiscal_year: FiscalYear) -> str:
    """The heatmap follows the page's filters (the chosen activity does not change it)."""
    query = request.GET.copy()
    query.pop("activity", None)
    query["fy"] = str(fiscal_year.year_be)
    return query.urlencode()


def _cached_rendering(request, fiscal_year: FiscalYear, template: str) -> str:
    # The body is the same for every central user with the same figures, filters and language:
    # kept under the picture's stamp, so that any change to the data renders it again.
    stamp = picture_stamp(fiscal_year)
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    key = f"national-page:{stamp.key}:{get_language()}:{address}"
    content = cache.get(key)
    if content is None:
        content = render_to_string(template, _national_context(request, fiscal_year, stamp), request=request)
        cache.set(key, content, CACHE_SECONDS)
    return content


def _national_context(request, fiscal_year: FiscalYear, stamp: PictureStamp) -> dict:
    picture = national_picture(fiscal_year=fiscal_year, stamp=stamp)
    regions = list(Region.objects.order_by("order"))
    for line in picture.lines:
        line.evaluation_url = links.evaluation_url("province", year=fiscal_year.year_be, code=line.province.code)
    lines, region, status, level = _filtered(picture, request, regions)
    activity = picture.activity(request.GET.get("activity")) or picture.main_activity
    return {
        **_calendar(stamp.today),
        "picture": picture,
        "selected_year": fiscal_year,
        "fiscal_years": FiscalYear.objects.order_by("-year_be"),
        "regions": regions,
        "region": region,
        "status": status,
        "level": level,
        "statuses": PlanStatus,
        "cell_statuses": CellStatus,
        "lines": lines,
        "heatmap_rows": [line.reporting for line in lines],
        "activity": activity,
        "activity_chart": activity and national_activity_chart(picture, activity, region=region),
        "disbursement_chart": disbursement_chart(
            picture, picture.budget, id="chart-disbursement", where=_("whole country")
        ),
        "tiles": tile_map(picture.lines),
        "round_url": picture.evaluation
        and links.evaluation_url("round", year=fiscal_year.year_be, number=picture.evaluation.round.number),
        "export_query": request.GET.urlencode(),
        "activity_chosen": "activity" in request.GET,
        "heatmap_query": _heatmap_query(request, fiscal_year),
        # Read only by the page that shows it (a template calls it), not by the heatmap.
        "comparison": lambda: compare(fiscal_year, stamp.now),
    }


@require_GET
@login_required
@cache_control(private=True, max_age=0)
def national_export(request, fmt):
    """The national figures as a workbook (summary + one sheet per province), CSV or PDF."""
    require(request.user, Action.VIEW)
    if fmt not in ("xlsx", "csv", "pdf"):
        raise Http404
    fiscal_year = fiscal_year_asked(request, FiscalYear.objects)
    picture = national_picture(fiscal_year=fiscal_year)
    filename = f"national-{fiscal_year.year_be}.{fmt}"
    if fmt == "xlsx":
        content = exports.national_workbook(picture)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        content = exports.national_csv(picture)
        content_type = "text/csv; charset=utf-8"
    else:
        content = exports.national_pdf(picture, charts=national_pdf_charts(picture))
        content_type = "application/pdf"
    record(action=AuditEvent.Action.EXPORT, user=request.user, obj=fiscal_year, request=request, format=fmt)
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def national_pdf_charts(picture: NationalPicture) -> list:
    """The charts of the national PDF: the main activity's, then the disbursement curve."""
    charts = [disbursement_chart(picture, picture.budget, id="chart-disbursement", where=_("whole country"))]
    if picture.main_activity:
        charts.insert(0, national_activity_chart(picture, picture.main_activity))
    return charts


def _explanations(evaluation) -> tuple[list[str], list[str]]:
    """The gap to the next level and the projection, in sentences."""
    if evaluation is None:
        return [], []
    gaps = [text for gap in evaluation.gap if (text := gap_text(gap, evaluation.by_date, as_of=evaluation.as_of))]
    projection = []
    if evaluation.projection:
        p = evaluation.projection
        projection.append(
            _("At the present pace the province would reach level %(level)s by %(date)s.")
            % {"level": p.level, "date": format_date(evaluation.by_date)}
        )
        # what the next levels ask, against where the pace leads
        projection += [projection_text(line) for line in p.lines if line.level > evaluation.level]
    return gaps, projection


@login_required
def province_home(request, code):
    province = get_province_for_user(request.user, code)
    today = bangkok_today()
    calendar = _calendar(today)
    fiscal_year = calendar["fiscal_year"]
    picture = province_picture(province=province, fiscal_year=fiscal_year, as_of=timezone.now())
    activity = picture.activity(request.GET.get("activity")) or picture.main_activity
    gap_lines, projection_lines = _explanations(picture.evaluation)
    return render(
        request,
        "dashboard/province_home.html",
        {
            **calendar,
            "province": province,
            "picture": picture,
            "activity": activity,
            "activity_chart": activity
            and activity_chart(
                picture,
                activity.totals,
                label=activity.label,
                unit=activity.unit,
                where=province.name_th,
                id="chart-activity",
            ),
            "disbursement_chart": fiscal_year
            and disbursement_chart(picture, picture.budget, id="chart-disbursement", where=province.name_th),
            "cell_statuses": CellStatus,
            "gap_lines": gap_lines,
            "projection_lines": projection_lines,
            "report_notices": notices(today=today, province=province),  # the same notices as the e-mails
            "annual_notice": annual_notice(province=province, today=today),
            "officers": province.users.filter(is_active=True).order_by("role", "first_name"),
            "evaluation_url": fiscal_year
            and links.evaluation_url("province", year=fiscal_year.year_be, code=province.code),
        },
    )
