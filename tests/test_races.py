"""Races: a check that reads other rows holds the lock that keeps them true.

Chiang Mai has 100,000 baht allocated. Wilai saves October's disbursement while Somchai saves
November's, at the same moment, through the API: each request in its own thread, with its own
database connection, lined up by a barrier. The allocation check reads the other months' sums;
without the plan's lock both requests read the other month as 0 and both pass.

Real concurrency needs PostgreSQL (SQLite lets one writer in at a time): these tests run in the
PostgreSQL half of CI (.ci/run runs `make test` again with DATABASE_URL set) and are reported as
skipped, with that reason, on SQLite.
"""

import datetime
import threading
import time
from decimal import Decimal
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.db.models import Sum
from rest_framework.test import APIClient

from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import Allocation
from labourplan.reports import services
from labourplan.reports.models import MonthlyReport

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: runs in the PostgreSQL half of CI (DATABASE_URL=postgres://…)",
)

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]

NOW = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=BANGKOK)
WINDOW = 0.3  # seconds between reading the other months and saving: what a busy server takes


@pytest.fixture(autouse=True)
def reference_data(committed_reference_data):
    """Committed data for the threads."""


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def slow_check():
    """Widen the window between the check's read and the save, as a loaded server does."""
    real = services.disbursed_elsewhere

    def slow(report):
        total = real(report)
        time.sleep(WINDOW)
        return total

    with mock.patch.object(services, "disbursed_elsewhere", slow):
        yield


def at_once(*requests):
    """Run each request in its own thread (its own connection), released together."""
    barrier = threading.Barrier(len(requests))
    answers = [None] * len(requests)

    def run(index, request):
        try:
            barrier.wait(timeout=10)
            answers[index] = request()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a request never finished (a deadlock?)"
    return answers


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def disbursed(plan) -> Decimal:
    return MonthlyReport.objects.filter(plan=plan).aggregate(s=Sum("disbursed"))["s"] or Decimal("0")


def allocated(plan) -> Decimal:
    return Allocation.objects.filter(plan=plan).aggregate(s=Sum("amount"))["s"] or Decimal("0")


def patcher(user, report, amount):
    client = signed_in(user)
    return lambda: client.patch(
        f"/api/reports/{report.pk}/", {"revision": report.revision, "disbursed": amount}, format="json"
    )


@pytest.mark.parametrize("amounts", [("60000", "60000"), ("100000", "0.01"), ("๕๐,๐๐๐.๐๑", "50000")])
def test_two_months_saved_at_once_never_disburse_more_than_the_allocation(
    reporting_plan, cm_editor, cm_approver, slow_check, amounts
):
    october = services.open_report(plan=reporting_plan, month_index=1, by=cm_editor)
    november = services.open_report(plan=reporting_plan, month_index=2, by=cm_editor)

    answers = at_once(patcher(cm_editor, october, amounts[0]), patcher(cm_approver, november, amounts[1]))

    assert sorted(a.status_code for a in answers) == [200, 400], [a.content for a in answers]
    refused = next(a for a in answers if a.status_code == 400).json()
    assert refused["code"] == "rule" and list(refused["errors"]) == ["disbursed"]
    assert "100,000.00" in refused["message"]
    assert disbursed(reporting_plan) <= allocated(reporting_plan) == Decimal("100000")


def test_an_allocation_removed_while_a_month_is_disbursed_never_leaves_the_months_above_it(
    reporting_plan, cm_editor, cm_approver, slow_check
):
    """The second 50,000 was recorded by mistake: Wilai removes it while Somchai disburses
    120,000 that it would cover. Whichever goes first, the other sees it."""
    from labourplan.plans.services import add_allocation

    mistake = add_allocation(
        plan=reporting_plan, amount=Decimal("50000"), received_on=datetime.date(2026, 11, 1), by=cm_editor
    )
    november = services.open_report(plan=reporting_plan, month_index=2, by=cm_editor)
    remover = signed_in(cm_editor)

    answers = at_once(
        patcher(cm_approver, november, "120000"), lambda: remover.delete(f"/api/allocations/{mistake.pk}/")
    )

    assert sorted(a.status_code for a in answers) in ([200, 400], [204, 400]), [a.content for a in answers]
    assert disbursed(reporting_plan) <= allocated(reporting_plan)


def test_a_plan_is_never_edited_after_it_was_sent(cm_plan, cm_editor, cm_approver):
    """Somchai sends the plan to the governor while Wilai saves a row's targets: either her row
    is in what was sent, or she is told that the plan can no longer be edited. Never a change
    written into a plan already sent."""
    from labourplan.plans import services as plan_services
    from labourplan.plans.models import PlanItem, PlanVersion, VersionState

    item = PlanItem.objects.filter(topic__version=cm_plan.current_version, parent=None).order_by("pk").first()
    real = plan_services.validate_targets

    def slow(*args, **kwargs):
        checked = real(*args, **kwargs)
        if connection.in_atomic_block:  # in the service, between its checks and its save
            time.sleep(3 * WINDOW)
        return checked

    real_problems = plan_services.submission_problems

    def slow_problems(version):
        time.sleep(WINDOW)  # the submission takes its time too, holding the version
        return real_problems(version)

    editor, approver = signed_in(cm_editor), signed_in(cm_approver)
    version = cm_plan.current_version
    with (
        time_machine.travel(NOW, tick=True),  # the history's times tell which came first
        mock.patch.object(plan_services, "validate_targets", slow),
        mock.patch.object(plan_services, "submission_problems", slow_problems),
    ):
        answers = at_once(
            lambda: editor.patch(f"/api/items/{item.pk}/", {"revision": item.revision, "target_1": 7}, format="json"),
            lambda: approver.post(f"/api/versions/{version.pk}/submit/", {"submitted_on": "2026-10-10"}, format="json"),
        )
    edit, submit = answers
    assert submit.status_code == 200, submit.content
    assert PlanVersion.objects.get(pk=version.pk).state == VersionState.SUBMITTED
    sent_at = PlanVersion.history.filter(id=version.pk, state=VersionState.SUBMITTED).earliest("history_date")
    changes = PlanItem.history.filter(id=item.pk, target_1=7)
    if edit.status_code == 200:
        assert changes.get().history_date < sent_at.history_date  # the edit is part of what was sent
    else:
        assert edit.status_code == 400 and not changes.exists(), edit.content


def test_tokens_created_at_once_stay_within_the_limit(cm_editor):
    """Nine active tokens, and Wilai's script asks for three more at the same moment: one passes."""
    from labourplan.accounts.models import ApiToken
    from labourplan.accounts.services import MAX_ACTIVE_TOKENS, create_api_token

    for n in range(MAX_ACTIVE_TOKENS - 1):
        create_api_token(user=cm_editor, name=f"script {n}")
    real = ApiToken.objects.create

    def slow_create(**kwargs):
        time.sleep(WINDOW)
        return real(**kwargs)

    def create(n):
        def run():
            try:
                return create_api_token(user=cm_editor, name=f"more {n}")
            except Exception as exc:  # noqa: BLE001 (the refusal is the answer)
                return exc

        return run

    with mock.patch.object(ApiToken.objects, "create", slow_create):
        answers = at_once(create(1), create(2), create(3))
    assert sum(not isinstance(a, Exception) for a in answers) == 1, answers
    assert ApiToken.objects.filter(user=cm_editor, revoked_at=None).count() == MAX_ACTIVE_TOKENS
