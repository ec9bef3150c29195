"""Contribution rules as data: rates, income brackets and discounts, each with its legal
basis and the months it is valid in. A rule entered from news or an unsigned draft stays
unconfirmed (and prices nothing unless asked to) until master-data staff confirm it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ucj.core.formatting import rate, rupiah, thousands


class Program(models.TextChoices):
    BPU = "bpu", _("BPU (non-wage workers)")
    PU = "pu", _("PU (wage earners)")


class Component(models.TextChoices):
    JKK = "jkk", _("JKK (work accident)")
    JKM = "jkm", _("JKM (death)")
    JHT = "jht", _("JHT (old-age savings)")
    JP = "jp", _("JP (pension)")


class Payer(models.TextChoices):
    PARTICIPANT = "", _("participant")
    EMPLOYER = "employer", _("employer")
    WORKER = "worker", _("worker")


class Rule(models.Model):
    valid_from = models.DateField(
        _("valid from"), help_text=_("The rule prices every month that starts on or after "
                                     "this day."))
    valid_to = models.DateField(_("valid until"), null=True, blank=True,
                                help_text=_("Last day (inclusive). Empty: until further notice."))
    legal_basis = models.CharField(_("legal basis"), max_length=255,
                                   help_text=_("e.g. PP 44/2015 jo. PP 82/2019, Pasal 17"))
    source = models.CharField(
        _("source"), max_length=500, blank=True,
        help_text=_("Where the figure was read: the letter, regulation or report (with its "
                    "date), so that whoever confirms the rule can check it."))
    confirmed = models.BooleanField(
        _("confirmed"), default=False,
        help_text=_("Only confirmed rules price budgets. Confirm a rule once its legal text "
                    "has been checked."))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of validity comes before its start.")})

    def overlapping(self, queryset: models.QuerySet) -> models.QuerySet:
        """Rules of `queryset` (the same kind and key) valid in some month of this one."""
        found = queryset.exclude(pk=self.pk)
        if self.valid_to:
            found = found.filter(valid_from__lte=self.valid_to)
        return found.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=self.valid_from))

    def refuse_overlap(self, queryset: models.QuerySet) -> None:
        clash = self.overlapping(queryset).first()
        if clash is not None:
            raise ValidationError(
                _("This rule overlaps %(other)s (valid %(start)s to %(end)s). End the older "
                  "rule the day before this one starts.")
                % {"other": clash, "start": clash.valid_from,
                   "end": clash.valid_to or _("further notice")})


class ContributionRate(Rule):
    program = models.CharField(_("programme"), max_length=3, choices=Program.choices)
    component = models.CharField(_("component"), max_length=3, choices=Component.choices)
    risk_class = models.PositiveSmallIntegerField(
        _("risk class"), null=True, blank=True,
        help_text=_("PU JKK only: 1 (very low) to 5 (very high)."))
    payer = models.CharField(_("paid by"), max_length=8, choices=Payer.choices, blank=True,
                             default="")
    percent = models.DecimalField(_("percent of income"), max_digits=6, decimal_places=3,
                                  null=True, blank=True)
    flat_amount = models.PositiveIntegerField(_("flat amount a month (Rp)"), null=True,
                                              blank=True)
    base_minimum = models.PositiveBigIntegerField(
        _("minimum income (Rp)"), null=True, blank=True,
        help_text=_("A lower income is priced as this amount."))
    base_cap = models.PositiveBigIntegerField(
        _("income cap (Rp)"), null=True, blank=True,
        help_text=_("A higher wage is priced as this amount (e.g. the JP wage cap)."))

    class Meta:
        ordering = ["program", "component", "risk_class", "payer", "valid_from"]
        verbose_name = _("contribution rate")
        verbose_name_plural = _("contribution rates")
        constraints = [models.CheckConstraint(
            condition=(models.Q(percent__isnull=False, flat_amount__isnull=True)
                       | models.Q(percent__isnull=True, flat_amount__isnull=False)),
            name="rate_percent_or_flat")]

    def __str__(self) -> str:
        amount = rate(self.percent) if self.percent is not None else rupiah(self.flat_amount)
        risk = f" ({_('risk class')} {self.risk_class})" if self.risk_class else ""
        payer = f" ({self.get_payer_display()})" if self.payer else ""
        return f"{self.program.upper()} {self.component.upper()}{risk}{payer} {amount}"

    def clean(self) -> None:
        super().clean()
        if (self.percent is None) == (self.flat_amount is None):
            raise ValidationError(_("Give either a percentage or a flat amount, not both."))
        if self.program == Program.PU and self.component == Component.JKK and not self.risk_class:
            raise ValidationError({"risk_class": _("A PU JKK rate belongs to a risk class.")})
        if self.confirmed:
            self.refuse_overlap(ContributionRate.objects.filter(
                confirmed=True, program=self.program, component=self.component,
                risk_class=self.risk_class, payer=self.payer))


class IncomeBracket(Rule):
    program = models.CharField(_("programme"), max_length=3, choices=Program.choices,
                               default=Program.BPU)
    lower = models.PositiveBigIntegerField(_("income from (Rp)"))
    upper = models.PositiveBigIntegerField(_("income up to (Rp)"), null=True, blank=True)
    declared_income = models.PositiveBigIntegerField(_("declared income (Rp)"))

    class Meta:
        ordering = ["program", "valid_from", "lower"]
        verbose_name = _("income bracket")
        verbose_name_plural = _("income brackets")

    def __str__(self) -> str:
        upper = thousands(self.upper) if self.upper is not None else "…"
        return (f"{self.program.upper()} {thousands(self.lower)}–{upper} → "
                f"{thousands(self.declared_income)}")

    def clean(self) -> None:
        super().clean()
        if self.upper is not None and self.lower is not None and self.upper < self.lower:
            raise ValidationError({"upper": _("The upper end is below the lower end.")})
        if self.confirmed and self.lower is not None:
            same_incomes = IncomeBracket.objects.filter(confirmed=True, program=self.program,
                                                        upper__isnull=True) | \
                IncomeBracket.objects.filter(confirmed=True, program=self.program,
                                             upper__gte=self.lower)
            if self.upper is not None:
                same_incomes = same_incomes.filter(lower__lte=self.upper)
            self.refuse_overlap(same_incomes)


class Discount(Rule):
    program = models.CharField(_("programme"), max_length=3, choices=Program.choices,
                               default=Program.BPU)
    components = models.CharField(_("components"), max_length=20, default="jkk,jkm",
                                  help_text=_("Comma-separated, e.g. jkk,jkm"))
    percent = models.DecimalField(_("discount (%)"), max_digits=5, decimal_places=2)
    sector = models.CharField(_("sector"), max_length=40, blank=True,
                              help_text=_("Empty: every sector. e.g. transport"))

    class Meta:
        ordering = ["program", "valid_from"]
        verbose_name = _("discount")
        verbose_name_plural = _("discounts")

    def __str__(self) -> str:
        sector = f" ({self.sector})" if self.sector else ""
        parts = " + ".join(sorted(c.upper() for c in self.component_set))
        return f"{self.program.upper()} −{rate(self.percent)} {parts}{sector}"

    @property
    def component_set(self) -> frozenset[str]:
        return frozenset(c.strip().lower() for c in self.components.split(",") if c.strip())

    def clean(self) -> None:
        super().clean()
        # One spelling per sector: quotes choose among the sectors discounts name.
        self.sector = " ".join(self.sector.split()).lower()
        unknown = self.component_set - set(Component.values)
        if unknown or not self.component_set:
            raise ValidationError({"components": _("Name components among jkk, jkm, jht, jp, "
                                                   "separated by commas.")})
        if self.percent is not None and not (0 < self.percent <= 100):
            raise ValidationError({"percent": _("A discount lies between 0 and 100 %.")})


class PensionWageCap(Rule):
    """The highest monthly wage the PU pension (JP) contribution is a percentage of, for
    the months of its validity: PP 45/2015 Pasal 28 set Rp7,000,000 and Pasal 29 has BPJS
    Ketenagakerjaan raise it every year by the growth of GDP, usually from March."""

    amount = models.PositiveBigIntegerField(_("wage cap (Rp)"))

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("JP wage cap")
        verbose_name_plural = _("JP wage caps")

    def __str__(self) -> str:
        end = f"{self.valid_to:%m-%Y}" if self.valid_to else "…"
        amount = f"{self.amount:,}".replace(",", ".")
        return f"{_('JP wage cap')} Rp{amount} ({self.valid_from:%m-%Y} – {end})"

    @property
    def program(self) -> str:
        return Program.PU

    def clean(self) -> None:
        super().clean()
        if self.confirmed and self.valid_from:
            self.refuse_overlap(PensionWageCap.objects.filter(confirmed=True))
