from django.core.management.base import BaseCommand, CommandError

from labourplan.lib.digits import to_arabic_digits
from labourplan.quality.services import run_checks
from labourplan.reference.models import FiscalYear


class Command(BaseCommand):
    help = "Run the data-quality rules on every province's figures of a fiscal year (B.E.)."

    def add_arguments(self, parser):
        parser.add_argument("--fy", required=True, help="Fiscal year in B.E., e.g. 2570 (Thai digits accepted).")

    def handle(self, *args, fy, **options):
        year = to_arabic_digits(fy).strip()
        fiscal_year = FiscalYear.objects.filter(year_be=int(year)).first() if year.isdigit() else None
        if fiscal_year is None:
            raise CommandError(f"ไม่พบปีงบประมาณ {fy}")
        found = run_checks(fiscal_year=fiscal_year)
        self.stdout.write(f"ปีงบประมาณ {fiscal_year.year_be}: พบค่าที่ควรตรวจสอบ {found} รายการ")
