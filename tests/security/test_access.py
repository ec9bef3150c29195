"""Issue 9, part 1: every page and every API operation, asked for by every role.

The walk takes the URL patterns from Django's resolver and the operations from the API's
OpenAPI document, so pages and endpoints added later are walked too; a pattern with path
parameters needs a sample in samples.py, or this test fails saying which. For each role
(anonymous, provinsi, the operators of Sambas and of Kubu Raya, a BPJS officer whose
branch serves Sambas, pimpinan) it checks:

- anonymous visitors get the login page (pages) or 401 (API);
- an object of a regency outside the user's scope answers 404/403;
- no answer holds the name or the full NIK of a person outside the user's scope;
- full NIKs reach only the roles allowed by can_see_full_nik; a role that may not see
  them also never gets a person's full birth date (in any format the app prints, or an
  XLSX date cell), only the year: the birth date is NIK digits 7-12;
- an answer that holds a person's name or full NIK leaves an audit event (view or
  export of personal data) for that user.

Answers are read as text, XLSX (unzipped) and PDF (text extracted)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ucj.accounts.models import AuditAction, AuditEvent
from ucj.accounts.selectors import can_see_full_nik, region_scope

from .samples import API, API_QUERIES, PAGE_QUERIES, PAGES, Sample
from .wording import visible_text, wording_problems
from .world import REGENCIES, World

ROLES = ["anonymous", "provinsi", "kabupaten_sambas", "kabupaten_kubu_raya", "bpjs",
         "pimpinan"]

# Not walked, and why.
SKIPPED_PREFIXES = {
    "admin/": "Django's admin: superusers only (403 for anyone else signed in, "
              "tests/core/test_master_data.py), tested by Django; the UCJ "
              "objects there are master data, the audit trail is read-only",
    "static/": "static files (DEBUG only), no data",
    "i18n/": "the language switch: a POST that only sets a cookie and redirects",
    "api/": "the API is walked operation by operation from its OpenAPI document below",
}
# Pages anyone may open: the login page, logout, and the API's own description.
PUBLIC = {"accounts:login", "accounts:logout"}
PUBLIC_API_DOCS = ["/api/openapi.json", "/api/docs"]
DENIED = {403, 404, 405}
PERSONAL_ACTIONS = [AuditAction.VIEW_PERSONAL, AuditAction.EXPORT_PERSONAL]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


def birth_date_pattern(born: date) -> re.Pattern[str]:
    """A birth date as the app (or a spreadsheet) may print it: 01-07-1990, 1-7-1990,
    1990-07-01, 01/07/1990, 01.07.1990, "1 Juli 1990", "01 Jul 1990", "1 July 1990",
    "July 1, 1990", and an XLSX date cell (its serial number, <v>33055</v>)."""
    d, m, y = born.day, born.month, born.year
    day, month = rf"0?{d}", rf"0?{m}"
    names = "|".join(re.escape(n) for n in {MONTHS_ID[m - 1], MONTHS_EN[m - 1],
                                            MONTHS_ID[m - 1][:3], MONTHS_EN[m - 1][:3]})
    forms = [
        rf"{day}[-/.]{month}[-/.]{y}",
        rf"{y}[-/.]{month}[-/.]{day}",
        rf"{day}[ -](?:{names})\.?[ -]{y}",
        rf"(?:{names}) {day}, {y}",
    ]
    serial = (born - date(1899, 12, 30)).days
    return re.compile(rf"(?<![\d])(?:{'|'.join(forms)})(?![\d])|<v>{serial}</v>",
                      re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    key: str  # "namespace:name", or the route when the pattern has no name
    route: str
    params: tuple[str, ...]


def _route_params(route: str) -> tuple[str, ...]:
    return tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))


def pages(patterns=None) -> list[Page]:
    found: list[Page] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if any(route.startswith(skip) for skip in SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                if route.startswith("^") or "(?P" in route:
                    raise AssertionError(f"regex URL pattern {route!r}: use path() so that "
                                         "the access walk can fill it")
                key = f"{namespace}{pattern.name}" if pattern.name else route
                found.append(Page(key=key, route=route, params=_route_params(route)))

    walk(get_resolver().url_patterns if patterns is None else patterns, "", "")
    return found


def fill(route: str, kwargs: dict) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)


def missing_sample(key: str, route: str, params) -> str:
    return (f"add a sample for {key} (route /{route}, parameters {', '.join(params)}) to "
            "tests/security/samples.py, so that the access walk can ask for it as every role")


def answer_text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith(XLSX) or body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return " ".join(archive.read(name).decode("utf-8", "replace")
                            for name in archive.namelist() if name.endswith(".xml"))
    if kind.startswith("application/pdf") or body[:5] == b"%PDF-":
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        try:
            return " ".join(page.extract_text() or ""
                            for page in PdfReader(io.BytesIO(body)).pages)
        except (PyPdfError, ValueError):  # not a whole PDF (an uploaded file): its bytes
            return body.decode("utf-8", "replace")
    return body.decode("utf-8", "replace")


class Walk:
    def __init__(self, world: World, role: str):
        self.world = world
        self.role = role
        self.user = world.users[role]
        self.client = Client()
        if self.user is not None:
            self.client.force_login(self.user)
        self.scope = region_scope(self.user) if self.user else None
        self.problems: list[str] = []
        self.requests = 0
        self.statuses: dict[int, int] = {}

    # what the user may see
    def allows(self, regency: str) -> bool:
        return self.scope is not None and self.scope.allows(regency)

    def get(self, url: str, *, api: bool = False):
        self.requests += 1
        headers = {}
        if api and self.user is not None:
            # The API as a script would use it: with the user's token, not the session.
            headers["Authorization"] = f"Bearer {self.world.tokens[self.role]}"
            client = Client()
        else:
            client = self.client
        before = set(AuditEvent.objects.values_list("pk", flat=True))
        response = client.get(url, headers=headers)
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        audited = AuditEvent.objects.exclude(pk__in=before).filter(
            action__in=PERSONAL_ACTIONS, actor=self.user).exists() if self.user else False
        return response, audited

    def check(self, what: str, url: str, *, api: bool = False, sample_regency: str | None = None,
              public: bool = False) -> None:
        response, audited = self.get(url, api=api)
        status = response.status_code
        problem = lambda text: self.problems.append(f"{self.role} GET {url} ({what}): {text}")  # noqa: E731
        if status >= 500:
            problem(f"server error {status}")
            return
        if self.user is None and not public:
            if api:
                if status != 401:
                    problem(f"anonymous got {status}, expected 401")
            elif status != 302 or not response["Location"].startswith(reverse(settings.LOGIN_URL)):
                problem(f"anonymous got {status}, expected a redirect to the login page")
            return
        if sample_regency is not None and not self.allows(sample_regency) and status not in DENIED:
            problem(f"an object of {sample_regency} answered {status}, expected 404/403")
        text = answer_text(response)
        shown = []
        for regency in REGENCIES:
            for person in self.world.personal(regency):
                seen = [label for label, value in (("NIK", person.nik), ("name", person.name))
                        if value in text]
                if not seen:
                    continue
                if not self.allows(regency):
                    problem(f"shows the {' and '.join(seen)} of {person.name} of {regency}, "
                            "outside the user's regions")
                shown.append(person)
                if "NIK" in seen and not can_see_full_nik(self.user):
                    problem(f"shows the full NIK of {person.name} to a role that may not see it")
        if self.user is not None and not can_see_full_nik(self.user):
            born: dict[date, list[str]] = {}
            for regency in REGENCIES:
                for person in self.world.personal(regency):
                    born.setdefault(person.born, []).append(person.name)
            for day, names in born.items():
                found = birth_date_pattern(day).search(text)
                if found:
                    problem(f"shows the birth date of {' or '.join(names)} ({found.group(0)}) "
                            "to a role that sees birth years only")
        if shown and not audited:
            problem(f"shows personal data ({shown[0].name}, …) without an audit event")
        if not api and status == 200 and response.get("Content-Type", "").startswith("text/html"):
            names = {user.username for user in self.world.users.values() if user is not None}
            for wrong in wording_problems(visible_text(text), "id", names=names):
                problem(wrong)


def _queries(extra: dict, key: str) -> list[str]:
    return [""] + ["?" + urlencode(query) for query in extra.get(key, [])]


def page_addresses(world: World, patterns=None, problems: list[str] | None = None):
    """(page key, address, sample regency or None, public) for every page of the access
    world: each sample's kwargs (per regency where the sample is) and each query sample.
    A page with parameters and no sample is reported in `problems` and skipped."""
    for page in pages(patterns):
        if page.params:
            sample: Sample | None = PAGES.get(page.key)
            if sample is None:
                if problems is not None:
                    problems.append(missing_sample(page.key, page.route, page.params))
                continue
            targets = [(sample.kwargs(world, r), r if sample.per_regency else None)
                       for r in (REGENCIES if sample.per_regency else REGENCIES[:1])]
        else:
            targets = [({}, None)]
        for kwargs, regency in targets:
            for query in _queries(PAGE_QUERIES, page.key):
                yield page.key, fill(page.route, kwargs) + query, regency, page.key in PUBLIC


def walk_pages(walk: Walk, patterns=None) -> None:
    for key, url, regency, public in page_addresses(walk.world, patterns, walk.problems):
        walk.check(key, url, sample_regency=regency, public=public)


def operations():
    from ucj.api.urls import api

    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def walk_api(walk: Walk) -> None:
    for url in PUBLIC_API_DOCS:
        walk.check("API description", url, public=True)
    for path, method, operation in operations():
        params = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
        sample = API.get(path)
        if params and sample is None:
            walk.problems.append(missing_sample(operation["operationId"], path.lstrip("/"),
                                                params))
            continue
        if sample is None:
            targets = [({}, None)]
        else:
            targets = [(sample.kwargs(walk.world, r), r if sample.per_regency else None)
                       for r in (REGENCIES if sample.per_regency else REGENCIES[:1])]
        for kwargs, regency in targets:
            url = re.sub(r"{(\w+)}", lambda m, kw=kwargs: str(kw[m.group(1)]), path)
            if walk.user is None:
                # Every method, not only GET: nothing answers without authentication.
                response = getattr(walk.client, method)(url)
                if response.status_code != 401:
                    walk.problems.append(f"anonymous {method.upper()} {url}: "
                                         f"{response.status_code}, expected 401")
                continue
            if method != "get":
                continue  # writes are exercised by schemathesis and the apps' own tests
            for query in _queries(API_QUERIES, path):
                walk.check(operation["operationId"], url + query, api=True,
                           sample_regency=regency)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_and_endpoint_respects_scope_masking_and_audit(world, role):
    walk = Walk(world, role)
    walk_pages(walk)
    walk_api(walk)
    assert walk.requests > 40
    print(f"{role}: {walk.requests} requests, statuses {sorted(walk.statuses.items())}")
    assert not walk.problems, f"{len(walk.problems)} problems:\n" + "\n".join(walk.problems)


def test_the_world_has_what_the_walk_needs(world):
    """The walk can only fail on data it has: people in both regencies, a link candidate
    in each, and the fixture's roles seeing what they should."""
    assert all(world.objects[r]["candidate"] is not None for r in REGENCIES)
    assert can_see_full_nik(world.users["kabupaten_sambas"])
    assert not can_see_full_nik(world.users["pimpinan"])
    assert region_scope(world.users["bpjs"]).allows("61.01")
    assert not region_scope(world.users["bpjs"]).allows("61.12")
    # Sambas sent a Kubu Raya NIK: queued for the province, never listed for Sambas.
    conflict = world.shared["conflict"]
    assert (conflict.regency_id, conflict.status) == ("61.01", "open")
    assert conflict.worker.nik == world.people["61.12"][3].nik
    assert set(conflict.worker.listings.values_list("regency_id", flat=True)) == {"61.12"}


def test_a_leak_would_be_found(world):
    """The checks themselves: a page that showed another regency's worker, or a full NIK
    to a leader, or personal data without an audit event, is reported."""
    from unittest import mock

    sambas = Walk(world, "kabupaten_sambas")
    other = world.people["61.12"][0]
    fake = mock.Mock(status_code=200, streaming=False,
                     content=f"<td>{other.nik}</td><td>{other.name}</td>".encode())
    fake.get.return_value = "text/html"
    with mock.patch.object(Walk, "get", return_value=(fake, False)):
        sambas.check("fake", "/x/", sample_regency="61.12")
    text = "\n".join(sambas.problems)
    assert "answered 200, expected 404/403" in text
    assert "outside the user's regions" in text and "without an audit event" in text
    leader = Walk(world, "pimpinan")
    with mock.patch.object(Walk, "get", return_value=(fake, True)):
        leader.check("fake", "/x/")
    assert any("full NIK" in p for p in leader.problems)


def test_a_new_url_without_a_sample_fails_the_walk(world):
    from django.urls import include, path

    def view(request, thing_id):
        raise AssertionError("not called")

    extra = [path("baru/", include(([path("<int:thing_id>/", view, name="thing")], "baru")))]
    walk = Walk(world, "provinsi")
    walk_pages(walk, patterns=extra)
    assert walk.problems == [
        "add a sample for baru:thing (route /baru/<int:thing_id>/, parameters thing_id) to "
        "tests/security/samples.py, so that the access walk can ask for it as every role"]


@pytest.mark.parametrize("shown", ["01-07-1990", "1-7-1990", "1990-07-01", "01/07/1990",
                                   "01.07.1990", "1 Juli 1990", "01 Jul 1990", "1 July 1990",
                                   "July 1, 1990", '<c r="C2" s="1"><v>33055</v></c>'])
def test_a_birth_date_shown_to_a_leader_would_be_found(world, shown):
    """The birth-date check: Siti, born 1 July 1990, in any of the forms the app prints is
    reported for a leader (not for a role that sees full data); her birth year alone, or
    another day, is not."""
    from unittest import mock

    siti = world.people["61.01"][0]
    assert siti.born == date(1990, 7, 1)

    def problems(role: str, body: str) -> list[str]:
        walk = Walk(world, role)
        fake = mock.Mock(status_code=200, streaming=False, content=body.encode())
        fake.get.return_value = "text/html"
        with mock.patch.object(Walk, "get", return_value=(fake, True)):
            walk.check("fake", "/x/")
        return walk.problems

    assert any("birth date of Siti Sambasuji" in p for p in problems("pimpinan", f"<td>{shown}</td>"))
    assert problems("provinsi", f"<td>{shown}</td>") == []
    for harmless in ["1990", "11-07-1990", "01-07-19901", "21 Juli 1990", "<v>330550</v>"]:
        assert problems("pimpinan", f"<td>{harmless}</td>") == [], harmless
