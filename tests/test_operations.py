"""What operators rely on: the health endpoint, production settings, and the demo data."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection

from labourplan.accounts.models import User
from labourplan.annual.models import AnnualReport
from labourplan.demo.data import DEMO_PASSWORD, DEMO_USERS
from labourplan.evaluation.models import FrozenEvaluation, Scheme
from labourplan.evaluation.services import round_view, rounds_with_criteria
from labourplan.partners.models import Partner
from labourplan.plans.models import Meeting, Plan, PlanItem
from labourplan.reference.models import TemplateItem

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "files": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch.object(connection, "cursor", side_effect=Exception("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_healthz_answers_503_naming_the_cache_when_it_does_not_keep_values(client):
    with mock.patch("labourplan.views.cache.get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "unreachable", "files": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_naming_the_file_store_when_it_cannot_be_written(client, settings, tmp_path):
    not_a_folder = tmp_path / "media"
    not_a_folder.write_text("a file where the shared folder should be mounted")
    settings.MEDIA_ROOT = not_a_folder
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "ok", "files": "unreachable"}


@pytest.mark.django_db
def test_healthz_leaves_no_file_behind(client, settings):
    client.get("/healthz")
    assert not [p for p in (settings.MEDIA_ROOT / "private").rglob("*") if p.is_file()]


def _production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="x" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        DJANGO_ALLOWED_HOSTS="labourplan.mol.go.th",
        **extra,
    )
    return env


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_catches_a_missing_hardening_setting():
    # The same check fails when HSTS is switched off: the clean result above is not a given.
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env(SECURE_HSTS_SECONDS="0"))
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_production_cookies_are_secure_httponly_and_samesite():
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.DEBUG, s.SECURE_SSL_REDIRECT)",
        env=_production_env(),
    )
    assert result.stdout.split() == ["True", "True", "True", "Lax", "False", "True"], result.stderr


@pytest.mark.django_db
def test_demo_data_loads_every_role_and_plans_in_every_state_and_twice_changes_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    users = {u.username: u for u in User.objects.filter(username__in=[row[0] for row in DEMO_USERS])}
    assert set(users) == {row[0] for row in DEMO_USERS}
    assert {u.role for u in users.values()} == {
        "central_admin",
        "central_viewer",
        "provincial_editor",
        "provincial_approver",
    }
    assert all(u.check_password(DEMO_PASSWORD) for u in users.values())
    template_rows = {y: TemplateItem.objects.filter(topic__fiscal_year__year_be=y).count() for y in (2569, 2570)}
    assert template_rows == {2569: 18, 2570: 18}
    current = {p.province.code: p.status for p in Plan.objects.filter(fiscal_year__year_be=2570).select_related(
        "province", "current_version")}  # fmt: skip
    assert set(current.values()) == {"draft", "submitted", "approved", "amended"}
    assert len(current) < 76  # some provinces have not started
    assert current["50"] == "approved" and current["90"] == "draft"
    assert Plan.objects.filter(fiscal_year__year_be=2569).count() == 76
    assert {p.status for p in Plan.objects.filter(fiscal_year__year_be=2569)} <= {"approved", "amended"}
    annual = dict(AnnualReport.objects.values_list("plan__province__code", "state"))
    assert annual["50"] == "accepted" and annual["90"] == "draft"
    assert {"submitted", "accepted"} <= set(annual.values())
    assert Partner.objects.filter(province__code="50").count() > 5
    levels = set()
    for scheme in Scheme.objects.filter(fiscal_year__year_be__in=(2569, 2570)):
        for round_ in rounds_with_criteria(scheme):
            levels |= {result.level for result in round_view(round_=round_).results}
    assert levels == {0, 1, 2, 3, 4, 5}  # every success level shows somewhere
    assert FrozenEvaluation.objects.filter(round__scheme__fiscal_year__year_be=2569).count() == 2 * 76
    assert FrozenEvaluation.objects.exclude(override_level=None).count() == 1

    def snapshot():
        return (
            list(User.objects.values_list("username", "password", "last_login").order_by("username")),
            list(TemplateItem.objects.values_list("pk", "title").order_by("pk")),
            list(PlanItem.objects.values_list("pk", "revision", *PlanItem.TARGET_FIELDS).order_by("pk")),
            list(Plan.objects.values_list("pk", "current_version_id").order_by("pk")),
            PlanItem.history.count(),
            list(AnnualReport.objects.values_list("pk", "state", "revision").order_by("pk")),
            Partner.history.count(),
            Meeting.objects.count(),
            list(FrozenEvaluation.objects.values_list("pk", "computed_level", "override_level").order_by("pk")),
        )

    before = snapshot()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert snapshot() == before
