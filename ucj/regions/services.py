"""Writes to the region tables: the Kemendagri code lists and denominators."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.utils.translation import gettext as _

from ucj.core.models import DatasetVersion
from ucj.regions import codebook
from ucj.regions.geometry import repair
from ucj.regions.models import Denominator, DenominatorKind, Region, RegionName

REGION_DATASET = "regions"
BATCH_SIZE = 2000


def _region_data_checksum() -> str:
    digest = hashlib.sha256()
    for path in (codebook.CURRENT_FILE, codebook.HISTORICAL_FILE, codebook.POPULATION_FILE,
                 codebook.REGENCY_BOUNDARIES_FILE, codebook.DISTRICT_BOUNDARIES_FILE,
                 codebook.NAME_HISTORY_FILE):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class RegionLoadResult:
    loaded: bool
    current: int
    retired: int


REGION_COLUMNS = (
    "code", "name", "level", "parent_id", "is_current", "first_listed", "last_listed",
    "bps_code", "population_male", "population_female", "population_total", "latitude",
    "longitude", "boundary",
)


def _build_region_rows() -> list[tuple]:
    """One tuple per region in REGION_COLUMNS order, parents before children."""
    regions: dict[str, dict] = {}
    for row in codebook.read_historical_rows():
        code = row["kode"]
        regions[code] = {
            "code": code, "name": row["nama"], "level": codebook.level_of(code),
            "parent_id": codebook.parent_of(code), "is_current": False,
            "first_listed": int(row["pertama_tercatat"]),
            "last_listed": int(row["terakhir_tercatat"]),
        }
    for row in codebook.read_current_rows():
        code = row["kode"]
        historical = regions.get(code, {})
        regions[code] = {
            "code": code, "name": row["nama"], "level": row["tingkat"],
            "parent_id": codebook.parent_of(code), "is_current": True,
            "first_listed": historical.get("first_listed"),
            "last_listed": codebook.CURRENT_LIST_YEAR if historical else None,
        }
    for row in codebook.read_population_rows():
        region = regions.get(row["kode"])
        if region is not None:
            region["population_male"] = int(row["pria"])
            region["population_female"] = int(row["wanita"])
            region["population_total"] = int(row["total"])
    for code, bps_code in codebook.KALBAR_BPS_CODES.items():
        regions[code]["bps_code"] = bps_code
    for path in (codebook.REGENCY_BOUNDARIES_FILE, codebook.DISTRICT_BOUNDARIES_FILE):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            region = regions.get(feature["properties"]["kode"])
            if region is not None:
                region["boundary"] = json.dumps(repair(feature["geometry"]), separators=(",", ":"))
                region["latitude"] = feature["properties"]["lat"]
                region["longitude"] = feature["properties"]["lng"]
    ordered = sorted(regions.values(), key=lambda region: (region["code"].count("."), region["code"]))
    defaults = {"bps_code": ""}
    return [tuple(region.get(column, defaults.get(column)) for column in REGION_COLUMNS)
            for region in ordered]


def _upsert_sql() -> str:
    # INSERT ... ON CONFLICT ... DO UPDATE reads the same on SQLite and PostgreSQL.
    table = Region._meta.db_table
    updates = ", ".join(f"{column} = excluded.{column}" for column in REGION_COLUMNS[1:])
    placeholders = ", ".join(["%s"] * len(REGION_COLUMNS))
    return (f"INSERT INTO {table} ({', '.join(REGION_COLUMNS)}) VALUES ({placeholders}) "
            f"ON CONFLICT (code) DO UPDATE SET {updates}")


def load_regions(*, force: bool = False, provinces: set[str] | None = None,
                 progress: Callable[[int, int], None] | None = None) -> RegionLoadResult:
    """Load (or refresh) every Kemendagri code, current and retired, with population,
    BPS codes and Kalbar boundaries. Idempotent: unchanged data files are skipped.

    `provinces` limits the load to those provinces (and the country's province list);
    tests use it to keep their databases small. A partial load is never recorded as
    the loaded version, so a later full load still runs."""
    checksum = _region_data_checksum()
    if (not force and provinces is None
            and DatasetVersion.objects.filter(name=REGION_DATASET, checksum=checksum).exists()):
        return RegionLoadResult(
            loaded=False,
            current=Region.objects.filter(is_current=True).count(),
            retired=Region.objects.filter(is_current=False).count(),
        )
    rows = _build_region_rows()
    if provinces is not None:
        rows = [row for row in rows if "." not in row[0] or row[0].split(".")[0] in provinces]
    sql = _upsert_sql()
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[start:start + BATCH_SIZE])
            if progress:
                progress(min(start + BATCH_SIZE, len(rows)), len(rows))
        _load_former_names({row[0] for row in rows})
        if provinces is None:
            DatasetVersion.objects.update_or_create(name=REGION_DATASET,
                                                    defaults={"checksum": checksum})
    current = sum(1 for row in rows if row[REGION_COLUMNS.index("is_current")])
    return RegionLoadResult(loaded=True, current=current, retired=len(rows) - current)


def _load_former_names(codes: set[str]) -> None:
    """Replace the former names of the regions just loaded (codebook.former_names)."""
    names = [RegionName(region_id=name.code, name=name.name, first_listed=name.first_listed,
                        last_listed=name.last_listed)
             for code, former in codebook.former_names().items() if code in codes
             for name in former]
    ordered = sorted(codes & set(RegionName.objects.values_list("region_id", flat=True)))
    for start in range(0, len(ordered), BATCH_SIZE):
        RegionName.objects.filter(region_id__in=ordered[start:start + BATCH_SIZE]).delete()
    RegionName.objects.bulk_create(names, batch_size=BATCH_SIZE)


# Denominators ------------------------------------------------------------------------

DENOMINATOR_COLUMNS = ("kode", "tahun", "jenis", "nilai", "sumber", "tanggal_referensi")


@dataclass
class DenominatorImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class DenominatorImportError(ValueError):
    def __init__(self, result: DenominatorImportResult):
        self.result = result
        super().__init__("; ".join(result.errors[:5]))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("cp1252 decodes every byte sequence it is given here")


def _read_denominator_rows(text: str) -> Iterable[tuple[int, dict[str, str]]]:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [column for column in DENOMINATOR_COLUMNS if column not in header]
    if missing:
        raise DenominatorImportError(DenominatorImportResult(errors=[
            _("Required columns missing: %(missing)s. The first row of the file must hold "
              "the columns: %(columns)s.") % {"missing": ", ".join(missing),
                                               "columns": ", ".join(DENOMINATOR_COLUMNS)}
        ]))
    reader.fieldnames = header
    for line_number, row in enumerate(reader, start=2):
        yield line_number, {key: (value or "").strip() for key, value in row.items() if key}


def import_denominators(*, data: bytes, user=None) -> DenominatorImportResult:
    """Import denominators from CSV (comma, semicolon or tab; UTF-8 or Windows-1252).

    All rows or none: any bad row stops the import and every bad row is reported with
    its line number. A row with the same region, year, kind and source updates it.
    `user` is the person importing (master data: province staff); None is the command
    line."""
    if user is not None:
        from ucj.accounts import rights  # accounts' models import regions

        rights.require(user, rights.Action.MANAGE_MASTER_DATA)
    result = DenominatorImportResult()
    kinds = set(DenominatorKind.values)
    known_regions = set(Region.objects.values_list("code", flat=True))
    valid: list[dict] = []
    for line, row in _read_denominator_rows(_decode(data)):
        if not any(row.values()):
            continue
        result.rows += 1
        problems = []
        code = row["kode"]
        if code not in known_regions:
            problems.append(_("region code '%(code)s' is not known (a correct one: 61.01)")
                            % {"code": code})
        try:
            year = int(row["tahun"])
            if not 2000 <= year <= 2100:
                raise ValueError
        except ValueError:
            problems.append(_("year '%(year)s' must be a four-digit year, e.g. 2024")
                            % {"year": row["tahun"]})
        if row["jenis"] not in kinds:
            problems.append(_("kind '%(kind)s' is not known; choose one of: %(kinds)s")
                            % {"kind": row["jenis"], "kinds": ", ".join(sorted(kinds))})
        try:
            value = int(row["nilai"].replace(".", "").replace(",", "").replace(" ", ""))
            if value <= 0:
                raise ValueError
        except ValueError:
            problems.append(_("value '%(value)s' must be a positive whole number")
                            % {"value": row["nilai"]})
        if not row["sumber"]:
            problems.append(_("source empty: write where this figure comes from (e.g. BPS "
                              "Sakernas Agustus 2024)"))
        try:
            reference = date.fromisoformat(row["tanggal_referensi"])
        except ValueError:
            problems.append(_("tanggal_referensi '%(day)s' must be written year-month-day, "
                              "e.g. 2024-08-31") % {"day": row["tanggal_referensi"]})
        if problems:
            result.errors.append(_("Row %(line)s: %(problems)s")
                                 % {"line": line, "problems": "; ".join(problems)})
            continue
        valid.append({"region_id": code, "year": year, "kind": row["jenis"], "value": value,
                      "source": row["sumber"], "reference_date": reference})
    if result.rows == 0 and not result.errors:
        result.errors.append(_("The file holds no data rows under its row of column "
                               "headings."))
    if result.errors:
        raise DenominatorImportError(result)
    with transaction.atomic():
        for item in valid:
            _denominator, created = Denominator.objects.update_or_create(
                region_id=item["region_id"], year=item["year"], kind=item["kind"],
                source=item["source"],
                defaults={"value": item["value"], "reference_date": item["reference_date"]},
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
    return result


# Published figures quoted in DOMAIN.md, loaded with the demo so the pages have real
# provenance to show. They are ordinary data rows: edit or replace them in the admin.
PUBLISHED_DENOMINATORS = [
    ("61.01", 2022, DenominatorKind.BPS_EMPLOYED, 282_918, "BPS Kabupaten Sambas, Sakernas Agustus 2022", date(2022, 8, 31)),
    ("61.01", 2022, DenominatorKind.BPS_LABOUR_FORCE, 298_061, "BPS Kabupaten Sambas, Sakernas Agustus 2022", date(2022, 8, 31)),
    ("61", 2024, DenominatorKind.BPS_EMPLOYED, 2_860_000, "BPS Provinsi Kalimantan Barat, Sakernas Agustus 2024 (dibulatkan)", date(2024, 8, 31)),
    ("61", 2024, DenominatorKind.BPS_LABOUR_FORCE, 3_010_000, "BPS Provinsi Kalimantan Barat, Sakernas Agustus 2024 (dibulatkan)", date(2024, 8, 31)),
    # The BPU universe: 56 % informal of 2.86 million employed (DOMAIN.md), computed.
    ("61", 2024, DenominatorKind.BPS_INFORMAL, 1_601_600, "BPS Provinsi Kalimantan Barat, Sakernas Agustus 2024: 56 % pekerja informal dari 2,86 juta penduduk bekerja (dihitung)", date(2024, 8, 31)),
]


def load_published_denominators() -> int:
    for code, year, kind, value, source, reference in PUBLISHED_DENOMINATORS:
        Denominator.objects.get_or_create(
            region_id=code, year=year, kind=kind, source=source,
            defaults={"value": value, "reference_date": reference},
        )
    return len(PUBLISHED_DENOMINATORS)


DENOMINATOR_FIELDS = ("region", "year", "kind", "value", "source", "reference_date", "note")


@transaction.atomic
def save_denominator(*, user, denominator: Denominator | None = None, request=None,
                     **fields) -> Denominator:
    """Adds one denominator or changes one (master data: province staff), validated as
    the model says (one value per region, year, kind and source). Raises ValidationError
    saying what is wrong."""
    from ucj.accounts import rights  # accounts' models import regions
    from ucj.accounts.models import AuditAction
    from ucj.accounts.services import record_audit

    rights.require(user, rights.Action.MANAGE_MASTER_DATA)
    unknown = set(fields) - set(DENOMINATOR_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    created = denominator is None
    denominator = Denominator() if created else Denominator.objects.select_for_update().get(
        pk=denominator.pk)
    before = {name: str(getattr(denominator, name + "_id" if name == "region" else name, ""))
              for name in fields}
    for name, value in fields.items():
        setattr(denominator, name, value)
    denominator.source = " ".join((denominator.source or "").split())
    denominator.full_clean()
    denominator.save()
    changed = sorted(name for name in fields if before[name] != str(
        getattr(denominator, name + "_id" if name == "region" else name)))
    record_audit(actor=user, action=AuditAction.CREATE if created else AuditAction.UPDATE,
                 obj=denominator, request=request, region_code=denominator.region_id,
                 detail={"fields": changed, "year": denominator.year,
                         "kind": denominator.kind, "value": denominator.value})
    return denominator


def delete_denominator(*, user, denominator: Denominator, request=None) -> None:
    """Removes one denominator (master data: province staff), recorded with its figures
    in the audit trail: a rate that divided by it divides by the next one that applies."""
    from ucj.accounts import rights
    from ucj.accounts.models import AuditAction
    from ucj.accounts.services import record_audit

    rights.require(user, rights.Action.MANAGE_MASTER_DATA)
    record_audit(actor=user, action=AuditAction.DELETE, obj=denominator, request=request,
                 region_code=denominator.region_id,
                 detail={"year": denominator.year, "kind": denominator.kind,
                         "value": denominator.value, "source": denominator.source})
    denominator.delete()
