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
    REGENT_MAYOR = "regent_mayor", _("Regent or mayor (budget held by a regency)")
    HEAD_OF_OFFICE = "head_of_office", _("Head of office (Disnakertrans)")


class DecreeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    SENT = "sent", _("Sent to BPJS")
    AMENDED = "amended", _("Replaced by an amending decree")


class ClausePart(models.TextChoices):
    LETTERHEAD = "kop", _("Letterhead line (head of office's decree)")
    CONSIDERING = "menimbang", _("Consideration (menimbang)")
    BASIS = "mengingat", _("Legal basis (mengingat)")


class LegalRank(models.IntegerChoices):
    """Levels of the hierarchy of legislation (UU 12/2011 Pasal 7-8), in the order a
    decree's Mengingat lists them; the presidential instruction after the presidential
    regulation, as regional decrees cite it."""

    CONSTITUTION = 10, _("Constitution (UUD 1945)")
    LAW = 20, _("Law (Undang-Undang, Perppu)")
    GOVERNMENT_REGULATION = 30, _("Government regulation (PP)")
    PRESIDENTIAL_REGULATION = 40, _("Presidential regulation (Perpres)")
    PRESIDENTIAL_INSTRUCTION = 45, _("Presidential instruction (Inpres)")
    MINISTERIAL_REGULATION = 50, _("Ministerial regulation (Permen)")
    PROVINCIAL_REGULATION = 60, _("Provincial regulation (Perda provinsi)")
    GOVERNOR_REGULATION = 65, _("Governor regulation (Pergub)")
    REGENCY_REGULATION = 70, _("Regency/city regulation (Perda kabupaten/kota)")
    REGENT_REGULATION = 75, _("Regent/mayor regulation (Perbup/Perwal)")
    DECREE = 80, _("Decree (Keputusan)")
    OTHER = 0, _("Not legislation (considerations, letterhead)")


class DecreeClause(models.Model):
    """One entry of the text a decree is issued with, per issuer: a letterhead line, a
    consideration (Menimbang) or a legal basis (Mengingat), with its source. Province
    staff edit these templates; a draft decree shows the current ones, and issuing copies
    them onto the decree (considerations, legal_basis, letterhead), so later edits never
    change an issued decree."""

    issuer = models.CharField(_("decree of"), max_length=16, choices=Issuer.choices)
    part = models.CharField(_("part"), max_length=10, choices=ClausePart.choices)
    rank = models.PositiveSmallIntegerField(
        _("level in the hierarchy"), choices=LegalRank.choices, default=LegalRank.OTHER,
        help_text=_("Mengingat lists the legal basis by level, then by position, then by "
                    "year enacted."))
    year = models.PositiveSmallIntegerField(_("year enacted"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0,
        help_text=_("Order of considerations and letterhead lines; within a level of the "
                    "legal basis, before the year (the law that formed the province "
                    "first)."))
    text = models.TextField(_("text"), help_text=_(
        "As the decree prints it, with the gazette numbers (Lembaran Negara ... Nomor ..., "
        "Tambahan Lembaran Negara Nomor ...). {tahun} is replaced by the decree's fiscal "
        "year."))
    source = models.CharField(_("source"), max_length=500, blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=False, help_text=_(
        "Unconfirmed entries are marked on the template page and in draft PDFs until staff "
        "have checked them against the official text."))
    first_year = models.PositiveSmallIntegerField(_("from fiscal year"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("to fiscal year"), null=True, blank=True)
    regency_code = models.CharField(
        _("only for the regency"), max_length=13, blank=True,
        help_text=_("For a regent's or mayor's decree: e.g. the law that formed the regency. "
                    "Empty: every decree of the issuer."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["issuer", "part", "rank", "position", "year", "id"]
        verbose_name = _("decree text entry")
        verbose_name_plural = _("decree text templates")

    def __str__(self) -> str:
        return f"{self.get_issuer_display()} / {self.get_part_display()}: {self.text[:60]}"


class ImageKind(models.TextChoices):
    EMBLEM = "emblem", _("National emblem (Garuda Pancasila)")
    OFFICE_LOGO = "office_logo", _("Office logo (letterhead of a head of office's decree)")


def image_path(instance: "DocumentImage", filename: str) -> str:
    return f"sk/gambar/{instance.kind}/{instance.sha256}.{instance.extension}"


class DocumentImage(models.Model):
    """A picture printed in a decree's heading: the national emblem of a governor's or
    regent's decree, the office logo of a head of office's letterhead (Permendagri
    80/2015). Province staff upload it once; the latest upload of a kind is the current
    one, earlier ones are kept, because an issued decree keeps printing the picture it was
    issued with (Decree.heading_image)."""

    kind = models.CharField(_("kind"), max_length=12, choices=ImageKind.choices)
    file = models.FileField(_("file"), upload_to=image_path, max_length=200)
    extension = models.CharField(_("type"), max_length=3)  # "png" or "svg"
    file_name = models.CharField(_("uploaded file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-uploaded_at", "-id"]
        verbose_name = _("decree heading image")
        verbose_name_plural = _("decree heading images")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sha256[:12]}"


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
    # While a draft: only what this decree adds to its issuer's template (an amendment's
    # own considerations; the decree it amends). From issue on: the whole text as issued,
    # one entry per line, copied from the templates (see DecreeClause).
    considerations = models.TextField(_("considerations (menimbang), one per line"),
                                      blank=True)
    legal_basis = models.TextField(_("legal basis (mengingat), one per line"), blank=True)
    letterhead = models.TextField(_("letterhead, one line each"), blank=True)
    # From issue on: the picture its heading prints (the national emblem, or the office
    # logo of a head of office's letterhead); empty: none was installed when it was issued.
    heading_image = models.ForeignKey(DocumentImage, on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+",
                                      verbose_name=_("heading image as issued"))
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
