"""The pages work under the Content-Security-Policy: no inline script or style is refused, the
API's Swagger UI included. And an officer creates an API token in the browser and uses it."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD


def refusals(page) -> list[str]:
    seen = []
    page.on("console", lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None)
    return seen


def test_the_api_docs_render_under_the_policy(page, central_admin, screenshot):
    refused = refusals(page)
    sign_in(page, "anong", PASSWORD)
    page.goto("/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.get_by_text("/api/plans/", exact=True).first).to_be_visible()
    screenshot("api-docs")
    assert not refused


def test_the_centre_s_pages_raise_no_policy_refusal(page, central_admin, cm_plan, screenshot):
    refused = refusals(page)
    sign_in(page, "anong", PASSWORD)
    pages = ["/", "/national/", "/plans/", f"/plans/{cm_plan.pk}/", "/reports/completeness/", "/annual/"]
    for path in [*pages, "/partners/", "/partners/50/", "/audit/", "/admin/"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    screenshot("admin-index-under-csp")
    page.goto("/evaluation/2562/rounds/1/")
    widths = page.locator(".progress-bar[data-width]").evaluate_all(
        "bars => bars.map(b => [b.dataset.width, b.getBoundingClientRect().width])"
    )
    assert widths and all((float(share) > 0) == (shown > 0) for share, shown in widths)  # drawn without style=
    screenshot("evaluation-round-under-csp")
    page.goto("/audit/")
    expect(page.get_by_role("heading", name="บันทึกการใช้งาน")).to_be_visible()
    screenshot("audit-trail")
    assert not refused


def test_an_officer_creates_a_token_and_a_program_reads_with_it(page, cm_editor, cm_plan, screenshot):
    refused = refusals(page)
    sign_in(page, "wilai", PASSWORD)
    page.goto("/accounts/profile/")
    page.get_by_label("ชื่อโทเคนใหม่").fill("สคริปต์ของสำนักงาน")
    page.get_by_role("button", name="สร้างโทเคน").click()
    key = page.get_by_test_id("new-token").locator("code").inner_text().strip()
    assert re.fullmatch(r"lp_[\w-]{40,}", key)
    screenshot("profile-new-token")

    program = page.context.request
    response = program.get("/api/plans/", headers={"Authorization": f"Token {key}", "Cookie": ""})
    assert response.status == 200
    assert [p["province"]["code"] for p in response.json()["results"]] == ["50"]

    page.get_by_role("button", name="ยกเลิก").click()
    expect(page.get_by_text("ยกเลิกแล้ว", exact=False).first).to_be_visible()
    assert not refused
