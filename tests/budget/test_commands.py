import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("workers, months", [(10_000, 12), (20_000, 6)])
def test_premium_command_prices_the_news_figure(kalbar, workers, months):
    out = io.StringIO()
    call_command("premium", "--program", "bpu", "--income", "1000000", "--workers",
                 str(workers), "--from", "2025-01", "--months", str(months), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["total"] == 2_016_000_000
    assert result["months_priced"] == months
    assert result["per_worker_monthly"] == [16_800] * months
    assert result["totals"] == {"jkk": workers * months * 10_000,
                                "jkm": workers * months * 6_800, "discount": 0}


def test_premium_command_text_names_the_breakdown_and_unconfirmed_rules(kalbar):
    out = io.StringIO()
    call_command("premium", "--from", "2026-03", "--months", "2", "--workers", "10", "--jht",
                 stdout=out)
    text = out.getvalue()
    assert "JHT" in text and "Total Rp736.000" in text  # 10 x 2 x (16,800 + 20,000)
    assert "PP 50/2025" in text and "--with-unconfirmed" in text
    out = io.StringIO()
    call_command("premium", "--from", "2026-04", "--months", "1", "--with-unconfirmed",
                 "--json", stdout=out)
    assert json.loads(out.getvalue())["total"] == 8_400


def test_premium_command_refuses_a_bad_month(kalbar):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("premium", "--from", "2025-13")


def test_allocate_command(budget):
    out = io.StringIO()
    call_command("allocate", "--budget", str(budget.pk), "--policy", "lowest_first", "--json",
                 stdout=out)
    result = json.loads(out.getvalue())
    funded = {r["regency"]: r["funded"] for r in result["regencies"]}
    assert funded["61.01"] == 4 and funded["61.72"] == 1
    assert result["cost"] == 5 * 201_600
    text = io.StringIO()
    call_command("allocate", "--budget", str(budget.pk), "--policy", "fairest",
                 "--minimum", "61.72=3", stdout=text)
    assert "Total 5 pekerja" in text.getvalue()


def test_allocate_command_explains_infeasible_minimums(budget):
    with pytest.raises(CommandError, match="Sambas"):
        call_command("allocate", "--budget", str(budget.pk), "--minimum", "61.01=50")
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("allocate", "--budget", "999999")


def test_allocate_is_a_ucj_command_with_one_line_errors():
    result = subprocess.run([sys.executable, "manage.py", "allocate", "--budget", "x"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
