import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand
from django.db.models.signals import post_save

from labourplan.demo.data import load_demo


@contextmanager
def _progress(write):
    """A line each time the demo moves on to another province's plans or reports: the first run
    takes minutes, and a newcomer must see that it is working."""
    from labourplan.annual.models import AnnualReport
    from labourplan.plans.models import Plan
    from labourplan.reports.models import MonthlyReport

    last = {}

    def created(sender, instance, created=False, raw=False, **kwargs):
        if not created or raw:
            return
        what = {Plan: "plan", MonthlyReport: "monthly reports", AnnualReport: "annual report"}[sender]
        plan_id = instance.pk if sender is Plan else instance.plan_id
        if last.get(what) != plan_id:  # one line per plan, not per report
            last[what] = plan_id
            plan = Plan.objects.select_related("fiscal_year", "province").get(pk=plan_id)
            write(f"  FY {plan.fiscal_year.year_be} · {plan.province.name_en}: {what}")

    senders = (Plan, MonthlyReport, AnnualReport)
    for sender in senders:
        post_save.connect(created, sender=sender, weak=False, dispatch_uid=f"load_demo_progress_{sender.__name__}")
    try:
        yield
    finally:
        for sender in senders:
            post_save.disconnect(sender=sender, dispatch_uid=f"load_demo_progress_{sender.__name__}")


class Command(BaseCommand):
    help = "Load the demonstration users and data (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        started = time.monotonic()
        self.stdout.write("Loading the demonstration data (the first run takes a few minutes)…")

        def write(line):
            self.stdout.write(f"{line}  [{time.monotonic() - started:.0f} s]")
            self.stdout.flush()

        with _progress(write):
            load_demo(log=write)
        self.stdout.write(f"Demonstration data ready ({time.monotonic() - started:.0f} s).")
