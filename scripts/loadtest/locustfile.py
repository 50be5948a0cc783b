"""Locust users of 数转通 for `make loadtest` (scripts/loadtest/run starts the server and
writes LOADTEST_DATA, the accounts and ids of the demo data copy it serves).

Four kinds of user, as many visitors as the three signed-in kinds together: visitors browse
and search the catalog and open products; enterprises open their needs with matches and
compare quotes; providers look at their inbox, leads and products; officials at the
dashboard, the review queue and the lists. LOADTEST_WAIT: "0" (stress, no wait) or "1-3"
(seconds between pages, realistic). Requests are named by page, so the figures are per page.
"""

import json
import os
import random
import re
from http.cookiejar import Cookie
from pathlib import Path
from urllib.parse import urlsplit

from locust import between, constant, task
from locust.contrib.fasthttp import FastHttpUser

DATA = json.loads(Path(os.environ["LOADTEST_DATA"]).read_text(encoding="utf-8"))
SEARCHES = ("设备联网", "MES", "仓储", "能耗监测", "质量追溯", "ERP", "排产", "数字化")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _wait():
    low, _, high = os.environ.get("LOADTEST_WAIT", "0").partition("-")
    return constant(float(low)) if not high else between(float(low), float(high))


def _cookie(name: str, value: str, host: str) -> Cookie:
    return Cookie(
        0,
        name,
        value,
        None,
        False,
        host,
        False,
        False,
        "/",
        True,
        False,
        None,
        False,
        None,
        None,
        {},
    )


# FastHttpUser (geventhttpclient): a simulated user costs the load generator a fraction of
# what requests-based HttpUser costs, so on 2 cores the server, not Locust, is measured.
class Visitor(FastHttpUser):
    weight = 3
    wait_time = _wait()

    @task(2)
    def home(self):
        self.client.get("/", name="home")

    @task(3)
    def catalog(self):
        self.client.get("/catalog/browse", name="catalog")

    @task(3)
    def search(self):
        self.client.get(
            "/catalog/browse", params={"q": random.choice(SEARCHES)}, name="catalog search"
        )

    @task(4)
    def product(self):
        self.client.get(f"/catalog/products/{random.choice(DATA['products'])}", name="product page")


class SignedIn(FastHttpUser):
    """Uses the session the driver signed its account in with (scripts/loadtest/run), so
    the figures are the pages', not scrypt's; signs in itself when there is none."""

    abstract = True
    wait_time = _wait()
    accounts: list = []

    def on_start(self):
        self.account = random.choice(self.accounts)
        if self.account.get("cookies"):
            host = urlsplit(self.host).hostname
            for name, value in self.account["cookies"].items():
                self.client.cookiejar.set_cookie(_cookie(name, value, host))
            return
        page = self.client.get("/account/login", name="sign in (form)")
        token = CSRF.search(page.text)
        with self.client.post(
            "/account/login",
            data={
                "email": self.account["email"],
                "password": DATA["password"],
                "csrf_token": token.group(1) if token else "",
            },
            name="sign in",
            catch_response=True,
        ) as response:
            if "/account/login" in response.url:
                response.failure(f"sign-in refused for {self.account['email']}")

    def open(self, url: str, name: str) -> None:
        """A page as this user: anything but the page itself (a redirect to the sign-in
        form when the session is not taken) counts as an error."""
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {self.account['email']}")


class Enterprise(SignedIn):
    weight = 1
    accounts = DATA["enterprises"]

    @task(3)
    def need(self):
        self.open(f"/needs/{random.choice(self.account['needs'])}", "need page")

    @task(2)
    def compare(self):
        need = random.choice(self.account["needs"])
        self.open(f"/quotes/need/{need}/compare", "quote comparison")

    @task(1)
    def my_needs(self):
        self.open("/needs/my-needs", "my needs")


class Provider(SignedIn):
    weight = 1
    accounts = DATA["providers"]

    @task(2)
    def inbox(self):
        self.open("/quotes/inbox", "provider inbox")

    @task(2)
    def leads(self):
        self.open("/needs/leads", "leads")

    @task(1)
    def products(self):
        self.open("/catalog/my-products", "provider products")


class Official(SignedIn):
    weight = 1
    accounts = DATA["officials"]

    @task(3)
    def dashboard(self):
        self.open("/supervision/dashboard", "official dashboard")

    @task(2)
    def review_queue(self):
        self.open("/supervision/review-queue", "review queue")

    @task(2)
    def lists(self):
        kind = random.choice(("needs", "providers", "products", "enterprises"))
        self.open(f"/supervision/{kind}", "supervision lists")
