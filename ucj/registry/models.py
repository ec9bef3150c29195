from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Ecosystem(models.Model):
    """A segment of workers the programme enrols (village officials, honorary staff...)."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    # Data, not the catalogue: province staff rename an ecosystem in either language
    # (Data induk → Ekosistem).
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("ecosystem")
        verbose_name_plural = _("ecosystems")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the language of the request: English where one is given."""
        return in_language(self.name, self.name_en)


def in_language(name: str, name_en: str) -> str:
    return name_en if name_en and (get_language() or "").startswith("en") else name


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class Worker(models.Model):
    """One person, one row: the NIK is the key of the registry."""

    # Unique by a constraint, not unique=True: on PostgreSQL unique=True also makes a
    # second, varchar_pattern_ops index for LIKE, which cost a million-row intake about
    # a second to maintain. Prefix searches use a range on this index instead
    # (selectors.nik_prefix).
    nik = models.CharField(_("NIK"), max_length=16)
    name = models.CharField(_("name"), max_length=200)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    # No database constraint: the intake writes only desa codes it has just read from
    # the region table, regions are never deleted (loaded from the Kemendagri list), and
    # PostgreSQL checking a million new workers row by row at commit cost seconds. No
    # index either (two on PostgreSQL, written in random order): nothing looks workers
    # up by desa yet; add one with the first query that does.
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("village of residence"),
                             db_constraint=False, db_index=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    employer = models.CharField(_("employer or agency"), max_length=200, blank=True)
    # Optional columns of a BPJS collective registration (DOMAIN.md, "Corrections and
    # additions"), read at intake when a regency's list has them and carried into the
    # registration file. The mother's maiden name (like the phone) is personal data:
    # shown whole only to roles that see whole NIKs (accounts.personal_data), never in
    # lists.
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True,
                                   db_default="")
    mother_name = models.CharField(_("mother's maiden name"), max_length=200, blank=True,
                                   db_default="")
    # Set by the database, so bulk writes need not send them for every row.
    created_at = models.DateTimeField(_("added"), auto_now_add=True, db_default=Now())
    updated_at = models.DateTimeField(_("changed"), auto_now=True, db_default=Now())

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["nik"], name="worker_nik_unique")]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return self.name

    @property
    def nik_region(self) -> str:
        """Where the NIK was issued (kecamatan code, possibly retired), not where the
        person lives."""
        return f"{self.nik[:2]}.{self.nik[2:4]}.{self.nik[4:6]}"


class WorkerSearch(models.Model):
    """The name search's copy of a worker's name (ucj.registry.search): a trigram index
    on it finds the workers whose name contains a text (GIN with pg_trgm on PostgreSQL,
    an FTS5 trigram table beside it on SQLite). Kept apart from the worker table so that
    the intake does not pay for the index while it writes: a background job indexes the
    new workers once the intake has committed (search.catch_up), and searches read the
    workers not indexed yet directly."""

    # No database constraint, as for listings: written only by search.catch_up from ids
    # it has just read; Django deletes the row with its worker.
    worker = models.OneToOneField(Worker, on_delete=models.CASCADE, primary_key=True,
                                  related_name="search", db_constraint=False)
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.worker_id} {self.name}"


class SubmissionStatus(models.TextChoices):
    MAPPING = "mapping", _("Waiting for column confirmation")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Processing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    DUPLICATE = "duplicate", _("Same file already imported")
    CANCELLED = "cancelled", _("Cancelled")


class Submission(models.Model):
    """One file of workers sent by a regency for one ecosystem, and what became of it."""

    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("regency"))
    ecosystem = models.ForeignKey(Ecosystem, on_delete=models.PROTECT, related_name="submissions",
                                  verbose_name=_("ecosystem"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="kiriman/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.MAPPING)
    duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    header_index = models.PositiveIntegerField(null=True, blank=True)
    header_row = models.PositiveIntegerField(_("header row"), null=True, blank=True)
    columns = models.JSONField(default=dict, blank=True)  # column id -> header text
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)  # field -> column id
    preview = models.JSONField(default=list, blank=True)  # the first rows under the header
    rows = models.PositiveIntegerField(_("data rows"), default=0)
    accepted = models.PositiveIntegerField(_("accepted"), default=0)  # warnings included
    warned = models.PositiveIntegerField(_("accepted with warnings"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    new_workers = models.PositiveIntegerField(_("new workers"), default=0)
    linked_workers = models.PositiveIntegerField(_("workers already registered"), default=0)
    skipped = models.JSONField(default=dict, blank=True)
    reasons = models.JSONField(default=dict, blank=True)  # rejection code -> rows
    warnings = models.JSONField(default=dict, blank=True)  # warning code -> rows
    progress_step = models.CharField(max_length=20, blank=True)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    sheet_name = models.CharField(_("sheet"), max_length=255, blank=True)  # XLSX: the one read

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            # The same file for the same regency and ecosystem is taken once: two uploads
            # at the same moment cannot both pass the duplicate check (the second insert
            # fails and is recorded as a duplicate). Failed ones may be sent again.
            models.UniqueConstraint(
                fields=["regency", "ecosystem", "file_sha256"],
                condition=models.Q(status__in=["mapping", "queued", "running", "done"]),
                name="submission_same_file_once"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in (SubmissionStatus.DONE, SubmissionStatus.FAILED,
                               SubmissionStatus.DUPLICATE, SubmissionStatus.CANCELLED)


class Verdict(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    WARNING = "warning", _("Accepted with warnings")
    REJECTED = "rejected", _("Rejected")


class SubmissionRow(models.Model):
    """The verdict on one data row of a submission; an accepted row links its worker."""

    # No separate indexes on the foreign keys: the unique (submission, row_number) serves
    # the lookups by submission, and a million-row list writes several times faster
    # without an index on worker (rows are read by submission, never by worker). No
    # database constraints either, as for listings: the intake writes only ids it has
    # just created or read, Django applies on_delete, and PostgreSQL checking each row's
    # two keys at commit took a second of a million-row import.
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="row_results",
                                   db_index=False, db_constraint=False)
    row_number = models.PositiveIntegerField(_("row"))
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices)
    reasons = models.CharField(_("reasons"), max_length=200, blank=True)  # comma-separated codes
    warnings = models.CharField(_("warnings"), max_length=200, blank=True)
    message = models.TextField(_("explanation"), blank=True)
    nik_input = models.CharField(_("NIK as written"), max_length=64, blank=True)
    name_input = models.CharField(_("name as written"), max_length=200, blank=True)
    worker = models.ForeignKey(Worker, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="submission_rows", db_index=False, db_constraint=False)

    class Meta:
        ordering = ["submission", "row_number"]
        constraints = [models.UniqueConstraint(fields=["submission", "row_number"],
                                               name="submission_row_unique")]

    def __str__(self) -> str:
        return f"{self.submission_id}:{self.row_number} {self.verdict}"


class WorkerListing(models.Model):
    """A worker is listed by a regency in an ecosystem: the link that region scope and
    ecosystem counts read. One row per (worker, ecosystem, regency)."""

    # Listings are written a million at a time by the intake, which writes only ids it
    # has just created or read, so they keep one index only: the primary key (worker,
    # ecosystem, regency), which is also what makes a listing unique. Every read goes by
    # worker (region scope, exports, reconciliation); reads by regency aggregate a large
    # share of the table, where a scan does as well. (A surrogate id with its own index,
    # and an index on (regency, ecosystem) holding every row of an intake under one key,
    # each cost PostgreSQL about a second per million listings.) The foreign keys are
    # kept by Django (on_delete) rather than by database constraints: PostgreSQL checks
    # those row by row, which took more than half the time of a million-row import.
    pk = models.CompositePrimaryKey("worker", "ecosystem", "regency")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="listings",
                               db_index=False, db_constraint=False)
    ecosystem = models.ForeignKey(Ecosystem, on_delete=models.PROTECT, related_name="+",
                                  db_index=False, db_constraint=False)
    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                db_index=False, db_constraint=False)
    first_submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="+",
                                         db_index=False, db_constraint=False)
    last_submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="+",
                                        db_index=False, db_constraint=False)

    def __str__(self) -> str:
        return f"{self.worker_id} {self.ecosystem_id} {self.regency_id}"


class WorkerChange(models.Model):
    """The history of a worker's record: which field changed, from what, by which file."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="changes")
    submission = models.ForeignKey(Submission, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    field = models.CharField(max_length=40)
    old_value = models.CharField(max_length=200, blank=True)
    new_value = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.field}: {self.old_value} -> {self.new_value}"


class ConflictStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class ConflictDecision(models.TextChoices):
    ADD_LISTING = "add_listing", _("Add a listing: the uploading regency lists the worker too")
    MOVE = "move", _("Move: the worker now belongs to the uploading regency")
    REJECT = "reject", _("Reject: change nothing")


class NikConflict(models.Model):
    """A row of a regency's list whose NIK the registry holds for a worker listed only by
    other regencies. The intake neither links the row to that worker nor changes or
    shows anything of them; the row's values are kept here, as sent, and province staff
    decide (ConflictDecision). Written set-based by the intake, in its transaction."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="nik_conflicts",
                               verbose_name=_("worker"))
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE,
                                   related_name="nik_conflicts", verbose_name=_("submission"))
    row_number = models.PositiveIntegerField(_("row"))
    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("uploading regency"))
    # The row's values as sent (after the intake's checks).
    name = models.CharField(_("name as sent"), max_length=200, blank=True)
    birth_date = models.DateField(_("birth date as sent"), null=True, blank=True)
    sex = models.CharField(_("sex as sent"), max_length=1, choices=Sex.choices, blank=True)
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("village as sent"),
                             db_constraint=False, db_index=False)
    phone = models.CharField(_("phone as sent"), max_length=20, blank=True)
    position = models.CharField(_("position as sent"), max_length=150, blank=True)
    employer = models.CharField(_("employer as sent"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ConflictStatus.choices,
                              default=ConflictStatus.OPEN, db_index=True)
    decision = models.CharField(_("decision"), max_length=12, choices=ConflictDecision.choices,
                                blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True, db_default=Now())

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("NIK conflict")
        verbose_name_plural = _("NIK conflicts")

    def __str__(self) -> str:  # no personal data: audit events quote it
        return f"#{self.pk}"
