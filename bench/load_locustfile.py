"""The users of the load test (bench/load.py starts locust with this file; not run alone).

Two kinds of signed-in users browse HTML pages (no static files: a browser would have
them cached after the first page):

- province staff (`provinsi`): the province dashboard, a random regency's dashboard and
  registry searches over the whole province;
- regency operators (`kabupaten`, spread over the 14 regencies): their own regency's
  dashboard, one of its kecamatan, registry searches within it, their submissions and the
  home page.

Each logs in once through the login form (GET the form, POST with the CSRF token) and
then waits `think` seconds (uniform) between pages. Every request is recorded with its
wall-clock start so bench/load.py can cut the run into windows (before, during and after
the import). When every user has logged in the file named by `ready_file` is written and
the test runs `duration` seconds more, then stops itself.

Configuration: the JSON file named by the environment variable UCJ_LOAD_CONFIG.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from http.cookiejar import DefaultCookiePolicy
from http.cookies import SimpleCookie

import gevent
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

with open(os.environ["UCJ_LOAD_CONFIG"]) as _config:
    CONFIG = json.load(_config)
THINK = tuple(CONFIG["think"])
RECORDS: list[tuple[float, str, float, int, str]] = []
LOGGED_IN: list[float] = []
_regency_turn = itertools.count()
_random = random.Random(CONFIG["seed"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None,
            context=None, exception=None, start_time=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    RECORDS.append((start_time or time.time() - response_time / 1000, name, response_time,
                    status, "" if exception is None else f"{type(exception).__name__}: "
                    f"{str(exception)[:200]}"))


def _write_records(**kwargs) -> None:
    path = CONFIG["records_file"]
    if os.path.exists(path):
        return
    with open(path + ".part", "w") as out:
        json.dump({"logged_in": LOGGED_IN, "records": RECORDS}, out)
    os.replace(path + ".part", path)


events.test_stop.add_listener(_write_records)
events.quitting.add_listener(_write_records)


def _stop_later(environment) -> None:
    gevent.sleep(CONFIG["duration"])
    environment.runner.quit()


class _Signed(FastHttpUser):
    """Cookies are kept by hand: with UCJ_DEBUG=0 Django marks them Secure, and the
    load test talks plain HTTP to 127.0.0.1 (no TLS proxy in front)."""

    abstract = True
    wait_time = between(*THINK)
    username = ""

    def on_start(self) -> None:
        self.cookies: dict[str, str] = {}
        self.client.cookiejar.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        form = self.client.get("/akun/masuk/", name="login form")
        self._remember(form)
        token = CSRF.search(form.text or "")
        with self.client.post("/akun/masuk/", name="login", allow_redirects=False,
                              data={"username": self.username, "password": CONFIG["password"],
                                    "csrfmiddlewaretoken": token.group(1) if token else "",
                                    "next": "/"},
                              headers=self._headers(), catch_response=True) as response:
            self._remember(response)
            if response.status_code != 302 or "sessionid" not in self.cookies:
                response.failure(f"login of {self.username} gave {response.status_code}")
                self.environment.runner.quit()  # no point measuring signed-out users
                raise StopUser
        LOGGED_IN.append(time.time())
        if len(LOGGED_IN) == CONFIG["users"]:
            with open(CONFIG["ready_file"], "w") as out:
                out.write(str(time.time()))
            gevent.spawn(_stop_later, self.environment)

    def _remember(self, response) -> None:
        for value in response.headers.getlist("set-cookie") if response.headers else []:
            parsed = SimpleCookie()
            parsed.load(value)
            self.cookies.update({name: morsel.value for name, morsel in parsed.items()})

    def _headers(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def page(self, path: str, name: str) -> None:
        """An HTML page that must answer 200 itself (a redirect, e.g. to the login page,
        counts as an error)."""
        with self.client.get(path, name=name, allow_redirects=False, headers=self._headers(),
                             catch_response=True) as response:
            self._remember(response)
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif b"</html>" not in (response.content or b"")[-200:]:
                response.failure("page cut short")

    def search(self, name: str) -> None:
        term = _random.choice(CONFIG["search_terms"])
        self.page(f"/registri/?name={term}", name)


class ProvinceUser(_Signed):
    weight = CONFIG["province_weight"]
    username = CONFIG["province_username"]

    @task(3)
    def province_dashboard(self):
        self.page("/cakupan/", "prov /cakupan/")

    @task(3)
    def regency_dashboard(self):
        code = _random.choice(CONFIG["regencies"])
        self.page(f"/cakupan/wilayah/{code}/", "prov /cakupan/wilayah/[kode]/")

    @task(2)
    def registry_search(self):
        self.search("prov /registri/?name=")


class RegencyUser(_Signed):
    weight = CONFIG["regency_weight"]

    def on_start(self) -> None:
        regencies = CONFIG["regencies"]
        self.regency = regencies[next(_regency_turn) % len(regencies)]
        self.username = CONFIG["regency_usernames"][self.regency]
        super().on_start()

    @task(3)
    def own_dashboard(self):
        self.page(f"/cakupan/wilayah/{self.regency}/", "kab /cakupan/wilayah/[own]/")

    @task(1)
    def kecamatan(self):
        code = _random.choice(CONFIG["kecamatan"][self.regency])
        self.page(f"/cakupan/kecamatan/{code}/", "kab /cakupan/kecamatan/[kode]/")

    @task(2)
    def registry_search(self):
        self.search("kab /registri/?name=")

    @task(1)
    def submissions(self):
        self.page("/registri/kiriman/", "kab /registri/kiriman/")

    @task(1)
    def home(self):
        self.page("/", "kab /")
