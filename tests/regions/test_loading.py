import json

import pytest

from ucj.core.models import DatasetVersion
from ucj.regions import codebook
from ucj.regions.geometry import repair, rewind_for_d3
from ucj.regions.models import Level, Region
from ucj.regions.services import load_regions


@pytest.mark.django_db(transaction=True)
def test_full_load_holds_every_current_and_retired_code_and_is_idempotent():
    first = load_regions(force=True)
    assert first.loaded
    assert (first.current, first.retired) == (91_599, 620)
    assert Region.objects.filter(is_current=True).count() == 91_599
    assert Region.objects.filter(level=Level.DESA_KELURAHAN).count() == 83_762
    assert Region.objects.filter(level=Level.PROVINSI, is_current=True).count() == 38
    assert DatasetVersion.objects.filter(name="regions").exists()

    # The 2022 Papua split: Merauke was 91.01 and is now 93.01; both codes are known.
    merauke_old = Region.objects.get(code="91.01")
    assert not merauke_old.is_current
    assert (merauke_old.first_listed, merauke_old.last_listed) == (2016, 2022)
    assert Region.objects.get(code="93.01").is_current

    Region.objects.filter(code="61.01").update(name="changed by hand")
    second = load_regions()
    assert not second.loaded, "unchanged data files must not be loaded again"
    assert Region.objects.get(code="61.01").name == "changed by hand"
    assert load_regions(force=True).loaded
    assert Region.objects.get(code="61.01").name == "Kabupaten Sambas"
    assert Region.objects.count() == 91_599 + 620


@pytest.mark.django_db
def test_kalbar_regencies_carry_bps_codes_population_and_boundaries(kalbar):
    regencies = Region.objects.filter(parent=kalbar, level=Level.KABUPATEN_KOTA)
    assert regencies.count() == 14
    assert kalbar.population_total == 5_646_268
    bengkayang = Region.objects.get(code="61.07")
    assert (bengkayang.bps_code, bengkayang.population_total) == ("6102", 295_966)
    assert Region.objects.get(code="61.02").bps_code == "6104"
    assert all(r.boundary and r.boundary["type"] == "MultiPolygon" for r in regencies)
    assert Region.objects.filter(level=Level.KECAMATAN, code__startswith="61.",
                                 is_current=True).count() == 174
    kecamatan_with_boundary = Region.objects.filter(level=Level.KECAMATAN,
                                                    boundary__isnull=False).count()
    assert kecamatan_with_boundary == 174
    desa = Region.objects.filter(level=Level.DESA_KELURAHAN, code__startswith="61.")
    assert desa.count() == 2_046 + 99


def test_codebook_knows_current_and_retired_codes():
    book = codebook.load_codebook()
    assert book.is_current("61.01.01")
    assert "91.01" in book and not book.is_current("91.01")
    assert book.get("61.07").level == "kabupaten_kota"
    assert codebook.parent_of("61.01.01.2001") == "61.01.01"
    assert codebook.parent_of("61") is None


def _signed_area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


def test_geometry_repair_wraps_multipolygons_one_level_short():
    ring = [[0, 0], [1, 0], [1, 1], [0, 0]]
    assert repair({"type": "MultiPolygon", "coordinates": [ring]})["coordinates"] == [[ring]]
    proper = {"type": "MultiPolygon", "coordinates": [[ring]]}
    assert repair(proper) is proper
    raw = json.loads(codebook.REGENCY_BOUNDARIES_FILE.read_text())
    for feature in raw["features"]:
        fixed = repair(feature["geometry"])
        for polygon in fixed["coordinates"]:
            for ring in polygon:
                assert all(len(point) == 2 for point in ring)


def test_rewind_puts_outer_rings_clockwise_and_holes_counter_clockwise():
    outer_ccw = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole_cw = [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]
    rewound = rewind_for_d3({"type": "Polygon", "coordinates": [outer_ccw, hole_cw]})
    outer, hole = rewound["coordinates"]
    assert _signed_area(outer) < 0 < _signed_area(hole)
    again = rewind_for_d3(rewound)
    assert again == rewound
