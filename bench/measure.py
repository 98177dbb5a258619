"""Measure the key pages in-process: server time (median, 95th percentile), queries, bytes.

The pages are requested through Django's test client, so the time is the server's own work
(middleware, views, templates, queries) without a network in between.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass

from bench.generate import AS_OF, CURRENT_FISCAL_YEAR

# The pages that show the whole country (their time may grow with the number of provinces).
NATIONAL_PAGES = {
    "national dashboard",
    "national dashboard, first view after a change",
    "reporting heatmap",
    "round evaluation view",
    "evaluation export (.xlsx)",
    "national export (.xlsx)",
    "open data page",
    "open data page, cold",
    "open API",
    "open API, cold",
    "data-quality checks of the fiscal year",
}


@dataclass
class Measurement:
    page: str
    url: str
    status: int
    median_ms: float
    p95_ms: float
    queries: int
    bytes: int

    def as_dict(self) -> dict:
        return asdict(self)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measured_plan_and_report():
    """The plan and the latest monthly report whose pages are measured: the first regional
    province's, of the current fiscal year (the server-side and the browser measures alike)."""
    from labourplan.plans.models import Plan
    from labourplan.reports.models import MonthlyReport

    plan = (
        Plan.objects.filter(fiscal_year__year_be=CURRENT_FISCAL_YEAR, province__in_regional_administration=True)
        .select_related("province")
        .order_by("province__code")
        .first()
    )
    return plan, MonthlyReport.objects.filter(plan=plan).order_by("-month_index").first()


def pages() -> list[tuple[str, str | None, str]]:
    """(page, who asks — None for the anonymous public —, URL) for the key pages, on the current
    fiscal year's data."""
    from django.urls import reverse

    from labourplan.plans.models import Plan

    plan, report = measured_plan_and_report()
    code = plan.province.code
    editor = f"bench.{code}.editor"
    year = f"?fy={CURRENT_FISCAL_YEAR}"
    pages = [
        ("national dashboard", "bench.centre", reverse("national_dashboard") + year),
        # The same page right after a change to one province's data (a meeting recorded), when its
        # figures must be computed again.
        ("national dashboard, first view after a change", "bench.centre", reverse("national_dashboard") + year),
        ("reporting heatmap", "bench.centre", reverse("report_completeness") + f"?fy={CURRENT_FISCAL_YEAR}"),
        ("province home", editor, reverse("province_home", args=[code])),
        ("plan grid", editor, reverse("plan_detail", args=[plan.pk])),
        ("monthly report form", editor, reverse("report_detail", args=[report.pk])),
        ("round evaluation view", "bench.centre", reverse("evaluation:round", args=[CURRENT_FISCAL_YEAR, 1])),
        ("evaluation export (.xlsx)", "bench.centre", reverse("evaluation:export", args=[CURRENT_FISCAL_YEAR, 1])),
        ("national export (.xlsx)", "bench.centre", reverse("national_export", args=["xlsx"]) + year),
        # The public's (no sign-in): each once served from the cache, and cold (the cache emptied).
        ("open data page", None, reverse("open_page") + year),
        ("open data page, cold", None, reverse("open_page") + year),
        ("open API", None, reverse("api_open_dataset", args=["province-months"]) + year),
        ("open API, cold", None, reverse("api_open_dataset", args=["province-months"]) + year),
    ]
    last_year = Plan.objects.filter(province=plan.province, fiscal_year__year_be=CURRENT_FISCAL_YEAR - 1).first()
    if last_year is not None:  # Form 3 sums up a closed year: the data set needs two years or more
        pages.append(("Form 3 PDF", editor, reverse("annual_document", args=[_form3(last_year).pk, "pdf"])))
    return pages


def _form3(plan):
    """Last year's Form 3 of the province, prefilled from its data the first time it is asked for."""
    from labourplan.accounts.models import User
    from labourplan.annual.models import AnnualReport
    from labourplan.annual.services import open_annual_report

    existing = AnnualReport.objects.filter(plan=plan).first()
    return existing or open_annual_report(plan=plan, by=User.objects.get(username=f"bench.{plan.province.code}.editor"))


def _change_one_province() -> None:
    """A tracking meeting recorded by a province's officer, through the service."""
    from labourplan.accounts.models import User
    from labourplan.plans.models import MeetingKind, Plan
    from labourplan.plans.services import add_meeting

    plan = (
        Plan.objects.filter(fiscal_year__year_be=CURRENT_FISCAL_YEAR, province__in_regional_administration=True)
        .select_related("province")
        .order_by("-province__code")
        .first()
    )
    officer = User.objects.get(username=f"bench.{plan.province.code}.editor")
    add_meeting(plan=plan, held_on=AS_OF, kind=MeetingKind.TRACKING, title="ประชุมติดตาม", by=officer)


class NotAnswered(SystemExit):
    """A measured page answered something else than 200 (a redirect to the sign-in or the second
    factor, a refusal, an error): its time would be a redirect's, so the run stops."""


def check_answer(page: str, url: str, username: str | None, response) -> None:
    if response.status_code != 200:
        where = f" → {response['Location']}" if response.has_header("Location") else ""
        raise NotAnswered(
            f"The bench stops: '{page}' ({url}, asked by {username or 'the anonymous public'}) answered "
            f"{response.status_code}{where} instead of 200; a time measured on it would not be the page's."
        )


def authenticator(user):
    """The user's authenticator app (a confirmed TOTP device, set up once by the bench), ready to
    accept the code it shows now: the bench signs in again at the same (travelled) moment each run,
    and a code already used, or a throttle after a wrong one, would be refused."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    device.last_t = -1
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save(update_fields=["last_t", "throttling_failure_count", "throttling_failure_timestamp"])
    if not user.two_factor_enabled:
        user.two_factor_enabled = True
        user.save(update_fields=["two_factor_enabled"])
    return device


def totp_code(device) -> str:
    """What the authenticator app shows now (RFC 6238, as the server checks it)."""
    from django_otp.oath import TOTP

    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def sign_in(client, username: str) -> None:
    """Sign `username` in as the person ends up signed in: the password step (force_login), then,
    for whoever owes a second factor (central users, by TWO_FACTOR_REQUIRED), the code of their
    authenticator app typed on the second-factor page, which verifies the session (django_otp.login)."""
    from django.urls import reverse

    from labourplan.accounts import two_factor
    from labourplan.accounts.models import User

    user = User.objects.get(username=username)
    client.force_login(user)
    if not two_factor.needs_second_factor(user):
        return
    code = totp_code(authenticator(user))
    response = client.post(reverse("two_factor_verify"), {"code": code, "next": "/"})
    if response.status_code != 302 or response["Location"] != "/":
        raise NotAnswered(f"The bench stops: {username}'s second factor was refused ({response.status_code}).")


CHECKS_PAGE = "data-quality checks of the fiscal year"


def measure_checks(*, repeat: int) -> Measurement:
    """Every data-quality rule and outlier method run on the current fiscal year's reports of every
    province (`quality.services.run_checks`, as the centre's button or `check_quality` runs them),
    timed like a page: one warm-up, which records what the checks find, then `repeat` runs, each
    undone after. No HTTP: the bytes are those of the number of findings."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from labourplan.quality.services import run_checks
    from labourplan.reference.models import FiscalYear

    fiscal_year = FiscalYear.objects.get(year_be=CURRENT_FISCAL_YEAR)
    found = run_checks(fiscal_year=fiscal_year)
    timings = []
    for _ in range(repeat):
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                found = run_checks(fiscal_year=fiscal_year)
                timings.append((time.perf_counter() - start) * 1000)
            transaction.set_rollback(True)
    return Measurement(
        page=CHECKS_PAGE,
        url="run_checks(fiscal_year)",
        status=200,
        median_ms=round(statistics.median(timings), 1),
        p95_ms=round(_percentile(timings, 0.95), 1),
        queries=len(queries),
        bytes=len(str(found).encode()),
    )


def measure(*, repeat: int = 20, only: set[str] | None = None) -> list[Measurement]:
    import datetime

    import time_machine
    from django.core.cache import cache
    from django.db import connection, reset_queries, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.floor import FLOOR_PAGE, measure_floor
    from labourplan.lib.fiscal import BANGKOK

    results = []
    moment = datetime.datetime.combine(AS_OF, datetime.time(10), tzinfo=BANGKOK)
    # The clock stands still at the benchmark's moment (the timings use perf_counter, which it
    # does not touch): a request late in a long run would otherwise also write the session's last
    # use (once a minute, labourplan.accounts.sessions.SEEN_EVERY) and count those queries as the
    # page's own, so that a slow data set seemed to need more queries.
    with time_machine.travel(moment, tick=False):
        clients: dict[str, Client] = {}
        for page, username, url in pages():
            if only and page not in only:
                continue
            if username not in clients:
                clients[username] = Client()
                if username is not None:
                    sign_in(clients[username], username)
            client = clients[username]
            response = client.get(url)  # warm up: templates, translations, connection
            check_answer(page, url, username, response)
            timings = []
            for _ in range(repeat):
                with transaction.atomic():  # a change, if any, is undone after the request
                    if "after a change" in page:
                        _change_one_province()
                    if page.endswith(", cold"):
                        cache.clear()
                    reset_queries()
                    with CaptureQueriesContext(connection) as queries:
                        start = time.perf_counter()
                        response = client.get(url)
                        body = b"".join(response) if response.streaming else response.content
                        timings.append((time.perf_counter() - start) * 1000)
                    transaction.set_rollback(True)
                check_answer(page, url, username, response)
            results.append(
                Measurement(
                    page=page,
                    url=url,
                    status=response.status_code,
                    median_ms=round(statistics.median(timings), 1),
                    p95_ms=round(_percentile(timings, 0.95), 1),
                    queries=len(queries),
                    bytes=len(body),
                )
            )
        if not only or FLOOR_PAGE in only:
            results.append(measure_floor(repeat=repeat))
        if not only or CHECKS_PAGE in only:
            results.append(measure_checks(repeat=repeat))
    return results
