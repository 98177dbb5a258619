"""make load: the deadline-day load test.

gunicorn with the production settings on loopback, a fresh PostgreSQL database at national
scale, and locust in headless mode: 200 provincial officers from the 77 provinces sign in, open
their month's report, save a result twice and submit, while 10 central analysts refresh the
national pages. Afterwards the database is checked for lost updates: every officer's second
value must be the one stored, and every report submitted.

Loopback has no TLS, so three production settings that need it are turned off here and only
here (SECURE_SSL_REDIRECT and the cookies' Secure flag); everything else is as in production.

    python -m bench.load [--officers 200] [--analysts 10] [--workers 4]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "load"
DATABASE = "labourplan_load"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
PORT = 8010
P95_TARGET_MS = 800
LOAD_FISCAL_YEAR = 2569  # a closed year: every month's report can be opened, one per officer
# What the central analysts keep refreshing meanwhile.
NATIONAL_PAGES = [
    ["national dashboard", "/"],
    ["reporting heatmap", f"/reports/completeness/?fy={LOAD_FISCAL_YEAR + 1}"],
    ["round evaluation view", f"/evaluation/{LOAD_FISCAL_YEAR + 1}/rounds/1/"],
]


def production_env(database_url: str) -> dict:
    """The production settings on loopback, less the three that need TLS (see above)."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "labourplan.settings",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "DATABASE_CONN_MAX_AGE": "60",
        # The generated accounts have no authenticator app: the bench measures pages, not sign-in.
        "TWO_FACTOR_REQUIRED": "False",
    }


def _run(*args: str, env: dict | None = None) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def prepare_here(officers: int, analysts: int, password: str) -> dict:
    """In the child process on the load database: users, the year's reports cleared, the jobs."""
    from django.contrib.auth.hashers import make_password

    from labourplan.accounts.models import Role, User
    from labourplan.plans.models import Plan, PlanItem
    from labourplan.reports.models import MonthlyReport, ReportResult

    ReportResult.objects.filter(report__plan__fiscal_year__year_be=LOAD_FISCAL_YEAR).delete()
    MonthlyReport.objects.filter(plan__fiscal_year__year_be=LOAD_FISCAL_YEAR).delete()
    hashed = make_password(password)
    plans = {
        p.province.code: p
        for p in Plan.objects.filter(fiscal_year__year_be=LOAD_FISCAL_YEAR).select_related("province")
    }
    leaves: dict[str, list[str]] = {}
    items = PlanItem.objects.filter(topic__version__plan__in=plans.values(), sub_items__isnull=True)
    for code, key in items.order_by("pk").values_list("topic__version__plan__province__code", "key"):
        leaves.setdefault(code, []).append(str(key))
    codes = sorted(plans)
    jobs = []
    for n in range(officers):
        code, k = codes[n % len(codes)], n // len(codes)  # the k-th officer of a province reports month k + 1
        user, _ = User.objects.get_or_create(
            username=f"load.{code}.{k}",
            defaults={"role": Role.PROVINCIAL_APPROVER, "province": plans[code].province, "password": hashed},
        )
        jobs.append(
            {
                "username": user.username,
                "plan": plans[code].pk,
                "month": k + 1,
                "item": leaves[code][k],
                "values": [n % 7 + 1, n % 7 + 2],
            }
        )
    names = []
    for n in range(analysts):
        user, _ = User.objects.get_or_create(
            username=f"load.centre.{n}", defaults={"role": Role.CENTRAL_VIEWER, "password": hashed}
        )
        names.append(user.username)
    return {"officers": jobs, "analysts": names}


def check_here(assignments: dict) -> dict:
    """Lost updates: the stored result must be each officer's second value; the report submitted."""
    from labourplan.reports.models import MonthlyReport, ReportResult

    lost, unsubmitted = [], []
    for job in assignments["officers"]:
        report = MonthlyReport.objects.filter(plan_id=job["plan"], month_index=job["month"]).first()
        stored = ReportResult.objects.filter(report=report, item_key=job["item"]).values_list("result", flat=True)
        if list(stored) != [job["values"][-1]]:
            lost.append(job["username"])
        if report is None or report.state != "submitted":
            unsubmitted.append(job["username"])
    return {"officers": len(assignments["officers"]), "lost_updates": lost, "not_submitted": unsubmitted}


def _child(env: dict, *args: str) -> dict:
    return json.loads(_run(sys.executable, "-m", "bench.load", *args, env=env).splitlines()[-1])


def _wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 — loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def locust_command(*, host: str, users: int, spawn_rate: float, run_time: str, csv_prefix: Path) -> list[str]:
    """locust headless with the deadline-day crowd (bench/locustfile.py: LOAD_ASSIGNMENTS and
    LOAD_PASSWORD in its environment), writing its CSV files at `csv_prefix`."""
    return [
        *(sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"),
        *("-u", str(users), "-r", str(spawn_rate), "--run-time", run_time, "--host", host),
        *("--csv", str(csv_prefix), "--only-summary", "--stop-timeout", "30"),
    ]


def stats(csv_path: Path) -> list[dict]:
    rows = []
    with csv_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "action": row["Name"],
                    "method": row["Type"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "p50_ms": float(row["50%"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                    "throughput_rps": round(float(row["Requests/s"] or 0), 2),
                }
            )
    return rows


def failures(csv_path: Path) -> list[dict]:
    """What failed, as locust recorded it: the action, the error and how many times."""
    if not csv_path.exists():
        return []
    with csv_path.open(encoding="utf-8") as handle:
        return [
            {"action": f"{row['Method']} {row['Name']}", "error": row["Error"], "occurrences": int(row["Occurrences"])}
            for row in csv.DictReader(handle)
        ]


def markdown(result: dict) -> str:
    lines = [
        "# Deadline-day load test",
        "",
        f"- date: {result['date']}; command: `make load`",
        f"- gunicorn {result['workers']} workers × {result['threads']} threads, production settings on loopback "
        "(no TLS: SSL redirect and Secure cookies off), PostgreSQL, locust headless",
        f"- {result['check']['officers']} provincial officers from 77 provinces, {result['analysts']} central analysts",
        "",
        "| action | requests | failures | p50 ms | p95 ms | req/s | p95 ≤ 800 ms |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in result["stats"]:
        ok = "✓" if row["p95_ms"] <= P95_TARGET_MS else "✗"
        lines.append(
            f"| {row['method']} {row['action']} | {row['requests']} | {row['failures']} | {row['p50_ms']:.0f} | "
            f"{row['p95_ms']:.0f} | {row['throughput_rps']} | {ok if row['action'] != 'Aggregated' else ''} |"
        )
    check = result["check"]
    lines += [
        "",
        f"- errors: {result['errors']} (target 0)",
        f"- lost updates: {len(check['lost_updates'])} (target 0)",
        f"- reports not submitted: {len(check['not_submitted'])}",
    ]
    for failure in result.get("failures", []):
        lines.append(f"  - {failure['action']}: {failure['error']} (×{failure['occurrences']})")
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=200)
    parser.add_argument("--analysts", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--spawn-rate", type=float, default=1)
    parser.add_argument("--run-time", default="5m")
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--prepare-here", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--check-here", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare_here or args.check_here:
        import django

        django.setup()
        if args.prepare_here:
            officers, analysts, password = args.prepare_here
            print(json.dumps(prepare_here(int(officers), int(analysts), password)))
        else:
            print(json.dumps(check_here(json.loads(Path(args.check_here).read_text(encoding="utf-8")))))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    url = f"{POSTGRES}/{DATABASE}"
    env = production_env(url)
    print("fresh database, migrate, generate national data", flush=True)
    _run("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE)
    _run("createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE)
    _run(sys.executable, "manage.py", "migrate", "--noinput", "-v", "0", env=env)
    _run(sys.executable, "-m", "bench.generate", f"--years={args.years}", "--provinces=77", env=env)
    _run(sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0", env=env)
    assignments = _child(env, "--prepare-here", str(args.officers), str(args.analysts), password)
    assignments["national_pages"] = NATIONAL_PAGES
    (OUT / "assignments.json").write_text(json.dumps(assignments), encoding="utf-8")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "labourplan.wsgi", "-c", str(ROOT / "gunicorn.conf.py"),
         "-b", f"127.0.0.1:{PORT}", "-w", str(args.workers), "--threads", str(args.threads), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        _wait_for(f"http://127.0.0.1:{PORT}/healthz")
        print(f"locust: {args.officers} officers, {args.analysts} analysts", flush=True)
        locust_env = {**env, "LOAD_ASSIGNMENTS": str(OUT / "assignments.json"), "LOAD_PASSWORD": password}
        subprocess.run(  # noqa: S603
            locust_command(
                host=f"http://127.0.0.1:{PORT}", users=args.officers + args.analysts, spawn_rate=args.spawn_rate,
                run_time=args.run_time, csv_prefix=OUT / "locust",
            ),
            cwd=ROOT, env=locust_env, check=False,
        )  # fmt: skip
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    rows = stats(OUT / "locust_stats.csv")
    result = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "workers": args.workers,
        "threads": args.threads,
        "analysts": args.analysts,
        "stats": rows,
        "errors": sum(r["failures"] for r in rows if r["action"] != "Aggregated"),
        "failures": failures(OUT / "locust_failures.csv"),
        "check": _child(env, "--check-here", str(OUT / "assignments.json")),
    }
    (ROOT / "bench" / "load-results.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (ROOT / "bench" / "LOAD.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    met = (
        result["errors"] == 0
        and not result["check"]["lost_updates"]
        and all(r["p95_ms"] <= P95_TARGET_MS for r in rows)
    )
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
