"""The decree's documents: the PDF (typst template document/keputusan.typ), the annex
workbook and the BPJS registration CSV, each of the whole annex or, for a user who sees
only some regencies, of an excerpt (petikan) with their beneficiaries.

The documents are in Indonesian (they are legal documents, not pages). A draft's PDF is
marked KONSEP and shows the annex as it would be issued today."""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
import typst
from django.utils import translation
from django.utils.formats import date_format

from ucj.core import formatting
from ucj.decrees import annex, legal_form, selectors
from ucj.decrees.models import Decree, DocumentImage

TEMPLATE = Path(__file__).parent / "document" / "keputusan.typ"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROVINCE = "Kalimantan Barat"
#: Printed in a draft after each template entry staff have not confirmed yet.
UNCONFIRMED = "[BELUM DIKONFIRMASI]"
ORDINALS = ["KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM"]


@dataclass(frozen=True)
class Document:
    content: bytes
    file_name: str
    content_type: str
    rows: int
    excerpt: frozenset[str] | None


def _slug(decree: Decree) -> str:
    text = decree.number or f"konsep-{decree.pk}"
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text).strip("-")[:80]


def rupiah(value: int) -> str:
    return formatting.rupiah(int(value))


def day(value: date | None) -> str:
    if value is None:
        return "…"
    with translation.override("id"):
        return date_format(value, "j F Y")


def month(value: date) -> str:
    with translation.override("id"):
        return date_format(value, "F Y")


def programme(decree: Decree) -> str:
    """The programme as BPJS reads it, e.g. "BPU JKK+JKM"."""
    budget = decree.budget
    parts = ["JKK", "JKM"] + (["JHT"] if budget.include_jht else [])
    if budget.contribution_program == "pu":
        parts.append("JP")
    return f"{budget.contribution_program.upper()} {'+'.join(parts)}"


def heading(decree: Decree) -> str:
    """E.g. "KEPUTUSAN GUBERNUR KALIMANTAN BARAT" (Permendagri 80/2015)."""
    return f"KEPUTUSAN {selectors.decree_office(decree)[0]}"


def _entries(lines: list[str], pending: set[str], draft: bool) -> list[str]:
    """Each entry ending with a semicolon; in a draft, unconfirmed ones marked."""
    return [legal_form.clause(line) + (f" {UNCONFIRMED}" if draft and line in pending else "")
            for line in lines]


def _premium_text(decree: Decree) -> str:
    monthly = decree.monthly_premium or []
    low, high = (min(monthly), max(monthly)) if monthly else (0, 0)
    each = rupiah(low) if low == high else f"{rupiah(low)} sampai {rupiah(high)}"
    return each


def gather(decree: Decree, frame: pl.DataFrame, *, excerpt_names: list[str] | None) -> dict:
    budget = decree.budget
    total = int(frame["premium"].sum() or 0)
    count = frame.height
    amended = decree.amends
    components = "Jaminan Kecelakaan Kerja (JKK) dan Jaminan Kematian (JKM)" + (
        " serta Jaminan Hari Tua (JHT)" if budget.include_jht else "")
    if amended is None:
        first = (f"Menetapkan {annex.thousands(count)} orang pekerja sebagaimana tercantum "
                 f"dalam Lampiran Keputusan ini sebagai penerima bantuan iuran program "
                 f"{components} BPJS Ketenagakerjaan.")
    else:
        first = (f"Mengubah Lampiran Keputusan Nomor {amended.number} tanggal "
                 f"{day(amended.signed_on)}, sehingga penerima bantuan iuran program "
                 f"{components} BPJS Ketenagakerjaan menjadi {annex.thousands(count)} orang "
                 f"sebagaimana tercantum dalam Lampiran Keputusan ini.")
    second = (f"Iuran sebesar {_premium_text(decree)} per orang per bulan, dengan penghasilan "
              f"yang dilaporkan {rupiah(budget.declared_income)}, dibayarkan untuk bulan "
              f"{month(decree.start_month)} sampai dengan {month(decree.end_month)} "
              f"({decree.months} bulan), yaitu {rupiah(decree.premium_per_worker)} per orang")
    second += (f"; iuran seluruh penerima berjumlah {rupiah(total)}." if amended is None else
               "; penerima yang ditambahkan dengan Keputusan ini dibayarkan mulai bulan "
               "pertama tersebut, penerima yang tetap menurut Keputusan yang diubah; iuran "
               f"seluruh penerima berjumlah {rupiah(total)}.")
    third = (f"Biaya yang timbul akibat ditetapkannya Keputusan ini dibebankan pada "
             f"{budget.name}, {budget.get_funding_source_display()}, Tahun Anggaran "
             f"{budget.fiscal_year}.")
    articles = [first, second, third]
    if amended is not None:
        articles.append(f"Ketentuan dalam Keputusan Nomor {amended.number} yang tidak diubah "
                        f"dengan Keputusan ini dinyatakan tetap berlaku.")
    articles.append("Keputusan ini mulai berlaku pada tanggal ditetapkan.")
    by_regency = (frame.group_by("regency").agg(pl.len().alias("n"), pl.col("premium").sum())
                  .sort("regency"))
    # Who an amendment takes out: in the whole decree only (an excerpt names only the
    # reader's regencies, and the removed rows carry none).
    removed = selectors.removed_by(decree) if excerpt_names is None else []
    sha = decree.annex_sha256 or annex.annex_sha256(frame)
    text = selectors.decree_text(decree)
    pending = {e.text for e in text.pending}
    jenis = f"KEPUTUSAN {text.office}"
    return {
        "jenis": jenis,
        "pejabat": text.office,
        "lambang": text.emblem,
        "kop": text.letterhead,
        # File name of the heading's picture beside the template (see pdf()), or None.
        "gambar": None,
        "nomor": decree.number or "…",
        "judul": decree.title.upper(),
        "jabatan": (decree.signatory_title or text.office).upper(),
        "menimbang": _entries(text.considerations, pending, decree.is_draft),
        "mengingat": _entries(text.basis, pending, decree.is_draft),
        "diktum": [[ORDINALS[i], text] for i, text in enumerate(articles)],
        "tempat": decree.place,
        "tanggal": day(decree.signed_on),
        "penandatangan": decree.signatory_name or "…",
        "nip": decree.signatory_id,
        "konsep": decree.is_draft,
        "petikan": ", ".join(excerpt_names) if excerpt_names is not None else None,
        "lampiran": {
            "ringkasan": [[r[0], annex.thousands(r[1]), rupiah(r[2])]
                          for r in by_regency.iter_rows()],
            "baris": annex.pdf_rows(frame),
            "jumlah": annex.thousands(count),
            "total": rupiah(total),
            "sha256": sha,
            "sha_konsep": not decree.annex_sha256,
        },
        "dikeluarkan": [[r.name, r.reason] for r in removed],
        "judul_dokumen": f"{jenis} Nomor {decree.number or '(konsep)'}",
    }


def _scope(user, decree: Decree) -> tuple[frozenset[str] | None, list[str] | None]:
    codes = selectors.excerpt_codes(user, decree)
    if codes is None:
        return None, None
    from ucj.regions.models import Region

    return codes, list(Region.objects.filter(code__in=codes).order_by("code")
                       .values_list("name", flat=True))


class ImageChanged(RuntimeError):
    """The stored picture no longer has the SHA-256 recorded at upload: the decree is not
    printed with another picture than the one it was issued with."""


def image_bytes(image: DocumentImage) -> bytes:
    with image.file.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != image.sha256:
        raise ImageChanged(f"{image.file.name}: SHA-256 differs from {image.sha256}")
    return data


def render(data: dict, image: DocumentImage | None = None) -> bytes:
    """Compiles the template in a folder of its own holding only it and the heading's
    picture (typst reads no file outside its root)."""
    with tempfile.TemporaryDirectory(prefix="ucj-sk-") as folder:
        root = Path(folder)
        if image is not None:
            name = f"gambar.{image.extension}"
            (root / name).write_bytes(image_bytes(image))
            data = {**data, "gambar": name}
        (root / "keputusan.typ").write_bytes(TEMPLATE.read_bytes())
        return typst.compile(str(root / "keputusan.typ"), root=str(root),
                             sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                             ignore_system_fonts=True)


def pdf(user, decree: Decree) -> Document:
    codes, names = _scope(user, decree)
    frame = selectors.document_frame(decree, codes)
    data = gather(decree, frame, excerpt_names=names)
    content = render(data, selectors.heading_image(decree))
    prefix = "petikan-sk" if codes is not None else "sk"
    return Document(content=content, file_name=f"{prefix}-{_slug(decree)}.pdf",
                    content_type="application/pdf", rows=frame.height, excerpt=codes)


def workbook(user, decree: Decree) -> Document:
    codes, names = _scope(user, decree)
    frame = selectors.document_frame(decree, codes)
    info = [
        ("Keputusan", heading(decree)),
        ("Nomor", decree.number or "(konsep)"),
        ("Tanggal", day(decree.signed_on)),
        ("Tentang", decree.title),
        ("Status", str(decree.get_status_display())),
        ("Periode", f"{decree.start_month:%Y-%m} s.d. {decree.end_month:%Y-%m} "
                    f"({decree.months} bulan)"),
        ("Iuran per orang", rupiah(decree.premium_per_worker)),
        ("Jumlah penerima", annex.thousands(frame.height)),
        ("Petikan untuk", ", ".join(names) if names else "seluruh lampiran"),
        ("SHA-256 lampiran", decree.annex_sha256 or "(dihitung saat diterbitkan)"),
        ("Cara menghitung SHA-256", "Dari berkas CSV pendaftaran BPJS (NIK lengkap): untuk "
         "setiap baris menurut NO, kolom NO, NIK, NAMA, TANGGAL_LAHIR, JENIS_KELAMIN, "
         "KODE_DESA, KODE_EKOSISTEM, BULAN_MULAI, JUMLAH_BULAN, IURAN dipisah TAB dan diakhiri LF, "
         "UTF-8; SHA-256 seluruh teks (perintah: ucj decree hash BERKAS.csv)."),
    ]
    if decree.amends_id:
        info.insert(4, ("Mengubah", f"Keputusan Nomor {decree.amends.number}"))
    removed = [(r.nik, r.name, r.reason) for r in selectors.removed_by(decree)]
    if codes is not None:
        removed = []
    content = annex.annex_workbook(frame, info=info, removed=removed)
    prefix = "petikan-lampiran" if codes is not None else "lampiran"
    return Document(content=content, file_name=f"{prefix}-{_slug(decree)}.xlsx",
                    content_type=XLSX, rows=frame.height, excerpt=codes)


class NotIssued(Exception):
    """The BPJS file exists only for an issued decree."""


def registration_csv(user, decree: Decree) -> Document:
    from ucj.decrees import registration  # it builds on this module

    return registration.registration_csv(user, decree)
