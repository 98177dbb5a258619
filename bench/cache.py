"""The shared cache at national scale, on the real Redis (CACHE_URL, Django's RedisCache): how many
of the cache's lookups hit, and how many entries it holds, over three passes through the national
pages of the full data set:

- cold: the cache emptied first (a deployment, a Redis restart);
- warm: the same pages again (a day's use between two changes);
- after a write: one province's officer records a meeting (through the service), then the same pages.

The national pages are those the centre and the public open (bench/measure.py's national ones) and
every province's home page as the centre sees it. Lookups are counted in this process around the
cache's own get/get_many (a hit is a key found); entries are the keys in the Redis database, which
the bench has to itself (db 14 by default, BENCH_CACHE_URL to change it: it is emptied).

    DATABASE_URL=… CACHE_URL=redis://127.0.0.1:6379/14 python -m bench.cache   (bench/run.py runs it)
"""

from __future__ import annotations

import json
import os
import time

CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14")
PASSES = ("cold", "warm", "after a write")


class Counter:
    """Counts the lookups and writes of a cache backend by wrapping its methods on the instance."""

    def __init__(self, backend):
        from django.core.cache.backends.base import DEFAULT_TIMEOUT

        self.gets = self.hits = self.sets = 0
        get, get_many, set_, set_many = backend.get, backend.get_many, backend.set, backend.set_many
        missing = object()

        def counted_get(key, default=None, version=None):
            value = get(key, missing, version=version)
            self.gets += 1
            if value is missing:
                return default
            self.hits += 1
            return value

        def counted_get_many(keys, version=None):
            keys = list(keys)
            found = get_many(keys, version=version)
            self.gets += len(keys)
            self.hits += len(found)
            return found

        def counted_set(key, value, timeout=DEFAULT_TIMEOUT, version=None):
            self.sets += 1
            return set_(key, value, timeout, version=version)

        def counted_set_many(data, timeout=DEFAULT_TIMEOUT, version=None):
            self.sets += len(data)
            return set_many(data, timeout, version=version)

        backend.get, backend.get_many, backend.set, backend.set_many = (
            counted_get,
            counted_get_many,
            counted_set,
            counted_set_many,
        )

    def snapshot(self) -> tuple[int, int, int]:
        return self.gets, self.hits, self.sets


def national_pages() -> list[tuple[str, str | None, str]]:
    """(page, who asks, URL): the national pages measured by bench/measure.py (once each) and every
    province's home as the centre opens it."""
    from django.urls import reverse

    from bench.measure import NATIONAL_PAGES, pages
    from labourplan.reference.models import Province

    seen, chosen = set(), []
    for page, username, url in pages():
        if page in NATIONAL_PAGES and url not in seen:
            seen.add(url)
            chosen.append((page.removesuffix(", cold"), username, url))
    for province in Province.objects.regional().order_by("code"):
        chosen.append(
            (f"province home {province.code}", "bench.centre", reverse("province_home", args=[province.code]))
        )
    return chosen


def _entries(backend) -> tuple[int, int]:
    """The keys in the cache's Redis database and the bytes Redis uses for them."""
    client = backend._cache.get_client(None, write=False)
    keys = list(client.scan_iter(count=1000))
    return len(keys), sum(client.memory_usage(key) or 0 for key in keys)


def measure() -> dict:
    import datetime

    import time_machine
    from django.core.cache import caches
    from django.db import transaction
    from django.test import Client

    from bench.generate import AS_OF
    from bench.measure import _change_one_province, check_answer, sign_in
    from labourplan.lib.fiscal import BANGKOK

    backend = caches["default"]
    if not type(backend).__name__ == "RedisCache":
        raise SystemExit(f"bench.cache measures the shared cache on Redis: set CACHE_URL (now {type(backend)}).")
    counter = Counter(backend)
    passes = []
    moment = datetime.datetime.combine(AS_OF, datetime.time(10), tzinfo=BANGKOK)
    with time_machine.travel(moment, tick=True):
        chosen = national_pages()
        clients: dict[str | None, Client] = {}
        for _, username, _ in chosen:
            if username not in clients:
                clients[username] = Client()
                if username is not None:
                    sign_in(clients[username], username)
        backend.clear()  # the bench's own Redis database
        with transaction.atomic():  # the write is undone at the end
            for name in PASSES:
                if name == "after a write":
                    _change_one_province()
                gets, hits, sets = counter.snapshot()
                start = time.perf_counter()
                for page, username, url in chosen:
                    response = clients[username].get(url)
                    _ = b"".join(response) if response.streaming else response.content  # read it all
                    check_answer(page, url, username, response)
                seconds = time.perf_counter() - start
                entries, stored = _entries(backend)
                now = counter.snapshot()
                lookups, found = now[0] - gets, now[1] - hits
                passes.append(
                    {
                        "pass": name,
                        "requests": len(chosen),
                        "seconds": round(seconds, 2),
                        "lookups": lookups,
                        "hits": found,
                        "hit_rate": round(found / lookups, 3) if lookups else None,
                        "writes": now[2] - sets,
                        "entries": entries,
                        "bytes": stored,
                    }
                )
            transaction.set_rollback(True)
        backend.clear()
    homes = sum(1 for page, _, _ in chosen if page.startswith("province home "))
    return {
        "cache_url": CACHE_URL,
        "pages": [*sorted({p for p, _, _ in chosen if not p.startswith("province home ")}), f"province home × {homes}"],
        "passes": passes,
    }


def markdown(results: dict) -> list[str]:
    lines = [
        "## The shared cache at national scale (Redis, PostgreSQL, full data set)",
        "",
        f"- cache: Django's RedisCache on `{results['cache_url']}`, emptied before the cold pass",
        f"- pages, each pass: {', '.join(results['pages'])}",
        "- lookups and hits counted around the cache's get/get_many in the process; entries and bytes from Redis",
        "",
        "| pass | requests | seconds | lookups | hits | hit rate | writes | entries | bytes in Redis |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in results["passes"]:
        rate = "–" if p["hit_rate"] is None else f"{p['hit_rate']:.1%}"
        lines.append(
            f"| {p['pass']} | {p['requests']} | {p['seconds']} | {p['lookups']} | {p['hits']} | {rate} "
            f"| {p['writes']} | {p['entries']} | {p['bytes']:,} |"
        )
    return lines


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labourplan.settings")
    django.setup()
    print(json.dumps(measure()))


if __name__ == "__main__":
    main()
