"""A stopping server refuses new connections at once (labourplan/lib/gunicorn_worker.py): nginx then
goes on to another server before it sends anything, where gunicorn's own worker would let the
kernel complete the connection and reset it at its exit, after nginx had sent a POST it may not
send elsewhere. Meanwhile the server still answers on the connections it has.
tests/test_cluster.py shows the same under load, through nginx."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time

from tests.deploy_kit import ROOT, free_port


def test_a_stopping_server_refuses_new_connections_and_still_answers_on_its_own(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "labourplan.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_WORKERS": "1",
        "XDG_RUNTIME_DIR": str(tmp_path),  # its own control socket
        "SENTRY_DSN": "",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "labourplan.wsgi", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        kept = http.client.HTTPConnection("127.0.0.1", port, timeout=120)  # as nginx keeps its connections
        kept.request("GET", "/healthz")
        first = kept.getresponse()
        assert first.status == 200 and first.read()

        server.send_signal(signal.SIGTERM)
        refused = False
        deadline = time.monotonic() + 1.5  # gunicorn keeps a kept-alive connection 2 s when stopping
        while not refused and time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                time.sleep(0.05)
            except ConnectionRefusedError:
                refused = True
        assert refused, "a stopping server still took new connections"

        kept.request("GET", "/healthz")  # the server was still there, answering on its own connection
        answer = kept.getresponse()
        assert answer.status == 200 and answer.getheader("Connection") == "close"
    finally:
        server.terminate()
        server.wait(timeout=60)
