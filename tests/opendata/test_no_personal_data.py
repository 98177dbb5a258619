"""No personal data reaches the public: every free-text and personal field of the demo (the
partner register, officers' names, phones and e-mails, comments, remarks, narratives, meetings,
plan rows as the provinces wrote them …) is filled with a marker, and the marker appears in no
public page, file or API answer."""

import datetime
import os

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat

from labourplan.lib.fiscal import BANGKOK
from labourplan.opendata.datasets import DATASETS

MARKER = "ZQXPRIVATEQZ"
# Every app that holds what people wrote or who they are (reference data — provinces, the
# centre's template — is public by nature and stays).
PRIVATE_APPS = ("accounts", "plans", "reports", "annual", "partners", "evaluation", "notifications", "audit")
TEXT_FIELDS = (models.CharField, models.TextField)
LOADED_ON = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=BANGKOK)


def fill_every_free_text_field_with_the_marker() -> int:
    filled = 0
    for label in PRIVATE_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.proxy:  # another app's table seen from here (accounts' page of provinces)
                continue
            fields = [
                f
                for f in model._meta.concrete_fields
                if isinstance(f, TEXT_FIELDS) and not f.choices and not f.primary_key
            ]
            if fields and model.objects.exists():
                # The marker and the row's id: distinct per row, whatever the uniqueness rules.
                marked = Concat(Value(MARKER), Cast("pk", models.CharField()))
                filled += model.objects.update(**dict.fromkeys((f.name for f in fields), marked))
    return filled


@pytest.mark.django_db
def test_no_free_text_or_personal_field_of_the_demo_reaches_a_public_answer(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(LOADED_ON, tick=False):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert fill_every_free_text_field_with_the_marker() > 1000
    cache.clear()

    addresses = ["/open/", "/open/?fy=2569", "/open/?fy=2570", "/open/datapackage.json", "/open/catalog.jsonld"]
    addresses += ["/api/open/", "/api/schema/?format=json"]
    for name in DATASETS:
        addresses += [f"/open/{name}.csv", f"/open/{name}.json", f"/api/open/{name}/", f"/api/open/{name}/?fy=2569"]
    with time_machine.travel(LOADED_ON + datetime.timedelta(days=1), tick=False):
        answers = {address: client.get(address) for address in addresses}
        client.post("/i18n/setlang/", {"language": "en"})
        answers["/open/ (English)"] = client.get("/open/")
    assert answers["/api/schema/?format=json"].status_code == 401  # signed-in only: not a public answer
    del answers["/api/schema/?format=json"]
    for address, answer in answers.items():
        assert answer.status_code == 200, address
        assert MARKER not in answer.content.decode("utf-8-sig"), address
    plans = answers["/api/open/plans/"].json()["data"]
    assert {row["fiscal_year_be"] for row in plans} == {2569, 2570}
    assert sum(row["plan_approved"] for row in plans) > 50  # the demo's figures are there
    assert "เชียงใหม่" in answers["/open/"].content.decode()
