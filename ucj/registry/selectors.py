"""Reads of the registry, always through the user's region scope."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ucj.accounts.models import User
from ucj.accounts.personal_data import check_nik_search
from ucj.accounts.rights import Action, may
from ucj.accounts.selectors import can_see_full_nik, region_scope
from ucj.core.bulk import id_array_sql
from ucj.core.messages import reason_rows, reason_sentence
from ucj.identity.masking import mask_nik, redact_text
from ucj.regions.models import Level, Region, RegionName
from ucj.registry import search
from ucj.registry.intake.checks import CheckedRows, DesaLookup, check_rows
from ucj.registry.intake.headers import HeaderGuess
from ucj.registry.intake.reader import RawTable, read_table
from ucj.registry.intake.report import WorkbookTexts, build_error_workbook
from ucj.registry.models import (
    ConflictStatus,
    Ecosystem,
    NikConflict,
    Submission,
    SubmissionRow,
    Worker,
    WorkerListing,
    in_language,
)


def workers_for(user: User) -> QuerySet[Worker]:
    """Workers listed by at least one regency the user may see."""
    regencies = region_scope(user).regency_codes
    listed = WorkerListing.objects.filter(worker=OuterRef("pk"), regency_id__in=regencies)
    return Worker.objects.filter(Exists(listed))


def nik_prefix(prefix: str) -> Q:
    """Workers whose NIK starts with `prefix`, as a range on the unique nik index.
    LIKE 'prefix%' uses a plain btree index only in the C collation (PostgreSQL), and
    the varchar_pattern_ops index that would serve it is left out to keep the intake
    fast. A NIK is 16 digits, so for a digit prefix such as 6101 the range is
    6101 <= nik < 6102 (6199 <= nik < 62; no upper bound for 999)."""
    if not (prefix.isascii() and prefix.isdigit()):
        return Q(nik__startswith=prefix)  # matches no NIK the intake stores: rare, no index needed
    condition = Q(nik__gte=prefix)
    head = prefix.rstrip("9")
    if head:
        condition &= Q(nik__lt=head[:-1] + str(int(head[-1]) + 1))
    return condition


def _id_among(ids: list[int]):
    """The worker's id is one of `ids` (one parameter however many): on PostgreSQL
    `id = ANY(array)`, which the primary key index answers in id order (an IN over
    unnest was hashed first, and a list of 20,000 parameters cost more to send than to
    run); on SQLite an IN over json_each."""
    if connection.vendor == "postgresql":
        return RawSQL('"registry_worker"."id" = ANY(string_to_array(%s, \',\')::bigint[])',
                      [",".join(map(str, ids))], output_field=BooleanField())
    source, params = id_array_sql(ids)
    return Q(id__in=RawSQL(f"SELECT j.value FROM {source}", params))


def _name_contains(text: str, *, some: bool = False) -> Q:
    """Workers whose name contains `text`, any case (Django's icontains on the worker's
    own name, so the result is exactly that). With at least three characters the
    trigram index (ucj.registry.search) first says where to look: the ids of the indexed
    workers it finds, the SEARCH_CANDIDATES smallest of them, and the workers above the
    last of those (or above the last indexed id, right after an intake), read directly.
    With `some`, a text in more names than that takes any SEARCH_CANDIDATES of them and
    no workers above: a subset of the matches, for a list that shows only its first
    SEARCH_COUNT_CAP rows (search_list). Shorter texts read every worker in scope."""
    condition = Q(name__icontains=text)
    if len(text) < search.MIN_INDEXED:
        return condition
    up_to = search.indexed_up_to()
    if not up_to:  # nothing indexed (workers loaded by other means): as before
        return condition
    ids = search.candidates(text, limit=SEARCH_CANDIDATES + 1, smallest=not some)
    beyond = up_to if search.largest_worker_id() > up_to else None
    if len(ids) > SEARCH_CANDIDATES:  # a text in many names ("SITI")
        ids = ids[:SEARCH_CANDIDATES]
        if not some:  # exact: every match above the last candidate as well
            beyond = ids[-1]
    where = Q(_id_among(ids))
    if beyond is not None:
        where |= Q(id__gt=beyond)
    return condition & where


def ecosystem_labels() -> dict[str, str]:
    """Each ecosystem's name in the language of the request, by code."""
    return {code: in_language(name, name_en) for code, name, name_en
            in Ecosystem.objects.values_list("code", "name", "name_en")}


def search_workers(user: User, *, nik: str = "", name: str = "", desa: str = "",
                   ecosystem: str = "", stage: str = "",
                   some_names: bool = False) -> QuerySet[Worker]:
    """Workers in the user's scope matching every filter given (`stage`: a code of
    ucj.registry.stage), ordered by name and id. A role that sees masked NIKs may search
    by the first 6 digits of a NIK only (NikSearchRefused otherwise). `some_names`: see
    _name_contains (search_list's first try)."""
    check_nik_search(user, nik)
    workers = workers_for(user)
    if nik:
        workers = workers.filter(nik_prefix(nik.strip()))
    if name:
        workers = workers.filter(_name_contains(name.strip(), some=some_names))
    if desa:
        workers = workers.filter(desa__name__icontains=desa.strip())
    if ecosystem:
        regencies = region_scope(user).regency_codes
        workers = workers.filter(Exists(WorkerListing.objects.filter(
            worker=OuterRef("pk"), ecosystem_id=ecosystem, regency_id__in=regencies)))
    if stage:
        from ucj.registry.stages import filter_stage

        workers = filter_stage(workers, stage)
    return workers.select_related("desa", "desa__parent").order_by("name", "id")


#: A search list counts its matches up to this many; more are "more than 1,000", listed
#: in id order.
SEARCH_COUNT_CAP = 1000
#: The most ids the trigram index hands to a search (_name_contains): the smallest.
SEARCH_CANDIDATES = 20_000


def rows_of(found: QuerySet[Worker], start: int, stop: int) -> list[Worker]:
    """found[start:stop], read in two steps: the ids alone (filters, order and limit,
    without the joins of select_related, which the database would otherwise make for
    every candidate before sorting), then those workers with their desa."""
    ids = list(found.values_list("id", flat=True)[start:stop])
    rows = found.model.objects.select_related("desa", "desa__parent").in_bulk(ids)
    return [rows[pk] for pk in ids]


def search_list(user: User, *, first_rows_only: bool = False,
                **filters) -> tuple[QuerySet[Worker], int]:
    """The workers of a search for the list pages (and the API), and how many there are,
    counted up to SEARCH_COUNT_CAP + 1: a count of every "SITI" among five million
    workers would cost more than the page. Up to the cap the list is in name order; a
    longer one is in id order (the order of registration), which the database reads
    along its primary key and stops after a page, where name order would sort every
    match (the UI says so).

    `first_rows_only`: the caller reads no further than SEARCH_COUNT_CAP rows (the list
    page). A name in many names is then first looked for among any SEARCH_CANDIDATES
    matches the index gives (_name_contains's `some`); when more than the cap of them
    are in the user's scope that list is the answer, "more than 1,000" being true of
    the whole, else the exact search follows."""
    if first_rows_only and filters.get("name"):
        some = search_workers(user, some_names=True, **filters)
        count = some.order_by()[:SEARCH_COUNT_CAP + 1].count()
        if count > SEARCH_COUNT_CAP:
            return some.order_by("id"), count
    found = search_workers(user, **filters)
    count = found.order_by()[:SEARCH_COUNT_CAP + 1].count()
    if count > SEARCH_COUNT_CAP:
        found = found.order_by("id")
    return found, count


def get_worker_for_user(user: User, worker_id: int) -> Worker:
    try:
        return workers_for(user).select_related("desa", "desa__parent").get(pk=worker_id)
    except Worker.DoesNotExist as missing:
        raise Http404 from missing


def listings_of(user: User, worker: Worker) -> QuerySet[WorkerListing]:
    return (worker.listings.filter(regency_id__in=region_scope(user).regency_codes)
            .select_related("ecosystem", "regency", "last_submission"))


def submissions_for(user: User) -> QuerySet[Submission]:
    return (Submission.objects.filter(regency_id__in=region_scope(user).regency_codes)
            .select_related("regency", "ecosystem", "uploaded_by"))


def get_submission_for_user(user: User, submission_id: int) -> Submission:
    try:
        return submissions_for(user).get(pk=submission_id)
    except Submission.DoesNotExist as missing:
        raise Http404 from missing


def preview_for(user: User, submission: Submission) -> list[list[str]]:
    """The first rows of an uploaded file (the mapping page), as the user may see them:
    for a role that sees masked NIKs the column proposed as NIK is masked, the birth-date
    column shows the year only (or nothing readable), and any other cell has its dates
    cut to the year and its long digit runs masked."""
    rows = submission.preview or []
    if can_see_full_nik(user):
        return rows
    positions = {column: index for index, column in enumerate(submission.columns, start=1)}
    nik_at = positions.get(submission.mapping.get("nik"))
    born_at = positions.get(submission.mapping.get("tanggal_lahir"))
    years: dict[str, str] = {}
    if born_at is not None:
        from ucj.registry.intake.dates import parse_birth_dates

        cells = [row[born_at] for row in rows if len(row) > born_at and row[born_at]]
        numbers = pl.Series([cell.strip().replace(".", "", 1).isdigit() for cell in cells])
        parsed = parse_birth_dates(pl.Series(cells, dtype=pl.String), numbers)
        years = {cell: str(day.year) if day else "*" * len(cell)
                 for cell, day in zip(cells, parsed.to_list(), strict=True)}
    shown = []
    for row in rows:
        cells = [row[0]]
        for index, cell in enumerate(row[1:], start=1):
            if index == nik_at:
                cells.append(mask_nik(cell))
            elif index == born_at:
                cells.append(years.get(cell, ""))
            else:
                cells.append(redact_text(cell))
        shown.append(cells)
    return shown


def submission_rows(submission: Submission, *, verdict: str = "") -> QuerySet[SubmissionRow]:
    rows = submission.row_results.all()
    if verdict:
        rows = rows.filter(verdict=verdict)
    return rows.order_by("row_number")


def can_resolve_nik_conflicts(user: User) -> bool:
    return may(user, Action.RESOLVE_NIK_CONFLICTS)


def conflicts_for(user: User, *, status: str = "", regency: str = "") -> QuerySet[NikConflict]:
    """NIK conflicts for province staff (none for anyone else), newest first; `status`
    "open" or "resolved" (anything else: both), `regency` the uploading regency. Each
    with its worker and the worker's listings in every regency: whoever may resolve a
    conflict sees both sides."""
    if not can_resolve_nik_conflicts(user):
        return NikConflict.objects.none()
    conflicts = NikConflict.objects.filter(regency_id__in=region_scope(user).regency_codes)
    if status in ConflictStatus.values:
        conflicts = conflicts.filter(status=status)
    if regency:
        conflicts = conflicts.filter(regency_id=regency)
    return (conflicts.select_related("worker", "worker__desa", "regency", "desa",
                                     "submission__ecosystem", "decided_by")
            .prefetch_related(Prefetch("worker__listings", queryset=WorkerListing.objects
                                       .select_related("regency", "ecosystem")
                                       .order_by("regency_id", "ecosystem_id")))
            .order_by("-created_at", "-id"))


def get_conflict_for_user(user: User, conflict_id: int) -> NikConflict:
    """The conflict, or 404 for anyone who may not resolve it (the same answer as for
    one that does not exist)."""
    try:
        return conflicts_for(user).get(pk=conflict_id)
    except NikConflict.DoesNotExist as missing:
        raise Http404 from missing


def holding_regencies(conflict: NikConflict) -> list[str]:
    """The regencies that list the conflict's worker now (from the prefetched listings)."""
    return sorted({listing.regency_id for listing in conflict.worker.listings.all()})


def ecosystems() -> QuerySet[Ecosystem]:
    return Ecosystem.objects.all()


def explain_row(verdict: str, warnings: str, stored_message: str, reasons: str = "") -> str:
    """What a row's verdict means: rejected rows keep their own explanation (stored in
    Indonesian, with the row's details), explained from their reason codes for a reader
    of another language; accepted rows with warnings are explained from the codes."""
    if verdict == "rejected":
        if reasons and not (get_language() or "id").startswith("id"):
            codes = [code for code in f"{reasons},{warnings}".split(",") if code]
            return " ".join(reason_sentence(code) for code in codes)
        return stored_message
    if not warnings:
        return stored_message
    return " ".join(reason_sentence(code) for code in warnings.split(","))


def _desa_lookup(regency: Region) -> DesaLookup:
    """The regency's current desa, with the names its desa and kecamatan carried in
    earlier Kemendagri lists as aliases."""
    rows = (Region.objects.filter(level=Level.DESA_KELURAHAN, code__startswith=f"{regency.code}.")
            .values_list("code", "name", "parent_id", "parent__name"))
    former = (RegionName.objects.filter(region__code__startswith=f"{regency.code}.",
                                        region__is_current=True)
              .values_list("region_id", "name"))
    return DesaLookup.from_rows(rows, former)


def _read(submission: Submission) -> RawTable:
    with submission.file.open("rb") as handle:
        return read_table(handle.read(), submission.file_name,
                          sheet=submission.sheet_name or None)


def check_submission(submission: Submission, raw: RawTable | None = None) -> CheckedRows:
    """Every data row of the stored file with its verdict, as the intake sees it (reads
    only). `raw` is the file already read, when the caller has it."""
    guess = HeaderGuess(header_index=submission.header_index, header_row=submission.header_row,
                        columns=submission.columns, mapping=submission.mapping,
                        missing_required=())
    return check_rows(raw or _read(submission), guess, submission.mapping,
                      regency_code=submission.regency_id,
                      desa_lookup=_desa_lookup(submission.regency))


def error_workbook(submission: Submission, *, only_problems: bool = False) -> bytes:
    """The submitted rows with verdict, reason codes and explanation, as XLSX. The rows
    are those the intake read; the stored results (which also hold what only the
    registry knew, such as identity_conflict and nik_other_regency) decide each verdict."""
    raw = _read(submission)
    data_rows = check_submission(submission, raw).frame.select(row_number="row")
    stored = pl.DataFrame(
        list(submission.row_results.values_list(
            "row_number", "verdict", "reasons", "warnings", "message")),
        schema={"row_number": pl.Int64, "verdict": pl.String, "reasons": pl.String,
                "warnings": pl.String, "message": pl.String},
        orient="row",
    )
    results = (data_rows.join(stored, on="row_number", how="left")
               .with_columns(pl.col("verdict").fill_null("accepted"))
               .with_columns(pl.col(pl.String).fill_null("")))
    results = results.with_columns(message=pl.struct(
            "verdict", "warnings", "message", "reasons").map_elements(
        lambda row: explain_row(row["verdict"], row["warnings"], row["message"], row["reasons"]),
        return_dtype=pl.String))
    rows = raw.frame.select("_row", *submission.columns)
    summary = {
        _("Submission"): f"#{submission.pk} {submission.file_name}",
        _("Regency/city"): f"{submission.regency_id} {submission.regency.name}",
        _("Ecosystem"): submission.ecosystem.label,
        _("Uploaded"): date_format(timezone.localtime(submission.uploaded_at), "DATETIME_FORMAT"),
        _("Data rows"): submission.rows,
        _("Accepted (warnings included)"): submission.accepted,
        _("Accepted with warnings"): submission.warned,
        _("Rejected"): submission.rejected,
    }
    texts = _workbook_texts()
    code_counts = [(texts.verdicts["rejected"], f"{label} ({code})", count, sentence)
                   for code, label, count, sentence in reason_rows(submission.reasons)]
    code_counts += [(_("WARNING"), f"{label} ({code})", count, sentence)
                    for code, label, count, sentence in reason_rows(submission.warnings)]
    return build_error_workbook(rows=rows, headers=list(submission.columns.values()),
                                results=results, summary=summary, code_counts=code_counts,
                                only_problems=only_problems, texts=texts)


def _workbook_texts() -> WorkbookTexts:
    """The checked-file workbook's words in the reader's language."""
    row, status, codes, explanation = _("ROW"), _("STATUS"), _("REASON CODES"), _("EXPLANATION")
    accepted, warned, rejected = (_("ACCEPTED"), _("ACCEPTED WITH WARNINGS"), _("REJECTED"))
    sheet = _("Check results")
    return WorkbookTexts(
        sheet=sheet, row=row, status=status, codes=codes, explanation=explanation,
        verdicts={"accepted": accepted, "warning": warned, "rejected": rejected},
        summary_sheet=_("Summary"), kind=_("KIND"), code=_("CODE"), rows=_("ROWS"),
        meaning=_("MEANING AND HOW TO FIX IT"), guide_sheet=_("How to use"),
        guide=(
            _("How to use this file"),
            _("1. The sheet '%(sheet)s' holds the rows of your file with three more columns: "
              "%(status)s, %(codes)s and %(explanation)s.")
            % {"sheet": sheet, "status": status, "codes": codes, "explanation": explanation},
            _("2. %(rejected)s rows (red) are not in the registry. Correct them as "
              "%(explanation)s says.") % {"rejected": rejected, "explanation": explanation},
            _("3. %(warned)s rows (yellow) are in the registry already; check their data "
              "again.") % {"warned": warned},
            _("4. Send again only the corrected rows: delete the columns %(row)s, %(status)s, "
              "%(codes)s and %(explanation)s, then upload them as a new file.")
            % {"row": row, "status": status, "codes": codes, "explanation": explanation},
            _("5. The NIK column must be formatted as Text. Never copy a NIK as a number: "
              "Excel keeps only 15 digits and the last digit of the NIK is lost."),
        ),
    )


@dataclass
class SubmittedIn:
    """A submission that listed the worker, and the row's verdict when it had something
    to say (warnings; accepted rows without any are not stored: `row` None)."""

    submission: Submission
    row: SubmissionRow | None
    explained: str = ""


@dataclass(frozen=True)
class WorkerHistory:
    """What the worker page shows under the stage, in the user's regencies."""

    submissions: list[SubmittedIn]  # newest first
    memberships: list  # WorkerMembership, newest extract first
    proposal_rows: list  # ProposalRow, newest first
    annex_rows: list  # AnnexRow of issued decrees, newest first


def worker_history(user: User, worker: Worker) -> WorkerHistory:
    """The submissions of the user's regencies that listed the worker (the first and last
    of each listing, and any between them where the worker's row was stored: submission
    rows have no index by worker, so only those submissions are searched), every finished
    reconciliation, and the proposals and decrees of the user's regencies."""
    from ucj.decrees.models import AnnexRow, ProposalRow
    from ucj.membership.models import JobStatus, Reconciliation, WorkerMembership

    regencies = region_scope(user).regency_codes
    listings = list(worker.listings.filter(regency_id__in=regencies))
    candidates = Q(pk__in=[])
    for listing in listings:
        candidates |= Q(regency_id=listing.regency_id, ecosystem_id=listing.ecosystem_id,
                        pk__gte=listing.first_submission_id, pk__lte=listing.last_submission_id)
    submission_ids = list(Submission.objects.filter(candidates).order_by("-pk")
                          .values_list("pk", flat=True)[:100])
    rows = {row.submission_id: row for row in SubmissionRow.objects.filter(
        submission_id__in=submission_ids, worker=worker).order_by("row_number")}
    known = {pk for listing in listings
             for pk in (listing.first_submission_id, listing.last_submission_id)} | set(rows)
    submitted = [SubmittedIn(submission=s, row=rows.get(s.pk)) for s in Submission.objects
                 .filter(pk__in=known).select_related("regency", "ecosystem", "uploaded_by")
                 .order_by("-pk")]
    runs = list(Reconciliation.objects.filter(status=JobStatus.DONE).values_list("pk", flat=True))
    memberships = list(WorkerMembership.objects.filter(reconciliation_id__in=runs, worker=worker)
                       .select_related("reconciliation__extract")
                       .order_by("-reconciliation__extract__as_of", "-reconciliation_id"))
    proposals = list(ProposalRow.objects.filter(worker=worker,
                                                proposal__regency_id__in=regencies)
                     .select_related("proposal", "proposal__budget", "proposal__regency",
                                     "proposal__ecosystem", "decree")
                     .order_by("-id"))
    annex = list(AnnexRow.objects.filter(worker=worker, regency_code__in=regencies)
                 .select_related("decree").order_by("-decree_id"))
    return WorkerHistory(submissions=submitted, memberships=memberships, proposal_rows=proposals,
                         annex_rows=annex)
