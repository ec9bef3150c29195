"""The intake's fields as people read them, in their language. The pure intake
(ucj.registry.intake.headers.FIELD_LABELS) writes the same names in Indonesian into what
it makes without Django; tests/registry/test_labels.py keeps the two equal."""

from django.utils.translation import gettext_lazy as _

FIELD_LABELS = {
    "nik": _("NIK (16 digits)"),
    "nama": _("Full name"),
    "tanggal_lahir": _("Birth date"),
    "jenis_kelamin": _("Sex (L/P)"),
    "desa": _("Village (desa/kelurahan)"),
    "kecamatan": _("District (kecamatan)"),
    "jabatan": _("Position/kind of work"),
    "no_hp": _("Mobile/phone number"),
    "instansi": _("Agency/workplace"),
    "tempat_lahir": _("Place of birth"),
    "nama_ibu_kandung": _("Mother's maiden name"),
}
