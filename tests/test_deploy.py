"""The deployment kit (deploy/) is exercised, not only written: the example environment lists every
variable settings.py and gunicorn.conf.py read; Debian's nginx accepts the site with a real
certificate and, started on loopback in front of the live application, serves the static files
itself, proxies the pages and passes the client's address on to the audit trail; systemd accepts
the units, whose commands exist; the Containerfile copies and runs what is there."""

import http.client
import re
import shutil
import ssl
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands

from labourplan.audit.models import AuditEvent
from tests.conftest import PASSWORD
from tests.deploy_kit import SITE, free_port, nginx, nginx_config, running_nginx, unit

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").iterdir())


def settings_variables() -> set[str]:
    settings_py = (ROOT / "labourplan" / "settings.py").read_text(encoding="utf-8")
    gunicorn_py = (ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")
    found = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', settings_py))
    return found | set(re.findall(r'os\.environ\.get\(\s*"([A-Z][A-Z0-9_]*)"', gunicorn_py))


def example_variables() -> set[str]:
    text = (DEPLOY / "labourplan.env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_the_example_environment_lists_every_variable_the_settings_read():
    read = settings_variables()
    assert {"DATABASE_URL", "OIDC_OP_AUTHORIZATION_ENDPOINT", "GUNICORN_ACCESSLOG", "SENTRY_DSN"} <= read
    assert read - example_variables() == set()


def test_nginx_takes_uploads_up_to_the_applications_own_limit(settings):
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", SITE.read_text()).group(1))
    assert megabytes * 1024 * 1024 == settings.MAX_REQUEST_BYTES
    example = (DEPLOY / "labourplan.env.example").read_text()
    assert f"MAX_REQUEST_BYTES={settings.MAX_REQUEST_BYTES}\n" in example


def test_nginx_accepts_the_site(tmp_path):
    main = nginx_config(tmp_path, upstream="127.0.0.1:8000", https_port=8443, http_port=8080, static_root=tmp_path)
    done = subprocess.run([nginx(), "-t", "-c", str(main), "-p", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


@pytest.fixture
def behind_nginx(settings, tmp_path, live_server):
    """nginx on loopback with the shipped site in front of the live application."""
    settings.TRUSTED_PROXIES = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    static_root = tmp_path / "static"
    (static_root / "css").mkdir(parents=True)
    (static_root / "css" / "served-by-nginx.css").write_text("body { color: #123456; }\n")
    https_port, http_port = free_port(), free_port()
    upstream = live_server.url.removeprefix("http://")
    ports = {"https_port": https_port, "http_port": http_port}
    main = nginx_config(tmp_path, upstream=upstream, static_root=static_root, **ports)
    with running_nginx(main, tmp_path, https_port):
        yield https_port, http_port


def https(port: int, method: str, path: str, *, body: str | None = None, headers=None):
    """A request to nginx from 127.0.0.2 (another loopback address than the application sees)."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    connection = http.client.HTTPSConnection(
        "127.0.0.1", port, context=context, source_address=("127.0.0.2", 0), timeout=60
    )
    connection.request(method, path, body=body, headers={"Host": f"localhost:{port}", **(headers or {})})
    response = connection.getresponse()
    return response, response.read()


@pytest.mark.django_db(transaction=True)
def test_nginx_serves_static_files_proxies_pages_and_passes_the_client_on(
    behind_nginx, committed_reference_data, cm_editor, settings
):
    https_port, http_port = behind_nginx

    plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=30)
    plain.request("GET", "/accounts/login/", headers={"Host": "localhost"})
    redirect = plain.getresponse()
    assert redirect.status == 301 and redirect.getheader("Location") == "https://localhost/accounts/login/"

    response, body = https(https_port, "GET", "/static/css/served-by-nginx.css")
    assert response.status == 200 and body == b"body { color: #123456; }\n"
    assert response.getheader("X-Request-ID") is None  # nginx's own answer, not the application's

    response, body = https(https_port, "GET", "/accounts/login/")
    assert response.status == 200 and response.getheader("X-Request-ID")  # the page, from Django
    cookie = response.getheader("Set-Cookie").split(";")[0]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = f"username={cm_editor.username}&password={PASSWORD}&csrfmiddlewaretoken={token}"
    response, _ = https(
        https_port,
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Referer": f"https://localhost:{https_port}/accounts/login/",
            "X-Forwarded-For": "203.0.113.66",  # what a client claims; nginx adds what it saw
        },
    )
    assert response.status == 302, response.status  # signed in, over HTTPS as Django sees it
    event = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN, user=cm_editor)
    assert event.ip_address == "127.0.0.2"  # the client nginx saw, not nginx (127.0.0.1), not the claim

    too_big = "x" * (settings.MAX_REQUEST_BYTES + 1)
    response, body = https(https_port, "POST", "/accounts/login/", body=too_big, headers={"Content-Type": "text/plain"})
    assert response.status == 413 and b"nginx" in body  # refused by nginx before the application reads it


def local_copy(path: Path, tmp: Path) -> Path:
    """The unit with this checkout for /srv/labourplan, root for the service's user."""
    text = path.read_text().replace("/srv/labourplan", str(ROOT))
    text = text.replace("/etc/labourplan/labourplan.env", str(tmp / "labourplan.env"))
    text = re.sub(r"^(User|Group)=.*$", r"\1=root", text, flags=re.MULTILINE)
    (tmp / "labourplan.env").touch()
    copy = tmp / path.name
    copy.write_text(text)
    return copy


def test_the_systemd_units_are_accepted_and_their_commands_exist(tmp_path):
    assert {p.name for p in UNITS} >= {
        "labourplan.service",
        "labourplan-notifications.service",
        "labourplan-worker.service",
        "labourplan-reminders.service",
        "labourplan-reminders.timer",
    }
    copies = [local_copy(p, tmp_path) for p in UNITS]
    commands = get_commands()
    for path in UNITS:
        if path.suffix != ".service":
            continue
        service = unit(local_copy(path, tmp_path))["Service"]
        for line in [service["ExecStart"], *service.get("ExecStartPre", "").splitlines()]:
            if not line:
                continue
            program, *args = line.split()
            assert Path(program).is_file(), (path.name, program)  # in this checkout's .venv
            if "manage.py" in args:
                assert args[args.index("manage.py") + 1] in commands, (path.name, line)
    if shutil.which("systemd-analyze"):
        done = subprocess.run(
            ["systemd-analyze", "verify", "--man=no", *map(str, copies)], capture_output=True, text=True
        )
        assert done.returncode == 0 and "labourplan" not in done.stderr, done.stderr
        timer = unit(DEPLOY / "systemd" / "labourplan-reminders.timer")["Timer"]
        calendar = subprocess.run(["systemd-analyze", "calendar", timer["OnCalendar"]], capture_output=True, text=True)
        assert calendar.returncode == 0 and "07:05:00" in calendar.stdout, calendar.stderr


def test_the_containerfile_copies_and_runs_what_is_there():
    text = (DEPLOY / "Containerfile").read_text()
    for source in re.findall(r"^COPY (\S+) ", text, flags=re.MULTILINE):
        assert (ROOT / source).exists(), source
    assert 'CMD ["gunicorn", "labourplan.wsgi", "-c", "gunicorn.conf.py"]' in text
    assert (ROOT / "gunicorn.conf.py").exists()
    ignored = (ROOT / ".containerignore").read_text().split()
    assert {".git", ".venv", "var", ".env"} <= set(ignored)  # no secrets, no local database in the image
    for name in re.findall(r"(\b[A-Z][A-Z_]+)=", text.split("ENV ", 1)[1].splitlines()[0]):
        assert name in settings_variables(), name
