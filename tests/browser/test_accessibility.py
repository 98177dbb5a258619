"""axe-core on the seven key pages, at a desktop's and a phone's width: no violation.

axe (tests/browser/vendor/axe.min.js, from its npm package) is injected into each page after it
has loaded, with every fold opened so that what they hide is checked too. Its default rules run:
WCAG 2.x A and AA, and its best practices.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from labourplan.dashboard import links
from labourplan.reports.models import MonthlyReport
from tests.browser.conftest import sign_in
from tests.browser.test_dashboard import nation  # noqa: F401 (a fixture: Chiang Mai reporting, four provinces too)
from tests.conftest import PASSWORD

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
WIDTHS = [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]


def violations(page) -> list[str]:
    """axe's violations on the page as shown, one line each: rule, impact, where, what."""
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    page.wait_for_load_state("networkidle")  # a fold that fetches its content (the heatmap)
    page.add_script_tag(content=AXE)
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}) at {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}"
        for v in found
        for node in v["nodes"]
    ]


class Audit:
    """Open each page at both widths and gather axe's findings, named by page and width. The
    context bypasses the Content-Security-Policy only to let the test inject axe."""

    def __init__(self, browser, base_url):
        self.browser, self.base_url, self.found = browser, base_url, []

    def __call__(self, name: str, path: str, username: str | None = None) -> None:
        browser, found = self.browser, self.found
        for viewport in WIDTHS:
            context = browser.new_context(base_url=self.base_url, locale="th-TH", viewport=viewport, bypass_csp=True)
            context.set_default_timeout(15_000)
            page = context.new_page()
            if username:
                sign_in(page, username, PASSWORD)
            page.goto(path)
            page.wait_for_load_state("networkidle")
            found.extend(f"{name} at {viewport['width']} px: {line}" for line in violations(page))
            context.close()


@pytest.fixture
def audit(browser, live_server):
    return Audit(browser, live_server.url)


def test_the_key_pages_have_no_accessibility_violation(audit, nation, cm_editor, cm_approver, central_viewer):  # noqa: F811
    plan = nation
    report = MonthlyReport.objects.filter(plan=plan).order_by("month_index").first()
    audit("sign-in", "/accounts/login/")
    audit("province home", reverse("province_home", args=["50"]), "wilai")
    audit("plan grid", reverse("plan_detail", args=[plan.pk]), "wilai")
    audit("report form", reverse("report_detail", args=[report.pk]), "wilai")
    audit("national dashboard", reverse("national_dashboard"), "preecha")
    audit("round evaluation", links.evaluation_url("round", year=2570, number=1), "preecha")
    audit("review queue", reverse("report_review_queue"), "preecha")
    assert not audit.found, "\n".join(audit.found)
