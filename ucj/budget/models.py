"""Premium budgets and the scenarios that share them among regencies and ecosystems."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ucj.budget.allocation import Policy
from ucj.premiums.models import Program


class Programme(models.TextChoices):
    RENTAN = "rentan", _("Vulnerable workers")
    SAWIT = "sawit", _("Palm-oil plantation workers")
    OTHER = "lain", _("Other")


class FundingSource(models.TextChoices):
    APBD_PROVINSI = "apbd_provinsi", _("APBD provinsi")
    APBD_KABUPATEN = "apbd_kabupaten", _("APBD kabupaten/kota")
    APBDES = "apbdes", _("APBDes (village funds)")
    DBH_SAWIT = "dbh_sawit", _("DBH sawit (palm-oil revenue sharing)")
    CSR = "csr", _("CSR (company funds)")
    OTHER = "lain", _("Other")


class PolicyChoice(models.TextChoices):
    LOWEST_FIRST = Policy.LOWEST_FIRST.value, _("Lowest coverage first")
    GAP_PROPORTIONAL = Policy.GAP_PROPORTIONAL.value, _("In proportion to the gap to target")
    MOST_POINTS = Policy.MOST_POINTS.value, _("Most coverage points gained")
    FAIREST = Policy.FAIREST.value, _("Fairest outcome (raise the lowest)")


class Budget(models.Model):
    name = models.CharField(_("name"), max_length=200)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    programme = models.CharField(_("programme"), max_length=10, choices=Programme.choices)
    funding_source = models.CharField(_("funding source"), max_length=20,
                                      choices=FundingSource.choices)
    # The province, or the regency whose own budget (APBD kabupaten, APBDes) this is.
    holder = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("held by"))
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))
    start_month = models.DateField(_("first month covered"))
    months = models.PositiveSmallIntegerField(_("months covered"))
    contribution_program = models.CharField(_("contribution programme"), max_length=3,
                                            choices=Program.choices, default=Program.BPU)
    declared_income = models.PositiveBigIntegerField(_("declared income (Rp)"),
                                                     default=1_000_000)
    include_jht = models.BooleanField(_("pay JHT too"), default=False)
    sector = models.CharField(_("sector"), max_length=40, blank=True,
                              help_text=_("For sector-specific discounts, e.g. transport."))
    ecosystems = models.ManyToManyField("registry.Ecosystem", related_name="+",
                                        verbose_name=_("ecosystems it may pay for"))
    note = models.TextField(_("note"), blank=True)
    adopted_scenario = models.ForeignKey(
        "budget.Scenario", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("adopted scenario"),
        help_text=_("The allocation proposals and decrees are checked against."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year", "name"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def __str__(self) -> str:
        return f"{self.name} ({self.fiscal_year})"

    def clean(self) -> None:
        super().clean()
        if self.start_month:
            self.start_month = self.start_month.replace(day=1)
        if self.months is not None and not 1 <= self.months <= 24:
            raise ValidationError({"months": _("A budget covers 1 to 24 months.")})

    @property
    def end_month(self) -> date:
        index = self.start_month.year * 12 + self.start_month.month - 1 + self.months - 1
        return date(index // 12, index % 12 + 1, 1)


class Scenario(models.Model):
    """One way of sharing a budget, kept so that planners can compare several."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="scenarios",
                               verbose_name=_("budget"))
    name = models.CharField(_("name"), max_length=200)
    policy = models.CharField(_("policy"), max_length=20, choices=PolicyChoice.choices)
    minimums = models.JSONField(_("minimum per regency"), default=dict, blank=True)
    limits = models.JSONField(_("limits per ecosystem"), default=dict, blank=True)
    per_worker = models.PositiveBigIntegerField(_("premium per worker for the period (Rp)"))
    affordable = models.PositiveIntegerField(_("workers the budget pays for"))
    funded = models.PositiveIntegerField(_("workers funded"))
    cost = models.PositiveBigIntegerField(_("cost (Rp)"))
    # What the allocation was computed from, so a saved scenario can be explained later.
    basis = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("allocation scenario")
        verbose_name_plural = _("allocation scenarios")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_policy_display()})"

    @property
    def leftover(self) -> int:
        return self.budget.amount - self.cost


class ScenarioRegency(models.Model):
    """A regency's share in a scenario, with its coverage before and after."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="regencies")
    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    participants = models.PositiveIntegerField(_("active participants"))
    denominator = models.PositiveIntegerField(_("denominator"), null=True)
    eligible = models.PositiveIntegerField(_("not yet active in the registry"))
    minimum = models.PositiveIntegerField(_("minimum"), default=0)
    funded = models.PositiveIntegerField(_("workers funded"))
    cost = models.PositiveBigIntegerField(_("cost (Rp)"))

    class Meta:
        ordering = ["regency_id"]
        constraints = [models.UniqueConstraint(fields=["scenario", "regency"],
                                               name="scenario_regency_unique")]

    def __str__(self) -> str:
        return f"{self.scenario_id} {self.regency_id}: {self.funded}"

    @property
    def rate_before(self) -> float | None:
        return self.participants / self.denominator if self.denominator else None

    @property
    def rate_after(self) -> float | None:
        return ((self.participants + self.funded) / self.denominator
                if self.denominator else None)


class ScenarioShare(models.Model):
    """Workers funded in one regency and ecosystem."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="shares")
    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    ecosystem = models.ForeignKey("registry.Ecosystem", on_delete=models.PROTECT,
                                  related_name="+")
    eligible = models.PositiveIntegerField()
    funded = models.PositiveIntegerField()

    class Meta:
        ordering = ["regency_id", "ecosystem_id"]
        constraints = [models.UniqueConstraint(fields=["scenario", "regency", "ecosystem"],
                                               name="scenario_share_unique")]

    def __str__(self) -> str:
        return f"{self.scenario_id} {self.regency_id} {self.ecosystem_id}: {self.funded}"
