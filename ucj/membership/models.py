from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ucj.core.formatting import rate


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Processing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    # A reconciliation that would take many active workers out of coverage waits for
    # province staff, who confirm it (it becomes DONE) or discard it.
    AWAITING = "awaiting", _("Awaiting confirmation")
    DISCARDED = "discarded", _("Discarded")


FINISHED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.AWAITING, JobStatus.DISCARDED)


class BackgroundJob(models.Model):
    """What a page shows of work done by the background worker: its status, progress and
    why it failed."""

    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    progress_step = models.CharField(max_length=20, blank=True)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    # The django-tasks-db task now running this job (ucj.core.jobs.enqueue_job).
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    def set_progress(self, step: str, percent: int) -> None:
        """Show the step at once (outside any transaction the work is in)."""
        type(self).objects.filter(pk=self.pk).update(
            status=JobStatus.RUNNING, progress_step=step, progress_percent=percent)
        self.status, self.progress_step, self.progress_percent = JobStatus.RUNNING, step, percent

    def mark_failed(self, message: str) -> None:
        """Recorded even when the database dropped the connection (reconnects and
        retries while it restarts)."""
        from ucj.core.jobs import mark_job_failed

        mark_job_failed(type(self), self.pk, message)
        self.status, self.error = JobStatus.FAILED, message


class Extract(BackgroundJob):
    """One version of the BPJS participant extract. Versions are only ever added: the
    accepted rows are kept as a Parquet file beside the original, and a reconciliation
    always names the version it used."""

    as_of = models.DateField(_("extract date"))
    file = models.FileField(_("file"), upload_to="bpjs/asli/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    # The accepted participants, columns extract.PARTICIPANT_SCHEMA; read by DuckDB.
    participants = models.FileField(upload_to="bpjs/peserta/", blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    header_row = models.PositiveIntegerField(_("header row"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("data rows"), default=0)
    accepted = models.PositiveIntegerField(_("accepted"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    reasons = models.JSONField(default=dict, blank=True)  # rejection code -> rows
    by_category = models.JSONField(default=dict, blank=True)  # PU/BPU/... -> participants

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = _("membership extract")
        verbose_name_plural = _("membership extracts")

    def __str__(self) -> str:
        return f"#{self.pk} {self.as_of:%Y-%m-%d} {self.file_name}"

    @property
    def reconciliation(self) -> Reconciliation | None:
        """The newest reconciliation of this extract (selectors.extracts prefetches them)."""
        runs = list(self.reconciliations.all())
        return max(runs, key=lambda run: run.pk) if runs else None


class ExtractRow(models.Model):
    """A rejected row of an extract and why, so BPJS can correct and resend it."""

    extract = models.ForeignKey(Extract, on_delete=models.CASCADE, related_name="rejected_rows",
                                db_index=False)
    row_number = models.PositiveIntegerField(_("row"))
    reasons = models.CharField(max_length=300)  # comma-separated codes
    message = models.TextField(blank=True)
    nik_input = models.CharField(max_length=64, blank=True)
    kpj_input = models.CharField(max_length=64, blank=True)
    name_input = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["extract", "row_number"]
        constraints = [models.UniqueConstraint(fields=["extract", "row_number"],
                                               name="extract_row_unique")]

    def __str__(self) -> str:
        return f"{self.extract_id}:{self.row_number}"


class Reconciliation(BackgroundJob):
    """The registry matched against one extract. Running it again for the same extract
    replaces the earlier result once the new one is done (until then the earlier one
    stays current); review decisions (LinkDecision) outlive it.

    A run that would turn more than MembershipSettings.max_loss_percent of the workers
    active in the current reconciliation into "not enrolled" ends AWAITING, with the
    figures below, until province staff confirm it (DONE) or discard it (DISCARDED)."""

    extract = models.ForeignKey(Extract, on_delete=models.CASCADE,
                                related_name="reconciliations", verbose_name=_("extract"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    upper_threshold = models.FloatField(_("automatic link from"))
    lower_threshold = models.FloatField(_("review from"))
    workers = models.PositiveIntegerField(_("workers"), default=0)
    active = models.PositiveIntegerField(_("active"), default=0)
    lapsed = models.PositiveIntegerField(_("lapsed"), default=0)
    not_enrolled = models.PositiveIntegerField(_("not enrolled"), default=0)
    linked_exact = models.PositiveIntegerField(_("linked by NIK"), default=0)
    linked_probabilistic = models.PositiveIntegerField(_("linked probabilistically"), default=0)
    linked_reviewed = models.PositiveIntegerField(_("linked after review"), default=0)
    review = models.PositiveIntegerField(_("waiting for review"), default=0)
    model = models.JSONField(default=dict, blank=True)  # the splink model used
    timings = models.JSONField(default=dict, blank=True)
    # Against the reconciliation that was current when this one finished: its active
    # workers, and how many of them this one finds not enrolled.
    compared_with = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("compared with"))
    active_before = models.PositiveIntegerField(_("active before"), default=0)
    lost = models.PositiveIntegerField(_("active before, not enrolled now"), default=0)
    loss_limit = models.DecimalField(_("limit (%)"), max_digits=5, decimal_places=2, null=True,
                                     blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("confirmed or discarded by"))
    decided_at = models.DateTimeField(_("confirmed or discarded"), null=True, blank=True)

    class Meta:
        ordering = ["-extract__as_of", "-id"]
        verbose_name = _("reconciliation")
        verbose_name_plural = _("reconciliations")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.extract})"

    @property
    def lost_percent(self) -> float:
        return 100 * self.lost / self.active_before if self.active_before else 0.0


PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class MembershipSettings(models.Model):
    """Province settings guarding what a BPJS extract may change (one row, pk 1; the
    defaults apply until province staff save it). UNCONFIRMED policy: the defaults are
    this system's, not a regulation's."""

    min_accepted_percent = models.DecimalField(
        _("minimum accepted share of an extract (%)"), max_digits=5, decimal_places=2,
        default=Decimal(50), validators=PERCENT,
        help_text=_("An extract with a smaller share of accepted rows (or none) fails and is "
                    "never used for reconciliation."))
    max_loss_percent = models.DecimalField(
        _("largest share of active workers a reconciliation may turn not enrolled (%)"),
        max_digits=5, decimal_places=2, default=Decimal(20), validators=PERCENT,
        help_text=_("A reconciliation above it waits until province staff confirm it."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("membership settings")
        verbose_name_plural = _("membership settings")

    def __str__(self) -> str:
        return f"{rate(self.min_accepted_percent)} / {rate(self.max_loss_percent)}"


class CoverageStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    LAPSED = "lapsed", _("Lapsed")
    NOT_ENROLLED = "not_enrolled", _("Not enrolled")


class MatchMethod(models.TextChoices):
    EXACT = "exact", _("Same NIK")
    PROBABILISTIC = "probabilistic", _("Probabilistic link")
    REVIEWED = "reviewed", _("Confirmed on review")
    REVIEW = "review", _("Waiting for review")
    NONE = "none", _("No match")


class WorkerMembership(models.Model):
    """Each registered worker's coverage in one reconciliation, with the participant it
    was matched to and how."""

    # Bulk-written (COPY); the unique (reconciliation, worker) index serves every read
    # by reconciliation, so the foreign keys carry no index or constraint of their own.
    reconciliation = models.ForeignKey(Reconciliation, on_delete=models.CASCADE,
                                       related_name="memberships", db_index=False)
    worker = models.ForeignKey("registry.Worker", on_delete=models.CASCADE, related_name="+",
                               db_index=False, db_constraint=False)
    status = models.CharField(_("status"), max_length=12, choices=CoverageStatus.choices)
    method = models.CharField(_("match"), max_length=13, choices=MatchMethod.choices)
    kpj = models.CharField(_("KPJ"), max_length=16, blank=True)
    participant_nik = models.CharField(_("participant NIK"), max_length=16, blank=True)
    category = models.CharField(_("category"), max_length=5, blank=True)
    last_paid = models.DateField(_("last month paid"), null=True, blank=True)
    match_probability = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reconciliation", "worker"],
                                               name="worker_membership_unique")]

    def __str__(self) -> str:
        return f"{self.worker_id}: {self.status}"


# The record-linkage comparisons and their levels (reconcile.py's English labels).
COMPARISON_NAMES = {"nik": _("NIK"), "name": _("name"), "birth_date": _("birth date")}
EVIDENCE_LEVELS = {
    "exact": _("the same"),
    "one birth-date digit differs": _("one digit of the birth-date part differs"),
    "one serial digit differs": _("one digit of the serial number differs"),
    "one digit differs": _("one digit differs"),
    "two digits differ": _("two digits differ or are swapped"),
    "different": _("different"),
    "very similar": _("very similar"),
    "similar": _("similar"),
    "missing": _("missing"),
}


class CandidateState(models.TextChoices):
    LINKED = "linked", _("Linked automatically")
    REVIEW = "review", _("Waiting for review")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class LinkCandidate(models.Model):
    """A worker and a participant with different NIKs that record linkage judged to be
    the same person (above the upper threshold) or possibly so (between the
    thresholds), with the evidence shown on the review page."""

    reconciliation = models.ForeignKey(Reconciliation, on_delete=models.CASCADE,
                                       related_name="candidates")
    worker = models.ForeignKey("registry.Worker", on_delete=models.CASCADE, related_name="+",
                               db_constraint=False)
    kpj = models.CharField(_("KPJ"), max_length=16)
    participant_nik = models.CharField(_("participant NIK"), max_length=16)
    participant_name = models.CharField(_("participant name"), max_length=200)
    participant_birth_date = models.DateField(_("participant birth date"), null=True)
    category = models.CharField(_("category"), max_length=5)
    participant_status = models.CharField(_("BPJS status"), max_length=8)
    last_paid = models.DateField(_("last month paid"), null=True, blank=True)
    coverage = models.CharField(max_length=12, choices=CoverageStatus.choices)
    match_probability = models.FloatField(_("match probability"))
    match_weight = models.FloatField(_("match weight"))
    evidence = models.JSONField(default=dict)  # comparison -> level label
    state = models.CharField(_("state"), max_length=10, choices=CandidateState.choices)

    class Meta:
        ordering = ["-match_probability", "id"]
        constraints = [models.UniqueConstraint(fields=["reconciliation", "worker"],
                                               name="link_candidate_unique")]

    def __str__(self) -> str:
        return f"#{self.pk} worker {self.worker_id} ~ KPJ {self.kpj}"

    @property
    def evidence_labels(self) -> list[str]:
        """'NIK: one digit differs', translated, one per comparison."""
        return [f"{COMPARISON_NAMES.get(name, name)}: {EVIDENCE_LEVELS.get(level, level)}"
                for name, level in self.evidence.items()]


class Decision(models.TextChoices):
    CONFIRMED = "confirmed", _("Same person")
    REJECTED = "rejected", _("Different people")


class LinkDecision(models.Model):
    """A reviewer's word on a worker and a participant (KPJ). Applied on every later
    reconciliation, so nobody is asked twice about the same pair."""

    worker = models.ForeignKey("registry.Worker", on_delete=models.CASCADE, related_name="+")
    kpj = models.CharField(_("KPJ"), max_length=16)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), auto_now=True)
    match_probability = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["worker", "kpj"],
                                               name="link_decision_unique")]

    def __str__(self) -> str:
        return f"worker {self.worker_id} ~ KPJ {self.kpj}: {self.decision}"
