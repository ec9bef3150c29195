"""Budget tables as Excel workbooks: a scenario, scenarios compared, the cost of the target."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ucj.core.workbooks import table_workbook


def scenario_workbook(scenario, regencies, shares) -> bytes:
    headers = [_("Code"), _("Regency/city"), _("Active participants"), _("Denominator"),
               _("Coverage before"), _("Not yet active in the registry"), _("Minimum"),
               _("Workers funded"), _("Cost (Rp)"), _("Coverage after")]
    rows = [[r.regency_id, r.regency.name, r.participants, r.denominator, r.rate_before,
             r.eligible, r.minimum, r.funded, r.cost, r.rate_after] for r in regencies]
    rows.append([None, _("Total"), None, None, None, sum(r.eligible for r in regencies), None,
                 sum(r.funded for r in regencies), sum(r.cost for r in regencies), None])
    return table_workbook(
        scenario.name, headers, rows, widths=[8, 26, 14, 14, 10, 14, 10, 12, 18, 10],
        percent=[4, 9], number=[2, 3, 5, 6, 7, 8], freeze_columns=2,
        more=[(_("By ecosystem"),
               [_("Code"), _("Regency/city"), _("Ecosystem"), _("Not yet active"),
                _("Workers funded")],
               [[s.regency_id, s.regency.name, s.ecosystem.label, s.eligible, s.funded]
                for s in shares])])


def compare_workbook(scenarios, compared) -> bytes:
    headers = [_("Code"), _("Regency/city"), _("Coverage before")]
    for scenario in scenarios:
        headers += [f"{scenario.name}: {_('workers funded')}",
                    f"{scenario.name}: {_('cost (Rp)')}",
                    f"{scenario.name}: {_('coverage after')}"]
    rows = []
    for regency in compared:
        row = [regency.code, regency.name, regency.rate_before]
        for found in regency.rows:
            row += ([found.funded, found.cost, found.rate_after] if found
                    else [None, None, None])
        rows.append(row)
    count = len(scenarios)
    return table_workbook(
        _("Comparison"), headers, rows, widths=[8, 26, 10] + [14, 18, 12] * count,
        percent=[2, *(5 + 3 * i for i in range(count))],
        number=[*(3 + 3 * i for i in range(count)), *(4 + 3 * i for i in range(count))],
        freeze_columns=2)


def target_cost_workbook(result) -> bytes:
    headers = [_("Code"), _("Regency/city"), _("Year"), _("New participants needed"),
               _("Of which paid by the government"), _("Paid by the government in total"),
               _("Premium per worker (Rp)"), _("Cost (Rp)")]
    rows = [[r.code, r.name, y.year, y.new_needed, y.paid_new, y.paid_total,
             y.premium_per_worker, y.cost] for r in result.regencies for y in r.years]
    rows += [[None, _("Kalimantan Barat"), t["year"], t["new_needed"], t["paid_new"],
              t["paid_total"], result.premium_per_worker.get(t["year"]), t["cost"]]
             for t in result.totals()]
    return table_workbook(_("Cost of the target"), headers, rows,
                          widths=[8, 26, 8, 16, 16, 16, 16, 20],
                          number=[3, 4, 5, 6, 7], freeze_columns=2)
