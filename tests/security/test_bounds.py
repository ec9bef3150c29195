"""Issue 14, item 7: bounds on every input.

- Every integer and number a request of the API can carry has a declared range
  (ucj/api/schema.py: Id, Offset, Limit, Year, …), so an out-of-range value is a 422 that
  names the field, before the database sees it. Every id in a page's address uses the
  `<id:...>` converter (ucj/core/bounds.py), so an impossible id is a 404.
- Out-of-range numbers in addresses, query strings, forms and API requests never give a
  server error (PostgreSQL "bigint out of range", SQLite OverflowError "Python int too
  large to convert to SQLite INTEGER", a date past year 9999).
- A NUL character anywhere (path, query parameter, form field, JSON body at any depth) is
  refused: 400 for pages, 422 for the API (ucj.core.middleware.RefuseNulMiddleware and
  ucj.api.schema.TextIn); PostgreSQL cannot store it.

Every request runs in a savepoint, so that a server error in one does not end the test's
transaction on PostgreSQL and hide the next."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from ucj.api.urls import api
from ucj.regions.models import Level, Region

from .samples import API, PAGES
from .test_access import fill, pages
from .world import SAMBAS

HUGE = [10**20, 2**63, 2**63 - 1, 2**31, -1]
INTEGER_OUT_OF_RANGE = [10**20, 2**63, -1]


def ask(client: Client, method: str, url: str, **kwargs):
    """A request in its own savepoint; a server error is reported, not raised."""
    savepoint = transaction.savepoint_create()
    try:
        response = getattr(client, method)(url, **kwargs)
    except Exception as error:  # the test client re-raises a view's exception
        transaction.savepoint_rollback(savepoint)
        return type("Raised", (), {"status_code": 500, "content": repr(error).encode(),
                                   "error": error})()
    if response.status_code >= 500:
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    return response


def bearer(world, role: str = "provinsi") -> dict:
    return {"Authorization": f"Bearer {world.tokens[role]}"}


# --- what the API document and the URL patterns declare ------------------------------------


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _unbounded_numbers(schema: dict, node: dict, where: str, seen: set) -> list[str]:
    node = _resolve(schema, node)
    if id(node) in seen:
        return []
    seen = seen | {id(node)}
    found = []
    if node.get("type") in ("integer", "number") and not (
            "minimum" in node and "maximum" in node):
        found.append(where)
    for key in ("anyOf", "oneOf", "allOf"):
        for option in node.get(key, []):
            found += _unbounded_numbers(schema, option, where, seen)
    for name, sub in node.get("properties", {}).items():
        found += _unbounded_numbers(schema, sub, f"{where}.{name}", seen)
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            found += _unbounded_numbers(schema, node[key], f"{where}[]", seen)
    return found


def test_every_number_an_api_request_carries_has_a_declared_range():
    schema = api.get_openapi_schema()
    unbounded = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            name = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                unbounded += _unbounded_numbers(schema, parameter["schema"],
                                                f"{name} {parameter['name']}", set())
            for body in operation.get("requestBody", {}).get("content", {}).values():
                unbounded += _unbounded_numbers(schema, body["schema"], f"{name} body", set())
    assert not unbounded, ("numbers without minimum and maximum (use the types of "
                           "ucj/api/schema.py):\n" + "\n".join(unbounded))


def test_every_id_in_a_page_address_uses_the_id_converter():
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and "<int:" in route:
                found.append(route)

    walk(get_resolver().url_patterns, "")
    assert not found, "use <id:...> (ucj/core/bounds.py) for ids in:\n" + "\n".join(found)


def test_the_id_converter_refuses_impossible_ids():
    from ucj.core.bounds import IdConverter, int_param

    converter = IdConverter()
    assert converter.to_python("1") == 1
    assert converter.to_python(str(2**63 - 1)) == 2**63 - 1
    for value in ("0", str(2**63), "9" * 19):
        with pytest.raises(ValueError):
            converter.to_python(value)
    assert not re.fullmatch(converter.regex, "1" * 20)
    query = {"tahun": "99999999999999999999", "x": "²", "y": "2030"}
    assert int_param(query, "tahun", default=7, low=2000, high=2100) == 7
    assert int_param(query, "x", default=7, low=0, high=10) == 7
    assert int_param(query, "y", default=7, low=2000, high=2100) == 2030


# --- out-of-range numbers ------------------------------------------------------------------


def _page_kwargs(world, page) -> dict | None:
    sample = PAGES.get(page.key)
    if sample is None:
        return None
    return sample.kwargs(world, SAMBAS)


def test_impossible_ids_in_page_addresses_are_not_found(world):
    client = Client()
    client.force_login(world.users["provinsi"])
    problems = []
    for page in pages():
        ids = re.findall(r"<id:(\w+)>", page.route)
        if not ids:
            continue
        kwargs = _page_kwargs(world, page)
        if kwargs is None:
            continue
        for value in HUGE + [0]:
            url = fill(page.route, {**kwargs, **dict.fromkeys(ids, value)})
            response = ask(client, "get", url)
            # 405: an id that could exist, on a page that only takes POST
            possible = 1 <= value < 2**63 and response.status_code == 405
            if response.status_code != 404 and not possible:
                problems.append(f"GET {url}: {response.status_code}")
    assert not problems, "\n".join(problems)


def test_out_of_range_numbers_in_page_queries_and_forms_are_refused_or_ignored(world):
    client = Client()
    client.force_login(world.users["provinsi"])
    huge = str(10**20)
    budget = PAGES["budget:detail"].kwargs(world, SAMBAS)["pk"]
    decree = PAGES["decrees:decree"].kwargs(world, SAMBAS)["decree_id"]
    asked = [
        ("get", "/pemantauan/kunjungan/kalender/", {"bulan": "9999-12"}),
        ("get", "/pemantauan/kunjungan/kalender/", {"bulan": f"{huge}-01"}),
        ("get", "/pemantauan/kunjungan/kalender/", {"bulan": "1-1"}),
        ("get", f"/cakupan/wilayah/{SAMBAS}/laporan.pdf", {"bulan": f"{huge}-01"}),
        ("get", "/pemantauan/kepatuhan/", {"tahun": huge}),
        ("get", f"/anggaran/{budget}/bandingkan/", {"s": ["²", huge, str(2**63)]}),
        ("get", "/pemantauan/tindak-lanjut/", {"tanggal": "9999-12-31"}),
        ("get", "/sk/belum-terdaftar/", {"tanggal": "9999-12-31"}),
        ("get", "/iuran/", {"program": "bpu", "income": huge, "workers": huge,
                            "start": "2026-01", "months": "200000"}),
        ("get", "/anggaran/biaya-target/", {"share": "30", "income": huge}),
        ("get", "/registri/", {"halaman": huge}),
        ("post", f"/sk/keputusan/{decree}/pengeluaran/", {"worker": ["²", huge],
                                                         "reason": "uji"}),
    ]
    desa = Region.objects.filter(code__startswith=f"{SAMBAS}.", level=Level.DESA_KELURAHAN
                                 ).order_by("code").first()
    forms = [
        (f"/pemantauan/kepatuhan/{SAMBAS}/", "budget_form", {
            "action": "budget", "anggaran-year": "2026", "anggaran-amount": huge,
            "anggaran-source": "x"}),
        (f"/pemantauan/sosialisasi/{SAMBAS}/", "form", {
            "desa": desa.code, "date": "2026-06-01", "audience": "Ojek", "participants": huge}),
    ]
    problems = []
    for method, url, data in asked:
        response = ask(client, method, url, data=data)
        if response.status_code >= 500:
            problems.append(f"{method.upper()} {url} {data}: {response.status_code} "
                            f"{response.content[:300]!r}")
    for url, form, data in forms:
        response = ask(client, "post", url, data=data)
        if response.status_code != 200 or not response.context[form].errors:
            problems.append(f"POST {url} {data}: {response.status_code}, expected the form "
                            f"again with its error")
    assert not problems, "\n".join(problems)


def _api_url(world, path: str, operation: dict, override: dict) -> str:
    sample = API.get(path)
    kwargs = sample.kwargs(world, SAMBAS) if sample else {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            kwargs.setdefault(parameter["name"], 1)
    kwargs.update(override)
    return re.sub(r"{(\w+)}", lambda m: str(kwargs[m.group(1)]), path)


def _is_integer(parameter: dict) -> bool:
    schema = parameter["schema"]
    return "integer" in [schema.get("type")] + [o.get("type") for o in schema.get("anyOf", [])]


def test_out_of_range_numbers_in_api_requests_are_refused(world):
    """Every integer path or query parameter of every operation, out of range: a 404 or a
    422 (GET), never a server error (any method)."""
    client = Client()
    schema = api.get_openapi_schema()
    problems = []
    asked = 0
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for parameter in filter(_is_integer, operation.get("parameters", [])):
                for value in INTEGER_OUT_OF_RANGE:
                    if parameter["in"] == "path":
                        url, query = _api_url(world, path, operation,
                                              {parameter["name"]: value}), {}
                    else:
                        url, query = _api_url(world, path, operation, {}), {
                            parameter["name"]: value}
                    if method == "get":
                        response = ask(client, "get", url, data=query, headers=bearer(world))
                    else:
                        response = ask(client, method, url + ("?" + "&".join(
                            f"{k}={v}" for k, v in query.items()) if query else ""),
                            data="{}", content_type="application/json", headers=bearer(world))
                    asked += 1
                    expected = {404, 422} if method == "get" else {400, 404, 405, 409, 422}
                    if response.status_code not in expected:
                        problems.append(f"{method.upper()} {url} {query}: "
                                        f"{response.status_code} {response.content[:200]!r}")
    assert asked > 100
    assert not problems, "\n".join(problems)


def test_out_of_range_numbers_in_api_bodies_are_refused(world):
    client = Client()
    huge = 10**20
    budget = API["/api/budget/budgets/{budget_id}"].kwargs(world, SAMBAS)["budget_id"]
    proposal = API["/api/decrees/proposals/{proposal_id}"].kwargs(world, SAMBAS)["proposal_id"]
    bodies = [
        ("post", "/api/budget/budgets", {
            "name": "APBD", "fiscal_year": 2026, "programme": "rentan",
            "funding_source": "apbd_provinsi", "amount": huge, "start_month": "2026-01",
            "months": 12, "ecosystems": ["rentan"]}, "amount"),
        ("post", "/api/budget/budgets", {
            "name": "APBD", "fiscal_year": 2026, "programme": "rentan",
            "funding_source": "apbd_provinsi", "amount": 1000, "start_month": "2026-01",
            "months": 200_000, "ecosystems": ["rentan"]}, "months"),
        ("post", f"/api/budget/budgets/{budget}/allocate", {
            "name": "x", "policy": "lowest_first", "minimums": {SAMBAS: huge}}, "minimums"),
        ("post", "/api/decrees/proposals", {"budget": huge, "regency": SAMBAS,
                                            "ecosystem": "rentan"}, "budget"),
        ("post", f"/api/decrees/proposals/{proposal}/rows", {"workers": [huge]}, "workers"),
        ("post", "/api/decrees/decrees", {"budget": 2**63}, "budget"),
        ("put", "/api/coverage/targets", {"region": SAMBAS, "year": huge, "rate": 0.6,
                                          "source": "RPJMD"}, "year"),
        ("post", "/api/membership/reconciliations", {"extract": huge}, "extract"),
        ("post", "/api/monitoring/socialisation/events", {
            "desa": f"{SAMBAS}.01.2001", "date": "2026-06-01", "audience": "Ojek",
            "participants": 10, "visit": huge}, "visit"),
        ("get", "/api/premiums/quote?start=2026-01&months=200000", None, "months"),
        ("get", f"/api/budget/compare?scenarios={huge}", None, "scenarios"),
    ]
    problems = []
    for method, url, body, field in bodies:
        if body is None:
            response = ask(client, method, url, headers=bearer(world))
        else:
            response = ask(client, method, url, data=body, content_type="application/json",
                           headers=bearer(world))
        detail = response.json().get("detail") if response.status_code < 500 else None
        if response.status_code != 422 or field not in str(detail):
            problems.append(f"{method.upper()} {url} {field}={huge}: {response.status_code} "
                            f"{response.content[:300]!r}")
    assert not problems, "\n".join(problems)


def test_a_body_that_is_not_an_object_is_refused(world):
    client = Client()
    for url, method in (("/api/membership/reconciliations", "post"),
                        ("/api/monitoring/compliance-weights", "put")):
        for body in ("[null, null]", "5", '"text"'):
            response = ask(client, method, url, data=body, content_type="application/json",
                           headers=bearer(world))
            assert response.status_code == 422, (url, body, response.content)
            assert "JSON object" in str(response.json()["detail"])


def test_an_unknown_ecosystem_is_refused_before_it_reaches_the_database(world):
    """The database refuses a budget's link to an unknown ecosystem only at COMMIT (a
    server error after the answer was decided); the service refuses it first."""
    from django.db import connection

    response = ask(Client(), "post", "/api/budget/budgets", data={
        "name": "APBD", "fiscal_year": 2026, "programme": "rentan",
        "funding_source": "apbd_provinsi", "amount": 1000, "start_month": "2026-01",
        "months": 12, "ecosystems": ["tidak-ada"]}, content_type="application/json",
        headers=bearer(world))
    assert response.status_code == 422 and "tidak-ada" in response.json()["detail"]
    connection.check_constraints()


# --- NUL characters ------------------------------------------------------------------------


def test_nul_in_any_page_query_path_or_form_is_a_400(world):
    client = Client()
    client.force_login(world.users["provinsi"])
    problems = []
    for page in pages():
        kwargs = _page_kwargs(world, page) if page.params else {}
        if kwargs is None:
            continue
        url = fill(page.route, kwargs)
        for query in ("?x=%00", "?q=a%00b&halaman=1", "?%00=1"):
            response = ask(client, "get", url + query)
            if response.status_code != 400 or b"NUL" not in response.content:
                problems.append(f"GET {url}{query}: {response.status_code}")
    for url, data in (("/akun/token/", {"name": "skrip\x00"}),
                      (f"/pemantauan/sosialisasi/{SAMBAS}/", {"audience": "Ojek\x00"}),
                      ("/registri/", {"nama": "x", "\x00": "y"})):
        response = ask(client, "post", url, data=data)
        if response.status_code != 400:
            problems.append(f"POST {url} {data!r}: {response.status_code}")
    for url in (f"/cakupan/wilayah/{SAMBAS}%00/", "/wilayah/%00/", "/pemantauan/kepatuhan/%00/"):
        response = ask(client, "get", url)
        if response.status_code != 400:
            problems.append(f"GET {url}: {response.status_code}")
    assert not problems, "\n".join(problems)


def test_nul_anywhere_in_an_api_request_is_a_422(world):
    client = Client()
    schema = api.get_openapi_schema()
    problems = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            url = _api_url(world, path, operation, {})
            response = ask(client, method, url + "?x=%00", headers=bearer(world))
            if response.status_code != 422 or "NUL" not in response.json()["detail"]:
                problems.append(f"{method.upper()} {url}?x=%00: {response.status_code}")
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and not _is_integer(parameter):
                    bad = _api_url(world, path, operation, {parameter["name"]: "61%0001"})
                    response = ask(client, method, bad, headers=bearer(world))
                    if response.status_code != 422:
                        problems.append(f"{method.upper()} {bad}: {response.status_code}")
    item = API["/api/monitoring/action-items/{item_id}"].kwargs(world, SAMBAS)["item_id"]
    submission = API["/api/registry/submissions/{submission_id}"].kwargs(
        world, SAMBAS)["submission_id"]
    upload = io.BytesIO(b"%PDF-1.4\n%%EOF\n")
    upload.name = "surat.pdf"
    sent = [
        ("post", f"/api/monitoring/action-items/{item}/evidence",
         {"data": {"note": "catatan\x00", "file": upload}}),
        ("post", f"/api/registry/submissions/{submission}/confirm",
         {"data": {"mapping": {"nik\x00": "NIK"}}, "content_type": "application/json"}),
        ("post", "/api/budget/budgets/1/allocate",
         {"data": {"name": "x", "policy": "lowest_first", "minimums": {"61.01\x00": 1}},
          "content_type": "application/json"}),
        ("post", "/api/monitoring/visits",
         {"data": {"regency": SAMBAS, "date": str(date(2026, 6, 1)), "agenda": "a\x00"},
          "content_type": "application/json"}),
    ]
    for method, url, kwargs in sent:
        response = ask(client, method, url, headers=bearer(world), **kwargs)
        if response.status_code != 422 or "NUL" not in str(response.json()["detail"]):
            problems.append(f"{method.upper()} {url}: {response.status_code} "
                            f"{response.content[:200]!r}")
    assert not problems, "\n".join(problems)
