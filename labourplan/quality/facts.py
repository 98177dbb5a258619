"""The thin query layer that feeds the checks: a fiscal year's sent figures, every province at once,
in a fixed number of queries whatever the number of provinces, months and years."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum

from labourplan.plans.models import Allocation, Plan, PlanItem, PlanVersion
from labourplan.quality.checks import Month, PlanFacts, Row
from labourplan.reference.models import FiscalYear
from labourplan.reports.models import MonthlyReport, ReportResult

QUERIES = 8  # what `load` costs, for the tests
HISTORY_YEARS = 3  # a row's own history: the fiscal years just before, so the cost stays flat over a decade


def _leaf_rows(versions) -> dict[int, list[dict]]:
    """Each plan's leaf rows (activities without sub-items, and sub-items), in plan order."""
    items = (
        PlanItem.objects.filter(topic__version__in=versions)
        .annotate(subs=Count("sub_items"))
        .filter(subs=0)
        .order_by(*PlanItem.PLAN_ORDER)
        .values("topic__version__plan_id", "key", "title", "template_item_id", *PlanItem.TARGET_FIELDS)
    )
    rows = defaultdict(list)
    for item in items:
        rows[item["topic__version__plan_id"]].append(item)
    return rows


def _sent_reports(plans):
    return MonthlyReport.objects.filter(plan__in=plans, first_submitted_at__isnull=False)


def _history(fiscal_year: FiscalYear, province_ids) -> tuple[dict, dict]:
    """The `HISTORY_YEARS` fiscal years before this one: results by (province, row title) and
    disbursements by province (three queries); a row keeps its title from one year's template to the
    next. Older years say little of today's office and would make every run read a decade."""
    earlier = Plan.objects.filter(
        fiscal_year__year_be__lt=fiscal_year.year_be,
        fiscal_year__year_be__gte=fiscal_year.year_be - HISTORY_YEARS,
        province_id__in=province_ids,
    )
    titles = dict(
        PlanItem.objects.filter(topic__version__in=PlanVersion.objects.in_force().filter(plan__in=earlier)).values_list(
            "key", "title"
        )
    )
    results = defaultdict(list)
    sent = _sent_reports(earlier)
    for province_id, key, value in ReportResult.objects.filter(report__in=sent).values_list(
        "report__plan__province_id", "item_key", "result"
    ):
        if key in titles:
            results[(province_id, titles[key])].append(value)
    disbursed = defaultdict(list)
    for province_id, amount in sent.values_list("plan__province_id", "disbursed"):
        disbursed[province_id].append(amount)
    return results, disbursed


def load(fiscal_year: FiscalYear) -> dict[int, tuple[Plan, PlanFacts]]:
    """Every plan of the fiscal year with the figures its province sent, by plan id."""
    plans = list(Plan.objects.filter(fiscal_year=fiscal_year).select_related("province"))
    versions = PlanVersion.objects.in_force().filter(plan__in=plans)
    rows = _leaf_rows(versions)
    reports = list(
        _sent_reports(plans)
        .annotate(evidence_count=Count("evidence"))
        .values("pk", "plan_id", "month_index", "disbursed", "key_results", "evidence_count")
    )
    results = defaultdict(dict)  # plan → {(key, month): result}
    for plan_id, month_index, key, value in ReportResult.objects.filter(
        report__in=[r["pk"] for r in reports]
    ).values_list("report__plan_id", "report__month_index", "item_key", "result"):
        results[plan_id][(str(key), month_index)] = value
    allocated = dict(
        Allocation.objects.filter(plan__in=plans)
        .values("plan_id")
        .annotate(s=Sum("amount"))
        .values_list("plan_id", "s")
    )
    history, disbursed_history = _history(fiscal_year, [p.province_id for p in plans])

    months = defaultdict(list)
    for report in reports:
        months[report["plan_id"]].append(
            Month(report["month_index"], report["disbursed"], report["evidence_count"] > 0, report["key_results"])
        )
    built = {}
    for plan in plans:
        sent = {m.index for m in months[plan.pk]}
        plan_rows = tuple(
            Row(
                key=str(item["key"]),
                title=item["title"],
                targets=tuple(item[name] for name in PlanItem.TARGET_FIELDS),
                results=tuple(
                    results[plan.pk].get((str(item["key"]), i), 0) if i in sent else None for i in range(1, 13)
                ),
                template_key=item["template_item_id"],
            )
            for item in rows[plan.pk]
        )
        built[plan.pk] = (plan, plan_rows, tuple(sorted(months[plan.pk], key=lambda m: m.index)))

    # The other provinces' values for the same template row and month, and their disbursements.
    peers = defaultdict(list)
    disbursed_peers = defaultdict(list)
    for plan_id, (_plan, plan_rows, plan_months) in built.items():
        for month in plan_months:
            disbursed_peers[month.index].append((plan_id, month.disbursed))
            for row in plan_rows:
                if row.template_key is not None:
                    peers[(row.template_key, month.index)].append((plan_id, row.results[month.index - 1]))

    facts = {}
    for plan_id, (plan, plan_rows, plan_months) in built.items():
        facts[plan_id] = (
            plan,
            PlanFacts(
                rows=plan_rows,
                months=plan_months,
                allocated=allocated.get(plan_id) or Decimal(0),
                history={row.title: tuple(history.get((plan.province_id, row.title), ())) for row in plan_rows},
                disbursed_history=tuple(disbursed_history.get(plan.province_id, ())),
                owner=plan_id,
                peers=peers,
                disbursed_peers=disbursed_peers,
            ),
        )
    return facts
