"""An evaluation in sentences: what each condition asks, what was found, what is missing.

The pages, the export and the API all explain through `explain()`, so they say the same thing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from labourplan.evaluation import engine, kinds
from labourplan.evaluation.engine import ConditionResult, Gap, ProjectionLine
from labourplan.evaluation.kinds.activities_percent import step_texts
from labourplan.evaluation.kinds.registry import baht, date_text, percent

__all__ = ["baht", "explain", "finding", "gap_text", "percent", "projection_text", "requirement", "step_texts"]


def requirement(condition: ConditionResult) -> str:
    """What the condition asks, as the criteria print it."""
    return kinds.get(condition.kind).requirement(condition)


def finding(condition: ConditionResult) -> str:
    """What the data show, with the figures behind the verdict."""
    return kinds.get(condition.kind).finding(condition)


def gap_text(gap: Gap, by_date, *, as_of=None) -> str:
    """What the province must still do for the next level, in numbers; once the round has ended
    (`as_of` after `by_date`, its last day), what the level was short of, with no date to meet."""
    kind = kinds.get(gap.kind)
    if as_of is not None and as_of > by_date:
        ended = kind.ended_gap_text(gap, date_text(by_date))
        if ended is not None:
            return ended
    return kind.gap_text(gap, date_text(by_date))


def projection_text(line: ProjectionLine) -> str:
    return _("Level %(level)s, %(label)s at least %(threshold)s percent: about %(projected)s expected") % {
        "level": line.level,
        "label": kinds.get(line.kind).projection_label(),
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
                        "label": kinds.get(line.kind).measure_label(),
                        "text": projection_text(line),
                    }
                    for line in projection.lines
                ],
            }
            if projection is not None
            else None
        ),
    }
