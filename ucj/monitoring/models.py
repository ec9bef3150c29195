from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ucj.core.formatting import rupiah
from ucj.monitoring import rules


class Office(models.TextChoices):
    """The offices a visit brings together (a regency's, the province's and BPJS)."""

    DISNAKER = "disnaker", _("Manpower office (Disnaker)")
    PUPR = "pupr", _("Public works (Dinas PUPR)")
    PENDIDIKAN = "pendidikan", _("Education office (Dinas Pendidikan)")
    KESEHATAN = "kesehatan", _("Health office (Dinas Kesehatan)")
    PMD = "pmd", _("Village development (Dinas PMD)")
    HUKUM = "hukum", _("Legal bureau (Bagian Hukum)")
    BAPPEDA = "bappeda", _("Planning agency (Bappeda)")
    BPKAD = "bpkad", _("Finance agency (BPKAD)")
    PTSP = "ptsp", _("One-stop licensing (DPMPTSP)")
    BKPSDM = "bkpsdm", _("Civil service agency (BKPSDM)")
    SETDA = "setda", _("Regional secretariat (Setda)")
    BPJS = "bpjs", _("BPJS Ketenagakerjaan")
    PROVINSI = "provinsi", _("Disnakertrans Kalbar (province)")
    OTHER = "other", _("Other")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Visit(models.Model):
    """A monitoring and assistance visit to a regency: agenda, who attended, minutes,
    findings, and the regency's coverage at the time (a snapshot that does not change)."""

    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("regency"), limit_choices_to={
                                    "level": "kabupaten_kota"})
    date = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=VisitStatus.choices,
                              default=VisitStatus.PLANNED)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes (notulen)"), blank=True)
    findings = models.TextField(_("findings"), blank=True,
                                help_text=_("One finding per line."))
    # The regency's coverage from the indicators up to the visit date, kept as it was.
    coverage_rate = models.FloatField(_("coverage at the visit"), null=True, blank=True)
    coverage_month = models.DateField(_("month of the coverage figure"), null=True, blank=True)
    coverage_active = models.PositiveIntegerField(null=True, blank=True)
    coverage_denominator = models.PositiveBigIntegerField(null=True, blank=True)
    coverage_source = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return f"{self.regency_id} {self.date:%Y-%m-%d}"

    @property
    def finding_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.findings.splitlines() if line.strip(" -•\t")]


class Attendee(models.Model):
    """An office, and the person who represented it, at a visit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="attendees")
    office = models.CharField(_("office"), max_length=12, choices=Office.choices)
    office_name = models.CharField(_("office name"), max_length=200, blank=True,
                                   help_text=_("The office's own name, or the office when 'Other'."))
    name = models.CharField(_("name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)

    class Meta:
        ordering = ["visit", "id"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self) -> str:
        return f"{self.office_label}: {self.name}"

    @property
    def office_label(self) -> str:
        return self.office_name or str(self.get_office_display())


class ActionStatus(models.TextChoices):
    OPEN = rules.OPEN, _("Open")
    IN_PROGRESS = rules.IN_PROGRESS, _("In progress")
    DONE = rules.DONE, _("Done")
    DROPPED = rules.DROPPED, _("Dropped")


class ActionItem(models.Model):
    """A step agreed at a visit: what, which office owns it, by when, and how far it is."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="action_items",
                              verbose_name=_("visit"))
    title = models.CharField(_("what"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    owner_office = models.CharField(_("owning office"), max_length=12, choices=Office.choices)
    owner_name = models.CharField(_("office name or person"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def regency_id(self) -> str:
        return self.visit.regency_id

    @property
    def owner_label(self) -> str:
        office = str(self.get_owner_office_display())
        return f"{office} — {self.owner_name}" if self.owner_name else office

    def is_overdue(self, today: date) -> bool:
        return rules.is_overdue(due=self.due_date, status=self.status, today=today)

    def days_overdue(self, today: date) -> int:
        return rules.days_overdue(due=self.due_date, status=self.status, today=today)


def evidence_path(instance: "Evidence", filename: str) -> str:
    return f"pemantauan/bukti/{instance.item_id}/{filename}"


class Evidence(models.Model):
    """A file or a link showing what was done on an action item."""

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True, max_length=300)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "added_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [models.CheckConstraint(
            condition=~models.Q(file="") | ~models.Q(url=""), name="evidence_file_or_link")]

    def __str__(self) -> str:
        return self.file_name or self.url


class StatusChange(models.Model):
    """One change of an action item's status: who, when, from, to, why. Only ever added."""

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")
    by_username = models.CharField(_("by"), max_length=150, blank=True)
    from_status = models.CharField(_("from"), max_length=12, blank=True,
                                   choices=ActionStatus.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=ActionStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["item", "at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.from_status or '—'} -> {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("status history is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("status history is append-only")


# --- Inpres 2/2021 compliance ----------------------------------------------------------------


class RegulationType(models.TextChoices):
    PERDA = "perda", _("Regional regulation (Perda)")
    PERKADA = "perkada", _("Regent/mayor regulation (Perbup/Perwali)")
    OTHER = "other", _("Other (decree, circular, instruction)")


class ComplianceRecord(models.Model):
    """What a regency has done of Inpres 2/2021: one record per regency, kept up to date
    (its changes are in the audit trail)."""

    regency = models.OneToOneField("regions.Region", on_delete=models.PROTECT,
                                   related_name="+", primary_key=True,
                                   verbose_name=_("regency"))
    regulation_type = models.CharField(_("regulation type"), max_length=8, blank=True,
                                       choices=RegulationType.choices)
    regulation_number = models.CharField(_("regulation number"), max_length=100, blank=True)
    regulation_date = models.DateField(_("regulation date"), null=True, blank=True)
    regulation_title = models.CharField(_("regulation title"), max_length=300, blank=True)
    regulation_document = models.FileField(_("regulation document"), blank=True,
                                           upload_to="pemantauan/regulasi/", max_length=300)
    non_asn_total = models.PositiveIntegerField(_("non-civil-servant staff"), null=True,
                                                blank=True)
    non_asn_enrolled = models.PositiveIntegerField(_("non-civil-servant staff enrolled"),
                                                   null=True, blank=True)
    bumd_total = models.PositiveIntegerField(_("regional enterprises (BUMD)"), null=True,
                                             blank=True)
    bumd_registered = models.PositiveIntegerField(_("BUMD registered with BPJS"), null=True,
                                                  blank=True)
    ptsp_required = models.BooleanField(_("participation required in licensing (PTSP)"),
                                        null=True, blank=True)
    ptsp_note = models.CharField(_("licensing rule"), max_length=300, blank=True)
    village_total = models.PositiveIntegerField(_("village officials and RT/RW"), null=True,
                                                blank=True)
    village_covered = models.PositiveIntegerField(
        _("village officials and RT/RW covered through village funds"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["regency"]
        verbose_name = _("Inpres 2/2021 compliance")
        verbose_name_plural = _("Inpres 2/2021 compliance")

    def __str__(self) -> str:
        return str(self.regency_id)


class ComplianceBudget(models.Model):
    """Regional budget (APBD) a regency allocated for premiums in a year."""

    record = models.ForeignKey(ComplianceRecord, on_delete=models.CASCADE,
                               related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))
    source = models.CharField(_("source"), max_length=200, blank=True,
                              help_text=_("E.g. APBD 2026, DPA Disnaker."))

    class Meta:
        ordering = ["record", "-year"]
        verbose_name = _("premium budget")
        verbose_name_plural = _("premium budgets")
        constraints = [models.UniqueConstraint(fields=["record", "year"],
                                               name="compliance_budget_unique")]

    def __str__(self) -> str:
        return f"{self.record_id} {self.year}: {rupiah(self.amount)}"


class WeightKind(models.TextChoices):
    CRITERION = "criterion", _("Criterion weight (points)")
    CREDIT = "credit", _("Regulation credit (0 to 1)")


class ComplianceWeight(models.Model):
    """A weight of the compliance score, or the credit of a kind of regulation. Seeded
    by a migration from compliance.DEFAULT_WEIGHTS / DEFAULT_CREDITS (UNCONFIRMED policy);
    province staff change them."""

    key = models.CharField(_("key"), max_length=20, primary_key=True)
    kind = models.CharField(_("kind"), max_length=10, choices=WeightKind.choices)
    value = models.DecimalField(_("value"), max_digits=7, decimal_places=3)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "key"]
        verbose_name = _("compliance weight")
        verbose_name_plural = _("compliance weights")

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"


# --- socialisation ---------------------------------------------------------------------------


class SocialisationEvent(models.Model):
    """A socialisation of the programme's benefits held in a desa."""

    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("regency"))
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("village (desa/kelurahan)"))
    date = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True,
                             help_text=_("The venue, e.g. the village hall."))
    audience = models.CharField(_("audience"), max_length=300,
                                help_text=_("E.g. village officials and RT/RW, palm-oil workers."))
    participants = models.PositiveIntegerField(_("participants"))
    material = models.TextField(_("material"), blank=True)
    visit = models.ForeignKey(Visit, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="socialisations", verbose_name=_("during visit"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("socialisation event")
        verbose_name_plural = _("socialisation events")

    def __str__(self) -> str:
        return f"{self.desa_id} {self.date:%Y-%m-%d}"
