"""The living demonstration that `make run` loads. Each feature extends it as it arrives.

Everything goes through the same service functions as users' actions, and loading twice
changes nothing.
"""

from labourplan.accounts.models import Role, User
from labourplan.accounts.services import create_user
from labourplan.reference.models import FiscalYear, Province
from labourplan.reference.services import copy_fiscal_year_setup

DEMO_PASSWORD = "demo-labour-2570"  # noqa: S105 — published in the README, demo only
DEMO_FISCAL_YEARS = (2569, 2570)

# username, role, province code, first name, last name, position
DEMO_USERS = [
    ("ccpl.admin", Role.CENTRAL_ADMIN, None, "สมหญิง", "ใจดี", "นักวิเคราะห์นโยบายและแผน ศปคร."),
    ("ccpl.viewer", Role.CENTRAL_VIEWER, None, "ประเสริฐ", "มั่นคง", "ผู้ตรวจราชการกระทรวงแรงงาน"),
    ("chiangmai.editor", Role.PROVINCIAL_EDITOR, "50", "วิไล", "คำแก้ว", "เจ้าหน้าที่บันทึกข้อมูล"),
    ("chiangmai.approver", Role.PROVINCIAL_APPROVER, "50", "สมชาย", "ศรีสุข", "แรงงานจังหวัดเชียงใหม่"),
    ("songkhla.editor", Role.PROVINCIAL_EDITOR, "90", "ฮาซัน", "เจริญผล", "เจ้าหน้าที่บันทึกข้อมูล"),
    ("songkhla.approver", Role.PROVINCIAL_APPROVER, "90", "สุนีย์", "ทองดี", "แรงงานจังหวัดสงขลา"),
]


def load_demo(*, log=print) -> None:
    for username, role, province_code, first_name, last_name, position in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        create_user(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            province=Province.objects.get(code=province_code) if province_code else None,
            first_name=first_name,
            last_name=last_name,
            position=position,
            email=f"{username.replace('.', '-')}@example.go.th",
        )
        log(f"user {username} ({role})")
    for year_be in DEMO_FISCAL_YEARS:
        target = FiscalYear.objects.get(year_be=year_be)
        if not target.template_topics.exists():
            copied = copy_fiscal_year_setup(source=FiscalYear.objects.get(year_be=2562), target=target)
            log(f"{target}: {copied} template rows copied from FY 2562")
