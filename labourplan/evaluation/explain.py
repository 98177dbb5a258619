"""An evaluation in sentences: what each condition asks, what was found, what is missing.

The pages, the export and the API all explain through `explain()`, so they say the same thing.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from labourplan.evaluation import engine
from labourplan.evaluation.engine import ConditionResult, Gap, ProjectionLine
from labourplan.evaluation.models import ConditionKind
from labourplan.lib.thaidate import format_date


def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def baht(value: Decimal | None) -> str:
    return "—" if value is None else _("%(amount)s baht") % {"amount": f"{value:,.2f}"}


def _date(value) -> str:
    return format_date(value) if value else "—"


def requirement(condition: ConditionResult) -> str:
    """What the condition asks, as the criteria print it."""
    if condition.kind == engine.ACTIVITIES_PERCENT:
        return _("Activities put into practice: at least %(threshold)s percent") % {
            "threshold": percent(condition.threshold)
        }
    if condition.kind == engine.DISBURSED_PERCENT:
        return _("Budget disbursed: at least %(threshold)s percent") % {"threshold": percent(condition.threshold)}
    if condition.kind == engine.TRACKING_MEETING and condition.figures.get("after_approval"):
        return _("Met or coordinated the agencies to drive / track the approved plan")
    return str(ConditionKind(condition.kind).label)


def finding(condition: ConditionResult) -> str:
    """What the data show, with the figures behind the verdict."""
    f = condition.figures
    kind = condition.kind
    if kind == engine.ACTIVITIES_PERCENT:
        if condition.value is None:
            return _("The plan has no activity with an annual target.")
        return _("%(value)s percent, the mean over %(count)s activities with a target") % {
            "value": percent(condition.value),
            "count": f["activities"],
        }
    if kind == engine.DISBURSED_PERCENT:
        if condition.value is None:
            return _("No budget allocation is recorded for the year, so no percent can be computed.")
        return _("%(value)s percent: %(disbursed)s disbursed of %(allocated)s allocated") % {
            "value": percent(condition.value),
            "disbursed": baht(f["disbursed"]),
            "allocated": baht(f["allocated"]),
        }
    if kind == engine.PLANNING_MEETING:
        if not f["count"]:
            return _("No meeting or coordination to draft the plan is recorded.")
        return ngettext(
            "%(count)s meeting recorded, the last on %(date)s",
            "%(count)s meetings recorded, the last on %(date)s",
            f["count"],
        ) % {"count": f["count"], "date": _date(f["last"])}
    if kind in (engine.PLAN_SUBMITTED, engine.PLAN_APPROVED):
        if f["on"] is None:
            return _("Not yet.") if kind == engine.PLAN_SUBMITTED else _("Not approved yet.")
        return _("On %(date)s") % {"date": _date(f["on"])}
    if kind == engine.TRACKING_MEETING:
        if f["after_approval"] and f["approved_on"] is None:
            text = _("The plan is not approved yet; meetings count from its approval.")
        else:
            text = ngettext(
                "%(count)s meeting counted between %(start)s and %(end)s",
                "%(count)s meetings counted between %(start)s and %(end)s",
                f["count"],
            ) % {"count": f["count"], "start": _date(f["from"]), "end": _date(f["until"])}
        if f["before_approval"] and f["approved_on"] is None:
            # No approval at all: nothing is "before" it.
            text += " " + ngettext(
                "(%(count)s meeting recorded in the round)",
                "(%(count)s meetings recorded in the round)",
                f["before_approval"],
            ) % {"count": f["before_approval"]}
        elif f["before_approval"]:
            text += " " + ngettext(
                "(%(count)s more before the approval does not count)",
                "(%(count)s more before the approval do not count)",
                f["before_approval"],
            ) % {"count": f["before_approval"]}
        return text
    if kind == engine.MONTHLY_REPORTS:
        if not f["due"]:
            return _("No report of this round is due yet.")
        text = _("%(reported)s of %(due)s reports due were submitted") % {"reported": f["reported"], "due": f["due"]}
        if f["late"]:
            text += "; " + _("late: %(months)s") % {"months": ", ".join(f["late"])}
        if f["missing"]:
            text += "; " + _("missing: %(months)s") % {"months": ", ".join(f["missing"])}
        return text
    return ""


def step_texts(gap: Gap) -> list[str]:
    """The results still needed, activity by activity ("3 more ครั้ง in activity 1.2 …")."""
    return [
        _("%(amount)s more %(unit)s in activity %(number)s %(title)s")
        % {"amount": f"{s.amount:,}", "unit": s.unit, "number": s.activity, "title": s.title}
        for s in gap.steps
    ]


def gap_text(gap: Gap, by_date, *, as_of=None) -> str:
    """What the province must still do for the next level, in numbers; once the round has ended
    (`as_of` after `by_date`, its last day), what the level was short of, with no date to meet."""
    if as_of is not None and as_of > by_date:
        ended = _ended_gap_text(gap, by_date)
        if ended is not None:
            return ended
    by = _date(by_date)
    kind = gap.kind
    if kind == engine.ACTIVITIES_PERCENT:
        if gap.value is None and not gap.steps:
            return _("Set annual targets for the plan's activities.")
        steps = "; ".join(step_texts(gap))
        if not gap.reachable:
            return _(
                "Activities put into practice cannot reach %(threshold)s percent even with every target met "
                "(the sub-items' targets do not cover their activities): %(steps)s"
            ) % {"threshold": percent(gap.threshold), "steps": steps or "—"}
        return _("Activities to %(threshold)s percent (now %(value)s): %(steps)s, by %(date)s") % {
            "threshold": percent(gap.threshold),
            "value": percent(gap.value),
            "steps": steps,
            "date": by,
        }
    if kind == engine.DISBURSED_PERCENT:
        if gap.amount is None:
            return _("Record the year's budget allocation; disbursement is measured against it.")
        return _("%(amount)s more disbursed by %(date)s, to reach %(threshold)s percent (now %(value)s)") % {
            "amount": baht(gap.amount),
            "date": by,
            "threshold": percent(gap.threshold),
            "value": percent(gap.value),
        }
    f = gap.figures
    if kind == engine.MONTHLY_REPORTS:
        return _("Submit the missing monthly reports: %(months)s") % {"months": ", ".join(f["missing"])}
    if kind == engine.TRACKING_MEETING:
        if f.get("after_approval") and f.get("approved_on") is None:
            return _("Record the governor's approval, then a meeting to drive / track the plan by %(date)s") % {
                "date": by
            }
        return _(
            "Hold and record a meeting or coordination to drive / track the plan between %(start)s and %(date)s"
        ) % {
            "start": _date(f.get("from")),
            "date": by,
        }
    if kind == engine.PLANNING_MEETING:
        return _("Record the meeting or coordination with the agencies that drafted the plan.")
    if kind == engine.PLAN_SUBMITTED:
        return _("Submit the plan to the governor and record the date.")
    if kind == engine.PLAN_APPROVED:
        return _("Record the governor's approval of the plan.")
    return ""


def _ended_gap_text(gap: Gap, by_date) -> str | None:
    """The gap of a round that has ended: what was short, not a deadline already past. None for
    the kinds whose advice holds after the round (a missing report can still be sent)."""
    ended = _date(by_date)
    kind = gap.kind
    f = gap.figures
    if kind == engine.ACTIVITIES_PERCENT and gap.value is not None:
        steps = "; ".join(step_texts(gap))
        return _(
            "The round ended on %(date)s with activities put into practice at %(value)s percent, short of "
            "%(threshold)s percent: %(steps)s were missing"
        ) % {"date": ended, "value": percent(gap.value), "threshold": percent(gap.threshold), "steps": steps or "—"}
    if kind == engine.DISBURSED_PERCENT and gap.amount is not None:
        return _(
            "The round ended on %(date)s with %(value)s percent of the budget disbursed, %(amount)s short of "
            "%(threshold)s percent"
        ) % {
            "date": ended,
            "value": percent(gap.value),
            "amount": baht(gap.amount),
            "threshold": percent(gap.threshold),
        }
    if kind == engine.TRACKING_MEETING:
        if f.get("after_approval") and f.get("approved_on") is None:
            return _(
                "The plan was not approved during the round (which ended on %(date)s), so no meeting to drive / "
                "track it counted"
            ) % {"date": ended}
        return _("No meeting or coordination to drive / track the plan was recorded between %(start)s and %(date)s") % {
            "start": _date(f.get("from")),
            "date": ended,
        }
    return None


def projection_text(line: ProjectionLine) -> str:
    label = _("activities") if line.kind == engine.ACTIVITIES_PERCENT else _("disbursement")
    return _("Level %(level)s, %(label)s at least %(threshold)s percent: about %(projected)s expected") % {
        "level": line.level,
        "label": label,
        "threshold": percent(line.threshold),
        "projected": percent(line.projected),
    }


def reports_figures(condition: ConditionResult) -> dict | None:
    """The monthly-reports condition's counts as fields (the finding says them in a sentence)."""
    if condition.kind != engine.MONTHLY_REPORTS:
        return None
    f = condition.figures
    return {
        "due": f["due"],
        "submitted": f["reported"],
        "late": len(f["late"]),
        "missing": len(f["missing"]),
        "late_months": list(f["late"]),
        "missing_months": list(f["missing"]),
    }


def gap_steps(gap: Gap) -> list[dict]:
    """Each result still needed as fields beside its sentence: the activity, its unit, how many."""
    texts = step_texts(gap)
    return [
        {"activity": s.activity, "title": s.title, "unit": s.unit, "amount": s.amount, "text": text}
        for s, text in zip(gap.steps, texts, strict=True)
    ]


def level_descriptions(round_) -> dict[int, str]:
    """Each level's wording, from a round fetched with its levels (`services.rounds_with_criteria`)."""
    return {level.number: level.description for level in round_.levels.all()}


def explain(result, *, descriptions: dict[int, str] | None = None, show_score: bool = False) -> dict:
    """Everything the pages and the API show of one province's result (a services.Result)."""
    evaluation = result.evaluation
    frozen = result.frozen
    descriptions = descriptions or {}
    levels = []
    for number in range(1, evaluation.max_level + 1):
        conditions = evaluation.conditions_of(number)
        levels.append(
            {
                "level": number,
                "description": descriptions.get(number, ""),
                "met": all(c.met for c in conditions),
                "conditions": [
                    {
                        "kind": c.kind,
                        "requirement": requirement(c),
                        "met": c.met,
                        "threshold": c.threshold,
                        "value": c.value,
                        "finding": finding(c),
                        "reports": reports_figures(c),
                    }
                    for c in conditions
                ],
            }
        )
    projection = evaluation.projection
    reports = next(
        (reports_figures(c) for c in reversed(evaluation.conditions) if c.kind == engine.MONTHLY_REPORTS), None
    )
    return {
        "province": {"code": result.province.code, "name": result.province.name_th},
        "round": evaluation.round_number,
        "as_of": evaluation.as_of,
        "level": result.level,
        "computed_level": evaluation.level,
        "max_level": evaluation.max_level,
        "provisional": evaluation.provisional and frozen is None,
        "frozen": frozen is not None,
        "override": (
            {
                "level": frozen.override_level,
                "reason": frozen.override_reason,
                "by": str(frozen.overridden_by) if frozen.overridden_by else "",
                "at": frozen.overridden_at,
            }
            if frozen is not None and frozen.override_level is not None
            else None
        ),
        "score": evaluation.score if show_score else None,
        "activities_percent": evaluation.activities_percent,
        "disbursed_percent": evaluation.disbursed_percent,
        "reports": reports,
        "levels": levels,
        "next_level": evaluation.level + 1 if evaluation.level < evaluation.max_level else None,
        "gap": [
            {
                "kind": g.kind,
                "text": gap_text(g, evaluation.by_date, as_of=evaluation.as_of),
                "steps": step_texts(g),
                "step_details": gap_steps(g),
                "threshold": g.threshold,
                "value": g.value,
                "amount_baht": g.amount,
                "missing_months": list(g.figures.get("missing", [])) if g.kind == engine.MONTHLY_REPORTS else [],
                "reachable": g.reachable,
            }
            for g in evaluation.gap
        ],
        "projection": (
            {
                "months_of_data": projection.months_of_data,
                "months_in_round": projection.months_in_round,
                "activities_percent": projection.activities_percent,
                "disbursed_percent": projection.disbursed_percent,
                "level": projection.level,
                "lines": [
                    {
                        "level": line.level,
                        "kind": line.kind,
                        "threshold": line.threshold,
                        "projected": line.projected,
                        "reaches": line.reaches,
                        "text": projection_text(line),
                    }
                    for line in projection.lines
                ],
            }
            if projection is not None
            else None
        ),
    }
