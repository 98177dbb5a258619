"""Run as a ministry runs it (issue 18): two application servers behind nginx, sharing one
PostgreSQL database, the Redis cache and one folder of private files, each through real HTTPS.

Everything is the deployment kit's: the servers are started by the systemd unit's commands with the
example environment file (this machine's addresses and secrets in place of the placeholders), and
nginx serves the shipped site with both servers in its upstream. For the cases that must choose a
server, nginx also has one HTTPS port per server (a copy of the shipped server block with only that
server behind it), so cookies, CSRF and TLS are exactly as the users' browsers have them.

- Signed in through server A, a person carries on through server B, and signs out there for both.
- Evidence uploaded through A downloads through B, byte for byte.
- A Form 2 workbook previewed on A (the workbook waits in the shared private storage) is
  confirmed on B.
- The deadline-day crowd (bench/locustfile.py, headless) works through nginx while server A is
  stopped and started again: no request fails, no update is lost (read back from the database),
  and A takes its share again once it is back.
- A national workbook started on A is made by the background worker (the worker unit's
  commands) while A is stopped, followed and downloaded through B.

PostgreSQL only (a database of its own, cluster_*, made and dropped here): SQLite is one file on
one server. `make cluster-test` runs this file alone.
"""

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import redis
import requests
from django.conf import settings

from bench.load import LOAD_FISCAL_YEAR, NATIONAL_PAGES, failures, locust_command, stats
from tests.deploy_kit import DEPLOY, ROOT, free_port, nginx_config, running_nginx, unit
from tests.jobs.conftest import workbook_sheets
from tests.reports.test_excel import DISBURSED, VALUE, filled

DATABASE = settings.DATABASES["default"]
ON_POSTGRES = DATABASE["ENGINE"] == "django.db.backends.postgresql"

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="the multi-server test needs PostgreSQL (DATABASE_URL=postgres://…; make cluster-test sets it)",
    ),
]

REDIS_URL = os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/12")
PROVINCES = 5
OFFICERS, ANALYSTS = 30, 3
SPAWN_RATE = 1.5  # users a second: the crowd keeps coming while A is down, and all have reported by the end
LOAD_SECONDS = 45
A_STOPS_AT, A_DOWN_FOR = 8, 6  # seconds into the load
PNG = b"\x89PNG\r\n\x1a\n"
HEADERS = {"Accept-Language": "th"}


def example_environment() -> dict[str, str]:
    """The variables deploy/labourplan.env.example sets (not those left commented out)."""
    text = (DEPLOY / "labourplan.env.example").read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, flags=re.MULTILINE))


def unit_commands(name: str) -> tuple[list[list[str]], list[str]]:
    """(ExecStartPre commands, ExecStart command) of a shipped unit, with this checkout's Python
    for /srv/labourplan/.venv/bin (the unit runs in the checkout, as WorkingDirectory says)."""
    service = unit(DEPLOY / "systemd" / name)["Service"]
    assert service["WorkingDirectory"] == "/srv/labourplan"
    bin_dir = str(Path(sys.executable).parent)

    def local(line: str) -> list[str]:
        return line.replace("/srv/labourplan/.venv/bin", bin_dir).split()

    return [local(line) for line in service.get("ExecStartPre", "").splitlines() if line], local(service["ExecStart"])


def run(command: list[str], env: dict, what: str) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"{what} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def tail(path: Path, since: int = 0, limit: int = 6000) -> str:
    if not path.exists():
        return f"({path.name}: no file)"
    text = path.read_bytes()[since:].decode("utf-8", "replace")
    return f"--- {path.name} ---\n{text[-limit:]}"


@dataclass
class Server:
    """One application server: gunicorn as the systemd unit starts it, on its own port."""

    name: str
    port: int | None  # None: the background worker, which serves no HTTP
    command: list[str]
    env: dict
    logs: Path
    runs: int = 0
    process: subprocess.Popen | None = None
    files: list[Path] = field(default_factory=list)

    @property
    def access_log(self) -> Path:
        return self.logs / f"{self.name}-{self.runs}.access.log"

    def start(self) -> None:
        self.runs += 1
        output = self.logs / f"{self.name}-{self.runs}.log"
        self.files += [output, self.access_log]
        env = {
            **self.env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_ACCESSLOG": str(self.access_log),
            "GUNICORN_WORKERS": "2",
            # Its own control socket (gunicorn's default is one per user, which the two would share here).
            "XDG_RUNTIME_DIR": str(self.logs / self.name),
        }
        (self.logs / self.name).mkdir(exist_ok=True)
        with output.open("ab") as log:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        if self.port is None:
            return
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"server {self.name} stopped at once\n{self.log_text()}"
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/healthz", timeout=10).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or still loading
                pass
            time.sleep(0.3)
        raise AssertionError(f"server {self.name} did not answer /healthz within 90 s\n{self.log_text()}")

    def stop(self) -> None:
        """As systemd stops the unit: SIGTERM, and gunicorn finishes the requests it has."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_text(self, since: dict[Path, int] | None = None) -> str:
        return "\n".join(tail(path, (since or {}).get(path, 0)) for path in self.files)


@dataclass
class Cluster:
    servers: dict[str, Server]
    https_port: int  # nginx, both servers behind it
    pinned: dict[str, int]  # nginx, one server behind each
    certificate: Path
    media: Path
    env: dict
    nginx_logs: list[Path]
    officer: dict  # kept out of the crowd, for the cases below
    analyst: str
    assignments: Path
    password: str

    def url(self, server: str | None = None) -> str:
        return f"https://localhost:{self.pinned[server] if server else self.https_port}"

    def browser(self) -> requests.Session:
        session = requests.Session()
        session.trust_env = False  # this certificate, not a CA bundle the environment names
        session.verify = str(self.certificate)
        session.headers.update(HEADERS)
        return session

    def log_files(self) -> list[Path]:
        return [path for server in self.servers.values() for path in server.files] + self.nginx_logs

    def bench_child(self, *args: str) -> dict:
        """bench/load.py's own steps, run on the cluster's database."""
        out = run([sys.executable, "-m", "bench.load", *args], self.env, f"bench.load {args[0]}")
        return json.loads(out.splitlines()[-1])


def server_environment(*, database_url: str, media: Path, https_ports: list[int], cache_prefix: str) -> dict:
    """The example environment file, with this machine's values in place of its placeholders."""
    example = example_environment()
    here = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",  # 127.0.0.1: the health checks straight to a server
        "DJANGO_CSRF_TRUSTED_ORIGINS": ",".join(f"https://localhost:{port}" for port in https_ports),
        "SITE_URL": f"https://localhost:{https_ports[0]}",
        "DATABASE_URL": database_url,
        "CACHE_URL": REDIS_URL,
        "MEDIA_ROOT": str(media),
        "EMAIL_URL": "consolemail://",
    }
    assert set(here) <= set(example), set(here) - set(example)
    return {
        **os.environ,
        **example,
        **here,
        "DJANGO_SETTINGS_MODULE": "labourplan.settings",
        "CACHE_KEY_PREFIX": cache_prefix,
        # The generated accounts have no authenticator app (as in `make load`): central analysts
        # would otherwise be asked for a code before any page.
        "TWO_FACTOR_REQUIRED": "False",
    }


def postgres(dbname: str = "postgres") -> psycopg.Connection:
    return psycopg.connect(
        host=DATABASE["HOST"] or None,
        port=DATABASE["PORT"] or None,
        user=DATABASE["USER"] or None,
        password=DATABASE["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


def database_url(name: str) -> str:
    user = DATABASE["USER"] or ""
    if DATABASE["PASSWORD"]:
        user += f":{DATABASE['PASSWORD']}"
    return f"postgres://{user}@{DATABASE['HOST'] or '127.0.0.1'}:{DATABASE['PORT'] or 5432}/{name}"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cluster")
    cache = redis.Redis.from_url(REDIS_URL)
    try:
        cache.ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis is not answering at {REDIS_URL} ({error}): start it, or set CLUSTER_REDIS_URL")
    name = f"cluster_{os.getpid()}_{secrets.token_hex(3)}"
    cache_prefix = f"labourplan-{name}"
    with postgres() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    servers: dict[str, Server] = {}
    beside: list[subprocess.Popen] = []
    try:
        media, logs = tmp / "shared-files", tmp / "logs"
        media.mkdir()
        logs.mkdir()
        https_port, http_port, pinned = free_port(), free_port(), {"A": free_port(), "B": free_port()}
        env = server_environment(
            database_url=database_url(name),
            media=media,
            https_ports=[https_port, *pinned.values()],
            cache_prefix=cache_prefix,
        )
        before_start, start = unit_commands("labourplan.service")
        # collectstatic compresses every file (a minute of CPU): it runs beside the rest.
        slow = [c for c in before_start if "collectstatic" in c]
        with (logs / "collectstatic.log").open("wb") as log:
            beside += [subprocess.Popen(c, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT) for c in slow]
        for command in before_start:
            if command not in slow:  # migrate
                run(command, env, " ".join(command[1:3]))
        run(
            [sys.executable, "-m", "bench.generate", "--years=2", f"--provinces={PROVINCES}", "--activities=10"],
            env,
            "data",
        )
        password = secrets.token_urlsafe(12)
        out = run(
            [sys.executable, "-m", "bench.load", "--prepare-here", str(OFFICERS + 1), str(ANALYSTS), password],
            env,
            "users",
        )
        assignments = json.loads(out.splitlines()[-1])
        officer = assignments["officers"].pop()  # the cases' own: a province and month no one in the crowd has
        assignments["national_pages"] = NATIONAL_PAGES
        assignments_path = tmp / "assignments.json"
        assignments_path.write_text(json.dumps(assignments), encoding="utf-8")
        for process in beside:
            assert process.wait(timeout=600) == 0, tail(logs / "collectstatic.log")

        for server_name in ("A", "B"):
            servers[server_name] = Server(server_name, free_port(), start, env, logs)
            servers[server_name].start()
        before_work, work = unit_commands("labourplan-worker.service")
        for command in before_work:  # schedule_notifications
            run(command, env, " ".join(command[1:3]))
        servers["worker"] = Server("worker", None, work, env, logs)  # started by the case that needs it
        upstreams = [f"127.0.0.1:{servers[s].port}" for s in pinned]
        proxy = tmp / "nginx"
        proxy.mkdir()
        main = nginx_config(
            proxy,
            upstream=upstreams,
            https_port=https_port,
            http_port=http_port,
            static_root=ROOT / "var" / "static",
            pinned={port: f"127.0.0.1:{servers[s].port}" for s, port in pinned.items()},
        )
        with running_nginx(main, proxy, https_port):
            yield Cluster(
                servers=servers,
                https_port=https_port,
                pinned=pinned,
                certificate=proxy / "cert.pem",
                media=media,
                env=env,
                nginx_logs=[proxy / "error.log"],
                officer=officer,
                analyst=assignments["analysts"][0],
                assignments=assignments_path,
                password=password,
            )
    finally:
        for process in beside:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
        for server in servers.values():
            server.stop()
        with postgres() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for key in cache.scan_iter(match=f"{cache_prefix}:*"):
            cache.delete(key)


@pytest.fixture(autouse=True)
def logs_on_failure(cluster):
    """The servers' and nginx's log lines written during a test, shown by pytest if it fails."""
    sizes = {path: path.stat().st_size for path in cluster.log_files() if path.exists()}
    yield
    for path in cluster.log_files():
        print(tail(path, sizes.get(path, 0)))


def csrf_token(page: requests.Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, f"no form on {page.url} ({page.status_code})"
    return found.group(1)


def sign_in(cluster: Cluster, session: requests.Session, server: str, username: str | None = None) -> None:
    page = session.get(f"{cluster.url(server)}/accounts/login/")
    signed_in = session.post(
        f"{cluster.url(server)}/accounts/login/",
        {
            "username": username or cluster.officer["username"],
            "password": cluster.password,
            "csrfmiddlewaretoken": csrf_token(page),
        },
        headers={"Referer": f"{cluster.url(server)}/accounts/login/"},
        allow_redirects=False,
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]


def api_headers(cluster: Cluster, session: requests.Session, server: str) -> dict:
    return {"X-CSRFToken": session.cookies.get("csrftoken"), "Referer": f"{cluster.url(server)}/"}


def officers_report(cluster: Cluster, session: requests.Session, server: str) -> int:
    officer = cluster.officer
    opened = session.post(
        f"{cluster.url(server)}/api/plans/{officer['plan']}/reports/",
        json={"month_index": officer["month"]},
        headers=api_headers(cluster, session, server),
    )
    assert opened.status_code in (200, 201), opened.text
    return opened.json()["id"]


def test_healthz_through_nginx_and_on_each_server(cluster):
    healthy = {"status": "ok", "database": "ok", "cache": "ok", "files": "ok"}
    for server in (None, "A", "B"):
        response = cluster.browser().get(f"{cluster.url(server)}/healthz")
        assert response.status_code == 200 and response.json() == healthy, (server, response.text)


def test_signed_in_through_one_server_a_person_carries_on_through_the_other(cluster):
    browser = cluster.browser()
    sign_in(cluster, browser, "A")

    home = browser.get(f"{cluster.url('B')}/")  # the session A started, found by B
    assert home.status_code == 200 and "/accounts/login/" not in home.url
    assert cluster.officer["username"] in home.text
    report = officers_report(cluster, browser, "B")  # a change through B, with the CSRF token A set
    assert browser.get(f"{cluster.url('A')}/reports/{report}/").status_code == 200

    page = browser.get(f"{cluster.url('A')}/reports/{report}/")
    signed_out = browser.post(  # a form A rendered, sent to B
        f"{cluster.url('B')}/accounts/logout/",
        {"csrfmiddlewaretoken": csrf_token(page)},
        headers={"Referer": f"{cluster.url('B')}/"},
        allow_redirects=False,
    )
    assert signed_out.status_code == 302
    after = browser.get(f"{cluster.url('A')}/reports/{report}/", allow_redirects=False)
    assert after.status_code == 302 and after.headers["Location"].startswith("/accounts/login/")


def test_evidence_uploaded_through_one_server_downloads_through_the_other(cluster):
    browser = cluster.browser()
    sign_in(cluster, browser, "A")
    report = officers_report(cluster, browser, "A")
    photo = PNG + secrets.token_bytes(300_000)  # past the size Django keeps in memory: a temporary file
    page = browser.get(f"{cluster.url('A')}/reports/{report}/")
    uploaded = browser.post(
        f"{cluster.url('A')}/reports/{report}/evidence/",
        {"caption": "ภาพการตรวจตลาดสด", "csrfmiddlewaretoken": csrf_token(page)},
        files={"file": ("ตรวจตลาด.png", photo, "image/png")},
        headers={"Referer": f"{cluster.url('A')}/reports/{report}/"},
    )
    assert uploaded.status_code == 200, uploaded.text[:2000]

    on_b = browser.get(f"{cluster.url('B')}/reports/{report}/")
    links = set(re.findall(r'href="(/reports/evidence/\d+/)"', on_b.text))
    assert len(links) == 1, links
    download = browser.get(f"{cluster.url('B')}{links.pop()}")
    assert download.status_code == 200 and download.headers["Content-Type"] == "image/png"
    assert download.content == photo
    stored = [p for p in (cluster.media / "private" / "reports" / "evidence").rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in stored] == [photo]  # in the shared folder, nowhere else


def test_an_import_previewed_on_one_server_is_confirmed_on_the_other(cluster):
    browser = cluster.browser()
    sign_in(cluster, browser, "A")
    report = officers_report(cluster, browser, "A")
    a, b = cluster.url("A"), cluster.url("B")
    exported = browser.get(f"{a}/reports/{report}/form2.xlsx")
    assert exported.status_code == 200
    workbook = filled(exported.content, {DISBURSED: {VALUE: "๑๒,๕๐๐"}})

    form = browser.get(f"{a}/reports/{report}/import/")
    uploaded = browser.post(
        f"{a}/reports/{report}/import/",
        {"csrfmiddlewaretoken": csrf_token(form)},
        files={"file": ("รายงาน.xlsx", workbook)},
        headers={"Referer": f"{a}/reports/{report}/import/"},
        allow_redirects=False,
    )
    assert uploaded.status_code == 302, uploaded.text[:2000]
    preview_path = uploaded.headers["Location"]
    waiting = list((cluster.media / "private" / "imports").rglob("*.xlsx"))
    assert [p.read_bytes() for p in waiting] == [workbook]  # in the shared folder

    preview = browser.get(f"{a}{preview_path}")
    assert preview.status_code == 200
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', preview.text).group(1)
    confirmed = browser.post(
        f"{b}{preview_path}",
        {"csrfmiddlewaretoken": csrf_token(preview), "fingerprint": fingerprint, "confirm": ""},
        headers={"Referer": f"{b}{preview_path}"},
        allow_redirects=False,
    )
    assert confirmed.status_code == 302 and confirmed.headers["Location"] == f"/reports/{report}/", confirmed.text[
        :2000
    ]
    assert browser.get(f"{b}/api/reports/{report}/").json()["disbursed"] == "12500.00"
    assert not list((cluster.media / "private" / "imports").rglob("*.xlsx"))  # gone once confirmed


def test_the_deadline_day_load_loses_nothing_while_a_server_is_stopped_and_started_again(cluster, tmp_path):
    a = cluster.servers["A"]
    env = {
        **os.environ,
        "LOAD_ASSIGNMENTS": str(cluster.assignments),
        "LOAD_PASSWORD": cluster.password,
        "LOAD_CA_BUNDLE": str(cluster.certificate),
    }
    command = locust_command(
        host=cluster.url(), users=OFFICERS + ANALYSTS, spawn_rate=SPAWN_RATE, run_time=f"{LOAD_SECONDS}s",
        csv_prefix=tmp_path / "locust",
    )  # fmt: skip
    output = tmp_path / "locust.log"
    with output.open("wb") as log:
        crowd = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        time.sleep(A_STOPS_AT)
        a.stop()
        time.sleep(A_DOWN_FOR)
        a.start()
        crowd.wait(timeout=LOAD_SECONDS + 90)
    finally:
        if crowd.poll() is None:
            crowd.kill()
            crowd.wait(timeout=10)
    print(tail(output))

    rows = {row["action"]: row for row in stats(tmp_path / "locust_stats.csv")}
    assert rows["Aggregated"]["requests"] > OFFICERS * 6, rows  # sign-in, open, two saves, submit each
    assert rows["Aggregated"]["failures"] == 0, failures(tmp_path / "locust_failures.csv")
    exceptions = (tmp_path / "locust_exceptions.csv").read_text(encoding="utf-8").splitlines()
    assert exceptions[1:] == [], exceptions
    check = cluster.bench_child("--check-here", str(cluster.assignments))
    assert check["officers"] == OFFICERS
    assert check["lost_updates"] == [] and check["not_submitted"] == [], check

    restarted = [line for line in a.access_log.read_text().splitlines() if "/healthz" not in line]
    assert restarted, "server A took no request through nginx once it was back"


def test_a_national_export_started_on_one_server_finishes_while_that_server_is_stopped(cluster):
    a, worker = cluster.servers["A"], cluster.servers["worker"]
    browser = cluster.browser()
    sign_in(cluster, browser, "A", username=cluster.analyst)
    year = LOAD_FISCAL_YEAR + 1  # the generated data's current year
    started = browser.post(
        f"{cluster.url('A')}/jobs/start/national-xlsx/?fy={year}",
        headers=api_headers(cluster, browser, "A"),
        allow_redirects=False,
    )
    assert started.status_code == 302 and re.fullmatch(r"/jobs/\d+/", started.headers["Location"]), started.text[:2000]
    status_url = f"{cluster.url('B')}{started.headers['Location']}status.json"
    assert browser.get(status_url).json()["state"] == "queued"  # in the database, for any worker

    a.stop()
    worker.start()
    try:
        deadline = time.monotonic() + 120
        status = browser.get(status_url).json()
        while not status["finished"] and time.monotonic() < deadline:
            time.sleep(0.5)
            status = browser.get(status_url).json()
        assert (status["state"], status["progress"], status["error"]) == ("done", 100, ""), status
        assert a.process.poll() is not None  # A was stopped all along

        download = browser.get(f"{cluster.url('B')}{status['download_url']}")
        assert download.status_code == 200 and status["filename"] == f"national-{year}.xlsx"
        sheets = workbook_sheets(download.content)
        assert sheets[0] == "สรุปทั้งประเทศ" and "เชียงใหม่" in sheets, sheets[:5]
    finally:
        worker.stop()
        a.start()
