"""An evaluation as JSON, to freeze it: the stored snapshot reads back as the same Evaluation."""

import dataclasses
import datetime
from decimal import Decimal

from labourplan.evaluation.engine import ConditionResult, Evaluation, Gap, GapStep, Projection, ProjectionLine

_DATES = {"as_of", "by_date", "last", "on", "approved_on", "from", "until"}
_DECIMALS = {
    "threshold",
    "value",
    "amount",
    "score",
    "activities_percent",
    "disbursed_percent",
    "projected",
    "disbursed",
    "allocated",
}


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def dump(evaluation: Evaluation) -> dict:
    return _plain(dataclasses.asdict(evaluation))


def _typed(data: dict) -> dict:
    out = {}
    for key, value in data.items():
        if value is not None and key in _DATES:
            value = datetime.date.fromisoformat(value)
        elif value is not None and key in _DECIMALS:
            value = Decimal(value)
        out[key] = value
    return out


def load(data: dict) -> Evaluation:
    data = _typed(data)
    projection = data["projection"]
    if projection is not None:
        projection = Projection(
            **{
                **_typed(projection),
                "lines": tuple(ProjectionLine(**_typed(line)) for line in projection["lines"]),
            }
        )
    return Evaluation(
        **{
            **data,
            "conditions": tuple(
                ConditionResult(**{**_typed(c), "figures": _typed(c["figures"])}) for c in data["conditions"]
            ),
            "gap": tuple(
                Gap(
                    **{
                        **_typed(g),
                        "steps": tuple(GapStep(**s) for s in g["steps"]),
                        "figures": _typed(g["figures"]),
                    }
                )
                for g in data["gap"]
            ),
            "projection": projection,
        }
    )
