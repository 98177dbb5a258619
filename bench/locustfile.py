"""The deadline-day crowd, for `make load` (bench/load.py writes the assignments it reads).

Each provincial officer signs in, opens its month's report, saves a result twice (the second
time on the revision the first returned, as the page's autosave does) and submits. Central
analysts keep refreshing the national pages meanwhile.
"""

import itertools
import json
import os
import re

from locust import HttpUser, between, task

ASSIGNMENTS = json.loads(open(os.environ["LOAD_ASSIGNMENTS"], encoding="utf-8").read())  # noqa: SIM115
PASSWORD = os.environ["LOAD_PASSWORD"]
HEADERS = {"Accept-Language": "th"}
REMARK = "ผลตามจริง"  # a result far above a month's target needs the officer's confirmation and a remark
# The certificate to trust when the host is a TLS proxy with its own (tests/test_cluster.py's nginx):
# locust's users ignore REQUESTS_CA_BUNDLE.
VERIFY = os.environ.get("LOAD_CA_BUNDLE") or True
_next_officer = itertools.count()
_next_analyst = itertools.count()


def sign_in(user, username: str) -> None:
    user.client.verify = VERIFY
    page = user.client.get("/accounts/login/", name="sign in (page)", headers=HEADERS)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    user.client.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        name="sign in",
        headers={**HEADERS, "Referer": user.host + "/accounts/login/"},
    )


def api_headers(user) -> dict:
    return {**HEADERS, "X-CSRFToken": user.client.cookies.get("csrftoken", ""), "Referer": user.host + "/"}


class ProvincialOfficer(HttpUser):
    fixed_count = len(ASSIGNMENTS["officers"])
    wait_time = between(0.5, 2)

    def on_start(self):
        self.job = ASSIGNMENTS["officers"][next(_next_officer)]
        self.done = False
        sign_in(self, self.job["username"])

    @task
    def report_the_month(self):
        if self.done:  # one attempt per officer: afterwards the officer only waits
            return
        self.done = True
        job = self.job
        opened = self.client.post(
            f"/api/plans/{job['plan']}/reports/", json={"month_index": job["month"]}, name="open report (API)",
            headers=api_headers(self),
        )  # fmt: skip
        report = opened.json()["id"]
        self.client.get(f"/reports/{report}/", name="open report (page)", headers=HEADERS)
        revision = 0
        for value in job["values"]:  # two saves of the same row
            change = {"revision": revision, "result": value, "confirmed": True, "remark": REMARK}
            saved = self.client.put(
                f"/api/reports/{report}/results/{job['item']}/", json=change, name="save result",
                headers=api_headers(self),
            )  # fmt: skip
            revision = saved.json()["revision"]
        self.client.post(f"/api/reports/{report}/submit/", name="submit", headers=api_headers(self))


class CentralAnalyst(HttpUser):
    fixed_count = len(ASSIGNMENTS["analysts"])
    wait_time = between(2, 5)

    def on_start(self):
        sign_in(self, ASSIGNMENTS["analysts"][next(_next_analyst)])

    @task
    def refresh_the_national_pages(self):
        for name, url in ASSIGNMENTS["national_pages"]:
            self.client.get(url, name=name, headers=HEADERS)
