"""Writes for coverage: BPJS aggregate counts (all or nothing) and targets."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ucj.accounts import rights
from ucj.accounts.models import AuditAction, User
from ucj.accounts.services import record_audit
from ucj.core.messages import reason_label
from ucj.core.reasons import Kind
from ucj.coverage.counts import CheckedCounts, CountsError, read_counts
from ucj.coverage.models import CountImport, ParticipantCount, Target

DEFAULT_SOURCE = "BPJS Ketenagakerjaan"


class CoverageError(ValueError):
    """Bad input: the message (Indonesian) says what is wrong and how to fix it. For a
    counts file with bad rows, `checked` holds every row's verdict."""

    def __init__(self, message: str, checked: CheckedCounts | None = None):
        super().__init__(message)
        self.checked = checked


def import_counts(*, data: bytes, file_name: str, user: User | None = None,
                  source: str = DEFAULT_SOURCE, today: date | None = None) -> CountImport:
    """Store the active-participant counts of a file. One bad row and nothing is stored:
    a month with only some of its categories would show a false coverage."""
    if user is not None:
        rights.require(user, rights.Action.IMPORT_COUNTS)
    try:
        checked = read_counts(data, file_name, province=settings.UCJ_PROVINCE_CODE,
                              default_source=source, today=today or timezone.localdate())
    except CountsError as error:
        raise CoverageError(str(error)) from None
    outside = sorted({code for code in checked.counts["regency"].to_list()
                      if user is not None and not rights.may(user, rights.Action.IMPORT_COUNTS,
                                                              code)})
    if outside:
        raise PermissionDenied(
            _("The file holds counts of regencies outside your regions (%(codes)s); nothing "
              "was stored. Remove those rows, or ask province staff to import them.")
            % {"codes": ", ".join(outside)})
    if checked.rejected:
        reasons = ", ".join(f"{reason_label(code, Kind.COUNTS)} ({n})"
                            for code, n in checked.reasons.items())
        raise CoverageError(
            _("%(rows)s rows were rejected (%(reasons)s); nothing was stored. Fix those rows, "
              "then import the whole file again.") % {"rows": checked.rejected, "reasons": reasons},
            checked)
    with transaction.atomic():
        record = CountImport.objects.create(
            file_name=file_name[:255], file_sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=user, rows=checked.rows.height, accepted=checked.rows.height)
        # A newer file for the same regency, month and category corrects the older one.
        ParticipantCount.objects.bulk_create(
            [ParticipantCount(regency_id=row["regency"], month=row["month"],
                              category=row["category"], active=row["active"],
                              source=row["source"], imported_by=record)
             for row in checked.counts.iter_rows(named=True)],
            update_conflicts=True, unique_fields=["regency", "month", "category"],
            update_fields=["active", "source", "imported_by"])
        record_audit(actor=user, action=AuditAction.IMPORT, obj=record,
                     detail={"rows": record.rows,
                             "months": sorted({m.isoformat() for m in checked.counts["month"]})})
    return record


def set_target(*, user: User | None, region_code: str, year: int, rate: Decimal,
               source: str, note: str = "", confirmed: bool = True,
               request=None) -> Target:
    """Store the target of a region and year. Staff entering a target confirm it unless
    they say otherwise (`confirmed=False` for a figure still to be checked)."""
    if user is not None:
        rights.require(user, rights.Action.MANAGE_MASTER_DATA)
    if not Decimal(0) < rate <= Decimal(1):
        raise CoverageError(_("A target must be between 0 and 1 (0.6577 means 65.77 %)."))
    if not source.strip():
        raise CoverageError(_("The source of a target is required."))
    target, _created = Target.objects.update_or_create(
        region_id=region_code, year=year,
        defaults={"rate": rate, "source": source.strip(), "note": note, "confirmed": confirmed})
    record_audit(actor=user, action=AuditAction.UPDATE, obj=target, request=request,
                 region_code=region_code,
                 detail={"year": year, "rate": str(rate), "confirmed": confirmed})
    return target


def delete_target(*, user: User, target: Target, request=None) -> None:
    """Remove a target (master data: province staff), recorded with its figure: a regency
    without a target of its own for that year is measured against the province's."""
    rights.require(user, rights.Action.MANAGE_MASTER_DATA)
    record_audit(actor=user, action=AuditAction.DELETE, obj=target, request=request,
                 region_code=target.region_id,
                 detail={"year": target.year, "rate": str(target.rate), "source": target.source})
    target.delete()
