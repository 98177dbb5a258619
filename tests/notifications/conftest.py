"""A stand-in for the LINE platform on loopback: the product's requests go to it through the
real SDK and HTTP, and the tests read what was sent."""

import json
import threading
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

CHANNEL_TOKEN = "test-channel-access-token"
CHANNEL_SECRET = "test-channel-secret"


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


class FakeLine:
    def __init__(self):
        self.requests: list[Received] = []
        self.answers: deque[tuple[int, dict]] = deque()  # what to answer next; 200 when empty
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                fake.requests.append(Received("POST", self.path, dict(self.headers), body))
                status, answer = fake.answers.popleft() if fake.answers else (200, {"sentMessages": [{"id": "1"}]})
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        return Handler

    def pushes(self):
        return [r for r in self.requests if r.path == "/v2/bot/message/push"]

    def replies(self):
        return [r for r in self.requests if r.path == "/v2/bot/message/reply"]


@pytest.fixture
def fake_line(settings):
    fake = FakeLine()
    fake.thread.start()
    settings.LINE_API_BASE_URL = fake.url
    settings.LINE_CHANNEL_ACCESS_TOKEN = CHANNEL_TOKEN
    settings.LINE_CHANNEL_SECRET = CHANNEL_SECRET
    settings.SITE_URL = "https://labourplan.mol.go.th"
    yield fake
    fake.server.shutdown()
    fake.server.server_close()
