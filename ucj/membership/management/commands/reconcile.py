import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ucj.core.commands import UcjCommand
from ucj.core.formatting import rate, thousands
from ucj.core.progress import progress_bar
from ucj.membership.models import JobStatus
from ucj.membership.services import MembershipError, reconcile


class Command(UcjCommand):
    help = ("Mencocokkan registri pekerja dengan ekstrak BPJS (NIK sama, lalu pencocokan "
            "probabilistik): aktif, tidak aktif lagi, atau belum terdaftar.")

    def add_arguments(self, parser):
        parser.add_argument("--extract", type=int, help="nomor ekstrak (bawaan: yang terbaru)")
        parser.add_argument("--upper", type=float, help="ambang tautan otomatis (0-1)")
        parser.add_argument("--lower", type=float, help="ambang tinjauan (0-1)")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help="cetak satu objek JSON")

    def handle(self, *args, extract, upper, lower, as_json: bool, **options):
        with progress_bar(_("Reconciliation"), enabled=not as_json) as update:
            try:
                run = reconcile(extract_id=extract, upper=upper, lower=lower,
                                progress=lambda step, percent: update(percent, 100))
            except MembershipError as error:
                raise CommandError(str(error)) from None
        counts = {
            "active": run.active, "lapsed": run.lapsed, "not_enrolled": run.not_enrolled,
            "linked_exact": run.linked_exact, "linked_probabilistic": run.linked_probabilistic,
            "review": run.review,
        }
        if as_json:
            self.stdout.write(json.dumps({**counts, "linked_reviewed": run.linked_reviewed,
                                         "extract": run.extract_id, "reconciliation": run.pk,
                                         "status": run.status,
                                         "active_before": run.active_before,
                                         "lost": run.lost}))
            return
        self.stdout.write(_("Reconciliation #%(id)s with extract #%(extract)s (%(workers)s "
                            "workers):")
                          % {"id": run.pk, "extract": run.extract_id,
                             "workers": thousands(run.workers)})
        labels = {"active": _("active"), "lapsed": _("no longer active"),
                  "not_enrolled": _("not enrolled"), "linked_exact": _("NIK match"),
                  "linked_probabilistic": _("probabilistic match"),
                  "review": _("awaiting review")}
        for key, value in counts.items():
            self.stdout.write(f"  {labels[key]:<22} {thousands(value):>10}")
        if run.status == JobStatus.AWAITING:
            self.stdout.write(
                _("AWAITING CONFIRMATION: %(lost)s of %(before)s workers active in reconciliation "
                  "#%(previous)s became not enrolled (%(percent)s, limit %(limit)s). This "
                  "reconciliation applies only once province staff confirm it; until then the "
                  "previous reconciliation stays in use.")
                % {"lost": thousands(run.lost), "before": thousands(run.active_before),
                   "previous": run.compared_with_id, "percent": rate(run.lost_percent, 1),
                   "limit": rate(run.loss_limit)})
