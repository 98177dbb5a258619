"""The caches shared by every application server: Django's own RedisCache, set by CACHE_URL.

These tests talk to the real Redis on 127.0.0.1:6379 (database 14, kept for tests), as several
servers would: what one process caches is in Redis, not in its memory, and a write anywhere moves
the stamps that every process reads.
"""

import datetime
import os

import pytest
import redis
import time_machine
from django.core.cache import cache

from labourplan.accounts.models import User
from labourplan.dashboard.national import compute_national_picture, national_picture
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import Plan
from tests.dashboard.conftest import AS_OF
from tests.dashboard.test_national import QUERIES, WRITES
from tests.evaluation import test_services as evaluation_writes

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def redis_cache(settings):
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis is not answering at {REDIS_URL} ({error}): start it, or set TEST_REDIS_URL")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "labourplan-test",
        }
    }
    cache.clear()
    yield server
    cache.clear()


def test_the_settings_take_redis_from_cache_url(monkeypatch):
    import environ

    monkeypatch.setenv("CACHE_URL", "redis://cache.internal:6379/1")
    assert environ.Env().cache_url("CACHE_URL")["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_the_dashboard_is_cached_in_redis_and_served_from_it(
    redis_cache, client, central_viewer, country, scheme2570, django_assert_num_queries
):
    with time_machine.travel(AS_OF, tick=False):
        country(2)
        client.force_login(central_viewer)
        with django_assert_num_queries(QUERIES["page"]):
            first = client.get("/national/")
        # Kept in Redis, where another server finds it: not in this process's memory.
        assert any(key.startswith(b"labourplan-test:") for key in redis_cache.scan_iter(count=1000))
        with django_assert_num_queries(QUERIES["page_cached"]):
            second = client.get("/national/")
    assert first.status_code == second.status_code == 200
    assert first.context["content"] == second.context["content"]


@pytest.mark.parametrize("write", WRITES, ids=[w.__name__ for w in WRITES])
def test_the_picture_cached_in_redis_follows_every_write(
    redis_cache, scheme2570, fy2570_template, central_admin, write
):
    evaluation_writes.give_plan("50", fy2570_template)
    evaluation_writes.give_plan("90", fy2570_template)
    plan = Plan.objects.get(province__code="50", fiscal_year=fy2570_template)
    editor, approver = User.objects.get(username="e50"), User.objects.get(username="a50")
    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, tzinfo=BANGKOK), tick=False):  # November has ended
        before = national_picture(fiscal_year=fy2570_template)
        write(plan, editor, approver)
        after = national_picture(fiscal_year=fy2570_template)
        assert after == compute_national_picture(fiscal_year=fy2570_template, as_of=after.as_of)
    assert after != before
