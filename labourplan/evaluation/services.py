"""The evaluation's query layer and operations: feed the pure engine in a fixed number of queries,
edit and copy the criteria, freeze a round, override a level."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from labourplan.accounts.permissions import Action, require
from labourplan.evaluation import engine, snapshot
from labourplan.evaluation.models import Condition, ConditionKind, FrozenEvaluation, Level, Round, Scheme
from labourplan.lib import fiscal
from labourplan.lib.errors import Conflict, ServiceError
from labourplan.lib.history import stamp
from labourplan.lib.stamps import cached_per_province, history_stamp
from labourplan.lib.thaidate import format_date
from labourplan.plans import stamps as plan_stamps
from labourplan.plans.models import Allocation, Meeting, MeetingKind, Plan, PlanItem, PlanVersion, VersionState
from labourplan.reference.models import FiscalYear, MonthlyTargets, Province
from labourplan.reports.models import MonthlyReport, ReportResult

__all__ = ["Conflict", "SchemeError"]


class SchemeError(ServiceError):
    """A rule of the criteria, a freeze or an override is broken; the message is for the user."""


# --- criteria ---------------------------------------------------------------------------------


def rounds_with_criteria(scheme: Scheme) -> list[Round]:
    """The scheme's rounds with their levels and conditions: three queries."""
    return list(
        scheme.rounds.order_by("number").prefetch_related(
            Prefetch("levels", queryset=Level.objects.order_by("number").prefetch_related("conditions"))
        )
    )


def round_spec(round_: Round) -> engine.RoundSpec:
    """The engine's view of a round. Prefetch levels and conditions (`rounds_with_criteria`)."""
    return engine.RoundSpec(
        number=round_.number,
        name=str(round_),
        starts_on=round_.starts_on,
        ends_on=round_.ends_on,
        levels=tuple(
            engine.LevelSpec(
                number=level.number,
                description=level.description,
                conditions=tuple(
                    engine.ConditionSpec(kind=c.kind, threshold=c.threshold, after_approval=c.after_approval)
                    for c in sorted(level.conditions.all(), key=lambda c: engine.KINDS.index(c.kind))
                ),
            )
            for level in sorted(round_.levels.all(), key=lambda lv: lv.number)
        ),
    )


def validate_levels(levels: list[engine.LevelSpec]) -> list[str]:
    """What is wrong with a round's levels, in Thai: an empty list when nothing is."""
    errors = []
    if not levels:
        return [_("A round needs at least one level.")]
    numbers = sorted(level.number for level in levels)
    duplicates = sorted(n for n, count in Counter(numbers).items() if count > 1)
    if duplicates:
        errors.append(_("Level %(n)s appears more than once.") % {"n": duplicates[0]})
    expected = list(range(1, len(set(numbers)) + 1))
    if sorted(set(numbers)) != expected:
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        errors.append(
            _("Levels must be numbered 1, 2, 3 … without a gap: level %(n)s is missing.")
            % {"n": missing[0] if missing else 1}
        )
    last: dict[str, tuple[int, Decimal]] = {}
    for level in sorted(levels, key=lambda lv: lv.number):
        if not level.conditions:
            errors.append(_("Level %(n)s has no condition.") % {"n": level.number})
        for condition in level.conditions:
            label = ConditionKind(condition.kind).label
            if condition.kind not in engine.PERCENT_KINDS:
                continue
            if condition.threshold is None or not (0 <= condition.threshold <= 100):
                errors.append(
                    _("Level %(n)s: %(condition)s needs a threshold between 0 and 100.")
                    % {"n": level.number, "condition": label}
                )
                continue
            if condition.kind in last and condition.threshold < last[condition.kind][1]:
                lower, threshold = last[condition.kind]
                errors.append(
                    _(
                        "Level %(n)s: %(condition)s (%(threshold)s) is lower than at level %(lower)s "
                        "(%(lower_threshold)s); thresholds may not go down from one level to the next."
                    )
                    % {
                        "n": level.number,
                        "condition": label,
                        "threshold": f"{condition.threshold:.2f}",
                        "lower": lower,
                        "lower_threshold": f"{threshold:.2f}",
                    }
                )
            last[condition.kind] = (level.number, condition.threshold)
    return errors


def _validate_dates(round_: Round, starts_on: datetime.date, ends_on: datetime.date) -> list[str]:
    fiscal_year = round_.scheme.fiscal_year
    errors = []
    if ends_on < starts_on:
        errors.append(_("The round ends before it starts."))
    if starts_on < fiscal_year.start_date or ends_on > fiscal_year.end_date:
        errors.append(
            _("The round must lie within %(fy)s (%(start)s – %(end)s).")
            % {
                "fy": fiscal_year,
                "start": format_date(fiscal_year.start_date),
                "end": format_date(fiscal_year.end_date),
            }
        )
    for other in round_.scheme.rounds.exclude(pk=round_.pk):
        if starts_on <= other.ends_on and other.starts_on <= ends_on:
            errors.append(_("The round overlaps %(other)s.") % {"other": other})
    return errors


@transaction.atomic
def save_round(
    *,
    round_: Round,
    revision: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    levels: list[engine.LevelSpec],
    by,
) -> Round:
    """Replace a round's dates, levels and conditions, all or nothing."""
    require(by, Action.ADMINISTER)
    locked = Round.objects.select_for_update(of=("self",)).select_related("scheme__fiscal_year").get(pk=round_.pk)
    if locked.revision != revision:
        raise Conflict(locked)
    if locked.is_frozen:
        raise SchemeError(_("%(round)s is frozen; its criteria can no longer change.") % {"round": locked})
    errors = _validate_dates(locked, starts_on, ends_on) + validate_levels(levels)
    if errors:
        raise SchemeError(errors[0], errors={"__all__": "\n".join(errors)})
    locked.levels.all().delete()
    for spec in sorted(levels, key=lambda lv: lv.number):
        level = Level(round=locked, number=spec.number, description=spec.description)
        stamp(level, by)
        level.save()
        for condition in spec.conditions:
            row = Condition(
                level=level, kind=condition.kind, threshold=condition.threshold, after_approval=condition.after_approval
            )
            stamp(row, by)
            row.save()
    locked.starts_on, locked.ends_on = starts_on, ends_on
    locked.revision += 1
    stamp(locked, by)
    locked.save()
    return locked


def _shift_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def copy_scheme(*, source: Scheme, target: FiscalYear, by) -> Scheme:
    """Copy a fiscal year's criteria to another year, the round dates moved by the years between."""
    require(by, Action.ADMINISTER)
    if Scheme.objects.filter(fiscal_year=target).exists():
        raise SchemeError(_("%(fy)s already has KPI criteria; they are not overwritten.") % {"fy": target})
    years = target.year_be - source.fiscal_year.year_be
    scheme = Scheme(fiscal_year=target, title=source.title, show_score=source.show_score)
    stamp(scheme, by)
    scheme.save()
    for round_ in rounds_with_criteria(source):
        copy = Round(
            scheme=scheme,
            number=round_.number,
            starts_on=_shift_years(round_.starts_on, years),
            ends_on=_shift_years(round_.ends_on, years),
        )
        stamp(copy, by)
        copy.save()
        for level in round_.levels.all():
            new_level = Level.objects.create(round=copy, number=level.number, description=level.description)
            Condition.objects.bulk_create(
                Condition(level=new_level, kind=c.kind, threshold=c.threshold, after_approval=c.after_approval)
                for c in level.conditions.all()
            )
    return scheme


@transaction.atomic
def update_scheme(*, scheme: Scheme, title: str, show_score: bool, by) -> Scheme:
    require(by, Action.ADMINISTER)
    if not title.strip():
        raise SchemeError(_("The criteria need a title."))
    scheme.title, scheme.show_score = title.strip(), show_score
    stamp(scheme, by)
    scheme.save()
    return scheme


# --- the query layer --------------------------------------------------------------------------


def fiscal_year_months(fiscal_year: FiscalYear) -> tuple[engine.Month, ...]:
    return engine.months_of(fiscal_year.year_be, due_day=fiscal_year.report_due_day)


def _version_in_force(versions: list[dict], as_of: datetime.date) -> dict | None:
    """The version in force on `as_of` (`PlanVersion.objects.in_force`, read as the `in_force` flag of
    each version); for a date before the plan was sent, the version that came to be, so that an
    evaluation of an early date still names the plan's activities."""
    in_force = [v for v in versions if v["in_force"]]
    if in_force:
        return in_force[0]
    approved = [v for v in versions if v["state"] == VersionState.APPROVED]
    return max(approved or versions, key=lambda v: v["number"]) if versions else None


def load_province_data(
    *, fiscal_year: FiscalYear, as_of: datetime.date, province_ids: list[int] | None = None
) -> dict[int, engine.ProvinceData]:
    """Every province's data for the engine, in seven queries whatever the number of provinces,
    months and activities. Provinces without a plan get empty data."""
    months = fiscal_year_months(fiscal_year)
    plans = Plan.objects.filter(fiscal_year=fiscal_year)
    if province_ids is not None:
        plans = plans.filter(province_id__in=province_ids)
    province_of = dict(plans.values_list("id", "province_id"))
    in_year = {"plan_id__in": list(province_of)}

    versions: dict[int, list[dict]] = defaultdict(list)
    in_force_then = PlanVersion.objects.filter(pk=OuterRef("pk")).in_force(as_of=as_of)
    for v in (
        PlanVersion.objects.filter(**in_year)
        .annotate(in_force=Exists(in_force_then))
        .values("id", "plan_id", "number", "state", "submitted_on", "approved_on", "in_force")
    ):
        versions[v["plan_id"]].append(v)
    in_force = {plan_id: _version_in_force(vs, as_of) for plan_id, vs in versions.items()}
    plan_of_version = {v["id"]: plan_id for plan_id, v in in_force.items() if v}

    items_by_plan: dict[int, list[dict]] = defaultdict(list)
    for item in PlanItem.objects.filter(topic__version_id__in=list(plan_of_version)).values(
        "id",
        "key",
        "parent_id",
        "order",
        "title",
        "unit",
        "topic_id",
        "topic__order",
        "topic__strategy__number",
        "topic__version_id",
        *MonthlyTargets.TARGET_FIELDS,
    ):
        items_by_plan[plan_of_version[item["topic__version_id"]]].append(item)

    allocated = {
        row["plan_id"]: row["total"]
        for row in Allocation.objects.filter(**in_year).values("plan_id").annotate(total=Sum("amount"))
    }
    disbursed: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 12)
    submitted_at: dict[int, list] = defaultdict(lambda: [None] * 12)
    for report in MonthlyReport.objects.filter(**in_year).values(
        "plan_id", "month_index", "disbursed", "first_submitted_at"
    ):
        disbursed[report["plan_id"]][report["month_index"] - 1] = report["disbursed"]
        submitted_at[report["plan_id"]][report["month_index"] - 1] = report["first_submitted_at"]
    results: dict[tuple[int, object], list[int]] = defaultdict(lambda: [0] * 12)
    for row in ReportResult.objects.filter(report__plan_id__in=list(province_of)).values(
        "report__plan_id", "report__month_index", "item_key", "result"
    ):
        results[(row["report__plan_id"], row["item_key"])][row["report__month_index"] - 1] = row["result"]
    meetings: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for meeting in Meeting.objects.filter(**in_year).values("plan_id", "kind", "held_on"):
        meetings[meeting["plan_id"]][meeting["kind"]].append(meeting["held_on"])

    data = {}
    for plan_id, province_id in province_of.items():
        plan_versions = versions.get(plan_id, [])
        submitted = [v["submitted_on"] for v in plan_versions if v["submitted_on"]]
        approved = [v["approved_on"] for v in plan_versions if v["approved_on"]]
        data[province_id] = engine.ProvinceData(
            months=months,
            has_plan=True,
            activities=_activities(items_by_plan.get(plan_id, []), plan_id, results),
            allocated=allocated.get(plan_id) or Decimal(0),
            disbursed=tuple(disbursed[plan_id]),
            submitted_at=tuple(submitted_at[plan_id]),
            planning_meetings=tuple(meetings[plan_id][MeetingKind.PLANNING]),
            tracking_meetings=tuple(meetings[plan_id][MeetingKind.TRACKING]),
            plan_submitted_on=min(submitted) if submitted else None,
            plan_approved_on=min(approved) if approved else None,
        )
    for province_id in province_ids or []:
        data.setdefault(province_id, engine.ProvinceData(months=months))
    return data


def _activities(items: list[dict], plan_id: int, results) -> tuple[engine.Activity, ...]:
    """Numbered as Form 1 prints them: topics in strategy order, then activities within a topic."""

    def targets(item):
        return sum(item[name] for name in MonthlyTargets.TARGET_FIELDS)

    def leaf(item):
        return engine.Leaf(
            title=item["title"], unit=item["unit"], target=targets(item), results=tuple(results[(plan_id, item["key"])])
        )

    subs: dict[int, list[dict]] = defaultdict(list)
    for item in items:
        if item["parent_id"]:
            subs[item["parent_id"]].append(item)
    topics: dict[int, list[dict]] = defaultdict(list)
    topic_order = {}
    for item in items:
        if not item["parent_id"]:
            topics[item["topic_id"]].append(item)
        topic_order[item["topic_id"]] = (item["topic__strategy__number"], item["topic__order"], item["topic_id"])
    activities = []
    for topic_number, topic_id in enumerate(sorted(topics, key=topic_order.get), start=1):
        for n, item in enumerate(sorted(topics[topic_id], key=lambda i: (i["order"], i["id"])), start=1):
            children = sorted(subs.get(item["id"], []), key=lambda i: (i["order"], i["id"]))
            activities.append(
                engine.Activity(
                    number=f"{topic_number}.{n}",
                    title=item["title"],
                    unit=item["unit"],
                    target=targets(item),
                    leaves=tuple(leaf(c) for c in children) if children else (leaf(item),),
                )
            )
    return tuple(activities)


# --- evaluations of a round -------------------------------------------------------------------


def current_round(rounds: list[Round], today: datetime.date) -> Round | None:
    """The round under way on `today`; before the first, the first; after the last, the last."""
    if not rounds:
        return None
    for round_ in rounds:
        if round_.starts_on <= today <= round_.ends_on:
            return round_
    started = [r for r in rounds if r.starts_on <= today]
    return started[-1] if started else rounds[0]


@dataclass
class Result:
    """A province's evaluation in a round, live or frozen, with the level that counts."""

    province: Province
    evaluation: engine.Evaluation
    frozen: FrozenEvaluation | None = None

    @property
    def level(self) -> int:
        return self.frozen.level if self.frozen else self.evaluation.level

    @property
    def computed_level(self) -> int:
        return self.evaluation.level

    @property
    def overridden(self) -> bool:
        return self.frozen is not None and self.frozen.override_level is not None


@dataclass
class RoundView:
    scheme: Scheme
    round: Round
    as_of: datetime.date
    results: list[Result]

    @property
    def frozen(self) -> bool:
        return self.round.is_frozen

    @property
    def max_level(self) -> int:
        return max((level.number for level in self.round.levels.all()), default=0)

    @property
    def distribution(self) -> list[tuple[int, int]]:
        """(level, number of provinces) for every level from 0 to the highest."""
        counts = Counter(result.level for result in self.results)
        return [(level, counts.get(level, 0)) for level in range(self.max_level + 1)]

    def thresholds(self) -> list[tuple[int, Decimal | None, Decimal | None]]:
        """(level, activities %, disbursed %) as the round's criteria set them."""
        rows = []
        for level in self.round.levels.all():
            by_kind = {c.kind: c.threshold for c in level.conditions.all()}
            rows.append((level.number, by_kind.get(engine.ACTIVITIES_PERCENT), by_kind.get(engine.DISBURSED_PERCENT)))
        return rows


def evaluate_round(*, round_: Round, as_of: datetime.date, provinces: list[Province]) -> dict[int, engine.Evaluation]:
    """Fresh evaluations of `provinces`: seven queries, then the engine."""
    fiscal_year = round_.scheme.fiscal_year
    spec = round_spec(round_)
    data = load_province_data(fiscal_year=fiscal_year, as_of=as_of, province_ids=[p.pk for p in provinces])
    return {province.pk: engine.evaluate(spec, data[province.pk], as_of) for province in provinces}


# The criteria an evaluation reads, edited by the centre (see lib/stamps.py); the plans' data are
# keyed per province by their tokens (plans/stamps.py).
CRITERIA_MODELS = (Round, Level, Condition)
CACHE_SECONDS = 15 * 60


def evaluate_round_cached(
    *, round_: Round, as_of: datetime.date, provinces: list[Province]
) -> dict[int, engine.Evaluation]:
    """`evaluate_round` through the cache, province by province: the national pages ask for the
    same round many times between two changes, and a change in one province recomputes that
    province only. Two queries (the stamps) when everything is cached."""
    criteria = history_stamp(CRITERIA_MODELS)
    tokens = plan_stamps.tokens(fiscal_year=round_.scheme.fiscal_year, province_ids=[p.pk for p in provinces])
    by_id = {province.pk: province for province in provinces}
    return cached_per_province(
        f"evaluation:{round_.pk}:{as_of.isoformat()}:{criteria}",
        tokens,
        lambda ids: evaluate_round(round_=round_, as_of=as_of, provinces=[by_id[i] for i in ids]),
        CACHE_SECONDS,
    )


def round_view(*, round_: Round, as_of: datetime.date | None = None, region_id: int | None = None) -> RoundView:
    """Every province's result in a round: the frozen snapshot when the round is frozen, else
    computed as of `as_of` (today by default). A fixed number of queries for any number of
    provinces. Prefetch the round's levels and conditions (`rounds_with_criteria`)."""
    everyone = list(Province.objects.regional().select_related("region").order_by("region__order", "name_th"))
    provinces = [p for p in everyone if p.region_id == region_id] if region_id else everyone
    if round_.is_frozen:
        frozen = {f.province_id: f for f in round_.frozen_evaluations.all()}
        results = [
            Result(province=p, evaluation=snapshot.load(frozen[p.pk].snapshot), frozen=frozen[p.pk])
            for p in provinces
            if p.pk in frozen
        ]
        return RoundView(scheme=round_.scheme, round=round_, as_of=round_.frozen_as_of, results=results)
    as_of = as_of or fiscal.bangkok_today()
    evaluations = evaluate_round_cached(round_=round_, as_of=as_of, provinces=everyone)  # one entry per day
    results = [Result(province=p, evaluation=evaluations[p.pk]) for p in provinces]
    return RoundView(scheme=round_.scheme, round=round_, as_of=as_of, results=results)


def province_result(*, round_: Round, province: Province, as_of: datetime.date | None = None) -> Result:
    """One province's result: frozen when the round is, else computed as of `as_of`."""
    if round_.is_frozen:
        frozen = round_.frozen_evaluations.filter(province=province).first()
        if frozen is not None:
            return Result(province=province, evaluation=snapshot.load(frozen.snapshot), frozen=frozen)
    as_of = as_of or fiscal.bangkok_today()
    return Result(
        province=province, evaluation=evaluate_round(round_=round_, as_of=as_of, provinces=[province])[province.pk]
    )


# --- freeze and override ----------------------------------------------------------------------


def last_report_due(round_: Round) -> datetime.date:
    """Until this day an evaluation of the round is provisional; after it the centre may freeze."""
    return engine.last_report_due(round_spec(round_), fiscal_year_months(round_.scheme.fiscal_year))


@transaction.atomic
def freeze_round(*, round_: Round, by, now: datetime.datetime | None = None) -> Round:
    """Store every province's result as it stands; from then on the round no longer follows the data."""
    require(by, Action.REVIEW)
    locked = Round.objects.select_for_update(of=("self",)).select_related("scheme__fiscal_year").get(pk=round_.pk)
    if locked.is_frozen:
        raise SchemeError(_("%(round)s is already frozen.") % {"round": locked})
    now = now or timezone.now()
    today = fiscal.bangkok_today(now)
    due = last_report_due(round_)
    if today <= due:
        raise SchemeError(
            _("%(round)s can be frozen after its last monthly report is due (%(date)s).")
            % {"round": locked, "date": format_date(due)}
        )
    provinces = list(Province.objects.regional())
    evaluations = evaluate_round(round_=round_, as_of=today, provinces=provinces)
    bulk_create_with_history(
        [
            FrozenEvaluation(
                round=locked,
                province=p,
                computed_level=evaluations[p.pk].level,
                snapshot=snapshot.dump(evaluations[p.pk]),
            )
            for p in provinces
        ],
        FrozenEvaluation,
        default_user=by,
    )
    locked.frozen_at, locked.frozen_by, locked.frozen_as_of = now, by, today
    stamp(locked, by)
    locked.save()
    return locked


@transaction.atomic
def override_level(*, frozen: FrozenEvaluation, level: int | None, reason: str, by, now=None) -> FrozenEvaluation:
    """Set the level that counts (None: back to the computed one), keeping the computed level beside it."""
    require(by, Action.REVIEW)
    locked = FrozenEvaluation.objects.select_for_update(of=("self",)).get(pk=frozen.pk)
    max_level = Level.objects.filter(round_id=locked.round_id).count()
    if level is not None and not 0 <= level <= max_level:
        raise SchemeError(_("The level must be between 0 and %(max)s.") % {"max": max_level})
    if not reason.strip():
        raise SchemeError(_("Give the reason for the override."))
    locked.override_level = level
    locked.override_reason = reason.strip() if level is not None else ""
    locked.overridden_by = by if level is not None else None
    locked.overridden_at = (now or timezone.now()) if level is not None else None
    stamp(locked, by)
    locked._change_reason = reason.strip()
    locked.save()
    return locked


def open_evaluation_start(now: datetime.datetime) -> datetime.datetime | None:
    """The start of the oldest fiscal year (begun by `now`) whose evaluation is still open (a round
    not frozen): the audit trail keeps everything from then on (labourplan.audit.retention)."""
    start = (
        Round.objects.filter(frozen_at__isnull=True, scheme__fiscal_year__start_date__lte=now.date())
        .order_by("scheme__fiscal_year__start_date")
        .values_list("scheme__fiscal_year__start_date", flat=True)
        .first()
    )
    return None if start is None else datetime.datetime.combine(start, datetime.time.min, tzinfo=fiscal.BANGKOK)
