"""The key pages as a browser gets them (issue 15): bytes transferred, requests, DOM elements and
the load time, each page opened from a cold browser cache.

gunicorn serves the benchmark's data set with the production settings (WhiteNoise, compressed
static files, gunicorn.conf.py) on loopback; Debian's Chromium, driven by Playwright, signs in
once per user and opens each page in a fresh browser context (an empty cache, the session kept).
The figures are read from the browser's Navigation and Resource Timing entries.

    python -m bench.browser [--database-url URL]   # adds "browser" to bench/results.json and RESULTS.md

`make bench` runs it after the server-side measurements, on the full data set.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.load import production_env

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_BROWSER_PORT", "8011"))
# The bar (issue 15), per page: loaded within a second; HTML before compression; and what a first
# visit needs of the static files, compressed (the sign-in page, from an empty cache).
BAR = {"load_ms": 1000, "html_bytes": 150_000, "first_visit_static_bytes": 250_000}
# Before a page is measured it is asked for this many times, each on a new connection, so that
# every gunicorn process has filled its caches (templates, translations, the dashboard's body: the
# cache is per process) as a day's use would. The browser's cache stays cold.
WARM_UP_REQUESTS = 16
KEY_PAGES = [
    "sign-in",
    "province home",
    "plan grid",
    "report form",
    "national dashboard",
    "round evaluation",
    "review queue",
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Read once the load event has ended: the document, every resource it fetched, and the DOM.
FIGURES = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  const sum = (entries) => entries.reduce((total, entry) => total + entry.transferSize, 0);
  const statics = resources.filter((entry) => new URL(entry.name).pathname.startsWith("/static/"));
  return {
    status: nav.responseStatus,
    html_bytes: nav.decodedBodySize,
    bytes_transferred: nav.transferSize + sum(resources),
    static_bytes: sum(statics),
    static_files: statics.map((entry) => new URL(entry.name).pathname),
    requests: 1 + resources.length,
    dom_elements: document.getElementsByTagName("*").length,
    load_ms: Math.round(nav.loadEventEnd - nav.startTime),
    server_ms: Math.round(nav.responseStart - nav.requestStart),
    dom_ready_ms: Math.round(nav.domContentLoadedEventEnd - nav.startTime),
  };
}"""


def key_pages(password: str | None = None) -> list[tuple[str, str | None, str]]:
    """(page, who signs in, path) on the current fiscal year's data; with a password, the users'
    passwords are set to it (the generator's users have none)."""
    from django.urls import reverse

    from bench.generate import CURRENT_FISCAL_YEAR
    from bench.measure import measured_plan_and_report
    from labourplan.accounts.models import User
    from labourplan.dashboard import links

    plan, report = measured_plan_and_report()
    editor, centre = f"bench.{plan.province.code}.editor", "bench.centre"
    if password:
        for user in User.objects.filter(username__in=[editor, centre]):
            user.set_password(password)
            user.save(update_fields=["password"])
    year = f"?fy={CURRENT_FISCAL_YEAR}"
    return [
        ("sign-in", None, reverse("login")),
        ("province home", editor, reverse("province_home", args=[plan.province.code])),
        ("plan grid", editor, reverse("plan_detail", args=[plan.pk])),
        ("report form", editor, reverse("report_detail", args=[report.pk])),
        ("national dashboard", centre, reverse("national_dashboard") + year),
        ("round evaluation", centre, links.evaluation_url("round", year=CURRENT_FISCAL_YEAR, number=1)),
        ("review queue", centre, reverse("report_review_queue")),
    ]


def authenticators(usernames) -> dict[str, str]:
    """The authenticator apps' keys (hex) of those among `usernames` who owe a second factor (central
    users): the browser types the code the app shows, as the person does (bench.measure.authenticator)."""
    from bench.measure import authenticator
    from labourplan.accounts import two_factor
    from labourplan.accounts.models import User

    return {
        user.username: authenticator(user).key
        for user in User.objects.filter(username__in=usernames)
        if two_factor.needs_second_factor(user)
    }


def chromium() -> str:
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        raise SystemExit("Debian's chromium is needed: apt-get install chromium")
    return executable


def measure_pages(
    base_url: str,
    pages: list[tuple[str, str | None, str]],
    password: str,
    browser=None,
    *,
    warm_up: int = 0,
    keys: dict[str, str] | None = None,
) -> list[dict]:
    """Open each page from a cold cache and return its figures, in the order given; `keys` are the
    authenticator apps' of those who owe a second factor (authenticators()). A page that ends
    elsewhere (a redirect) or does not answer 200 stops the run. With no Playwright browser given,
    Debian's Chromium is started for the purpose."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_ARGS)
            try:
                return measure_pages(base_url, pages, password, browser, warm_up=warm_up, keys=keys)
            finally:
                browser.close()
    results = []
    sessions: dict[str, dict] = {}
    for name, username, path in pages:
        if username and username not in sessions:
            sessions[username] = _signed_in(browser, base_url, username, password, (keys or {}).get(username))
        context = browser.new_context(
            base_url=base_url,
            locale="th-TH",
            viewport={"width": 1280, "height": 800},
            storage_state=sessions.get(username),
        )  # a new context: an empty cache, only the session cookie carried over
        _warm(base_url + path, sessions.get(username), warm_up)
        page = context.new_page()
        page.goto(path, wait_until="load")
        page.wait_for_function("performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
        figures = {"page": name, "path": path, **page.evaluate(FIGURES)}
        ended = page.url.removeprefix(base_url)
        if figures["status"] != 200 or ended != path:
            raise SystemExit(
                f"The bench stops: '{name}' ({path}, opened by {username or 'the anonymous public'}) ended on "
                f"{ended} with {figures['status']} instead of answering 200 itself."
            )
        results.append(figures)
        context.close()
    return results


def _warm(url: str, state: dict | None, times: int) -> None:
    """Ask for the page `times` times at once, each on its own connection: concurrent requests
    reach every gunicorn process (sequential ones mostly land on the same)."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in (state or {}).get("cookies", []))

    def fetch(_):
        request = urllib.request.Request(url, headers={"Cookie": cookies, "Connection": "close"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (loopback, our own pages)
            return response.read()

    for _ in range(2):
        with ThreadPoolExecutor(max_workers=max(times, 1)) as pool:
            list(pool.map(fetch, range(times)))


def _signed_in(browser, base_url: str, username: str, password: str, key: str | None = None) -> dict:
    """Sign in through the pages: the password, then, when asked, the authenticator app's code."""
    from django_otp.oath import totp

    context = browser.new_context(base_url=base_url, locale="th-TH")
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    if "/accounts/login/" in page.url:
        raise SystemExit(f"{username} could not sign in")
    if "/accounts/two-factor/" in page.url:
        if key is None:
            raise SystemExit(f"{username} is asked for a second factor and the bench has no authenticator for them")
        page.fill("input[name=code]", f"{totp(bytes.fromhex(key)):06d}")
        page.click("form:has(input[name=code]) button[type=submit]")
        page.wait_for_load_state("load")
        if "/accounts/two-factor/" in page.url:
            raise SystemExit(f"{username}'s second factor was refused")
    state = context.storage_state()
    context.close()
    return state


def compressed_size(path: Path) -> int:
    """What a static file weighs on the wire: gzip-compressed as WhiteNoise serves it, unless its
    format is compressed already (WOFF2, images)."""
    data = path.read_bytes()
    if path.suffix in {".woff2", ".png", ".jpg", ".gif", ".webp", ".ico"}:
        return len(data)
    return min(len(data), len(gzip.compress(data, compresslevel=9)))


def verdict(figures: list[dict]) -> dict:
    """Each bar, met or not, with the pages that miss it."""
    first_visit = next((f for f in figures if f["page"] == "sign-in"), None)
    return {
        "load_ms": [f["page"] for f in figures if f["load_ms"] > BAR["load_ms"]],
        "html_bytes": [f["page"] for f in figures if f["html_bytes"] > BAR["html_bytes"]],
        "first_visit_static_bytes": []
        if first_visit is None or first_visit["static_bytes"] <= BAR["first_visit_static_bytes"]
        else ["sign-in"],
    }


def markdown(browser: dict) -> list[str]:
    lines = [
        "## In the browser (issue 15)",
        "",
        f"- date: {browser['date']}; {browser['server']}",
        f"- data set: {browser['dataset']}; Chromium {browser['chromium']}, 1280 × 800",
        f"- load average of the machine ({browser['cpus']} CPUs) before and after: "
        f"{browser['load_average'][0]} and {browser['load_average'][1]} (other work running shares the CPUs)",
        "- each page opened from a cold browser cache (a new context, signed in); figures from the browser's "
        "Navigation and Resource Timing entries; bytes as transferred (static files compressed by WhiteNoise)",
        "",
        "| page | load ms | of which server ms | bytes transferred | HTML bytes | requests | DOM elements |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for f in browser["pages"]:
        lines.append(
            f"| {f['page']} | {f['load_ms']:,} | {f['server_ms']:,} | {f['bytes_transferred']:,} | "
            f"{f['html_bytes']:,} | {f['requests']} | {f['dom_elements']:,} |"
        )
    first_visit = next(f for f in browser["pages"] if f["page"] == "sign-in")
    missed = browser["missed"]
    lines += [
        "",
        f"- every page loads in ≤ {BAR['load_ms']:,} ms: "
        + ("met" if not missed["load_ms"] else f"NOT MET ({', '.join(missed['load_ms'])})"),
        f"- no page's HTML over {BAR['html_bytes']:,} bytes before compression: "
        + ("met" if not missed["html_bytes"] else f"NOT MET ({', '.join(missed['html_bytes'])})"),
        f"- static files of a first visit ≤ {BAR['first_visit_static_bytes']:,} bytes compressed: "
        f"{first_visit['static_bytes']:,} ({', '.join(Path(p).name for p in first_visit['static_files'])}): "
        + ("met" if not missed["first_visit_static_bytes"] else "NOT MET"),
        "",
    ]
    return lines


def _wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback, fixed URL)
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer on {url}")


def _run(*args: str, env: dict) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def run(database_url: str, dataset: str) -> dict:
    """Serve `database_url` with gunicorn (production settings) and measure the key pages."""
    password = secrets.token_urlsafe(12)
    env = production_env(database_url)
    _run(sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0", env=env)
    found = json.loads(_run(sys.executable, "-m", "bench.browser", "--pages-here", password, env=env).splitlines()[-1])
    pages, keys = found["pages"], found["keys"]
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "labourplan.wsgi", "-c", str(ROOT / "gunicorn.conf.py"),
         "-b", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        base_url = f"http://127.0.0.1:{PORT}"
        _wait_for(f"{base_url}/healthz")
        load_before = os.getloadavg()[0]
        figures = measure_pages(base_url, pages, password, warm_up=WARM_UP_REQUESTS, keys=keys)
        load_after = os.getloadavg()[0]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    version = subprocess.run([chromium(), "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "server": "gunicorn (gunicorn.conf.py), production settings, WhiteNoise, on loopback",
        "dataset": dataset,
        "chromium": version.split()[-1] if version else "?",
        # the machine's other work skews the times: its load average (1 min) before and after
        "load_average": [round(load_before, 1), round(load_after, 1)],
        "cpus": os.cpu_count(),
        "bar": BAR,
        "pages": figures,
        "missed": verdict(figures),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: the benchmark's full SQLite data set")
    parser.add_argument("--dataset", default="full (sqlite)")
    parser.add_argument("--pages-here", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.pages_here:
        import django

        django.setup()
        pages = key_pages(args.pages_here)
        print(json.dumps({"pages": pages, "keys": authenticators({username for _, username, _ in pages})}))
        return
    url = args.database_url or f"sqlite:///{ROOT / 'var' / 'bench' / 'labourplan_bench_full.sqlite3'}"
    browser = run(url, args.dataset)
    path = ROOT / "bench" / "results.json"
    results = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    results["browser"] = browser
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    from bench.run import markdown as results_markdown

    (ROOT / "bench" / "RESULTS.md").write_text(results_markdown(results), encoding="utf-8")
    print("\n".join(markdown(browser)))
    sys.exit(0 if not any(browser["missed"].values()) else 1)


if __name__ == "__main__":
    main()
