"""The open datasets: each one a name that stays, a schema (machine column names, Thai and
English titles) and its rows built from the public figures (figures.py). A registry: a new
dataset is one more `Dataset` in DATASETS, and the files, the API, the data package and the
catalog follow."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from labourplan.opendata.figures import YearFigures, regions
from labourplan.plans.models import PlanStatus
from labourplan.reports.monitoring import CellStatus


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Frictionless Table Schema type: string, integer, number, boolean, yearmonth
    title_th: str
    title_en: str
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dataset:
    name: str
    title_th: str
    title_en: str
    description_th: str
    disaggregate: str  # the catalog's "การจัดจำแนก"
    unit_of_measure: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    rows_of_year: Callable[[YearFigures, list], Iterable[dict]]

    def rows(self, years: list[YearFigures]) -> list[dict]:
        every_region = regions()
        return [row for figures in years for row in self.rows_of_year(figures, every_region)]


YEAR_FIELDS = (
    Field("fiscal_year_be", "integer", "ปีงบประมาณ (พ.ศ.)", "Fiscal year (B.E.)"),
    Field("fiscal_year_ce", "integer", "ปีงบประมาณ (ค.ศ.)", "Fiscal year (C.E.)"),
)
MONTH_FIELDS = (
    Field("month", "yearmonth", "เดือน (ค.ศ. ปี-เดือน)", "Month (C.E. year-month)"),
    Field("month_index", "integer", "เดือนที่ของปีงบประมาณ (1 = ตุลาคม)", "Month of the fiscal year (1 = October)"),
)
AREA_FIELDS = (
    Field("area_level", "string", "ระดับพื้นที่", "Area level", ("country", "region")),
    Field("area_code", "string", "รหัสพื้นที่ (TH = ทั้งประเทศ หรือรหัสภาค)", "Area code (TH = whole country, or region code)"),
)
PROVINCE_FIELDS = (
    Field("region_code", "string", "รหัสภาค", "Region code"),
    Field("province_code", "string", "รหัสจังหวัด (กรมการปกครอง)", "Province code (DOPA)"),
)


def _year(figures: YearFigures) -> dict:
    return {"fiscal_year_be": figures.year_be, "fiscal_year_ce": figures.year_ce}


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def _percent(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def plan_rows(figures: YearFigures, _regions) -> Iterable[dict]:
    for line in figures.picture.lines:
        yield {
            **_year(figures),
            "region_code": line.province.region.code,
            "province_code": line.province.code,
            "province_name_th": line.province.name_th,
            "province_name_en": line.province.name_en,
            "plan_status": str(line.status),
            "plan_approved": line.status in (PlanStatus.APPROVED, PlanStatus.AMENDED),
            "budget_allocated": _money(line.budget.allocated),
        }


def province_month_rows(figures: YearFigures, _regions) -> Iterable[dict]:
    for line in figures.picture.lines:
        cumulative = Decimal(0)
        for index, month in figures.months:
            disbursed = line.budget.disbursed[index - 1]
            cumulative += disbursed
            yield {
                **_year(figures),
                "month": month,
                "month_index": index,
                "region_code": line.province.region.code,
                "province_code": line.province.code,
                "report_status": str(line.reporting.cells[index - 1].status),
                "budget_disbursed": _money(disbursed),
                "budget_disbursed_cumulative": _money(cumulative),
            }


def _areas(figures: YearFigures, every_region) -> list[tuple[str, str, list]]:
    lines = figures.picture.lines
    areas = [("country", "TH", lines)]
    for region in every_region:
        areas.append(("region", region.code, [line for line in lines if line.province.region_id == region.pk]))
    return areas


def area_month_rows(figures: YearFigures, every_region) -> Iterable[dict]:
    for level, code, lines in _areas(figures, every_region):
        allocated = sum((line.budget.allocated for line in lines), Decimal(0))
        approved = sum(1 for line in lines if line.status in (PlanStatus.APPROVED, PlanStatus.AMENDED))
        cumulative = Decimal(0)
        for index, month in figures.months:
            statuses = [line.reporting.cells[index - 1].status for line in lines]
            disbursed = sum((line.budget.disbursed[index - 1] for line in lines), Decimal(0))
            cumulative += disbursed
            yield {
                **_year(figures),
                "month": month,
                "month_index": index,
                "area_level": level,
                "area_code": code,
                "provinces": len(lines),
                "plans_approved": approved,
                "reports_on_time": statuses.count(CellStatus.ON_TIME),
                "reports_late": statuses.count(CellStatus.LATE),
                "reports_missing": statuses.count(CellStatus.MISSING),
                "no_plan": statuses.count(CellStatus.NO_PLAN),
                "budget_allocated": _money(allocated),
                "budget_disbursed": _money(disbursed),
                "budget_disbursed_cumulative_percent": _percent(100 * cumulative / allocated) if allocated else None,
            }


def activity_month_rows(figures: YearFigures, every_region) -> Iterable[dict]:
    for activity in figures.picture.activities:
        areas = [("country", "TH", activity.national)]
        areas += [("region", r.code, activity.by_region[r.pk]) for r in every_region if r.pk in activity.by_region]
        for level, code, totals in areas:
            for index, month in figures.months:
                yield {
                    **_year(figures),
                    "month": month,
                    "month_index": index,
                    "area_level": level,
                    "area_code": code,
                    "activity_code": f"{activity.topic_number}.{activity.number}",
                    "activity_title_th": activity.title,
                    "unit_th": activity.unit,
                    "provinces": totals.provinces,
                    "target": totals.targets[index - 1],
                    "result": totals.results[index - 1],
                    "target_cumulative": totals.cumulative_targets[index - 1],
                    "result_cumulative": totals.cumulative_results[index - 1],
                }


def level_rows(figures: YearFigures, _regions) -> Iterable[dict]:
    if figures.levels is None:
        return
    for result in figures.levels.results:
        yield {
            **_year(figures),
            "round": figures.levels.round.number,
            "frozen_as_of": figures.levels.round.frozen_as_of.isoformat() if figures.levels.round.frozen_as_of else "",
            "region_code": result.province.region.code,
            "province_code": result.province.code,
            "level": result.level,
        }


STATUSES = tuple(str(s) for s in PlanStatus.values)
CELL_STATUSES = tuple(str(s) for s in CellStatus.values)

DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        Dataset(
            name="plans",
            title_th="สถานะแผนปฏิบัติการจังหวัดและงบประมาณที่ได้รับจัดสรร รายจังหวัด",
            title_en="Provincial action plans: status and budget allocated, by province",
            description_th="สถานะแผนปฏิบัติการ (แบบ 1) ของแต่ละจังหวัดในแต่ละปีงบประมาณ และงบประมาณที่ได้รับจัดสรร (บาท)",
            disaggregate="ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่",
            unit_of_measure="แผน, บาท",
            fields=(
                *YEAR_FIELDS,
                *PROVINCE_FIELDS,
                Field("province_name_th", "string", "ชื่อจังหวัด", "Province name (Thai)"),
                Field("province_name_en", "string", "ชื่อจังหวัด (อังกฤษ)", "Province name (English)"),
                Field("plan_status", "string", "สถานะแผน", "Plan status", STATUSES),
                Field("plan_approved", "boolean", "แผนได้รับอนุมัติจากผู้ว่าราชการจังหวัด", "Plan approved by the governor"),
                Field("budget_allocated", "number", "งบประมาณที่ได้รับจัดสรร (บาท)", "Budget allocated (baht)"),
            ),
            primary_key=("fiscal_year_be", "province_code"),
            rows_of_year=plan_rows,
        ),
        Dataset(
            name="province-months",
            title_th="การส่งรายงานประจำเดือนและการเบิกจ่ายงบประมาณ รายจังหวัด รายเดือน",
            title_en="Monthly reports and budget disbursed, by province and month",
            description_th=(
                "สถานะการส่งรายงานผลการดำเนินงาน (แบบ 2) ของแต่ละจังหวัดในแต่ละเดือนที่สิ้นสุดแล้ว และงบประมาณที่เบิกจ่าย (บาท)"
            ),
            disaggregate="ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่",
            unit_of_measure="รายงาน, บาท",
            fields=(
                *YEAR_FIELDS,
                *MONTH_FIELDS,
                *PROVINCE_FIELDS,
                Field("report_status", "string", "สถานะรายงานประจำเดือน", "Monthly report status", CELL_STATUSES),
                Field(
                    "budget_disbursed", "number", "งบประมาณที่เบิกจ่ายในเดือน (บาท)", "Budget disbursed in the month (baht)"
                ),
                Field(
                    "budget_disbursed_cumulative",
                    "number",
                    "งบประมาณที่เบิกจ่ายสะสม (บาท)",
                    "Budget disbursed, cumulative (baht)",
                ),
            ),
            primary_key=("fiscal_year_be", "month", "province_code"),
            rows_of_year=province_month_rows,
        ),
        Dataset(
            name="area-months",
            title_th="สรุปแผน รายงาน และงบประมาณ ระดับประเทศและรายภาค รายเดือน",
            title_en="Plans, reports and budget: national and regional totals by month",
            description_th=(
                "จำนวนแผนที่ได้รับอนุมัติ รายงานที่ส่งตรงเวลา ล่าช้า ไม่ส่ง และงบประมาณที่เบิกจ่าย ทั้งประเทศและรายภาค ในแต่ละเดือนที่สิ้นสุดแล้ว"
            ),
            disaggregate="ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่",
            unit_of_measure="จังหวัด, รายงาน, บาท, ร้อยละ",
            fields=(
                *YEAR_FIELDS,
                *MONTH_FIELDS,
                *AREA_FIELDS,
                Field("provinces", "integer", "จำนวนจังหวัด", "Provinces"),
                Field("plans_approved", "integer", "แผนที่ได้รับอนุมัติ", "Plans approved"),
                Field("reports_on_time", "integer", "รายงานที่ส่งตรงเวลา", "Reports on time"),
                Field("reports_late", "integer", "รายงานที่ส่งล่าช้า", "Reports late"),
                Field("reports_missing", "integer", "รายงานที่ไม่ส่ง", "Reports missing"),
                Field("no_plan", "integer", "จังหวัดที่ยังไม่เสนอแผนต่อผู้ว่าฯ", "Provinces without a plan sent to the governor"),
                Field("budget_allocated", "number", "งบประมาณที่ได้รับจัดสรร (บาท)", "Budget allocated (baht)"),
                Field(
                    "budget_disbursed", "number", "งบประมาณที่เบิกจ่ายในเดือน (บาท)", "Budget disbursed in the month (baht)"
                ),
                Field(
                    "budget_disbursed_cumulative_percent",
                    "number",
                    "ร้อยละการเบิกจ่ายสะสมต่องบที่ได้รับจัดสรร",
                    "Cumulative disbursement, percent of the allocation",
                ),
            ),
            primary_key=("fiscal_year_be", "month", "area_code"),
            rows_of_year=area_month_rows,
        ),
        Dataset(
            name="activity-months",
            title_th="เป้าหมายและผลการดำเนินกิจกรรม (การตรวจ การประชาสัมพันธ์ ฯลฯ) ระดับประเทศและรายภาค รายเดือน",
            title_en="Activities (inspections, awareness work, …): targets and results by area and month",
            description_th=(
                "เป้าหมายและผลการดำเนินงานของแต่ละกิจกรรมตามแม่แบบของศูนย์ฯ รวมทุกจังหวัดที่มีกิจกรรมนั้นในแผน ทั้งประเทศและรายภาค"
            ),
            disaggregate="ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่",
            unit_of_measure="ตามหน่วยนับของกิจกรรม",
            fields=(
                *YEAR_FIELDS,
                *MONTH_FIELDS,
                *AREA_FIELDS,
                Field("activity_code", "string", "รหัสกิจกรรม (ประเด็น.ลำดับ)", "Activity code (topic.number)"),
                Field("activity_title_th", "string", "ชื่อกิจกรรม", "Activity title (Thai)"),
                Field("unit_th", "string", "หน่วยนับ", "Unit (Thai)"),
                Field("provinces", "integer", "จำนวนจังหวัดที่มีกิจกรรมนี้", "Provinces with the activity"),
                Field("target", "integer", "เป้าหมายของเดือน", "Target of the month"),
                Field("result", "integer", "ผลการดำเนินงานของเดือน", "Result of the month"),
                Field("target_cumulative", "integer", "เป้าหมายสะสม", "Cumulative target"),
                Field("result_cumulative", "integer", "ผลการดำเนินงานสะสม", "Cumulative result"),
            ),
            primary_key=("fiscal_year_be", "month", "area_code", "activity_code"),
            rows_of_year=activity_month_rows,
        ),
        Dataset(
            name="province-levels",
            title_th="ระดับความสำเร็จตามตัวชี้วัดของจังหวัด (รอบการประเมินที่ปิดแล้ว)",
            title_en="Provinces' KPI levels (frozen evaluation rounds)",
            description_th="ระดับความสำเร็จ 1–5 ของแต่ละจังหวัด เฉพาะรอบการประเมินที่ปิดผลแล้วและศูนย์ฯ เลือกให้เผยแพร่",
            disaggregate="ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่",
            unit_of_measure="ระดับ",
            fields=(
                *YEAR_FIELDS,
                Field("round", "integer", "รอบการประเมิน", "Evaluation round"),
                Field("frozen_as_of", "string", "ข้อมูล ณ วันที่ปิดรอบ", "Frozen as of (date)"),
                *PROVINCE_FIELDS,
                Field("level", "integer", "ระดับความสำเร็จ", "KPI level"),
            ),
            primary_key=("fiscal_year_be", "round", "province_code"),
            rows_of_year=level_rows,
        ),
    )
}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(dataset: Dataset, rows: list[dict]) -> bytes:
    """UTF-8 with a BOM (so that a spreadsheet reads the Thai), one header row of machine names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.name for f in dataset.fields])
    for row in rows:
        writer.writerow([_cell(row[f.name]) for f in dataset.fields])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _json_value(value):
    return float(value) if isinstance(value, Decimal) else value


def to_json(dataset: Dataset, rows: list[dict], *, last_updated: str) -> dict:
    return {
        "name": dataset.name,
        "title_th": dataset.title_th,
        "title_en": dataset.title_en,
        "last_updated": last_updated,
        "fields": [
            {"name": f.name, "type": f.type, "title_th": f.title_th, "title_en": f.title_en} for f in dataset.fields
        ],
        "data": [{key: _json_value(value) for key, value in row.items()} for row in rows],
    }
