"""Logs and error reports as production has them, each in a process of its own started the way
production starts it (settings read from the environment at start-up): JSON application log
lines carrying the request's id, gunicorn's access log line, and an exception in a view reported
to a Sentry server (here a loopback HTTP server at the network boundary) without personal data."""

import gzip
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUEST_ID = "3f9c2a7e51d04b8d"

# Run in a fresh Python: a request through Django's full stack (middleware, URL resolver, handler).
REQUEST_SCRIPT = """
import sys, types
import django
django.setup()
from django.core.management import call_command
call_command("migrate", "sessions", verbosity=0)  # the session middlewares read the session's row
from django.test import Client
from django.test.utils import override_settings
from django.urls import path

def boom(request):
    figures = {"officer": "วิไล", "secret_figure": 73194586201}  # a number no timestamp holds
    raise ZeroDivisionError("a division by zero in a view")

urls = types.ModuleType("boom_urls")
urls.urlpatterns = [path("boom/", boom)]
with override_settings(ROOT_URLCONF=urls):
    response = Client(raise_request_exception=False).get(
        sys.argv[1], HTTP_X_REQUEST_ID=sys.argv[2], HTTP_COOKIE="sessionid=do-not-send-me"
    )
print("STATUS", response.status_code, response.headers.get("X-Request-ID"))
import sentry_sdk
sentry_sdk.flush(timeout=10)
"""


def run_request(path: str, database: Path, **env) -> subprocess.CompletedProcess:
    """The request in a process of its own, on a database of its own (a new SQLite file)."""
    return subprocess.run(
        [sys.executable, "-c", REQUEST_SCRIPT, path, REQUEST_ID],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "labourplan.settings",
            "DATABASE_URL": f"sqlite:///{database}",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_log_line_is_one_json_object_with_the_requests_id(tmp_path):
    done = run_request("/no-such-page/", tmp_path / "db.sqlite3", LOG_FORMAT="json", SENTRY_DSN="")
    assert done.returncode == 0, done.stderr
    assert f"STATUS 404 {REQUEST_ID}" in done.stdout  # the id is on the response too
    records = [json.loads(line) for line in done.stderr.splitlines() if line.strip()]
    not_found = [r for r in records if r["logger"] == "django.request"]
    assert len(not_found) == 1, done.stderr
    record = not_found[0]
    assert {"time", "level", "logger", "message", "request_id"} <= set(record)
    assert (record["level"], record["request_id"]) == ("WARNING", REQUEST_ID)
    assert record["message"] == "Not Found: /no-such-page/"


class _Collector(BaseHTTPRequestHandler):
    received: list

    def do_POST(self):
        data = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            data = gzip.decompress(data)
        elif encoding == "deflate":
            data = zlib.decompress(data)
        elif encoding == "br":
            import brotli

            data = brotli.decompress(data)
        self.received.append((self.path, data.decode("utf-8")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_an_exception_in_a_view_is_reported_to_the_sentry_server_without_personal_data(tmp_path):
    received = []
    handler = type("Handler", (_Collector,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        dsn = f"http://publickey@127.0.0.1:{server.server_address[1]}/42"
        done = run_request("/boom/", tmp_path / "db.sqlite3", SENTRY_DSN=dsn, LOG_FORMAT="text")
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr
    assert "STATUS 500" in done.stdout
    events = [body for path, body in received if path == "/api/42/envelope/" and '"exception"' in body]
    assert len(events) == 1, received
    event = json.loads(events[0].splitlines()[2])  # envelope header, item header, the event
    exception = event["exception"]["values"][-1]
    assert (exception["type"], exception["value"]) == ("ZeroDivisionError", "a division by zero in a view")
    assert event["transaction"] == "/boom/", event.get("request")
    assert all("vars" not in frame for frame in exception["stacktrace"]["frames"])  # no local variables
    for personal in ("73194586201", "secret_figure", "วิไล"):
        assert personal not in events[0], personal
    assert "do-not-send-me" not in events[0] and "cookies" not in event["request"]
    assert "ip_address" not in json.dumps(event.get("user", {}))


def test_without_a_dsn_nothing_is_sent(tmp_path):
    done = run_request("/boom/", tmp_path / "db.sqlite3", SENTRY_DSN="", LOG_FORMAT="text")
    assert done.returncode == 0, done.stderr
    assert "STATUS 500" in done.stdout
    check = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); import sentry_sdk; print(sentry_sdk.is_initialized())"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "labourplan.settings", "SENTRY_DSN": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.stdout.strip() == "False", check.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorns_access_log_names_the_request_the_forwarded_client_and_the_id(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "labourplan.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_ACCESSLOG": "-",
        "GUNICORN_WORKERS": "1",
        "SENTRY_DSN": "",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "labourplan.wsgi", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/healthz", headers={"X-Request-ID": REQUEST_ID, "X-Forwarded-For": "203.0.113.9"}
        )
        for _ in range(300):  # until gunicorn listens; then one request, however long the first takes
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (loopback)
            assert response.status == 200
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    lines = [line for line in output.splitlines() if "/healthz" in line]
    assert len(lines) == 1, output
    line = lines[0]
    assert line.startswith("127.0.0.1 - - [")
    assert '"GET /healthz HTTP/1.1" 200 ' in line
    assert 'forwarded_for="203.0.113.9"' in line and f"request_id={REQUEST_ID}" in line
    assert "duration_ms=" in line
