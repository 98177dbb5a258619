"""The monthly reports' REST API, told by the same people as the pages.

It is 24 November 2569 in Bangkok. Wilai types Chiang Mai's October and November results, Somchai
(the provincial labour officer) submits them, Anong at the centre returns, accepts or reopens
them and Preecha only reads. Hassan (Songkhla) must neither see nor touch any of it.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from labourplan.accounts.models import Role
from labourplan.accounts.services import create_user
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans import services as plan_services
from labourplan.plans.models import PlanItem
from labourplan.reference.models import Province
from labourplan.reports import services
from labourplan.reports.models import MonthlyReport, ReportEvidence, ReportResult, ReportState
from tests.conftest import PASSWORD, PDF_BYTES

pytestmark = pytest.mark.django_db

# 1 December: November has just ended, so its report can be sent (a month is reported after it ends).
NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=BANGKOK)
INSPECTIONS = "บูรณาการตรวจตามแผนที่กำหนดร่วมกัน"  # 60 a year, November 6; sub-items of 2 a month
MARKET = "ตลาดสด"  # a sub-item of the inspections: November target 2
INTELLIGENCE = "หาข่าว และกำหนดเป้าหมายการตรวจร่วมกับหน่วยงานด้านความมั่นคงและฝ่ายปกครองในพื้นที่ พร้อมทั้งจัดทำแผนตรวจตามการข่าว"

# The smallest real PNG (1×1, grey).
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00:~\x9bU\x00\x00"
    b"\x00\nIDATx\x9cc`\x00\x00\x00\x02\x00\x01H\xaf\xa4q\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def row(plan, title) -> PlanItem:
    return PlanItem.objects.get(topic__version=plan.current_version, title=title)


def pdf(name="activity.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def disguised(name="photo.png"):
    """Named and typed as a picture, but it is not one: uploads are judged by their content."""
    return SimpleUploadedFile(name, b"MZ\x90\x00 an executable", content_type="image/png")


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert body["message"]
    assert isinstance(body["errors"], dict)
    return body


def snapshot(plan):
    """Everything a write could change, to show that a refused request changed nothing."""
    reports = MonthlyReport.objects.filter(plan=plan).order_by("pk")
    return {
        "reports": list(
            reports.values_list(
                "pk", "month_index", "state", "revision", "disbursed", "key_results", "problems", "review_comment"
            )
        ),
        "results": list(
            ReportResult.objects.filter(report__plan=plan).order_by("pk").values_list("pk", "result", "remark")
        ),
        "evidence": list(ReportEvidence.objects.filter(report__plan=plan).order_by("pk").values_list("pk", "caption")),
    }


def month(plan, index, by) -> MonthlyReport:
    return services.open_report(plan=plan, month_index=index, by=by)


@pytest.fixture
def november(reporting_plan, cm_editor):
    """Chiang Mai's November report, opened by Wilai, with a meeting held that month and one in October."""
    for held_on, title in [(datetime.date(2026, 10, 5), "ประชุมจัดทำแผน"), (datetime.date(2026, 11, 15), "ติดตามแผน")]:
        plan_services.add_meeting(plan=reporting_plan, held_on=held_on, kind="tracking", title=title, by=cm_editor)
    return month(reporting_plan, 2, cm_editor)


def approved_plan_for(code, fiscal_year, name):
    """A province's plan, written by its editor, submitted and approved by its labour officer."""
    province = Province.objects.get(code=code)
    editor = create_user(username=f"{name}-e", password=PASSWORD, role=Role.PROVINCIAL_EDITOR, province=province)
    approver = create_user(username=f"{name}-a", password=PASSWORD, role=Role.PROVINCIAL_APPROVER, province=province)
    plan = plan_services.create_plan(province=province, fiscal_year=fiscal_year, by=editor)
    version = plan_services.submit_plan(
        version=plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=approver
    )
    plan_services.record_approval(
        version=version, approved_on=datetime.date(2026, 10, 20), document=pdf("approval.pdf"), by=approver
    )
    plan.refresh_from_db()
    return plan, editor, approver


# Listing -------------------------------------------------------------------------------------


def test_the_list_shows_only_the_reports_the_user_may_see(reporting_plan, cm_editor, cm_approver, central_viewer):
    october = month(reporting_plan, 1, cm_editor)
    services.submit_report(report=october, by=cm_approver)
    month(reporting_plan, 2, cm_editor)
    sk_plan, sk_editor, _ = approved_plan_for("90", reporting_plan.fiscal_year, "songkhla")
    month(sk_plan, 1, sk_editor)

    body = signed_in(cm_editor).get("/api/reports/").json()
    assert body["count"] == 2
    first, second = body["results"]
    assert first["id"] == october.pk
    assert first["province"] == {"code": "50", "name_th": "เชียงใหม่", "name_en": "Chiang Mai"}
    assert (first["fiscal_year"], first["month_index"]) == (2570, 1)
    assert first["calendar_month"] == {"year_be": 2569, "month": 10, "label": "ต.ค."}
    assert (first["state"], first["timeliness"], first["due_date"]) == ("submitted", "late", "2026-11-05")
    assert first["first_submitted_at"] == first["submitted_at"] is not None
    assert first["disbursed"] == "0.00"
    assert (second["month_index"], second["state"], second["timeliness"]) == (2, "draft", "not_due")
    assert second["calendar_month"] == {"year_be": 2569, "month": 11, "label": "พ.ย."}
    assert second["first_submitted_at"] is None

    assert signed_in(sk_editor).get("/api/reports/").json()["count"] == 1
    everything = signed_in(central_viewer).get("/api/reports/").json()
    assert sorted(line["province"]["code"] for line in everything["results"]) == ["50", "50", "90"]


def test_an_unsubmitted_month_past_its_due_date_is_missing(reporting_plan, cm_editor, central_viewer):
    month(reporting_plan, 1, cm_editor)  # October: due on 5 November
    [line] = signed_in(central_viewer).get("/api/reports/").json()["results"]
    assert (line["state"], line["timeliness"]) == ("draft", "missing")


def test_the_list_filters_by_fiscal_year_province_month_and_state(
    reporting_plan, cm_editor, cm_approver, central_viewer
):
    october, november = month(reporting_plan, 1, cm_editor), month(reporting_plan, 2, cm_editor)
    services.submit_report(report=october, by=cm_approver)
    sk_plan, sk_editor, _ = approved_plan_for("90", reporting_plan.fiscal_year, "songkhla")
    sk_october = month(sk_plan, 1, sk_editor)
    client = signed_in(central_viewer)

    def ids(query):
        response = client.get("/api/reports/", query)
        assert response.status_code == 200, response.content
        return sorted(line["id"] for line in response.json()["results"])

    assert ids({"province": "50"}) == sorted([october.pk, november.pk])
    assert ids({"province": "๙๐"}) == [sk_october.pk]  # Thai digits too
    assert ids({"month": "๑"}) == sorted([october.pk, sk_october.pk])
    assert ids({"month": 1, "state": "submitted"}) == [october.pk]
    assert ids({"fiscal_year": "๒๕๗๐", "province": "50", "state": "draft"}) == [november.pk]
    assert ids({"fiscal_year": 2569}) == []
    body = assert_error(client.get("/api/reports/", {"state": "lost", "month": 13}), 400, "invalid")
    assert set(body["errors"]) == {"state", "month"}


def test_the_list_costs_the_same_queries_for_one_report_or_many(
    reporting_plan, cm_editor, cm_approver, central_viewer, django_assert_num_queries
):
    client = signed_in(central_viewer)
    month(reporting_plan, 1, cm_editor)
    # session, user, count, the page of reports with their plan's province and fiscal year
    with django_assert_num_queries(4):
        assert client.get("/api/reports/").json()["count"] == 1
    month(reporting_plan, 2, cm_editor)
    services.submit_report(report=MonthlyReport.objects.get(month_index=1), by=cm_approver)
    for code, name in [("90", "songkhla"), ("40", "khonkaen"), ("10", "bangkok")]:
        plan, editor, _ = approved_plan_for(code, reporting_plan.fiscal_year, name)
        month(plan, 1, editor)
        month(plan, 2, editor)
    with django_assert_num_queries(4):
        body = client.get("/api/reports/").json()
    assert body["count"] == 8
    assert {line["province"]["code"] for line in body["results"]} == {"50", "90", "40", "10"}


# Opening and reading ------------------------------------------------------------------------


def test_an_editor_opens_the_report_of_a_month_once(reporting_plan, cm_editor):
    client = signed_in(cm_editor)
    url = f"/api/plans/{reporting_plan.pk}/reports/"
    response = client.post(url, {"month_index": "๒"}, format="json")
    assert response.status_code == 201, response.content
    report = MonthlyReport.objects.get(plan=reporting_plan, month_index=2)
    assert response["Location"] == f"/api/reports/{report.pk}/"
    assert (response.json()["id"], response.json()["state"]) == (report.pk, "draft")

    again = client.post(url, {"month_index": 2}, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == report.pk
    assert MonthlyReport.objects.count() == 1

    january = assert_error(client.post(url, {"month_index": 4}, format="json"), 400, "rule")
    assert "ม.ค. 2570" in january["message"]  # not begun on 1 December
    assert list(assert_error(client.post(url, {"month_index": 13}, format="json"), 400, "invalid")["errors"]) == [
        "month_index"
    ]
    assert MonthlyReport.objects.count() == 1


def test_no_report_opens_on_a_plan_not_yet_sent_to_the_governor(cm_plan, cm_editor):
    response = signed_in(cm_editor).post(f"/api/plans/{cm_plan.pk}/reports/", {"month_index": 1}, format="json")
    assert_error(response, 400, "rule")
    assert not MonthlyReport.objects.exists()


def test_the_report_reads_as_the_form_2_table(november, reporting_plan, cm_editor, central_viewer):
    october = month(reporting_plan, 1, cm_editor)
    services.save_result(report=october, item=row(reporting_plan, INTELLIGENCE), revision=0, result=1, by=cm_editor)
    services.update_report(
        report=october, revision=october.revision, changes={"disbursed": Decimal("12000")}, by=cm_editor
    )
    for title, value in [(MARKET, 2), ("ตลาดนัด", 3)]:
        services.save_result(
            report=november, item=row(reporting_plan, title), revision=0, result=value, remark="ร่วมกับ ตม.", by=cm_editor
        )
    november.refresh_from_db()
    services.update_report(
        report=november,
        revision=november.revision,
        changes={"disbursed": Decimal("5000.50"), "key_results": "ตรวจตลาด ๕ แห่ง", "problems": "ฝนตก"},
        by=cm_editor,
    )
    services.add_evidence(report=november, file=png(), caption="ภาพการตรวจ", by=cm_editor)

    body = signed_in(central_viewer).get(f"/api/reports/{november.pk}/").json()
    assert (body["id"], body["month_index"], body["state"], body["is_editable"]) == (november.pk, 2, "draft", True)
    assert body["calendar_month"] == {"year_be": 2569, "month": 11, "label": "พ.ย."}
    assert (body["key_results"], body["problems"]) == ("ตรวจตลาด ๕ แห่ง", "ฝนตก")
    assert (body["disbursed"], body["cumulative_disbursed"], body["allocated_total"]) == (
        "5000.50",
        "17000.50",
        "100000.00",
    )
    assert body["revision"] == MonthlyReport.objects.get(pk=november.pk).revision
    assert [s["number"] for s in body["strategies"]] == [1, 2, 3, 4, 5]

    [topic] = body["strategies"][2]["topics"]
    assert topic["number"] == 5  # as the template prints it (issue 14)
    intelligence, inspections = topic["rows"]
    assert (intelligence["month_target"], intelligence["cumulative_target"], intelligence["annual_target"]) == (0, 1, 1)
    assert (intelligence["result"], intelligence["cumulative_result"], intelligence["percent_of_year"]) == (0, 1, 100.0)
    assert intelligence["is_leaf"] is True
    assert (inspections["title"], inspections["number"], inspections["is_leaf"]) == (INSPECTIONS, "2)", False)
    assert inspections["key"] == str(row(reporting_plan, INSPECTIONS).key)
    assert (inspections["month_target"], inspections["cumulative_target"], inspections["annual_target"]) == (6, 6, 60)
    assert (inspections["result"], inspections["cumulative_result"], inspections["percent_of_year"]) == (5, 5, 8.33)
    market, flea, hawkers = inspections["sub_rows"]
    assert (market["result"], market["remark"], market["revision"], market["number"]) == (2, "ร่วมกับ ตม.", 1, "-")
    assert (flea["result"], flea["over_three_times"], flea["sub_rows"]) == (3, False, [])
    assert (hawkers["result"], hawkers["revision"]) == (0, 0)

    assert [(m["held_on"], m["title"]) for m in body["meetings"]] == [("2026-11-15", "ติดตามแผน")]
    [attached] = body["evidence"]
    assert (attached["caption"], attached["name"]) == ("ภาพการตรวจ", "photo.png")
    assert attached["url"] == f"/api/evidence/{attached['id']}/file"
    assert body["review_comment"] == ""


def test_reading_a_report_costs_the_same_queries_whatever_it_holds(
    november, reporting_plan, cm_editor, django_assert_num_queries
):
    client = signed_in(cm_editor)
    # session, user, report with plan, province and fiscal year; the approved version, strategies,
    # topics, items, their agencies, this month's results, results since October; the month's
    # meetings, their agencies; evidence with who uploaded it; disbursed since October; allocated
    with django_assert_num_queries(15):
        before = client.get(f"/api/reports/{november.pk}/").json()
    for title in (MARKET, "ตลาดนัด", "หาบเร่แผงลอย"):
        services.save_result(report=november, item=row(reporting_plan, title), revision=0, result=1, by=cm_editor)
    for caption in ("ภาพ ๑", "ภาพ ๒"):
        services.add_evidence(report=november, file=png(), caption=caption, by=cm_editor)
    plan_services.add_meeting(
        plan=reporting_plan, held_on=datetime.date(2026, 11, 20), kind="tracking", title="อีกครั้ง", by=cm_editor
    )
    with django_assert_num_queries(15):
        after = client.get(f"/api/reports/{november.pk}/").json()
    assert (len(before["evidence"]), len(after["evidence"])) == (0, 2)
    assert len(after["meetings"]) == len(before["meetings"]) + 1


def test_an_unknown_report_or_row_is_not_found(november, cm_editor):
    client = signed_in(cm_editor)
    assert_error(client.get("/api/reports/999999/"), 404, "not_found")
    unknown_row = f"/api/reports/{november.pk}/results/00000000-0000-0000-0000-000000000000/"
    assert_error(client.put(unknown_row, {"revision": 0, "result": 1}, format="json"), 404, "not_found")


# Results ---------------------------------------------------------------------------------------


def result_url(report, plan, title):
    return f"/api/reports/{report.pk}/results/{row(plan, title).key}/"


def test_an_editor_types_results_in_thai_digits(november, reporting_plan, cm_editor):
    client = signed_in(cm_editor)
    url = result_url(november, reporting_plan, MARKET)
    response = client.put(url, {"revision": "๐", "result": "๒", "remark": " ตรวจร่วม "}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["result"], body["remark"], body["revision"]) == (2, "ตรวจร่วม", 1)
    assert body["item_key"] == str(row(reporting_plan, MARKET).key)
    assert MonthlyReport.objects.get(pk=november.pk).revision == november.revision  # a row has its own

    dash = client.put(url, {"revision": 1, "result": "-"}, format="json")  # "-" is zero, as on the forms
    assert dash.status_code == 200, dash.content
    assert (dash.json()["result"], dash.json()["revision"]) == (0, 2)
    saved = ReportResult.objects.get(report=november)
    assert (saved.result, saved.remark, saved.revision) == (0, "", 2)

    not_a_number = client.put(url, {"revision": 2, "result": "สอง"}, format="json")
    assert list(assert_error(not_a_number, 400, "invalid")["errors"]) == ["result"]
    negative = client.put(url, {"revision": 2, "result": "-1"}, format="json")
    assert list(assert_error(negative, 400, "rule")["errors"]) == ["result"]
    on_the_activity = client.put(
        result_url(november, reporting_plan, INSPECTIONS), {"revision": 0, "result": 1}, format="json"
    )
    assert_error(on_the_activity, 400, "rule")  # typed on its sub-items
    assert ReportResult.objects.get(report=november).revision == 2


def test_the_second_of_two_editors_gets_a_conflict_and_the_first_value_stays(
    november, reporting_plan, cm_editor, cm_approver
):
    wilai, somchai = signed_in(cm_editor), signed_in(cm_approver)
    url = result_url(november, reporting_plan, MARKET)

    def read_revision(client):
        rows = client.get(f"/api/reports/{november.pk}/").json()["strategies"][2]["topics"][0]["rows"]
        return rows[1]["sub_rows"][0]["revision"]

    assert read_revision(wilai) == read_revision(somchai) == 0
    assert wilai.put(url, {"revision": 0, "result": 2}, format="json").status_code == 200
    second = somchai.put(url, {"revision": 0, "result": 5, "remark": "ของสมชาย"}, format="json")
    body = assert_error(second, 409, "conflict")
    assert (body["current"]["result"], body["current"]["revision"], body["current"]["remark"]) == (2, 1, "")
    saved = ReportResult.objects.get(report=november)
    assert (saved.result, saved.remark, saved.revision) == (2, "", 1)
    assert somchai.put(url, {"revision": 1, "result": 3}, format="json").status_code == 200


def test_a_result_over_three_times_the_target_needs_confirmation_and_a_remark(november, reporting_plan, cm_editor):
    client = signed_in(cm_editor)
    url = result_url(november, reporting_plan, MARKET)  # November target 2
    body = assert_error(client.put(url, {"revision": 0, "result": "๗"}, format="json"), 400, "confirm_required")
    assert list(body["errors"]) == ["result"]
    without_remark = client.put(url, {"revision": 0, "result": 7, "confirmed": True}, format="json")
    assert_error(without_remark, 400, "confirm_required")
    # Kept on the server as pending, for any device; it counts nowhere until confirmed.
    waiting = ReportResult.objects.get(report=november)
    assert (waiting.result, waiting.revision, waiting.pending_result) == (0, 0, 7)

    confirmed = client.put(
        url, {"revision": 0, "result": 7, "confirmed": True, "remark": "ตรวจเพิ่มช่วงเทศกาล"}, format="json"
    )
    assert confirmed.status_code == 200, confirmed.content
    assert ReportResult.objects.get(report=november).result == 7
    market = client.get(f"/api/reports/{november.pk}/").json()["strategies"][2]["topics"][0]["rows"][1]["sub_rows"][0]
    assert (market["result"], market["over_three_times"], market["remark"]) == (7, True, "ตรวจเพิ่มช่วงเทศกาล")


# Money and narratives -------------------------------------------------------------------------


def test_the_disbursement_is_typed_in_thai_digits_with_separators(november, cm_editor):
    response = signed_in(cm_editor).patch(
        f"/api/reports/{november.pk}/",
        {"revision": november.revision, "disbursed": "๑๒,๕๐๐.๕๐", "key_results": "ตรวจ ๖ แห่ง"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["disbursed"], response.json()["key_results"]) == ("12500.50", "ตรวจ ๖ แห่ง")
    assert response.json()["revision"] == november.revision + 1
    november.refresh_from_db()
    assert (november.disbursed, november.key_results, november.problems) == (Decimal("12500.50"), "ตรวจ ๖ แห่ง", "")


def test_a_disbursement_above_the_allocation_is_refused_with_both_amounts(reporting_plan, november, cm_editor):
    client = signed_in(cm_editor)
    october = month(reporting_plan, 1, cm_editor)
    response = client.patch(f"/api/reports/{october.pk}/", {"revision": 1, "disbursed": "๖๐,๐๐๐"}, format="json")
    assert response.status_code == 200, response.content

    over = client.patch(
        f"/api/reports/{november.pk}/",
        {"revision": november.revision, "disbursed": "40,000.01", "problems": "ค่าเดินทางเพิ่ม"},
        format="json",
    )
    body = assert_error(over, 400, "rule")
    assert "100,000.01" in body["message"] and "100,000.00" in body["message"]
    assert list(body["errors"]) == ["disbursed"]
    saved = MonthlyReport.objects.get(pk=november.pk)
    assert (saved.disbursed, saved.problems, saved.revision) == (0, "", november.revision)

    exact = client.patch(f"/api/reports/{november.pk}/", {"revision": november.revision, "disbursed": "40000"})
    assert exact.json()["cumulative_disbursed"] == "100000.00"


def test_a_stale_report_revision_is_a_conflict_and_nothing_is_saved(november, reporting_plan, cm_editor, cm_approver):
    read = signed_in(cm_approver).get(f"/api/reports/{november.pk}/").json()["revision"]
    signed_in(cm_editor).patch(f"/api/reports/{november.pk}/", {"revision": read, "problems": "ของวิไล"}, format="json")
    late = signed_in(cm_approver).patch(
        f"/api/reports/{november.pk}/", {"revision": read, "problems": "ของสมชาย", "disbursed": "1"}, format="json"
    )
    body = assert_error(late, 409, "conflict")
    assert body["current"] == {
        "revision": read + 1,
        "state": "draft",
        "disbursed": "0.00",
        "key_results": "",
        "problems": "ของวิไล",
    }
    saved = MonthlyReport.objects.get(pk=november.pk)
    assert (saved.problems, saved.disbursed) == ("ของวิไล", 0)
    nothing = signed_in(cm_editor).patch(f"/api/reports/{november.pk}/", {"revision": read + 1}, format="json")
    assert list(assert_error(nothing, 400, "invalid")["errors"]) == ["non_field_errors"]


# Life cycle -----------------------------------------------------------------------------------


def test_submit_return_resubmit_accept_reopen_each_by_its_role(
    november, cm_editor, cm_approver, central_admin, central_viewer
):
    wilai, somchai = signed_in(cm_editor), signed_in(cm_approver)
    anong, preecha = signed_in(central_admin), signed_in(central_viewer)
    url = f"/api/reports/{november.pk}/"

    def state():
        return MonthlyReport.objects.get(pk=november.pk).state

    assert_error(wilai.post(url + "submit/"), 403, "forbidden")
    assert state() == ReportState.DRAFT
    submitted = somchai.post(url + "submit/")
    assert submitted.status_code == 200, submitted.content
    assert (submitted.json()["state"], submitted.json()["timeliness"]) == ("submitted", "on_time")
    first_submitted_at = submitted.json()["first_submitted_at"]
    locked = wilai.patch(url, {"revision": submitted.json()["revision"], "problems": "x"}, format="json")
    assert_error(locked, 400, "rule")
    assert_error(somchai.post(url + "submit/"), 400, "rule")  # already with the centre

    for refused in (preecha, somchai):
        assert_error(refused.post(url + "return/", {"comment": "แก้ไข"}, format="json"), 403, "forbidden")
        assert_error(refused.post(url + "accept/", {}, format="json"), 403, "forbidden")
    assert state() == ReportState.SUBMITTED
    blank = anong.post(url + "return/", {"comment": " "}, format="json")
    assert list(assert_error(blank, 400, "rule")["errors"]) == ["comment"]
    returned = anong.post(url + "return/", {"comment": "กรุณาแนบภาพกิจกรรม"}, format="json")
    assert returned.status_code == 200, returned.content
    assert (returned.json()["state"], returned.json()["review_comment"]) == ("returned", "กรุณาแนบภาพกิจกรรม")
    assert wilai.get(url).json()["review_comment"] == "กรุณาแนบภาพกิจกรรม"

    assert wilai.post(url + "evidence/", {"file": png()}, format="multipart").status_code == 201
    with time_machine.travel(datetime.datetime(2026, 12, 8, 9, 0, tzinfo=BANGKOK), tick=False):
        again = somchai.post(url + "submit/")
    assert (again.json()["state"], again.json()["first_submitted_at"]) == ("submitted", first_submitted_at)
    assert again.json()["timeliness"] == "on_time"  # judged by the first submission

    accepted = anong.post(url + "accept/", {"comment": "ครบถ้วน"}, format="json")
    assert (accepted.json()["state"], accepted.json()["is_editable"]) == ("accepted", False)
    assert_error(somchai.post(url + "reopen/", {"reason": "แก้ยอด"}, format="json"), 403, "forbidden")
    assert_error(preecha.post(url + "reopen/", {"reason": "แก้ยอด"}, format="json"), 403, "forbidden")
    assert list(assert_error(anong.post(url + "reopen/", {"reason": ""}, format="json"), 400, "rule")["errors"]) == [
        "reason"
    ]
    reopened = anong.post(url + "reopen/", {"reason": "แก้ยอดเบิกจ่าย"}, format="json")
    assert (reopened.json()["state"], reopened.json()["review_comment"]) == ("returned", "แก้ยอดเบิกจ่าย")
    assert state() == ReportState.RETURNED


# Evidence --------------------------------------------------------------------------------------


def test_evidence_is_accepted_as_pdf_or_png_and_served_by_its_content(november, cm_editor, central_viewer):
    client = signed_in(cm_editor)
    url = f"/api/reports/{november.pk}/evidence/"
    response = client.post(url, {"file": pdf("minutes.pdf"), "caption": "บันทึกการประชุม"}, format="multipart")
    assert response.status_code == 201, response.content
    assert (response.json()["name"], response.json()["caption"]) == ("minutes.pdf", "บันทึกการประชุม")
    assert response.json()["uploaded_by"] == "วิไล"
    picture = client.post(url, {"file": png("inspection.html")}, format="multipart")  # named wrongly
    assert picture.status_code == 201, picture.content
    assert picture.json()["name"] == "inspection.png"  # stored under what it really is
    assert [e.caption for e in ReportEvidence.objects.filter(report=november)] == ["บันทึกการประชุม", ""]

    served = signed_in(central_viewer).get(picture.json()["url"], HTTP_ACCEPT="image/png")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG_BYTES
    document = client.get(response.json()["url"])
    assert document["Content-Type"] == "application/pdf"
    assert b"".join(document.streaming_content) == PDF_BYTES

    assert client.delete(f"/api/evidence/{picture.json()['id']}/").status_code == 204
    assert [e.caption for e in ReportEvidence.objects.filter(report=november)] == ["บันทึกการประชุม"]


def test_a_disguised_file_is_refused_and_nothing_is_attached(november, cm_editor):
    response = signed_in(cm_editor).post(
        f"/api/reports/{november.pk}/evidence/", {"file": disguised(), "caption": "ภาพ"}, format="multipart"
    )
    body = assert_error(response, 400, "invalid")
    assert list(body["errors"]) == ["file"]
    assert not ReportEvidence.objects.exists()


def test_evidence_is_attached_and_removed_only_while_the_report_is_editable(november, cm_editor, cm_approver):
    client = signed_in(cm_editor)
    attached = services.add_evidence(report=november, file=pdf(), caption="ก่อนส่ง", by=cm_editor)
    services.submit_report(report=november, by=cm_approver)
    refused = client.post(f"/api/reports/{november.pk}/evidence/", {"file": png()}, format="multipart")
    assert_error(refused, 400, "rule")
    assert_error(client.delete(f"/api/evidence/{attached.pk}/"), 400, "rule")
    assert list(ReportEvidence.objects.values_list("caption", flat=True)) == ["ก่อนส่ง"]


# Who may do what -----------------------------------------------------------------------------

READS = ["/api/reports/{report}/", "/api/evidence/{evidence}/file"]

# Each write as its rightful user would send it, on a report in the state the write needs, so that
# only the permission can stop it.
WRITES = {
    "open": ("cm_editor", "draft", "post", "/api/plans/{plan}/reports/", lambda: {"month_index": 1}),
    "result": (
        "cm_editor",
        "draft",
        "put",
        "/api/reports/{report}/results/{key}/",
        lambda: {"revision": 0, "result": 1},
    ),
    "change": ("cm_editor", "draft", "patch", "/api/reports/{report}/", lambda: {"revision": 1, "problems": "ใหม่"}),
    "attach": ("cm_editor", "draft", "post", "/api/reports/{report}/evidence/", lambda: {"file": pdf()}),
    "detach": ("cm_editor", "draft", "delete", "/api/evidence/{evidence}/", None),
    "submit": ("cm_approver", "draft", "post", "/api/reports/{report}/submit/", None),
    "accept": ("central_admin", "submitted", "post", "/api/reports/{report}/accept/", lambda: {"comment": "ดี"}),
    "return": ("central_admin", "submitted", "post", "/api/reports/{report}/return/", lambda: {"comment": "แก้"}),
    "reopen": ("central_admin", "accepted", "post", "/api/reports/{report}/reopen/", lambda: {"reason": "แก้"}),
}


@pytest.fixture
def targets(november, reporting_plan, cm_editor, cm_approver, central_admin):
    """November with a piece of evidence; `targets(state)` brings it to the state a write needs."""
    attached = services.add_evidence(report=november, file=pdf(), caption="ภาพ", by=cm_editor)
    ids = {"plan": reporting_plan.pk, "report": november.pk, "key": row(reporting_plan, MARKET).key}
    ids["evidence"] = attached.pk

    def bring_to(state):
        report = MonthlyReport.objects.get(pk=november.pk)
        if state in {"submitted", "accepted"}:
            report = services.submit_report(report=report, by=cm_approver)
        if state == "accepted":
            services.accept_report(report=report, by=central_admin)
        return ids

    return bring_to


def send(client, write, ids):
    _, _, method, url, payload = WRITES[write]
    data = payload() if payload else None
    fmt = "multipart" if data and "file" in data else "json"
    return getattr(client, method)(url.format(**ids), data, format=fmt)


@pytest.mark.parametrize("write", list(WRITES))
def test_each_write_works_for_its_rightful_user(targets, reporting_plan, write, request):
    """The control for the refusals below: the same requests succeed for Chiang Mai and the centre."""
    user, state, *_ = WRITES[write]
    ids = targets(state)
    before = snapshot(reporting_plan)
    response = send(signed_in(request.getfixturevalue(user)), write, ids)
    assert response.status_code in (200, 201, 204), response.content
    assert snapshot(reporting_plan) != before


def test_another_province_sees_nothing_of_the_reports(targets, sk_editor):
    client = signed_in(sk_editor)
    ids = targets("draft")
    for url in READS:
        assert_error(client.get(url.format(**ids)), 404, "not_found")
    assert client.get("/api/reports/", {"province": "50"}).json()["count"] == 0


@pytest.mark.parametrize("write", list(WRITES))
def test_another_province_cannot_write_and_learns_nothing(targets, reporting_plan, sk_editor, write):
    ids = targets(WRITES[write][1])
    before = snapshot(reporting_plan)
    assert_error(send(signed_in(sk_editor), write, ids), 404, "not_found")
    assert snapshot(reporting_plan) == before


@pytest.mark.parametrize("write", list(WRITES))
def test_the_central_viewer_reads_but_cannot_write(targets, reporting_plan, central_viewer, write):
    client = signed_in(central_viewer)
    ids = targets(WRITES[write][1])
    for url in READS:
        assert client.get(url.format(**ids)).status_code == 200
    before = snapshot(reporting_plan)
    assert_error(send(client, write, ids), 403, "forbidden")
    assert snapshot(reporting_plan) == before


def test_anonymous_requests_are_refused(targets, reporting_plan):
    client = APIClient()
    ids = targets("draft")
    before = snapshot(reporting_plan)
    responses = [client.get("/api/reports/"), *(client.get(url.format(**ids)) for url in READS)]
    responses += [send(client, write, ids) for write in ("open", "result", "change", "attach", "submit")]
    for response in responses:
        assert response.status_code in (401, 403)
        assert response.json()["code"] == "not_authenticated"
    assert snapshot(reporting_plan) == before
