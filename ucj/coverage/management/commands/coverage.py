import json

from django.core.management.base import CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from ucj.accounts.models import User
from ucj.accounts.selectors import province_reader
from ucj.core.commands import UcjCommand
from ucj.core.formatting import percent
from ucj.coverage import selectors


class Command(UcjCommand):
    help = ("Cakupan terbaru tiap kabupaten/kota: peserta aktif, pembagi beserta sumbernya, "
            "target tahun angka dan target akhir beserta kekurangannya, cakupan BPU dan PMI "
            "(di luar cakupan).")

    def add_arguments(self, parser):
        parser.add_argument("--region", default="61", help="61 (provinsi) atau 61.01")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, region: str, as_json: bool, **options):
        reader = province_reader()
        try:
            codes = ([i.region_code for i in selectors.latest_by_regency(reader)]
                     if region == "61" else [selectors.get_region(reader, region).code])
        except Http404:
            raise CommandError(_("unknown region: %(code)s") % {"code": region}) from None
        rows = [_row(reader, code) for code in [region] * (region == "61") + codes]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            rate = percent(row["coverage"])
            target = percent(row["target"])
            gap = _("target %(target)s (%(year)s)  %(gap)s persons short") % {
                "target": target, "year": row["target_year"] or "—",
                "gap": row["gap"] if row["gap"] is not None else "—"}
            self.stdout.write(f"{row['region']:<6} {row['name']:<28} {row['month'] or '—':<8} "
                              f"{rate:>9}  {gap}")
            if row["year_target"] is not None and row["year_target_year"] != row["target_year"]:
                flag = "" if row["year_target_confirmed"] else _(" (not confirmed)")
                line = _("target %(year)s: %(rate)s %%%(flag)s, %(gap)s persons short") % {
                    "year": row["year_target_year"], "rate": f"{row['year_target'] * 100:.2f}",
                    "flag": flag,
                    "gap": row["year_gap"] if row["year_gap"] is not None else "—"}
                self.stdout.write(f"{'':<6} {line}")
            if row["bpu_coverage"] is not None:
                line = _("BPU coverage %(rate)s %% (%(active)s / %(denominator)s)") % {
                    "rate": f"{row['bpu_coverage'] * 100:.2f}", "active": row["bpu_active"],
                    "denominator": row["bpu_denominator"]}
                self.stdout.write(f"{'':<6} {line}")


def _row(reader: User, code: str) -> dict:
    found = selectors.outlook(reader, code)
    latest, target = found.latest, found.target
    denominator = latest.denominator if latest else None
    return {
        "region": code,
        "name": latest.region_name if latest else code,
        "month": latest.month.isoformat()[:7] if latest else None,
        "active": latest.numerator if latest else None,
        "active_source": latest.numerator_source if latest else None,
        "denominator": denominator.value if denominator else None,
        "denominator_kind": denominator.kind if denominator else None,
        "denominator_source": denominator.source if denominator else None,
        "denominator_reference_date": denominator.reference_date.isoformat()
        if denominator else None,
        "coverage": round(latest.rate, 6) if latest and latest.rate is not None else None,
        "target": float(target.rate) if target else None,
        "target_year": target.year if target else None,
        "target_source": target.source if target else None,
        "gap": found.gap,
        "year_reaching": found.year_reaching,
        "target_confirmed": target.confirmed if target else None,
        "year_target": float(found.year_target.rate) if found.year_target else None,
        "year_target_year": found.year_target.year if found.year_target else None,
        "year_target_source": found.year_target.source if found.year_target else None,
        "year_target_confirmed": found.year_target.confirmed if found.year_target else None,
        "year_gap": found.year_gap,
        "migrants": latest.migrants if latest else None,
        **_bpu(found.bpu),
        "denominator_changes": [{"month": c.month.isoformat()[:7],
                                 "old": c.old.value if c.old else None,
                                 "new": c.new.value if c.new else None}
                                for c in found.changes],
    }


def _bpu(bpu) -> dict:
    d = bpu.denominator if bpu else None
    return {
        "bpu_month": bpu.month.isoformat()[:7] if bpu else None,
        "bpu_active": bpu.numerator if bpu else None,
        "bpu_denominator": d.value if d else None,
        "bpu_denominator_source": d.source if d else None,
        "bpu_coverage": round(bpu.rate, 6) if bpu and bpu.rate is not None else None,
    }
