"""Proposals of beneficiaries, their verification, and the decrees (SK penetapan) that
name them.

A regency proposes registry workers for a budget and an ecosystem (Proposal,
ProposalRow); the province accepts or returns each row (maker-checker); a decree takes
the accepted rows of its budget and, when issued, freezes them as its annex (AnnexRow:
copies of the fields at issue time, with the SHA-256 of their canonical form, see
annex.py). An issued decree is never edited: a change is an amending decree (SK
perubahan) with a full new annex that replaces the one it amends. DecreeCoverage holds
one row per beneficiary and month of every decree in force; its unique (worker, month)
is what keeps a worker out of two decrees for the same months, on SQLite and
PostgreSQL, even when two decrees are issued at the same time."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")


class Proposal(models.Model):
    """A regency's list of workers it asks the province to pay premiums for, from one
    budget and in one ecosystem."""

    budget = models.ForeignKey("budget.Budget", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("budget"))
    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("regency"))
    ecosystem = models.ForeignKey("registry.Ecosystem", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("ecosystem"))
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices,
                              default=ProposalStatus.DRAFT)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return f"#{self.pk} {self.regency_id} {self.ecosystem_id}"


class RowStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for verification")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned to the regency")
    REMOVED = "removed", _("Removed by an amending decree")


class ProposalRow(models.Model):
    """One proposed worker and the province's decision on them."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="rows")
    worker = models.ForeignKey("registry.Worker", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=RowStatus.choices,
                              default=RowStatus.PENDING)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    # The worker's BPJS status in the latest reconciliation when proposed ("" = none yet).
    bpjs_status = models.CharField(_("BPJS status when proposed"), max_length=12, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # The decree in force that names this worker (set when a decree is issued).
    decree = models.ForeignKey("Decree", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="proposal_rows")

    class Meta:
        ordering = ["proposal", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "worker"],
                                               name="proposal_row_unique")]
        indexes = [models.Index(fields=["worker", "status"], name="proposal_row_worker")]

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.worker_id} {self.status}"


class Issuer(models.TextChoices):
    GOVERNOR = "governor", _("Governor")
    HEAD_OF_OFFICE = "head_of_office", _("Head of office (Disnakertrans)")


class DecreeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    SENT = "sent", _("Sent to BPJS")
    AMENDED = "amended", _("Replaced by an amending decree")


# What a decree usually rests on; the province edits the list in each draft.
DEFAULT_LEGAL_BASIS = "\n".join([
    "Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan Sosial",
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
    "Peraturan Pemerintah Nomor 44 Tahun 2015 tentang Penyelenggaraan Program Jaminan "
    "Kecelakaan Kerja dan Jaminan Kematian sebagaimana telah diubah dengan Peraturan "
    "Pemerintah Nomor 82 Tahun 2019",
    "Instruksi Presiden Nomor 2 Tahun 2021 tentang Optimalisasi Pelaksanaan Program "
    "Jaminan Sosial Ketenagakerjaan",
    "Peraturan Menteri Dalam Negeri Nomor 27 Tahun 2021 tentang Pedoman Penyusunan "
    "Anggaran Pendapatan dan Belanja Daerah Tahun Anggaran 2022",
    "Peraturan Daerah Provinsi Kalimantan Barat tentang Anggaran Pendapatan dan Belanja "
    "Daerah tahun anggaran berkenaan",
])
DEFAULT_CONSIDERATIONS = "\n".join([
    "bahwa untuk memberikan pelindungan jaminan sosial ketenagakerjaan kepada pekerja "
    "rentan di Provinsi Kalimantan Barat, Pemerintah Provinsi membayar iuran program "
    "jaminan sosial ketenagakerjaan bagi pekerja yang memenuhi syarat",
    "bahwa pekerja yang diusulkan kabupaten/kota telah diverifikasi terhadap registri "
    "pekerja dan alokasi anggaran",
    "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu "
    "menetapkan Keputusan tentang penerima bantuan iuran jaminan sosial ketenagakerjaan",
])


class Decree(models.Model):
    """An SK penetapan: draft until issued; issued, it is frozen (services refuse every
    change) and only its sending to BPJS is recorded; an amending decree replaces it."""

    budget = models.ForeignKey("budget.Budget", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("budget"))
    amends = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="amendments", verbose_name=_("amends decree"))
    status = models.CharField(_("status"), max_length=10, choices=DecreeStatus.choices,
                              default=DecreeStatus.DRAFT)
    issuer = models.CharField(_("decree of"), max_length=16, choices=Issuer.choices,
                              default=Issuer.GOVERNOR)
    number = models.CharField(_("number"), max_length=100, blank=True)
    signed_on = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, default="Pontianak")
    title = models.CharField(_("title"), max_length=400)
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's office"), max_length=200, blank=True)
    signatory_id = models.CharField(_("signatory's NIP"), max_length=30, blank=True)
    considerations = models.TextField(_("considerations (menimbang), one per line"),
                                      default=DEFAULT_CONSIDERATIONS)
    legal_basis = models.TextField(_("legal basis (mengingat), one per line"),
                                   default=DEFAULT_LEGAL_BASIS)
    start_month = models.DateField(_("first month covered"))
    months = models.PositiveSmallIntegerField(_("months covered"))
    # The premium of one worker in each month of the period, and for the whole period.
    monthly_premium = models.JSONField(default=list)
    premium_per_worker = models.PositiveBigIntegerField(_("premium per worker (Rp)"), default=0)
    # An amendment's draft: worker id -> why they leave the annex.
    removals = models.JSONField(default=dict, blank=True)
    annex_count = models.PositiveIntegerField(_("beneficiaries"), default=0)
    annex_sha256 = models.CharField(_("annex SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    sent_on = models.DateField(_("sent to BPJS on"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("decree")
        verbose_name_plural = _("decrees")
        constraints = [models.UniqueConstraint(fields=["number"], condition=~Q(number=""),
                                               name="decree_number_unique")]

    def __str__(self) -> str:
        return self.number or f"#{self.pk} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == DecreeStatus.DRAFT

    @property
    def is_in_force(self) -> bool:
        return self.status in (DecreeStatus.ISSUED, DecreeStatus.SENT)

    @property
    def end_month(self) -> date:
        index = self.start_month.year * 12 + self.start_month.month - 1 + self.months - 1
        return date(index // 12, index % 12 + 1, 1)


class AnnexChange(models.TextChoices):
    NONE = "", _("In the first decree")
    KEPT = "kept", _("Kept from the amended decree")
    ADDED = "added", _("Added by this amendment")


class AnnexRow(models.Model):
    """One beneficiary of an issued decree, as the decree names them: copies of the
    registry's fields at issue time, never updated afterwards."""

    decree = models.ForeignKey(Decree, on_delete=models.PROTECT, related_name="annex",
                               db_index=False)
    number = models.PositiveIntegerField(_("number"))
    worker = models.ForeignKey("registry.Worker", on_delete=models.PROTECT, related_name="+",
                               db_constraint=False)
    proposal_row = models.ForeignKey(ProposalRow, on_delete=models.PROTECT, related_name="+",
                                     null=True, blank=True, db_constraint=False)
    nik = models.CharField(_("NIK"), max_length=16)
    name = models.CharField(_("name"), max_length=200)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    desa_code = models.CharField(_("village code"), max_length=13, blank=True)
    desa = models.CharField(_("village"), max_length=120, blank=True)
    kecamatan = models.CharField(_("district"), max_length=120, blank=True)
    regency_code = models.CharField(_("regency code"), max_length=13)
    regency = models.CharField(_("regency"), max_length=120)
    ecosystem_code = models.CharField(_("ecosystem code"), max_length=40)
    ecosystem = models.CharField(_("ecosystem"), max_length=120)
    start_month = models.DateField(_("first month"))
    months = models.PositiveSmallIntegerField(_("months"))
    premium = models.PositiveBigIntegerField(_("premium (Rp)"))
    change = models.CharField(_("change"), max_length=5, choices=AnnexChange.choices,
                              blank=True)

    class Meta:
        ordering = ["decree", "number"]
        constraints = [models.UniqueConstraint(fields=["decree", "number"],
                                               name="annex_row_unique")]

    def __str__(self) -> str:
        return f"{self.decree_id}:{self.number}"


class DecreeCoverage(models.Model):
    """A worker paid for by a decree in force, one row per month: the unique
    (worker, month) makes a second decree for the same months fail to issue."""

    decree = models.ForeignKey(Decree, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey("registry.Worker", on_delete=models.PROTECT, related_name="+",
                               db_constraint=False, db_index=False)
    month = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["worker", "month"],
                                               name="decree_coverage_unique")]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.month:%Y-%m} ({self.decree_id})"
