"""Issue 14, part 2: every write route, sent by every role.

Beside the GET walk of test_access.py: every page that takes a POST (found from Django's
resolver: a page that answers a POST with anything but 405) and every API operation with
POST, PUT, PATCH or DELETE (from the OpenAPI document) is sent with the body of
write_samples.py by anonymous, province staff, the operators of Sambas and of Kubu Raya, a
BPJS officer whose branch serves Sambas (not Kubu Raya), and a leader; pages with the
session, the API with each role's token. Objects of one regency are tried by both
regencies' operators.

When the role table (ucj/accounts/rights.py) forbids the write, the answer must be 403 or
404 (401 or the login page for anonymous) and no row of any table may change: the test
hashes every table before and after. When it allows the write, the answer must not be a
server error, and at least one allowed request per route must change a row, so that a
sample that is refused for everyone cannot pass for a protected route. Each request runs
in a savepoint that is rolled back, so every role meets the same data.

A new write route without a sample fails the walk, saying which."""

from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import urlencode

import pytest
from django.db import connection, transaction
from django.test import Client

from ucj.accounts import rights
from ucj.accounts.rights import may as table_allows

from .samples import API, PAGES
from .test_access import fill, operations, pages
from .world import REGENCIES, World
from .write_samples import API_OBJECTS, API_WRITES, PAGE_OBJECTS, PAGE_WRITES, WriteSample

ROLES = ["anonymous", "provinsi", "kabupaten_sambas", "kabupaten_kubu_raya", "bpjs",
         "pimpinan"]
WRITE_METHODS = ("post", "put", "patch", "delete")
REFUSED = {403, 404}
# Pages a POST may reach without being a write of the domain: signing in and out.
NOT_WRITES = {"accounts:login", "accounts:logout"}
# What a request changes by being made, not by what it asks: the session, and a token's
# "last used" time.
IGNORED_TABLES = {"django_session"}
IGNORED_COLUMNS = {"accounts_apitoken": {"last_used_at"}}


def table_digests() -> dict[str, str]:
    """A digest of every table's rows (order-independent)."""
    digests = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in IGNORED_TABLES:
                continue
            ignored = IGNORED_COLUMNS.get(table, set())
            cursor.execute(f'SELECT * FROM "{table}"')
            names = [column[0] for column in cursor.description]
            keep = [i for i, name in enumerate(names) if name not in ignored]
            rows = sorted(repr(tuple(row[i] for i in keep)) for row in cursor.fetchall())
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(table for table in before.keys() | after.keys()
                  if before.get(table) != after.get(table))


def page_write_routes(world: World) -> list[tuple[str, str]]:
    """(key, route) of every page that takes a POST. A page that only reads answers 405
    before its view runs (require_safe), so the parameters need no real object."""
    client = Client(raise_request_exception=False)
    client.force_login(world.users["provinsi"])
    found = []
    for page in pages():
        if page.key in NOT_WRITES:
            continue
        url = "/" + re.sub(r"<(?:(\w+):)?\w+>",
                           lambda m: "999999999" if m.group(1) in ("int", "id") else "61.01", page.route)
        with transaction.atomic():
            status = client.post(url).status_code
            transaction.set_rollback(True)
        if status != 405:
            found.append((page.key, page.route))
    return found


def api_write_routes() -> list[tuple[str, str, dict]]:
    return [(method, path, operation) for path, method, operation in operations()
            if method in WRITE_METHODS]


class WriteWalk:
    def __init__(self, world: World):
        self.world = world
        self.problems: list[str] = []
        self.requests = 0
        # Signed in before any request: signing in writes (last login, the audit trail).
        self.clients = {role: Client(raise_request_exception=False) for role in ROLES}
        for role, client in self.clients.items():
            if world.users[role] is not None:
                client.force_login(world.users[role])

    def send(self, role: str, method: str, url: str, body: dict, *, api: bool,
             content: str = "") -> int:
        client = Client(raise_request_exception=False) if api else self.clients[role]
        headers = {}
        if api and self.world.users[role] is not None:
            headers["Authorization"] = f"Bearer {self.world.tokens[role]}"
        if not api or content.endswith("form-data"):
            return getattr(client, method)(url, body, headers=headers).status_code
        if content.endswith("x-www-form-urlencoded"):
            return getattr(client, method)(url, urlencode(body, doseq=True),
                                           content_type=content, headers=headers).status_code
        return getattr(client, method)(url, json.dumps(body), content_type="application/json",
                                       headers=headers).status_code

    def try_route(self, label: str, sample: WriteSample, method: str, url_for, *, api: bool,
                  content: str = "") -> None:
        regencies = REGENCIES if sample.per_regency else REGENCIES[:1]
        wrote = False
        for regency in regencies:
            url = url_for(regency)  # makes the route's objects, outside the savepoints
            sample.body(self.world, regency)
            for role in ROLES:
                user = self.world.users[role]
                allowed = (user is not None and (
                    sample.action is None
                    or table_allows(user, sample.action,
                                    regency if sample.per_regency else None)))
                with transaction.atomic():
                    before = table_digests()
                    status = self.send(role, method, url, sample.body(self.world, regency),
                                       api=api, content=content)
                    changed = changed_tables(before, table_digests())
                    transaction.set_rollback(True)
                self.requests += 1
                where = f"{role} {method.upper()} {url} ({label}, object of {regency})"
                if status >= 500:
                    self.problems.append(f"{where}: server error {status}")
                if allowed:
                    wrote = wrote or (bool(changed) and status < 400)
                    continue
                if user is None:
                    expected = status == 401 if api else status == 302
                else:
                    expected = status in REFUSED
                if not expected:
                    self.problems.append(f"{where}: the table forbids it, answered {status}")
                if changed:
                    self.problems.append(f"{where}: the table forbids it, changed "
                                         f"{', '.join(changed)}")
        if sample.writes and sample.action is not None and not wrote:
            self.problems.append(f"{label}: no allowed role's request changed anything; fix "
                                 "the sample in write_samples.py so that it really writes")


def _page_url(key: str, route: str, world: World):
    def url(regency: str) -> str:
        maker = PAGE_OBJECTS.get(key) or (lambda w, r: PAGES[key].kwargs(w, r))
        return fill(route, maker(world, regency)) if "<" in route else "/" + route
    return url


def _api_url(path: str, world: World):
    def url(regency: str) -> str:
        if "{" not in path:
            return path
        maker = API_OBJECTS.get(path) or (lambda w, r: API[path].kwargs(w, r))
        kwargs = maker(world, regency)
        return re.sub(r"{(\w+)}", lambda m: str(kwargs[m.group(1)]), path)
    return url


def test_every_write_route_has_a_sample(world):
    keys = {key for key, _ in page_write_routes(world)}
    problems = [f"add a write sample for the page {key} to tests/security/write_samples.py"
                 for key in sorted(keys - PAGE_WRITES.keys())]
    problems += [f"the page {key} has a write sample but takes no POST: remove it"
                 for key in sorted(PAGE_WRITES.keys() - keys)]
    api_keys = {f"{method.upper()} {path}" for method, path, _ in api_write_routes()}
    problems += [f"add a write sample for {key} to tests/security/write_samples.py"
                 for key in sorted(api_keys - API_WRITES.keys())]
    problems += [f"{key} has a write sample but is no API write: remove it"
                 for key in sorted(API_WRITES.keys() - api_keys)]
    assert len(keys) > 25 and len(api_keys) > 25
    assert not problems, "\n".join(problems)


def _page_routes() -> list[str]:
    return sorted(PAGE_WRITES)


def _api_routes() -> list[str]:
    return sorted(API_WRITES)


@pytest.mark.parametrize("key", _page_routes())
def test_page_writes_follow_the_role_table(world, key):
    routes = {page.key: page.route for page in pages()}
    walk = WriteWalk(world)
    walk.try_route(key, PAGE_WRITES[key], "post", _page_url(key, routes[key], world), api=False)
    assert not walk.problems, f"{len(walk.problems)} problems:\n" + "\n".join(walk.problems)


@pytest.mark.parametrize("key", _api_routes())
def test_api_writes_follow_the_role_table(world, key):
    method, path = key.split(" ", 1)
    operation = next(op for m, p, op in api_write_routes() if m == method.lower() and p == path)
    content = next(iter((operation.get("requestBody") or {}).get("content", {})), "")
    walk = WriteWalk(world)
    walk.try_route(key, API_WRITES[key], method.lower(), _api_url(path, world), api=True,
                   content=content)
    assert not walk.problems, f"{len(walk.problems)} problems:\n" + "\n".join(walk.problems)


def test_the_walk_finds_a_forbidden_write(world, monkeypatch):
    """The walk itself: when the services and views stop asking the table (here: every
    question answered yes), a leader's write is reported, with the table it changed."""
    walk = WriteWalk(world)
    monkeypatch.setattr(rights, "may", lambda user, action, regency_code=None: True)
    walk.try_route("targets", API_WRITES["PUT /api/coverage/targets"], "put",
                   _api_url("/api/coverage/targets", world), api=True,
                   content="application/json")
    text = "\n".join(walk.problems)
    assert "pimpinan PUT /api/coverage/targets" in text
    assert "the table forbids it, answered 200" in text
    assert any(line.startswith("pimpinan PUT") and "changed" in line
               and "coverage_target" in line for line in walk.problems)
