"""A national-scale data set for the benchmark: fiscal years × provinces × activities × months.

Written with bulk inserts (no services, no history rows) and repeatable from a seed: the same
arguments give the same rows. Proportions follow what the demo shows of real offices: most
reports on time, some late, a few missing; results near the targets; money spent through the
year; a planning meeting and quarterly tracking meetings.

    python -m bench.generate [--years 10] [--provinces 77] [--activities 60] [--seed 2570]

More than the 77 provinces (the ten-times-breadth set: --provinces 770) adds made-up reporting
units, clearly synthetic: codes of a letter and a digit or letter ("A0", "A1", … "AZ", "B0", …,
which no DOPA code is), Thai names "หน่วยสมมติ A0", spread over the regions round the clock.
"""

from __future__ import annotations

import argparse
import datetime
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal

BATCH = 5000
CURRENT_FISCAL_YEAR = 2570
AS_OF = datetime.date(2026, 11, 24)  # the benchmark's "today": two months into FY 2570


@dataclass(frozen=True)
class Scale:
    years: int = 10
    provinces: int = 77
    activities: int = 60
    seed: int = 2570


def _fiscal_years(years: int):
    """The `years` fiscal years ending with the current one, created when the reference data lacks them."""
    from labourplan.lib.fiscal import fiscal_year_bounds
    from labourplan.reference.models import FiscalYear

    known = {fy.year_be: fy for fy in FiscalYear.objects.all()}
    model = known[CURRENT_FISCAL_YEAR]
    result = []
    for year_be in range(CURRENT_FISCAL_YEAR - years + 1, CURRENT_FISCAL_YEAR + 1):
        if year_be not in known:
            start, end = fiscal_year_bounds(year_be)
            shift = CURRENT_FISCAL_YEAR - year_be
            known[year_be] = FiscalYear.objects.create(
                year_be=year_be,
                start_date=start,
                end_date=end,
                framework=model.framework,
                report_due_day=model.report_due_day,
                plan_due_date=model.plan_due_date.replace(year=model.plan_due_date.year - shift),
                annual_report_due_date=model.annual_report_due_date.replace(
                    year=model.annual_report_due_date.year - shift
                ),
            )
        result.append(known[year_be])
    return result


SYNTHETIC_FIRST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SYNTHETIC_SECOND = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def synthetic_codes(count: int) -> list[str]:
    """The first `count` made-up two-character codes, in the order they sort (after every real one)."""
    codes = [first + second for first in SYNTHETIC_FIRST for second in SYNTHETIC_SECOND]
    if count > len(codes):
        raise SystemExit(f"At most {len(codes)} synthetic reporting units (asked for {count}).")
    return codes[:count]


def _provinces(count: int) -> list:
    """The first `count` provinces by code; past the real ones, synthetic reporting units are added.

    A province's code is two digits by a check constraint (DOPA codes); the synthetic units' codes
    are not, on purpose, so that nobody takes them for real ones. They are written with the check
    set aside for those rows only: on PostgreSQL the constraint is dropped and added again NOT VALID
    (it applies to every new row, the existing synthetic ones are not checked); on SQLite the
    connection ignores check constraints for the one insert. Only the bench's own databases get them.
    """
    from django.db import connection

    from labourplan.reference.models import Province, Region

    provinces = list(Province.objects.order_by("code")[:count])
    missing = count - len(provinces)
    if missing <= 0:
        return provinces
    real = Province.objects.filter(code__regex=r"^[1-9][0-9]$").count()
    regions = list(Region.objects.order_by("order", "pk"))
    codes = synthetic_codes(count - real)[-missing:]
    rows = [
        Province(
            code=code,
            name_th=f"หน่วยสมมติ {code}",
            name_en=f"Synthetic unit {code}",
            region=regions[n % len(regions)],
            in_regional_administration=True,
        )
        for n, code in enumerate(codes)
    ]
    table = Province._meta.db_table
    constraint = next(c for c in Province._meta.constraints if c.name == "province_code_two_digits")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint.name}"')
            Province.objects.bulk_create(rows)
            check = "\"code\"::text ~ '^[1-9][0-9]$'"  # the model's condition, as Django writes it
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no ALTER TABLE with foreign keys' checks pending
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{constraint.name}" CHECK ({check}) NOT VALID')
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
            try:
                Province.objects.bulk_create(rows)
            finally:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
    return list(Province.objects.order_by("code")[:count])


def _users(provinces):
    from labourplan.accounts.models import Role, User

    users = {}
    existing = {u.username: u for u in User.objects.filter(username__startswith="bench.")}
    for province in provinces:
        for role, suffix in [(Role.PROVINCIAL_EDITOR, "editor"), (Role.PROVINCIAL_APPROVER, "approver")]:
            name = f"bench.{province.code}.{suffix}"
            if name not in existing:
                existing[name] = User.objects.create(username=name, role=role, province=province)
            users[(province.code, suffix)] = existing[name]
    if "bench.centre" not in existing:
        existing["bench.centre"] = User.objects.create(username="bench.centre", role=Role.CENTRAL_ADMIN)
    users["centre"] = existing["bench.centre"]
    return users


def generate(scale: Scale, *, log=print) -> dict[str, int]:
    """Write the data set; returns the number of rows written per model."""
    from django.db import transaction

    from labourplan.plans.models import Allocation, Meeting, MeetingKind, Plan, PlanItem, PlanTopic, PlanVersion
    from labourplan.reference.models import Strategy
    from labourplan.reports.models import MonthlyReport, ReportResult, ReportState

    counts: dict[str, int] = {}
    with transaction.atomic():
        provinces = _provinces(scale.provinces)
        users = _users(provinces)
        fiscal_years = _fiscal_years(scale.years)
        for fiscal_year in fiscal_years:
            done = set(Plan.objects.filter(fiscal_year=fiscal_year).values_list("province_id", flat=True))
            missing = [p for p in provinces if p.pk not in done]  # generated earlier: the same rows again
            if not missing:
                continue
            # One generator per province and year: a province's data do not depend on how many others there are.
            rngs = {p.pk: random.Random(f"{scale.seed}-{p.code}-{fiscal_year.year_be}") for p in missing}  # noqa: S311
            strategies = list(Strategy.objects.filter(framework=fiscal_year.framework).order_by("number"))
            months = fiscal_year.months
            plans = Plan.objects.bulk_create(
                Plan(province=p, fiscal_year=fiscal_year, created_by=users[(p.code, "editor")]) for p in missing
            )
            versions = PlanVersion.objects.bulk_create(
                PlanVersion(
                    plan=plan,
                    number=1,
                    state="approved",
                    submitted_on=fiscal_year.start_date + datetime.timedelta(days=10),
                    approved_on=fiscal_year.start_date + datetime.timedelta(days=20),
                    approval_document="bench/approval.pdf",
                    created_by=plan.created_by,
                )
                for plan in plans
            )
            for plan, version in zip(plans, versions, strict=True):
                plan.current_version = version
            Plan.objects.bulk_update(plans, ["current_version"])
            topics_per_plan = max(1, scale.activities // 5)
            topics = PlanTopic.objects.bulk_create(
                PlanTopic(version=v, strategy=strategies[t % len(strategies)], order=t, title=f"ประเด็นกิจกรรมที่ {t + 1}")
                for v in versions
                for t in range(topics_per_plan)
            )
            # Plans start from the year's template: their first activities are its rows, the
            # rest the province's own (as the dashboard's activity figures see them).
            template = _template(fiscal_year)
            activities = []
            copied: dict[int, int] = {}
            for topic in topics:
                rng = rngs[topic.version.plan.province_id]
                for n in range(scale.activities // topics_per_plan):
                    targets = [rng.choice([0, 0, 1, 1, 2, 3, 5]) for _ in range(12)]
                    number = copied.get(topic.version_id, 0)
                    copied[topic.version_id] = number + 1
                    row = template[number] if number < len(template) else None
                    activity = _item(topic, None, n * 3, row.title if row else f"กิจกรรม {n + 1}", targets)
                    activity.template_item = row
                    activities.append(activity)
            activities = PlanItem.objects.bulk_create(activities, batch_size=BATCH)
            subs = []
            for activity in activities:
                if (
                    rngs[activity.topic.version.plan.province_id].random() < 1 / 3
                ):  # a third of the activities are split into two sub-items
                    half = [t // 2 for t in activity.targets]
                    subs.append(_item(activity.topic, activity, activity.order + 1, "รายการย่อย ก", half))
                    rest = [t - h for t, h in zip(activity.targets, half, strict=True)]
                    subs.append(_item(activity.topic, activity, activity.order + 2, "รายการย่อย ข", rest))
            subs = PlanItem.objects.bulk_create(subs, batch_size=BATCH)
            parents = {s.parent_id for s in subs}
            leaves_by_version: dict[int, list[PlanItem]] = {}
            for item in [a for a in activities if a.pk not in parents] + subs:
                leaves_by_version.setdefault(item.topic.version_id, []).append(item)

            allocations, meetings, reports = [], [], []
            for plan, version in zip(plans, versions, strict=True):
                rng = rngs[plan.province_id]
                amount = Decimal(rng.randrange(80, 200) * 1000)
                allocations.append(
                    Allocation(plan=plan, amount=amount, received_on=version.approved_on, created_by=plan.created_by)
                )
                meetings.append(
                    Meeting(plan=plan, held_on=fiscal_year.start_date + datetime.timedelta(days=3),
                            kind=MeetingKind.PLANNING, title="ประชุมจัดทำแผน", created_by=plan.created_by)
                )  # fmt: skip
                for month_index in (2, 5, 8, 11):
                    year, month = months[month_index - 1]
                    held_on = datetime.date(year, month, rng.randint(5, 25))
                    if held_on <= AS_OF and rng.random() < 0.9:
                        meetings.append(
                            Meeting(plan=plan, held_on=held_on, kind=MeetingKind.TRACKING,
                                    title="ประชุมติดตามแผน", created_by=plan.created_by)
                        )  # fmt: skip
                for month_index, (year, month) in enumerate(months, start=1):
                    due = fiscal_year.report_due_date(year, month)
                    if datetime.date(year, month, 1) > AS_OF or (due >= AS_OF and rng.random() < 0.5):
                        continue
                    if rng.random() < 0.05:
                        continue  # missing
                    sent = due + datetime.timedelta(days=rng.randint(1, 9)) if rng.random() < 0.15 else due
                    sent_at = datetime.datetime.combine(min(sent, AS_OF), datetime.time(10), tzinfo=datetime.UTC)
                    reports.append(
                        MonthlyReport(
                            plan=plan,
                            month_index=month_index,
                            state=ReportState.ACCEPTED if rng.random() < 0.8 else ReportState.SUBMITTED,
                            disbursed=(amount / 12 * Decimal(rng.choice(["0.6", "0.9", "1", "1.1"]))).quantize(
                                Decimal("0.01")
                            ),
                            first_submitted_at=sent_at,
                            submitted_at=sent_at,
                            submitted_by=users[(plan.province.code, "approver")],
                        )
                    )
            Allocation.objects.bulk_create(allocations, batch_size=BATCH)
            Meeting.objects.bulk_create(meetings, batch_size=BATCH)
            reports = MonthlyReport.objects.bulk_create(reports, batch_size=BATCH)
            results = []
            version_of_plan = {v.plan_id: v.pk for v in versions}
            for report in reports:
                rng = rngs[report.plan.province_id]
                for leaf in leaves_by_version[version_of_plan[report.plan_id]]:
                    target = leaf.targets[report.month_index - 1]
                    value = max(0, target + rng.choice([-1, 0, 0, 0, 1])) if target else rng.choice([0, 0, 0, 1])
                    results.append(ReportResult(report=report, item_key=leaf.key, result=value))
                if len(results) >= BATCH * 4:
                    ReportResult.objects.bulk_create(results, batch_size=BATCH)
                    counts["results"] = counts.get("results", 0) + len(results)
                    results = []
            ReportResult.objects.bulk_create(results, batch_size=BATCH)
            counts["results"] = counts.get("results", 0) + len(results)
            for name, rows in [("plans", plans), ("items", activities + subs), ("reports", reports),
                               ("meetings", meetings)]:  # fmt: skip
                counts[name] = counts.get(name, 0) + len(rows)
            log(f"{fiscal_year}: {len(plans)} plans, {len(activities) + len(subs)} rows, {len(reports)} reports")
        _criteria(fiscal_years, users["centre"])
    _analyze()
    return counts


def _analyze() -> None:
    """Refresh PostgreSQL's planner statistics, as autovacuum does on a server soon after a bulk load.

    Without them (a server with autovacuum off, or right after the load) the planner guesses row
    counts: it read one plan's results by scanning every year's results (the province home and the
    report form took 3.4 and 2 times longer with ten years than with one). Run every time, so that a
    data set generated earlier is analysed too. SQLite gathers no statistics unless asked, in
    production as here, so it is left as it is.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _item(topic, parent, order, title, targets):
    from labourplan.plans.models import PlanItem

    item = PlanItem(topic=topic, parent=parent, order=order, title=title, unit="ครั้ง", key=uuid.uuid4())
    item.targets = targets
    return item


def _template(fiscal_year) -> list:
    """The year's Form 1 template activities, copied from FY 2562's (shipped) when it has none."""
    from labourplan.reference.models import FiscalYear, TemplateItem
    from labourplan.reference.services import copy_fiscal_year_setup

    if not fiscal_year.template_topics.exists():
        copy_fiscal_year_setup(source=FiscalYear.objects.get(year_be=2562), target=fiscal_year)
    activities = TemplateItem.objects.filter(topic__fiscal_year=fiscal_year, parent=None)
    return list(activities.order_by("topic__number", "order", "pk"))


def _criteria(fiscal_years, admin) -> None:
    """The FY 2562 KPI criteria copied to every generated year that lacks them."""
    from labourplan.evaluation.models import Scheme
    from labourplan.evaluation.services import copy_scheme

    source = Scheme.objects.get(fiscal_year__year_be=2562)
    for fiscal_year in fiscal_years:
        if not Scheme.objects.filter(fiscal_year=fiscal_year).exists():
            copy_scheme(source=source, target=fiscal_year, by=admin)


def main(argv=None) -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labourplan.settings")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=Scale.years)
    parser.add_argument("--provinces", type=int, default=Scale.provinces)
    parser.add_argument("--activities", type=int, default=Scale.activities)
    parser.add_argument("--seed", type=int, default=Scale.seed)
    args = parser.parse_args(argv)
    django.setup()
    counts = generate(Scale(args.years, args.provinces, args.activities, args.seed))
    print(", ".join(f"{n} {name}" for name, n in counts.items()) or "already generated")


if __name__ == "__main__":
    main()
