"""What a KPI condition kind is, and the registry that finds one by its name.

A kind is one class with everything about it: how the engine checks it and what the gap to it
is (pure, from the engine's values), how the pages explain it in Thai, its label, and its field
in the criteria form. Adding a kind is one module in this package (found on import) plus a
migration for the new choice of `Condition.kind`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from labourplan.evaluation.values import ConditionResult, ConditionSpec, Gap, ProvinceData, RoundSpec
from labourplan.lib.thaidate import format_date

_KINDS: dict[str, Kind] = {}


def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def baht(value: Decimal | None) -> str:
    return "—" if value is None else _("%(amount)s baht") % {"amount": f"{value:,.2f}"}


def date_text(value) -> str:
    return format_date(value) if value else "—"


class Kind:
    """A condition kind. Subclass, set `name`, `order` and `label`, and decorate with `@register`."""

    name: str = ""
    order: int = 0  # where it stands in the criteria table, the form and a level's conditions
    label: Any = ""  # the choice's label (lazy), what the criteria print
    # A percent kind carries a threshold and a value (`measure`); the others are met or not.
    percent: bool = False

    # --- the engine (pure: the engine's values in, the engine's values out) -------------------

    def check(
        self,
        condition: ConditionSpec,
        level: int,
        data: ProvinceData,
        spec: RoundSpec,
        as_of: datetime.date,
        figures: Any,
    ) -> ConditionResult:
        raise NotImplementedError

    def gap(self, condition: ConditionSpec, result: ConditionResult, data: ProvinceData, figures: Any) -> Gap:
        """What is missing to meet the condition: by default, the figures of its check."""
        return Gap(kind=self.name, figures=result.figures)

    def measure(self, figures: Any) -> Fraction | None:
        """A percent kind's exact value from the engine's figures (also used to project)."""
        raise NotImplementedError

    # --- the explanation (Thai, through gettext) ------------------------------------------------

    def criteria_label(self, condition: ConditionSpec) -> str:
        """The condition as the criteria page lists it."""
        return str(self.label)

    def requirement(self, result: ConditionResult) -> str:
        """What the condition asks, as the criteria print it."""
        return str(self.label)

    def finding(self, result: ConditionResult) -> str:
        """What the data show, with the figures behind the verdict."""
        return ""

    def gap_text(self, gap: Gap, by: str) -> str:
        """What the province must still do, by the round's last day (`by`, already formatted)."""
        return ""

    def ended_gap_text(self, gap: Gap, ended: str) -> str | None:
        """What the level was short of once the round has ended; None when the advice still holds."""
        return None

    def projection_label(self) -> str:
        """A percent kind's name inside the projection's sentence."""
        return str(self.label)

    def measure_label(self) -> str:
        """A percent kind's name as the projection's table heads its row."""
        return str(self.label)

    # --- the criteria form --------------------------------------------------------------------

    field_label: Any = ""

    def form_fields(self) -> dict[str, forms.Field]:
        """The form fields of one level's row, by name (a milestone: one tick box)."""
        return {self.name: forms.BooleanField(label=self.field_label or self.label, required=False)}

    def initial(self, condition: ConditionSpec) -> dict:
        """The form's initial values for a condition of this kind."""
        return {self.name: True}

    def spec_from(self, data: dict) -> ConditionSpec | None:
        """The condition a level's cleaned form data asks for, or None."""
        return ConditionSpec(self.name) if data.get(self.name) else None


def register(cls: type[Kind]) -> type[Kind]:
    """Class decorator: make `cls` the kind of its name."""
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no name")
    if cls.name in _KINDS and type(_KINDS[cls.name]) is not cls:
        raise ValueError(f"condition kind {cls.name!r} is registered twice")
    _KINDS[cls.name] = cls()
    return cls


def unregister(name: str) -> None:
    _KINDS.pop(name, None)


def get(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise ValueError(f"unknown condition kind {name!r}") from None


def all_kinds() -> list[Kind]:
    """Every registered kind, in their order."""
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.name))


def names() -> tuple[str, ...]:
    return tuple(kind.name for kind in all_kinds())


def percent_names() -> tuple[str, ...]:
    return tuple(kind.name for kind in all_kinds() if kind.percent)
