from django.db import models
from django.utils.translation import gettext_lazy as _

from ucj.core.formatting import thousands


class Level(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABUPATEN_KOTA = "kabupaten_kota", _("Regency/city")
    KECAMATAN = "kecamatan", _("District (kecamatan)")
    DESA_KELURAHAN = "desa_kelurahan", _("Village (desa/kelurahan)")


class Region(models.Model):
    """A Kemendagri region, current or retired. The dotted Kemendagri code is the key
    everywhere in UCJ; the BPS code is only an attribute for matching BPS statistics."""

    code = models.CharField(_("Kemendagri code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent"),
    )
    is_current = models.BooleanField(
        _("in the current list"), default=True,
        help_text=_("False for codes retired by a later Kemendagri list; NIKs issued under them stay valid."),
    )
    first_listed = models.PositiveSmallIntegerField(_("first listed"), null=True, blank=True)
    last_listed = models.PositiveSmallIntegerField(_("last listed"), null=True, blank=True)
    bps_code = models.CharField(_("BPS code"), max_length=10, blank=True)
    population_male = models.PositiveIntegerField(_("male population"), null=True, blank=True)
    population_female = models.PositiveIntegerField(_("female population"), null=True, blank=True)
    population_total = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def regency_code(self) -> str | None:
        """The regency/city this region belongs to ("61.01"), None for a province."""
        parts = self.code.split(".")
        return ".".join(parts[:2]) if len(parts) >= 2 else None


class RegionName(models.Model):
    """A name a region carried in an earlier Kemendagri list (from the 2016 list on):
    61.02.08 was Siantan in the 2016-2022 lists and is Jongkat today. Loaded with the
    codes (ucj load-regions) from data/nama_wilayah_historis.csv; the intake accepts
    these names as aliases when it matches a regency's desa and kecamatan."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="former_names",
                               verbose_name=_("region"))
    name = models.CharField(_("name"), max_length=120)
    first_listed = models.PositiveSmallIntegerField(_("first listed"))
    last_listed = models.PositiveSmallIntegerField(_("last listed"))

    class Meta:
        ordering = ["region", "first_listed", "name"]
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        constraints = [models.UniqueConstraint(fields=["region", "name"],
                                               name="region_name_unique")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.name} ({self.first_listed}-{self.last_listed})"


class DenominatorKind(models.TextChoices):
    BPS_EMPLOYED = "bps_employed", _("BPS employed population (Sakernas)")
    BPS_LABOUR_FORCE = "bps_labour_force", _("BPS labour force (Sakernas)")
    BPJS_POTENTIAL = "bpjs_potential", _("BPJS potential workforce (potensi tenaga kerja)")
    OTHER = "other", _("Other")
    # The denominator of the BPU indicator only (SDG 8.8.1.a style): residents working
    # informally, never the overall rate's.
    BPS_INFORMAL = "bps_informal", _("BPS informal workers, the BPU universe (Sakernas)")


#: The kinds an overall coverage rate may be divided by; the others belong to one indicator.
OVERALL_KINDS = (DenominatorKind.BPJS_POTENTIAL, DenominatorKind.BPS_EMPLOYED,
                 DenominatorKind.BPS_LABOUR_FORCE, DenominatorKind.OTHER)


class Denominator(models.Model):
    """A figure a coverage rate can be divided by. Published figures disagree, so each
    carries its kind, source and reference date; several sources may coexist."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="denominators",
                               verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=DenominatorKind.choices)
    value = models.PositiveBigIntegerField(_("value"))
    source = models.CharField(_("source"), max_length=255)
    reference_date = models.DateField(_("reference date"))
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region", "-year", "kind"]
        verbose_name = _("denominator")
        verbose_name_plural = _("denominators")
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "kind", "source"],
                                    name="denominator_unique_per_source"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.get_kind_display()}: {thousands(self.value)}"
