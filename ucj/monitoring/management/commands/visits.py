"""`ucj visits overdue [--json] [--date YYYY-MM-DD] [--regency 61.01]`: action items of
monitoring visits that are past their due date and still open or in progress."""

import json
from datetime import date

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ucj.accounts.selectors import province_reader
from ucj.core.commands import UcjCommand
from ucj.monitoring import selectors


class Command(UcjCommand):
    help = ("Kunjungan monitoring: `overdue` mencetak tindak lanjut yang melewati batas waktu "
            "dan masih terbuka atau sedang dikerjakan.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["overdue"], help="overdue")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help="satu larik JSON")
        parser.add_argument("--date", dest="on", default="",
                            help="tanggal acuan TTTT-BB-HH (bawaan: hari ini)")
        parser.add_argument("--regency", default="", help="hanya satu kabupaten/kota, mis. 61.01")

    def handle(self, *args, action: str, as_json: bool, on: str, regency: str, **options):
        try:
            day = date.fromisoformat(on) if on else selectors.today()
        except ValueError:
            raise CommandError(_("--date must look like YYYY-MM-DD, not %(text)r") % {"text": on}) from None
        reader = province_reader()
        if regency and regency not in selectors.scope_codes(reader):
            raise CommandError(_("unknown regency/city: %(code)s") % {"code": regency})
        items = selectors.overdue_items(reader, on=day, regency=regency)
        rows = [{"id": i.pk, "regency": i.visit.regency_id, "regency_name": i.visit.regency.name,
                 "visit": i.visit_id, "visit_date": i.visit.date.isoformat(), "title": i.title,
                 "owner_office": i.owner_office, "owner": i.owner_label,
                 "due_date": i.due_date.isoformat(), "status": i.status,
                 "days_overdue": i.days_overdue(day)} for i in items]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        if not rows:
            self.stdout.write(_("No overdue follow-ups as of %(day)s.") % {"day": day.isoformat()})
            return
        for row in rows:
            days = _("%(days)s days") % {"days": f"{row['days_overdue']:>4}"}
            self.stdout.write(f"{row['regency']:<6} {row['due_date']}  {days}  "
                              f"{row['status']:<11} {row['owner'][:30]:<30}  {row['title']}")
        self.stdout.write(_("%(count)s overdue follow-ups as of %(day)s.")
                          % {"count": len(rows), "day": day.isoformat()})
