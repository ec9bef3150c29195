import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ucj.core.commands import UcjCommand
from ucj.coverage import summaries


class Command(UcjCommand):
    help = ("Ringkasan dasbor yang dijaga oleh setiap penulisan: 'verify' membandingkannya "
            "dengan hitungan ulang penuh dan melaporkan selisihnya; 'rebuild' menghitung "
            "ulang semuanya (perbaikan). / The summaries every write keeps: 'verify' "
            "compares them with a full recount; 'rebuild' counts them again (a repair).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "rebuild"])
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, action: str, as_json: bool, **options):
        if action == "rebuild":
            state = summaries.rebuild()
            if as_json:
                self.stdout.write(json.dumps({"seconds": state.seconds,
                                              "reconciliation": state.reconciliation_id}))
            else:
                self.stdout.write(_("Summaries recounted in %(seconds)s seconds "
                                    "(reconciliation #%(id)s).")
                                  % {"seconds": f"{state.seconds:.1f}",
                                     "id": state.reconciliation_id or "—"})
            return
        found = summaries.drift()
        if as_json:
            self.stdout.write(json.dumps({"drift": found}, ensure_ascii=False))
        else:
            for line in found:
                self.stdout.write(line)
        if found:
            raise CommandError(_("%(count)s summary figures differ from the recount; run "
                                 "`ucj summaries rebuild` and then tell the developers.")
                               % {"count": len(found)})
        if not as_json:
            self.stdout.write(_("The summaries match a full recount."))
