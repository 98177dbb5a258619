"""Fixed people, one per role, as the stories in the tests tell them.

- Anong administers the centre (ศปคร.); Preecha is an executive who only reads.
- In Chiang Mai, Wilai drafts the reports and Somchai, the provincial labour officer, submits them.
- Hassan drafts for Songkhla and must see nothing of Chiang Mai's.
"""

import pytest

from labourplan.accounts.models import Role
from labourplan.accounts.services import create_user
from labourplan.reference.models import Province

PASSWORD = "correct-horse-battery-2570"


@pytest.fixture
def chiang_mai(db):
    return Province.objects.get(code="50")


@pytest.fixture
def songkhla(db):
    return Province.objects.get(code="90")


@pytest.fixture
def central_admin(db):
    return create_user(username="anong", password=PASSWORD, role=Role.CENTRAL_ADMIN, first_name="อนงค์")


@pytest.fixture
def central_viewer(db):
    return create_user(username="preecha", password=PASSWORD, role=Role.CENTRAL_VIEWER, first_name="ปรีชา")


@pytest.fixture
def cm_editor(chiang_mai):
    return create_user(
        username="wilai", password=PASSWORD, role=Role.PROVINCIAL_EDITOR, province=chiang_mai, first_name="วิไล"
    )


@pytest.fixture
def cm_approver(chiang_mai):
    return create_user(
        username="somchai", password=PASSWORD, role=Role.PROVINCIAL_APPROVER, province=chiang_mai, first_name="สมชาย"
    )


@pytest.fixture
def sk_editor(songkhla):
    return create_user(
        username="hassan", password=PASSWORD, role=Role.PROVINCIAL_EDITOR, province=songkhla, first_name="ฮาซัน"
    )
