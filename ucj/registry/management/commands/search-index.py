import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ucj.core.commands import UcjCommand
from ucj.registry import search


class Command(UcjCommand):
    help = ("Indeks pencarian nama pekerja: 'rebuild' membuatnya ulang dari tabel pekerja "
            "(setelah data dimuat dengan cara lain, atau sebagai perbaikan); 'catch-up' "
            "mengindeks pekerja baru yang belum terindeks; 'verify' membandingkannya dengan "
            "tabel pekerja. / The worker name search index: 'rebuild' makes it again from "
            "the workers; 'catch-up' indexes workers not indexed yet; 'verify' compares it "
            "with the workers.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "catch-up", "verify"])
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, action: str, as_json: bool, **options):
        if action in ("rebuild", "catch-up"):
            done = search.rebuild() if action == "rebuild" else search.catch_up()
            if as_json:
                self.stdout.write(json.dumps({"rows": done.rows,
                                              "seconds": round(done.seconds, 2)}))
            else:
                self.stdout.write(_("%(rows)s workers indexed in %(seconds)s seconds.")
                                  % {"rows": done.rows, "seconds": f"{done.seconds:.1f}"})
            return
        found = search.missing()
        if as_json:
            self.stdout.write(json.dumps(found))
        else:
            self.stdout.write(_("Not indexed: %(missing)s; different: %(stale)s; waiting for "
                                "the index: %(waiting)s.") % found)
        if found["missing"] or found["stale"]:
            raise CommandError(_("The search index does not match the worker table; run "
                                 "`ucj search-index rebuild`."))
