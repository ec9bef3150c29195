"""Bounds on every number a request can carry, so that the database never sees one out
of range (PostgreSQL: "bigint out of range", a 500; SQLite: OverflowError "Python int too
large to convert to SQLite INTEGER", a 500) and nonsense (a year 99999, 200,000 months)
gets a clear refusal instead.

Used by the URL converter `<id:...>` of every urls.py (registered in CoreConfig.ready),
by `int_param` for integer GET parameters of the pages, by the plain form fields, and by
the bounded types of the API (ucj/api/schema.py). docs/security.md lists them."""

from __future__ import annotations

from collections.abc import Mapping

# Primary keys: BigAutoField on both databases (signed 64-bit).
ID_MIN, ID_MAX = 1, 2**63 - 1
# Paging through lists: a national registry has about 100 million workers.
OFFSET_MAX = 1_000_000_000
# Years a user can ask about or plan for: fiscal years, targets, compliance, visits.
YEAR_MIN, YEAR_MAX = 2000, 2100
# Months priced in one premium quote (ten years), and months a budget or decree covers.
QUOTE_MONTHS_MAX = 120
BUDGET_MONTHS_MAX = 24
# Rupiah: an amount of a budget (Rp 1,000 trillion, above any regional budget) and a
# monthly income or wage (Rp 10 billion).
RUPIAH_MAX = 10**15
INCOME_MAX = 10**10
# Persons counted in one number: workers priced or funded (the national workforce is
# about 140 million), participants of one socialisation event.
PERSONS_MAX = 200_000_000
PARTICIPANTS_MAX = 1_000_000


class IdConverter:
    """`<id:pk>` in a URL: 1 to 19 digits within the 64-bit primary-key range; anything
    else does not match, so the page answers 404 before a query is made."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not ID_MIN <= number <= ID_MAX:
            raise ValueError(f"{value} is not a possible id")
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


def int_param(query: Mapping[str, str], name: str, *, default: int | None, low: int,
              high: int) -> int | None:
    """An integer GET parameter of a page: `default` when it is missing, not a whole
    number, or outside low..high (a page filter falls back rather than failing)."""
    raw = (query.get(name) or "").strip()
    if not raw or len(raw) > 20 or not raw.lstrip("-").isdigit() or not raw.isascii():
        return default
    number = int(raw)
    return number if low <= number <= high else default


def id_list(values: list[str], *, most: int) -> list[int]:
    """Ids ticked in a form or listed in a query (?s=3&s=5): those that are possible
    ids, at most `most` of them; anything else is left out."""
    found = []
    for value in values:
        value = value.strip()
        if value.isascii() and value.isdigit() and len(value) <= 19:
            number = int(value)
            if ID_MIN <= number <= ID_MAX:
                found.append(number)
    return found[:most]


def month_param(query: Mapping[str, str], name: str) -> tuple[int, int] | None:
    """A month GET parameter written YYYY-MM within YEAR_MIN..YEAR_MAX, as (year,
    month); None when it is missing or not such a month."""
    raw = (query.get(name) or "").strip()
    year, _, month = raw.partition("-")
    if not (len(year) == 4 and year.isascii() and year.isdigit() and len(month) == 2
            and month.isascii() and month.isdigit()):
        return None
    if not (YEAR_MIN <= int(year) <= YEAR_MAX and 1 <= int(month) <= 12):
        return None
    return int(year), int(month)
