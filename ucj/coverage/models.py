from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ucj.core.formatting import percent, thousands


class Category(models.TextChoices):
    PU = "PU", _("Wage earners (PU)")
    BPU = "BPU", _("Non-wage workers (BPU)")
    JAKON = "JAKON", _("Construction (JAKON)")
    PMI = "PMI", _("Migrant workers (PMI)")


class CountImport(models.Model):
    """One file of BPJS aggregate counts and what became of its rows."""

    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("data rows"), default=0)
    accepted = models.PositiveIntegerField(_("accepted"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    reasons = models.JSONField(default=dict, blank=True)
    rejected_rows = models.JSONField(default=list, blank=True)  # [{row, reasons, message}]

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("count import")
        verbose_name_plural = _("count imports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"


class ParticipantCount(models.Model):
    """Active BPJS Ketenagakerjaan participants of a regency in a month and category, as
    BPJS reports them: the numerator of coverage."""

    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("regency"))
    month = models.DateField(_("month"))  # the first day of the month
    category = models.CharField(_("category"), max_length=5, choices=Category.choices)
    active = models.PositiveIntegerField(_("active participants"))
    source = models.CharField(_("source"), max_length=255)
    imported_by = models.ForeignKey(CountImport, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="counts")

    class Meta:
        ordering = ["regency", "-month", "category"]
        verbose_name = _("participant count")
        verbose_name_plural = _("participant counts")
        constraints = [models.UniqueConstraint(fields=["regency", "month", "category"],
                                               name="participant_count_unique")]

    def __str__(self) -> str:
        return f"{self.regency_id} {self.month:%Y-%m} {self.category}: {thousands(self.active)}"


class Target(models.Model):
    """A coverage target of the province or a regency for the end of a year, with where
    it comes from. Editable: targets are policy, not code."""

    # No database constraint: the province target is seeded by a migration, before
    # `ucj load-regions` has loaded the region it names.
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("region"), db_constraint=False)
    year = models.PositiveSmallIntegerField(_("year"))
    rate = models.DecimalField(_("target coverage"), max_digits=5, decimal_places=4,
                               help_text=_("As a fraction: 0.6577 is 65.77 %."))
    source = models.CharField(_("source"), max_length=255)
    note = models.TextField(_("note"), blank=True)
    # False for figures seeded from secondary sources (news) until staff confirm them;
    # pages that use such a target say it is unconfirmed.
    confirmed = models.BooleanField(_("confirmed"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region", "year"]
        verbose_name = _("coverage target")
        verbose_name_plural = _("coverage targets")
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="target_unique")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {percent(self.rate)}"


class AreaSummary(models.Model):
    """Registered workers living in a kecamatan or desa, and how many are active
    participants in the current reconciliation: the drill-down below regency level,
    kept by the writes (coverage.summaries)."""

    area = models.CharField(max_length=13, primary_key=True)  # "61.01.01" or "61.01.01.2001"
    workers = models.PositiveIntegerField(default=0)
    active = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.area}: {self.active}/{self.workers}"


class EcosystemSummary(models.Model):
    """Registered workers of a regency and ecosystem by BPJS status in the current
    reconciliation, kept by the writes (coverage.summaries)."""

    regency = models.CharField(max_length=5)
    ecosystem = models.CharField(max_length=30)
    active = models.PositiveIntegerField(default=0)
    lapsed = models.PositiveIntegerField(default=0)
    not_enrolled = models.PositiveIntegerField(default=0)
    review = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["regency", "ecosystem"],
                                               name="ecosystem_summary_unique")]

    def __str__(self) -> str:
        return f"{self.regency} {self.ecosystem}"


class SummaryState(models.Model):
    """One row: the lock the writers of the summaries take (coverage.summaries.lock),
    and when they were last counted again in full (a reconciliation, or the repair
    command `ucj summaries rebuild`), from which reconciliation, in how many seconds."""

    refreshed_at = models.DateTimeField(null=True, blank=True)
    reconciliation_id = models.PositiveIntegerField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return f"rebuilt {self.refreshed_at}" if self.refreshed_at else "never rebuilt"
