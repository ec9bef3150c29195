"""Writes to the worker registry: submissions of regency worker lists and their intake.

The intake reads and checks a file on columnar frames (ucj.registry.intake, no Django),
then stores everything in one transaction with COPY/executemany: a failure at any
point stores nothing of the file."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ucj.accounts.models import AuditAction, User
from ucj.accounts.rights import Action, may, require
from ucj.accounts.services import record_audit
from ucj.core.bulk import (
    id_array_sql,
    insert_frame,
    lock_for_writing,
    reserve_ids,
    select_matching,
)
from ucj.core.jobs import enqueue_job, mark_job_failed
from ucj.core.laps import lap, laps
from ucj.coverage import summaries
from ucj.regions.models import Level, Region
from ucj.registry import search
from ucj.registry.intake.headers import (
    FIELDS,
    REQUIRED_FIELDS,
    HeaderGuess,
    detect_header,
    has_data_below,
    has_header,
)
from ucj.registry.intake.reader import RawTable, UnreadableFile, read_table
from ucj.registry.labels import FIELD_LABELS
from ucj.registry.models import (
    ConflictDecision,
    ConflictStatus,
    Ecosystem,
    NikConflict,
    Submission,
    SubmissionRow,
    SubmissionStatus,
    Worker,
    WorkerChange,
    WorkerListing,
)
from ucj.registry.selectors import check_submission

Progress = Callable[[str, int], None]
# Fields a later list may bring up to date; name and birth date are identity, never
# overwritten by a file (a difference is reported as identity_conflict instead).
UPDATABLE_FIELDS = {"phone": "no_hp", "position": "jabatan", "employer": "instansi",
                    "desa_id": "desa_code", "birth_place": "tempat_lahir",
                    "mother_name": "nama_ibu_kandung"}


class IntakeError(ValueError):
    """Bad input: the message (Indonesian) says what is wrong and how to fix it."""


def _no_progress(step: str, percent: int) -> None:
    return None


# Submitting ------------------------------------------------------------------------


def _check_can_submit(user: User | None, regency: Region) -> None:
    """Regency operators for their own regency, province staff for any (user None: the
    command line, run by the server's operator)."""
    if user is not None:
        require(user, Action.UPLOAD_WORKERS, regency.code)


def _regency(code: str) -> Region:
    try:
        return Region.objects.get(code=code, level=Level.KABUPATEN_KOTA, is_current=True)
    except Region.DoesNotExist:
        raise IntakeError(_("Regency/city '%(code)s' is not known; write its code like 61.01.")
                          % {"code": code}) from None


def _ecosystem(code: str) -> Ecosystem:
    try:
        return Ecosystem.objects.get(code=code)
    except Ecosystem.DoesNotExist:
        known = ", ".join(Ecosystem.objects.values_list("code", flat=True))
        raise IntakeError(_("Ecosystem '%(code)s' is not known; choose one of: %(known)s.")
                          % {"code": code, "known": known}) from None


def create_submission(*, user: User | None, regency_code: str, ecosystem_code: str,
                      file_name: str, data: bytes) -> Submission:
    """Keep an uploaded file and propose its column mapping. Nothing enters the registry
    until the mapping is confirmed; the same file already imported for this regency and
    ecosystem is recorded as a duplicate and adds nothing."""
    submission, _created = _create_submission(user=user, regency_code=regency_code,
                                       ecosystem_code=ecosystem_code, file_name=file_name,
                                       data=data)
    return submission


# A file in one of these states is taken: the same bytes again for the same regency
# and ecosystem are a duplicate (a failed one may be sent again). The database holds
# the same rule (Submission constraint submission_same_file_once).
TAKEN = (SubmissionStatus.MAPPING, SubmissionStatus.QUEUED, SubmissionStatus.RUNNING,
         SubmissionStatus.DONE)


def _create_submission(*, user: User | None, regency_code: str, ecosystem_code: str,
                       file_name: str, data: bytes) -> tuple[Submission, RawTable]:
    regency = _regency(regency_code)
    ecosystem = _ecosystem(ecosystem_code)
    _check_can_submit(user, regency)
    if not data:
        raise IntakeError(_("The file is empty. Choose a worker list file (XLSX or CSV)."))
    try:
        # A workbook is read from the sheet holding the header (not an instructions
        # sheet in front of it).
        raw = read_table(data, file_name, accept=has_header)
        guess = detect_header(raw)
    except UnreadableFile as unreadable:
        raise IntakeError(str(unreadable)) from None
    if not has_data_below(raw, guess):
        raise IntakeError(
            _("This file holds only the column titles (row %(row)s%(sheet)s) and no data rows "
              "below them; nothing was stored. Fill in the workers below the row of column "
              "titles, then upload again.")
            % {"row": guess.header_row, "sheet": _sheet_words(raw.sheet_name)})
    digest = hashlib.sha256(data).hexdigest()
    submission = Submission(
        regency=regency, ecosystem=ecosystem, uploaded_by=user, file_name=file_name[:255],
        file_sha256=digest, header_index=guess.header_index, header_row=guess.header_row,
        columns=guess.columns, mapping=guess.mapping, preview=_preview(raw, guess),
        sheet_name=(raw.sheet_name or "")[:255],
    )
    submission.file.save(file_name, ContentFile(data), save=False)
    # The check and the insert in one transaction, and a unique index behind them: of
    # two uploads of the same file at the same moment one is taken, the other is a
    # duplicate (SQLite: the second transaction waits for the first; PostgreSQL: the
    # second insert waits for the first's commit, then fails on the index).
    with transaction.atomic():
        _mark_duplicate(submission, _taken(submission))
        try:
            with transaction.atomic():
                submission.save()
        except IntegrityError:
            earlier = _taken(submission)
            if earlier is None:
                raise
            _mark_duplicate(submission, earlier)
            submission.save()
    return submission, raw


def _taken(submission: Submission) -> Submission | None:
    """The first submission of the same file for the same regency and ecosystem that is
    not failed (nor itself a duplicate)."""
    return (Submission.objects.filter(regency=submission.regency, ecosystem=submission.ecosystem,
                                      file_sha256=submission.file_sha256, status__in=TAKEN)
            .order_by("id").first())


def _mark_duplicate(submission: Submission, earlier: Submission | None) -> None:
    if earlier is not None:
        submission.status = SubmissionStatus.DUPLICATE
        submission.duplicate_of = earlier
        submission.finished_at = timezone.now()


def _sheet_words(sheet_name: str | None) -> str:
    return f", lembar '{sheet_name}'" if sheet_name else ""


PREVIEW_ROWS = 8


def _preview(raw: RawTable, guess: HeaderGuess) -> list[list[str]]:
    """The first rows under the header, as text, for the operator to check the mapping."""
    below = raw.frame.slice(guess.header_index + 1, PREVIEW_ROWS + 4)
    rows = []
    for record in below.select(["_row", *guess.columns]).iter_rows():
        if any(value not in (None, "") for value in record[1:]):
            rows.append([str(record[0]), *("" if value is None else str(value)[:60]
                                           for value in record[1:])])
    return rows[:PREVIEW_ROWS]


def validate_mapping(columns: dict[str, str], mapping: dict[str, str]) -> dict[str, str]:
    """The operator's mapping, cleaned: unknown fields or columns, a column used twice,
    or a required field left out are refused with a message saying which."""
    cleaned = {field: column for field, column in mapping.items() if column}
    unknown_fields = sorted(set(cleaned) - set(FIELDS))
    if unknown_fields:
        raise IntakeError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown_fields)})
    unknown_columns = sorted({c for c in cleaned.values() if c not in columns})
    if unknown_columns:
        raise IntakeError(_("Columns not in the file: %(columns)s.")
                          % {"columns": ", ".join(unknown_columns)})
    used: dict[str, str] = {}
    for field, column in cleaned.items():
        if column in used:
            raise IntakeError(
                _("Column '%(column)s' is chosen for two fields (%(first)s and %(second)s); a "
                  "column serves one field only.")
                % {"column": columns[column], "first": FIELD_LABELS.get(used[column], used[column]),
                   "second": FIELD_LABELS.get(field, field)})
        used[column] = field
    missing = [field for field in REQUIRED_FIELDS if field not in cleaned]
    if missing:
        raise IntakeError(_("Choose a column for the required fields: %(fields)s.")
                          % {"fields": ", ".join(str(FIELD_LABELS.get(f, f)) for f in missing)})
    return cleaned


def confirm_mapping(*, submission: Submission, user: User | None,
                    mapping: dict[str, str]) -> Submission:
    """Store the confirmed mapping and queue the intake as a background job."""
    _check_can_submit(user, submission.regency)
    if submission.status != SubmissionStatus.MAPPING:
        raise IntakeError(_("This submission was processed already; upload a new file to "
                            "send again."))
    submission.mapping = validate_mapping(submission.columns, mapping)
    submission.status = SubmissionStatus.QUEUED
    submission.progress_step = "queued"
    from ucj.registry.tasks import run_submission  # tasks imports services

    with transaction.atomic():
        submission.save(update_fields=["mapping", "status", "progress_step"])
        enqueue_job(run_submission, submission)
    return submission


def retry_submission(*, submission: Submission, user: User | None) -> Submission:
    """Queue a failed submission again (its file is kept): the intake starts afresh,
    since a failed one stored nothing. The row shows "queued" and names the new task in
    the same transaction as the task is queued (so the old, failed task cannot fail the
    new attempt: ucj.core.jobs). A submission already queued or running is refused, so a
    second click queues nothing twice."""
    _check_can_submit(user, submission.regency)
    from ucj.registry.tasks import run_submission  # tasks imports services

    try:
        with transaction.atomic():
            # One conditional UPDATE: of two retries at the same moment only one matches.
            updated = Submission.objects.filter(
                pk=submission.pk, status=SubmissionStatus.FAILED).update(
                status=SubmissionStatus.QUEUED, error="", progress_step="queued",
                progress_percent=0, finished_at=None)
            if updated:
                enqueue_job(run_submission, submission)
    except IntegrityError:  # the same file was sent again since, and is taken
        earlier = _taken(submission)
        raise IntakeError(
            _("The same file was sent again as submission #%(number)s; that one is processed, "
              "this one is not run again.") % {"number": earlier.pk if earlier else "?"}) from None
    submission.refresh_from_db()
    if updated:
        return submission
    if submission.status in (SubmissionStatus.QUEUED, SubmissionStatus.RUNNING):
        raise IntakeError(_("This submission is queued or being checked already; wait until "
                            "it ends (the submission page shows its progress)."))
    raise IntakeError(_("Only a failed submission can be run again."))


def cancel_submission(*, submission: Submission, user: User) -> Submission:
    """Cancel an upload still waiting for its column mapping: nothing of it entered the
    registry, and the same file may be uploaded again (a cancelled submission is not
    "taken"). Only where the user may upload workers; anything past the mapping is
    refused."""
    require(user, Action.UPLOAD_WORKERS, submission.regency_id)
    with transaction.atomic():
        # One conditional UPDATE: a mapping confirmed at the same moment wins.
        cancelled = Submission.objects.filter(
            pk=submission.pk, status=SubmissionStatus.MAPPING).update(
            status=SubmissionStatus.CANCELLED, progress_step="cancelled",
            finished_at=timezone.now())
        if not cancelled:
            raise IntakeError(_("Only a submission still waiting for its columns to be "
                                "confirmed can be cancelled; this one was processed or "
                                "cancelled already."))
        submission.refresh_from_db()
        record_audit(actor=user, action=AuditAction.UPDATE, obj=submission,
                     region_code=submission.regency_id,
                     detail={"status": "cancelled", "file": submission.file_name})
    return submission


# Running the intake ----------------------------------------------------------------


def _set_progress(submission: Submission, step: str, percent: int, progress: Progress) -> None:
    submission.progress_step, submission.progress_percent = step, percent
    Submission.objects.filter(pk=submission.pk).update(progress_step=step,
                                                       progress_percent=percent)
    progress(step, percent)


def run_intake(*, submission_id: int, progress: Progress = _no_progress,
               raw: RawTable | None = None) -> Submission:
    """Check and store one confirmed submission. All or nothing: on any error the
    submission is marked failed with the reason, and the registry is unchanged."""
    submission = Submission.objects.select_related("regency", "ecosystem").get(pk=submission_id)
    if submission.status not in (SubmissionStatus.QUEUED, SubmissionStatus.FAILED):
        return submission
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.RUNNING, error="")
    # In memory too: the save() at the end writes every field, and a finished job carries
    # no error text of an earlier attempt.
    submission.status, submission.error = SubmissionStatus.RUNNING, ""
    try:
        _set_progress(submission, "reading", 5, progress)
        checked = check_submission(submission, raw)
        lap("check the rows")
        if checked.frame.height == 0:
            raise IntakeError(
                _("There are no data rows below the column titles (row %(row)s%(sheet)s): only "
                  "empty rows, column numbers, totals or signatures. Nothing was stored. Fill "
                  "in the workers below the row of column titles, then upload again.")
                % {"row": submission.header_row, "sheet": _sheet_words(submission.sheet_name)})
        submission.skipped = checked.skipped
        frame = checked.frame
        _set_progress(submission, "storing", 50, progress)
        with transaction.atomic():
            _store(submission, frame)
            lap("store: conflicts")
            submission.status = SubmissionStatus.DONE
            submission.progress_step, submission.progress_percent = "done", 100
            submission.finished_at = timezone.now()
            submission.save()
            record_audit(actor=submission.uploaded_by, action=AuditAction.IMPORT, obj=submission,
                         region_code=submission.regency_id,
                         detail={"rows": submission.rows, "accepted": submission.accepted,
                                 "rejected": submission.rejected})
        lap("commit")
        progress("done", 100)
    except Exception as error:
        message = str(error) if isinstance(error, (IntakeError, UnreadableFile)) else (
            f"Pemrosesan gagal ({type(error).__name__}); tidak ada data yang disimpan. "
            "Coba lagi; jika gagal lagi, hubungi admin provinsi.")
        # The transaction has rolled back; the failure is recorded even when the database
        # dropped the connection (a restart): reconnect and retry for a while.
        mark_job_failed(Submission, submission.pk, message)
        submission.status, submission.error = SubmissionStatus.FAILED, message
        raise
    return submission


WORKER_LOOKUP_COLUMNS = {"id": pl.Int64, "nik": pl.String, "name": pl.String,
                         "birth_date": pl.Date, "phone": pl.String, "position": pl.String,
                         "employer": pl.String, "desa_id": pl.String,
                         "birth_place": pl.String, "mother_name": pl.String}


def _existing_workers(niks: pl.Series) -> pl.DataFrame:
    """The registered workers among `niks` (one query), named for joining to a file."""
    found = select_matching(Worker._meta.db_table, "nik", niks, list(WORKER_LOOKUP_COLUMNS))
    frame = pl.DataFrame(found, schema=WORKER_LOOKUP_COLUMNS, orient="row")
    return frame.rename({"id": "worker_id", "name": "old_name", "birth_date": "old_birth_date"})


def _normalised_name(column: str) -> pl.Expr:
    return pl.col(column).str.to_uppercase().str.replace_all(r"\s+", " ").str.strip_chars()


# The columns of a checked row that _store reads; the others stay out of its joins and
# sorts, which copy every column they carry (a second and hundreds of MB per million).
WORKER_COLUMNS = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "desa_code", "no_hp",
                  "jabatan", "instansi", "tempat_lahir", "nama_ibu_kandung"]


def _store(submission: Submission, frame: pl.DataFrame) -> None:
    now = datetime.now(UTC)
    # From here to the commit no other intake can add a worker: the NIKs looked up now
    # are still the registry's when the new ones are written.
    lock_for_writing(Worker._meta.db_table)
    usable = frame.filter(pl.col("verdict") != "rejected").select(
        "row", *WORKER_COLUMNS, "verdict", "warnings")
    usable = usable.join(_existing_workers(usable["nik"]), on="nik", how="left")
    registered = usable.filter(pl.col("worker_id").is_not_null())
    lap("store: look up registered NIKs")

    # A NIK registered for a worker that only other regencies list: the row is not
    # linked, changes nothing of that worker and says nothing about them (whatever name
    # or birth date it was sent with); the province decides (NikConflict).
    elsewhere = _listed_only_elsewhere(registered["worker_id"], submission.regency_id).to_frame()
    foreign = registered.join(elsewhere, on="worker_id", how="semi").with_columns(
        verdict=pl.lit("warning"),
        warnings=pl.col("warnings").list.concat(pl.lit(["nik_other_regency"])))
    if foreign.height:
        registered = registered.join(elsewhere, on="worker_id", how="anti")

    # A NIK already registered under another name or birth date: keep the registry's
    # identity, link the row, and tell the regency to check it.
    known = registered.with_columns(conflict=(
        (_normalised_name("nama") != _normalised_name("old_name")).fill_null(False)
        | (pl.col("tanggal_lahir") != pl.col("old_birth_date")).fill_null(False)
    )).with_columns(
        verdict=pl.when("conflict").then(pl.lit("warning")).otherwise("verdict"),
        warnings=pl.when("conflict")
        .then(pl.col("warnings").list.concat(pl.lit(["identity_conflict"])))
        .otherwise("warnings"),
    )

    # New workers get their ids in NIK order, so both the primary key and the unique
    # index on nik grow at their ends instead of at random places. A valid NIK is 16
    # digits: sorted as a number it sorts as text, five times faster.
    new = usable.filter(pl.col("worker_id").is_null()).sort(pl.col("nik").cast(pl.Int64))
    new = new.with_columns(worker_id=pl.Series(
        reserve_ids(Worker._meta.db_table, new.height), dtype=pl.Int64))
    lap("store: compare identities, reserve ids")
    parts = [part.select("row", "worker_id", verdict_final="verdict", warnings_final="warnings")
             for part in (known, new)]
    if foreign.height:  # their result rows name no worker
        parts.append(foreign.select("row", pl.lit(None, dtype=pl.Int64).alias("worker_id"),
                                    verdict_final="verdict", warnings_final="warnings"))
    final = pl.concat(parts)
    # The verdict rows to keep and the counts need no database: polars works them out
    # on the second core (it releases the GIL) while the database writes the workers.
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(_results, submission.pk, frame, final)
        insert_frame(Worker._meta.db_table, new.select(
            pl.col("worker_id").alias("id"), pl.col("nik"),
            pl.col("nama").str.slice(0, 200).alias("name"),
            pl.col("tanggal_lahir").alias("birth_date"),
            pl.col("jenis_kelamin").fill_null("").alias("sex"),
            pl.col("desa_code").alias("desa_id"),
            *_contact_columns(),
            pl.col("tempat_lahir").fill_null("").str.slice(0, 100).alias("birth_place"),
            pl.col("nama_ibu_kandung").fill_null("").str.slice(0, 200).alias("mother_name"),
        ), timestamps=("created_at", "updated_at"))
        lap("store: insert new workers")
        updated = known.filter(~pl.col("conflict"))
        moved = updated.filter(pl.col("desa_code").is_not_null() & (pl.col("desa_code") != "")
                               & (pl.col("desa_code") != pl.col("desa_id").fill_null("")))
        # Workers whose desa changes move between areas of the summaries.
        with summaries.track(moved["worker_id"].to_list()):
            _update_known_workers(submission, updated, now)
        lap("store: update known workers")
        kept, counts = results.result()
        lap("store: row verdicts (wait)")
    search.index_after_commit(new.height)  # the name search indexes them after the commit
    insert_frame(SubmissionRow._meta.db_table, kept)
    lap("store: insert row verdicts")
    _upsert_listings(submission, new_ids=new["worker_id"], known_ids=known["worker_id"].to_list())
    lap("store: listings")
    summaries.add_new_workers(new.group_by("desa_code").len().iter_rows())
    summaries.add_listings(submission.pk)
    lap("store: summaries")
    _queue_conflicts(submission, foreign)
    for field, value in {**counts, "new_workers": new.height, "linked_workers": known.height}.items():
        setattr(submission, field, value)


def _contact_columns() -> list[pl.Expr]:
    return [pl.col("no_hp").fill_null("").str.slice(0, 20).alias("phone"),
            pl.col("jabatan").fill_null("").str.slice(0, 150).alias("position"),
            pl.col("instansi").fill_null("").str.slice(0, 200).alias("employer")]


def _listed_only_elsewhere(worker_ids: pl.Series, regency_code: str) -> pl.Series:
    """Those of `worker_ids` listed by some regency but not by `regency_code` (one
    query; none when the list holds no registered NIK, as in a first upload)."""
    if worker_ids.len() == 0:
        return pl.Series("worker_id", [], dtype=pl.Int64)
    source, params = id_array_sql(sorted(worker_ids.to_list()))
    sql = (f"SELECT l.worker_id FROM {source} JOIN {WorkerListing._meta.db_table} AS l "
           "ON l.worker_id = j.value GROUP BY l.worker_id "
           "HAVING SUM(CASE WHEN l.regency_id = %s THEN 1 ELSE 0 END) = 0")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Right after a bulk load the listings have no statistics yet, the plan's
            # cost looks huge and PostgreSQL compiles it (JIT): most of a second for
            # 200,000 NIKs, for a join that runs in a fraction of that. Off for this
            # query only (SET LOCAL lasts to the end of the intake's transaction).
            cursor.execute("SELECT current_setting('jit')")
            jit = cursor.fetchone()[0]
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(sql, [*params, regency_code])
            found = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT set_config('jit', %s, true)", [jit])
        else:
            cursor.execute(sql, [*params, regency_code])
            found = [row[0] for row in cursor.fetchall()]
    return pl.Series("worker_id", found, dtype=pl.Int64)


def _queue_conflicts(submission: Submission, foreign: pl.DataFrame) -> None:
    """One open NikConflict per row of `foreign`, with the row's values as sent."""
    if foreign.height == 0:
        return
    insert_frame(NikConflict._meta.db_table, foreign.select(
        pl.col("worker_id"),
        pl.lit(submission.pk, dtype=pl.Int64).alias("submission_id"),
        pl.col("row").alias("row_number"),
        pl.lit(submission.regency_id).alias("regency_id"),
        pl.col("nama").fill_null("").str.slice(0, 200).alias("name"),
        pl.col("tanggal_lahir").alias("birth_date"),
        pl.col("jenis_kelamin").fill_null("").alias("sex"),
        pl.col("desa_code").alias("desa_id"),
        *_contact_columns(),
        pl.lit(ConflictStatus.OPEN.value).alias("status"),
        pl.lit("").alias("decision"),
        pl.lit("").alias("note"),
    ), timestamps=("created_at",))


def _results(submission_id: int, frame: pl.DataFrame,
             final: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, object]]:
    """The rows of registry_submissionrow to write, and the submission's counts: every row
    of the file with its final verdict (the registry may have added identity_conflict or
    nik_other_regency) and its worker."""
    rows = frame.select("row", "verdict", "reasons", "warnings", "message", "nik_input", "nama").join(
        final, on="row", how="left", maintain_order="left",
    ).with_columns(
        verdict=pl.coalesce("verdict_final", "verdict"),
        warnings=pl.coalesce("warnings_final", "warnings"),
    )
    # A result row is kept for each row with something to say (rejected, or accepted with
    # warnings); a clean accepted row is told by the counts and by its worker's listing.
    kept = rows.filter(pl.col("verdict") != "accepted").select(
        pl.lit(submission_id).alias("submission_id"),
        pl.col("row").alias("row_number"),
        "verdict",
        pl.col("reasons").list.join(",").alias("reasons"),
        pl.col("warnings").list.join(",").alias("warnings"),
        # The row's own explanation is kept for rejected rows (it quotes the values to
        # fix); accepted rows' warnings are explained from their codes when shown.
        pl.when(pl.col("verdict") == "rejected").then(pl.col("message")).otherwise(pl.lit(""))
        .fill_null("").alias("message"),
        pl.col("nik_input").fill_null("").str.slice(0, 64).alias("nik_input"),
        pl.col("nama").fill_null("").str.slice(0, 200).alias("name_input"),
        "worker_id",
    )
    verdicts = rows["verdict"].value_counts()
    by_verdict = dict(zip(verdicts["verdict"].to_list(), verdicts["count"].to_list(), strict=True))
    rejected = pl.col("verdict") == "rejected"
    return kept, {
        "rows": rows.height, "rejected": by_verdict.get("rejected", 0),
        "warned": by_verdict.get("warning", 0),
        "accepted": rows.height - by_verdict.get("rejected", 0),  # warnings included
        "reasons": _count_codes(rows.filter(rejected), "reasons"),
        "warnings": _count_codes(rows.filter(~rejected), "warnings"),
    }


def _update_known_workers(submission: Submission, known: pl.DataFrame, now: datetime) -> None:
    """Bring contact details of registered workers up to date and keep the history."""
    changes = []
    for field, column in UPDATABLE_FIELDS.items():
        changed = known.filter(pl.col(column).is_not_null() & (pl.col(column) != "")
                               & (pl.col(column) != pl.col(field).fill_null("")))
        if changed.height == 0:
            continue
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Worker._meta.db_table} SET {field} = %s, updated_at = %s WHERE id = %s",
                [(value, now, worker) for value, worker
                 in changed.select(column, "worker_id").iter_rows()])
        changes.append(changed.select(
            pl.col("worker_id"), pl.lit(submission.pk).alias("submission_id"),
            pl.lit(now).alias("changed_at"), pl.lit(field.removesuffix("_id")).alias("field"),
            pl.col(field).fill_null("").cast(pl.String).alias("old_value"),
            pl.col(column).cast(pl.String).alias("new_value")))
    if changes:
        insert_frame(WorkerChange._meta.db_table, pl.concat(changes))


def _upsert_listings(submission: Submission, *, new_ids: pl.Series, known_ids: list[int]) -> None:
    """Record that these workers are listed by this regency in this ecosystem, set-based.
    Workers created by this intake have no listing yet: a plain insert. The others may
    have one: INSERT ... SELECT ... ON CONFLICT, which reads the same on SQLite and
    PostgreSQL (WHERE keeps SQLite from reading ON CONFLICT as a join)."""
    table = WorkerListing._meta.db_table
    values = {"ecosystem_id": submission.ecosystem_id, "regency_id": submission.regency_id,
              "first_submission_id": submission.pk, "last_submission_id": submission.pk}
    insert = f"INSERT INTO {table} (worker_id, {', '.join(values)}) "
    upsert = (" ON CONFLICT (worker_id, ecosystem_id, regency_id) "
              "DO UPDATE SET last_submission_id = excluded.last_submission_id")
    if new_ids.len() and connection.vendor == "postgresql":
        # COPY writes heap pages in batches: a million listings take a second less than
        # with INSERT ... SELECT, which inserts row by row.
        insert_frame(table, new_ids.rename("worker_id").to_frame().with_columns(
            **{column: pl.lit(value) for column, value in values.items()}))
    elif new_ids.len():
        # SQLite copies from the worker table faster than sqlite3 binds a frame's rows.
        # New ids were reserved as one consecutive block (reserve_ids).
        with connection.cursor() as cursor:
            cursor.execute(insert + f"SELECT id, %s, %s, %s, %s FROM {Worker._meta.db_table} "
                           f"WHERE id BETWEEN %s AND %s",
                           [*values.values(), new_ids[0], new_ids[-1]])
    if known_ids:
        source, params = id_array_sql(sorted(set(known_ids)))
        with connection.cursor() as cursor:
            cursor.execute(insert + f"SELECT j.value, %s, %s, %s, %s FROM {source} WHERE true"
                           + upsert, [*values.values(), *params])


def _count_codes(rows: pl.DataFrame, column: str) -> dict[str, int]:
    # Most rows have no code: leave them out before exploding the lists.
    codes = (rows.filter(pl.col(column).list.len() > 0).select(pl.col(column).list.unique())
             .explode(column))
    counted = codes.group_by(column).len().sort(column)
    return dict(zip(counted[column].to_list(), counted["len"].to_list(), strict=True))


# NIK conflicts between regencies --------------------------------------------------------


class ConflictDecisionError(ValueError):
    """A decision that cannot be taken: the message (Indonesian) says why and what to do."""


class ConflictAlreadyDecided(ConflictDecisionError):
    """The conflict was decided before; a decision is final."""


NOTE_REQUIRED = {ConflictDecision.MOVE, ConflictDecision.REJECT}


def decide_conflict(*, user: User, conflict: NikConflict, decision: str,
                    note: str = "") -> NikConflict:
    """Province staff decide a NIK conflict, once: `add_listing` lists the worker for the
    uploading regency too (in the submission's ecosystem); `move` hands the worker to
    the uploading regency (every listing of other regencies becomes the uploader's, in
    the same ecosystems, and the submission's ecosystem is added); `reject` changes
    nothing. Move and reject need a note. The worker's own record is never changed."""
    require(user, Action.RESOLVE_NIK_CONFLICTS, conflict.regency_id)
    if decision not in ConflictDecision.values:
        raise ConflictDecisionError(
            _("Unknown decision; choose to add a listing for the uploading regency, to move "
              "the worker to it, or to reject."))
    note = note.strip()
    if decision in NOTE_REQUIRED and not note:
        raise ConflictDecisionError(
            _("Write a note with the reason: a note is required to move or to reject."))
    with transaction.atomic():
        # The one update that claims the conflict: a second decision, even at the same
        # moment, finds it resolved and changes nothing.
        claimed = NikConflict.objects.filter(pk=conflict.pk, status=ConflictStatus.OPEN).update(
            status=ConflictStatus.RESOLVED, decision=decision, note=note, decided_by=user,
            decided_at=timezone.now())
        if not claimed:
            raise ConflictAlreadyDecided(
                "Konflik NIK ini sudah diputuskan; keputusan tidak dapat diubah.")
        conflict = NikConflict.objects.select_related("submission", "decided_by").get(
            pk=conflict.pk)
        moved_from: list[str] = []
        with summaries.track([conflict.worker_id]):
            if decision == ConflictDecision.ADD_LISTING:
                _list_for(conflict, [conflict.submission.ecosystem_id])
            elif decision == ConflictDecision.MOVE:
                moved_from = _move_to_uploader(conflict)
        detail = {"decision": decision, "worker": conflict.worker_id,
                  "submission": conflict.submission_id, "row": conflict.row_number}
        if moved_from:
            detail["from_regencies"] = moved_from
        record_audit(actor=user, action=AuditAction.UPDATE, obj=conflict,
                     object_repr=f"NIK conflict #{conflict.pk}",
                     region_code=conflict.regency_id, detail=detail)
    return conflict


def _list_for(conflict: NikConflict, ecosystems: list[str]) -> None:
    """List the conflict's worker for its uploading regency in `ecosystems` (those it
    lists the worker in already are kept as they are)."""
    submission = conflict.submission
    for ecosystem in sorted(set(ecosystems)):
        WorkerListing.objects.get_or_create(
            worker_id=conflict.worker_id, ecosystem_id=ecosystem, regency_id=conflict.regency_id,
            defaults={"first_submission": submission, "last_submission": submission})


def _move_to_uploader(conflict: NikConflict) -> list[str]:
    """Replace every listing of other regencies by one of the uploading regency; return
    the regencies the worker was taken from."""
    others = WorkerListing.objects.filter(worker_id=conflict.worker_id).exclude(
        regency_id=conflict.regency_id)
    moved = list(others.values_list("regency_id", "ecosystem_id"))
    others.delete()
    _list_for(conflict, [conflict.submission.ecosystem_id, *(eco for _, eco in moved)])
    return sorted({regency for regency, _ in moved})


# Command-line intake -----------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    submission: Submission
    duplicate: bool


def import_file(*, data: bytes, file_name: str, regency_code: str, ecosystem_code: str,
                user: User | None = None, progress: Progress = _no_progress) -> ImportSummary:
    """Create, map (as detected) and run a submission in this process: the batch path
    of `ucj import-workers`."""
    with laps("intake"):
        return _import_file(data=data, file_name=file_name, regency_code=regency_code,
                            ecosystem_code=ecosystem_code, user=user, progress=progress)


def _import_file(*, data: bytes, file_name: str, regency_code: str, ecosystem_code: str,
                 user: User | None, progress: Progress) -> ImportSummary:
    submission, raw = _create_submission(user=user, regency_code=regency_code,
                                         ecosystem_code=ecosystem_code, file_name=file_name,
                                         data=data)
    lap("read and keep the file")
    if submission.status == SubmissionStatus.DUPLICATE:
        return ImportSummary(submission=submission, duplicate=True)
    try:
        submission.mapping = validate_mapping(submission.columns, submission.mapping)
    except IntakeError as error:
        found = ", ".join(submission.columns.values())
        submission.file.delete(save=False)
        submission.delete()
        raise IntakeError(_("%(error)s Column titles found: %(found)s.")
                          % {"error": error, "found": found}) from None
    submission.status = SubmissionStatus.QUEUED
    submission.save(update_fields=["mapping", "status"])
    return ImportSummary(submission=run_intake(submission_id=submission.pk, progress=progress,
                                               raw=raw), duplicate=False)


# Corrections by province staff -----------------------------------------------------------

#: The fields province staff may correct on the worker page, in the form's order.
CORRECTABLE_FIELDS = ("name", "birth_date", "sex", "desa", "phone", "position", "employer",
                      "birth_place", "mother_name")


class WorkerCorrectionError(ValueError):
    """A correction that cannot be saved; the message says why and what to do."""


def can_correct_worker(user: User, worker: Worker) -> bool:
    from ucj.registry.selectors import workers_for

    return may(user, Action.CORRECT_WORKERS) and workers_for(user).filter(pk=worker.pk).exists()


def _text(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@transaction.atomic
def correct_worker(*, user: User, worker: Worker, values: dict, reason: str,
                   regency_code: str = "", request=None) -> list[str]:
    # One correction for the worker page and the verification of a proposal.
    """Sets the given fields of the worker (CORRECTABLE_FIELDS; `desa` a desa code or "")
    and records each change as a WorkerChange and, with old and new values, in the audit
    trail. Returns the names of the fields that changed (none: nothing is written)."""
    if not can_correct_worker(user, worker):
        raise PermissionDenied(f"{Action.CORRECT_WORKERS} not allowed")
    unknown = set(values) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise WorkerCorrectionError(_("These fields cannot be corrected: %(fields)s.")
                                    % {"fields": ", ".join(sorted(unknown))})
    reason = (reason or "").strip()
    if not reason:
        raise WorkerCorrectionError(_("Write the reason for the correction (for example: as "
                                      "on the identity card checked)."))
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    new = dict(values)
    if "name" in new:
        new["name"] = " ".join(str(new["name"] or "").split())
        if not new["name"]:
            raise WorkerCorrectionError(_("The name may not be empty."))
    if "sex" in new and new["sex"] not in ("", "L", "P"):
        raise WorkerCorrectionError(_("Sex: L, P, or empty."))
    if new.get("birth_date") and not (
            datetime(1900, 1, 1).date() <= new["birth_date"] <= timezone.localdate()):
        raise WorkerCorrectionError(_("The birth date must lie between 1900 and today."))
    if "desa" in new:
        code = (new.pop("desa") or "").strip()
        if code and not Region.objects.filter(code=code, level=Level.DESA_KELURAHAN).exists():
            raise WorkerCorrectionError(
                _("Village code %(code)s is not known: write the full Kemendagri code of the "
                  "village, for example 61.01.01.2001.") % {"code": code})
        new["desa_id"] = code or None
    changed: dict[str, dict[str, str]] = {}
    for field, value in new.items():
        if field in ("phone", "position", "employer", "birth_place", "mother_name"):
            value = (value or "").strip()
            limit = Worker._meta.get_field(field).max_length
            if len(value) > limit:
                raise WorkerCorrectionError(
                    _("%(field)s: at most %(limit)s characters.")
                    % {"field": Worker._meta.get_field(field).verbose_name, "limit": limit})
        old = getattr(worker, field)
        if old == value:
            continue
        setattr(worker, field, value)
        changed[field.removesuffix("_id")] = {"old": _text(old), "new": _text(value)}
    # Names (the worker's and the mother's maiden name) stay out of the audit trail (no
    # personal names in its details): the worker's history (WorkerChange) keeps both.
    audited = {field: ({"changed": True} if field in ("name", "mother_name") else change)
               for field, change in changed.items()}
    if not changed:
        return []
    with summaries.track([worker.pk] if "desa" in changed else []):
        worker.save(update_fields=[*[("desa_id" if f == "desa" else f) for f in changed],
                                   "updated_at"])
    if "name" in changed:
        search.set_name(worker.pk, worker.name)
    WorkerChange.objects.bulk_create([
        WorkerChange(worker=worker, field=field, old_value=change["old"][:200],
                     new_value=change["new"][:200]) for field, change in changed.items()])
    record_audit(actor=user, action=AuditAction.UPDATE, obj=worker, object_repr=f"#{worker.pk}",
                 region_code=regency_code, request=request, detail={"event": "corrected", "reason": reason[:500],
                                          "changes": audited})
    return list(changed)


def _parse_birth_date(text: str):
    day = None
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            day = datetime.strptime(text, pattern).date()
            break
        except ValueError:
            continue
    if day is None:
        raise WorkerCorrectionError(_("Birth date “%(text)s” cannot be read: write it like "
                                      "21-03-1985 or 1985-03-21.") % {"text": text})
    if day > timezone.localdate():
        raise WorkerCorrectionError(_("The birth date may not lie in the future."))
    return day


def parse_correction(field: str, text: str, regency_code: str):
    """The value of `field` (name, sex, birth_date, desa) from what a verifier typed,
    checked: the desa must lie in `regency_code`; a desa is returned as its code."""
    text = (text or "").strip()
    if field == "name":
        if not text:
            raise WorkerCorrectionError(_("The name may not be empty: write the full name as on "
                                          "the identity card."))
        return " ".join(text.split())[:200]
    if field == "sex":
        value = text.upper()[:1]
        if value not in ("L", "P"):
            raise WorkerCorrectionError(_("Write the sex as L (male) or P (female)."))
        return value
    if field == "birth_date":
        return _parse_birth_date(text)
    code = text.split()[0] if text else ""
    desa = Region.objects.filter(code=code, level=Level.DESA_KELURAHAN, is_current=True,
                                 code__startswith=f"{regency_code}.").first()
    if desa is None:
        raise WorkerCorrectionError(
            _("Village “%(text)s” is not known in regency %(regency)s: choose it from the list "
              "(Kemendagri code, for example %(regency)s.01.2001).")
            % {"text": text, "regency": regency_code})
    return desa.code


ECOSYSTEM_FIELDS = ("name", "name_en", "description", "sort_order")


def save_ecosystem(*, user: User, ecosystem: Ecosystem, request=None, **fields) -> Ecosystem:
    """Renames an ecosystem in either language or changes its description or place in
    lists (master data: province staff). Its code stays: files, proposals and decrees
    name it. Raises ValidationError saying what is wrong."""
    require(user, Action.MANAGE_MASTER_DATA)
    unknown = set(fields) - set(ECOSYSTEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    with transaction.atomic():
        return _save_ecosystem(user, Ecosystem.objects.select_for_update().get(pk=ecosystem.pk),
                               request, fields)


def _save_ecosystem(user: User, ecosystem: Ecosystem, request, fields: dict) -> Ecosystem:
    changed = sorted(name for name, value in fields.items() if getattr(ecosystem, name) != value)
    for name, value in fields.items():
        setattr(ecosystem, name, value)
    ecosystem.full_clean()
    ecosystem.save()
    if changed:
        record_audit(actor=user, action=AuditAction.UPDATE, obj=ecosystem, request=request,
                     detail={"fields": changed})
    return ecosystem
