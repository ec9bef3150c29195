"""The BPJS collective-registration file of an issued decree: CSV for systems, XLSX for
people (NIKs as text cells). The frozen annex gives who, where, what and the hash; the
registry adds, as it holds them today, the optional columns other systems' exports
carry (place of birth, mother's maiden name, phone, job type; DOMAIN.md, "BPJS
collective registration"). They are not part of the annex hash: a phone number may
change after the decree, the beneficiaries may not.

Full NIKs and the mother's maiden name leave the system in this file: only roles that
see whole personal data download it (selectors.can_download_registration), and the
values go through accounts.personal_data all the same."""

from __future__ import annotations

import polars as pl

from ucj.accounts.personal_data import shown_mother_name, shown_phone
from ucj.decrees import annex, selectors
from ucj.decrees.documents import XLSX, Document, NotIssued, _scope, _slug, day, programme
from ucj.decrees.models import AnnexRow, Decree
from ucj.registry.models import Worker

_OPTIONAL_SCHEMA = {"worker_id": pl.Int64, "birth_place": pl.String,
                    "mother_name": pl.String, "phone": pl.String, "position": pl.String}


def registration_frame(user, decree: Decree) -> tuple[pl.DataFrame, frozenset[str] | None]:
    """The annex (the user's excerpt) with the registry's optional columns."""
    if decree.is_draft:
        raise NotIssued
    codes, _names = _scope(user, decree)
    frame = selectors.annex_frame(decree, codes)
    annexed = AnnexRow.objects.filter(decree=decree)
    if codes is not None:
        annexed = annexed.filter(regency_code__in=codes)
    optional = pl.DataFrame(
        list(Worker.objects.filter(pk__in=annexed.values("worker_id"))
             .values_list("pk", *list(_OPTIONAL_SCHEMA)[1:])),
        schema=_OPTIONAL_SCHEMA, orient="row")
    optional = optional.with_columns(
        pl.col("mother_name").map_elements(lambda v: shown_mother_name(user, v),
                                           return_dtype=pl.String),
        pl.col("phone").map_elements(lambda v: shown_phone(user, v), return_dtype=pl.String))
    return frame.join(optional, on="worker_id", how="left", maintain_order="left"), codes


def registration_csv(user, decree: Decree) -> Document:
    frame, codes = registration_frame(user, decree)
    content = annex.bpjs_csv(frame, programme=programme(decree),
                             declared_income=decree.budget.declared_income)
    return Document(content=content, file_name=f"pendaftaran-bpjs-{_slug(decree)}.csv",
                    content_type="text/csv; charset=utf-8", rows=frame.height, excerpt=codes)


def registration_xlsx(user, decree: Decree) -> Document:
    frame, codes = registration_frame(user, decree)
    info = [
        ("Keputusan", decree.number),
        ("Tanggal", day(decree.signed_on)),
        ("Tentang", decree.title),
        ("Program", programme(decree)),
        ("Jumlah peserta", annex.thousands(frame.height)),
        ("SHA-256 lampiran", decree.annex_sha256),
        ("Catatan", "NIK, kode desa dan nomor HP disimpan sebagai teks: jangan ubah format "
                    "kolomnya menjadi angka (NIK 16 digit akan rusak menjadi 6,1E+15). "
                    "SHA-256 lampiran dihitung dari berkas CSV (ucj decree hash BERKAS.csv)."),
    ]
    content = annex.bpjs_xlsx(frame, programme=programme(decree),
                              declared_income=decree.budget.declared_income, info=info)
    return Document(content=content, file_name=f"pendaftaran-bpjs-{_slug(decree)}.xlsx",
                    content_type=XLSX, rows=frame.height, excerpt=codes)
