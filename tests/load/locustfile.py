"""Outcomes under load: a regulator, a service manager and an API client, with /healthz
asked by each at the same concurrency as the floor every endpoint is measured against.

Run by `make loadtest` (tests/load/run.sh), which starts gunicorn on PostgreSQL with the
national synthetic data and passes the accounts in OUTCOMES_LOAD_ACCOUNTS (JSON from
tests/load/prepare.py). Not part of `make test`.
"""

from __future__ import annotations

import json
import os
import re

from locust import HttpUser, between, task

ACCOUNTS = json.loads(os.environ.get("OUTCOMES_LOAD_ACCOUNTS", "{}"))
FRAMEWORK = "public-service-reform"
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class _Person(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    email_key = ""

    def on_start(self) -> None:
        page = self.client.get("/sign-in", name="/sign-in").text
        found = _TOKEN.search(page)
        token = found.group(1) if found else ""
        response = self.client.post(
            "/sign-in",
            data={
                "email": ACCOUNTS[self.email_key],
                "password": ACCOUNTS["password"],
                "csrf_token": token,
            },
            allow_redirects=False,
            name="/sign-in",
        )
        if response.status_code != 302:
            raise RuntimeError(f"Sign-in failed for {ACCOUNTS[self.email_key]}")

    @task(2)
    def healthz(self) -> None:
        self.client.get("/healthz", name="/healthz")

    @task(2)
    def home(self) -> None:
        self.client.get("/", name=f"/ (home, {self.email_key})")


class Regulator(_Person):
    email_key = "regulator"

    @task(3)
    def region_report(self) -> None:
        self.client.get(
            f"/reports/?framework={FRAMEWORK}&within={ACCOUNTS['region']}",
            name="/reports/ (one region)",
        )

    @task(1)
    def national_report(self) -> None:
        self.client.get(f"/reports/?framework={FRAMEWORK}", name="/reports/ (England)")

    @task(3)
    def search(self) -> None:
        self.client.get("/search/?q=families", name="/search/?q=families")

    @task(2)
    def reviews(self) -> None:
        self.client.get("/reviews/", name="/reviews/")


class Manager(_Person):
    email_key = "manager"

    @task(3)
    def own_reviews(self) -> None:
        self.client.get("/reviews/", name="/reviews/")

    @task(2)
    def followed_report(self) -> None:
        self.client.get(
            f"/reports/?framework={FRAMEWORK}&within={ACCOUNTS['region']}"
            f"&focus_place={ACCOUNTS['place']}",
            name="/reports/ (one region, own place followed)",
        )


class ApiClient(HttpUser):
    wait_time = between(0.2, 0.8)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {ACCOUNTS['token']}"

    @task(4)
    def reviews(self) -> None:
        self.client.get("/api/v1/reviews?page=1", name="/api/v1/reviews")

    @task(2)
    def places(self) -> None:
        self.client.get("/api/v1/places?q=north", name="/api/v1/places")

    @task(1)
    def frameworks(self) -> None:
        self.client.get("/api/v1/frameworks", name="/api/v1/frameworks")

    @task(2)
    def healthz(self) -> None:
        self.client.get("/healthz", name="/healthz")
