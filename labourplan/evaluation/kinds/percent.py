"""What the two percent kinds share: a threshold, a measured value, a number field in the form."""

from __future__ import annotations

from typing import Any

from labourplan.evaluation.kinds.registry import Kind
from labourplan.evaluation.values import ConditionResult, ConditionSpec, round_half_up
from labourplan.lib.forms import ThaiDecimalField


class PercentKind(Kind):
    percent = True

    def extra_figures(self, data, figures) -> dict:
        """The figures beside the percent (counts, amounts)."""
        return {}

    def check(self, condition, level, data, spec, as_of, figures) -> ConditionResult:
        exact = self.measure(figures)
        value = round_half_up(exact) if exact is not None else None
        return ConditionResult(
            level=level,
            kind=self.name,
            met=value is not None and value >= condition.threshold,
            threshold=condition.threshold,
            value=value,
            figures=self.extra_figures(data, figures),
        )

    def form_fields(self) -> dict[str, Any]:
        field = ThaiDecimalField(
            label=self.field_label or self.label, required=False, min_value=0, max_value=100, decimal_places=2
        )
        return {self.name: field}

    def initial(self, condition: ConditionSpec) -> dict:
        return {self.name: condition.threshold}

    def spec_from(self, data: dict) -> ConditionSpec | None:
        threshold = data.get(self.name)
        return ConditionSpec(self.name, threshold=threshold) if threshold is not None else None
