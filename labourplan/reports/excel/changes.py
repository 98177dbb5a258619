"""What an imported Form 2 would change in the report: results, remarks, the month's disbursement,
the narratives, and the fingerprint that tells a stale preview."""

import hashlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from labourplan.lib.spreadsheet.reading import (
    Problem,
    Uncomputed,
    cell_text,
)
from labourplan.plans.models import PlanItem
from labourplan.reports.excel.layout import DISBURSED_LABEL, KEY_RESULTS_LABEL, PROBLEMS_LABEL, allocated_amount
from labourplan.reports.models import MonthlyReport
from labourplan.reports.services import HIGH_RESULT_FACTOR, disbursed_elsewhere
from labourplan.reports.table import ReportRow


@dataclass
class ResultChange:
    """One row whose result or remark the workbook changes."""

    sheet_row: int
    topic: str
    title: str
    level: str  # "activity" or "sub_item"
    item: PlanItem
    revision: int  # of the saved result, 0 when none: what save_result is given
    month_target: int
    old_result: int
    new_result: int
    old_remark: str
    new_remark: str

    @property
    def over_three_times(self) -> bool:
        return self.new_result > 0 and self.new_result > HIGH_RESULT_FACTOR * max(self.month_target, 0)

    @property
    def result_changed(self) -> bool:
        return self.old_result != self.new_result

    @property
    def remark_changed(self) -> bool:
        return self.old_remark != self.new_remark


@dataclass
class FieldChange:
    name: str  # "disbursed", "key_results" or "problems"
    label: str
    old: object
    new: object


@dataclass
class ReportImport:
    """What a workbook would change in a report, and everything wrong in it."""

    sheet: str
    results: list[ResultChange]
    fields: list[FieldChange]
    unchanged: int  # rows read whose result and remark stay as they are
    not_in_file: int  # leaf rows of the plan the workbook does not mention: kept as they are
    problems: list[Problem]
    warnings: list[Problem]
    fingerprint: str

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_changes(self) -> bool:
        return bool(self.results or self.fields)

    @property
    def field_changes(self) -> dict:
        return {change.name: change.new for change in self.fields}


def fingerprint(report: MonthlyReport, rows: list[ReportRow]) -> str:
    """Changes whenever the report, any of its results or the plan version in force changes."""
    version = report.plan.version_in_force()
    parts = [f"r{report.pk}.{report.revision}.{report.state}", f"v{version.pk if version else 0}"]
    parts += [f"{row.item.key}.{row.revision}" for row in rows]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def result_changes(reader) -> tuple[list[ResultChange], int]:
    changes, unchanged = [], 0
    for entry in reader.entries:
        if entry.sheet_row is None or not entry.row.is_leaf or entry.new_result is None:
            continue
        saved = entry.row
        change = ResultChange(
            sheet_row=entry.sheet_row,
            topic=entry.topic,
            title=saved.item.title,
            level=entry.level,
            item=saved.item,
            revision=saved.revision,
            month_target=saved.month_target,
            old_result=saved.result,
            new_result=entry.new_result,
            old_remark=saved.remark,
            new_remark=entry.new_remark or "",
        )
        if not (change.result_changed or change.remark_changed):
            unchanged += 1
            continue
        changes.append(change)
        if change.over_three_times:
            col = reader.layout.columns["result"]
            values = {"result": change.new_result, "target": change.month_target}
            if change.new_remark:
                reader.warn(
                    entry.sheet_row,
                    col,
                    change.new_result,
                    _(
                        "%(result)s is more than three times this month's target (%(target)s). The remark "
                        "explains it: tick the box below to confirm the result."
                    )
                    % values,
                )
            else:
                reader.problem(
                    entry.sheet_row,
                    col,
                    change.new_result,
                    _(
                        "%(result)s is more than three times this month's target (%(target)s). Explain it in "
                        "the remark (หมายเหตุ) of the same row, then upload the file again."
                    )
                    % values,
                )
    return changes, unchanged


def field_changes(reader) -> list[FieldChange]:
    report, changes = reader.report, []
    if "disbursed" in reader.footer:
        row, col, value = reader.footer["disbursed"]
        amount = reader._money(row, col, value)
        if amount is not None and amount != report.disbursed:
            allocated = allocated_amount(report)
            cumulative = disbursed_elsewhere(report) + amount
            if cumulative > allocated:
                reader.problem(
                    row,
                    col,
                    value,
                    _(
                        "Disbursed since October would be %(cumulative)s baht, more than the %(allocated)s baht "
                        "allocated for the year. Check the amount or record the new allocation first."
                    )
                    % {"cumulative": f"{cumulative:,.2f}", "allocated": f"{allocated:,.2f}"},
                )
            changes.append(FieldChange("disbursed", DISBURSED_LABEL, report.disbursed, amount))
    for name, label in [("key_results", KEY_RESULTS_LABEL), ("problems", PROBLEMS_LABEL)]:
        if name not in reader.footer:
            continue
        _row, _col, value = reader.footer[name]
        text = cell_text(value)
        if isinstance(value, Uncomputed):
            text = ""
        if text != cell_text(getattr(report, name)):
            changes.append(FieldChange(name, label, getattr(report, name), text))
    return changes
