"""Derive ucj/regions/data/nama_wilayah_historis.csv from the archived Kemendagri lists
of the MIT-licensed data set cahyadsn/wilayah (db/archive/wilayah_2016.sql ... 2023.sql)
and the current list (ucj/regions/data/wilayah.csv).

    python scripts/derive_region_names.py PATH/TO/cahyadsn-wilayah/db/archive

For every kecamatan and desa/kelurahan code of the current list whose name in an earlier
list differs from today's (ignoring upper/lower case), the file holds one row per name
the code has had, today's included, with the first and last list it appears in:

    kode,nama,pertama_tercatat,terakhir_tercatat
    61.02.08,Siantan,2016,2022
    61.02.08,Jongkat,2023,2025

Lists are labelled as in kode_kecamatan_historis.csv: 2016 (Permendagri 56/2015),
2018 (Permendagri 137/2017), 2020 (Permendagri 72/2019, revised by Kepmendagri
146.1-4717/2020: "the 2019 list"), 2022 (Permendagri 58/2021, revised by Kepmendagri
050-145/2022), 2023 (Kepmendagri 100.1.1-6117/2022), 2025 (Kepmendagri
300.2.2-2138/2025, wilayah.csv). Codes no longer listed are left out: they have no
current region to be an alias of.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "ucj" / "regions" / "data"
ARCHIVE_YEARS = (2016, 2018, 2020, 2022, 2023)
CURRENT_YEAR = 2025
# ('61.02.08','Siantan') or ("61.02.08","Siantan"); a quote inside is doubled ('') or
# escaped (\').
_ROW = re.compile(
    r"""\(\s*(['"])(\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?)\1\s*,\s*"""
    r"""(['"])((?:''|""|\\.|[^\\])*?)\3\s*\)""")
_ESCAPE = re.compile(r"\\(.)")


def read_sql(path: Path) -> dict[str, str]:
    names = {}
    for match in _ROW.finditer(path.read_text(encoding="utf-8")):
        quote, name = match.group(3), match.group(4)
        name = _ESCAPE.sub(r"\1", name.replace(quote * 2, quote))
        names[match.group(2)] = " ".join(name.split())
    return names


def main(archive: Path) -> None:
    with (DATA / "wilayah.csv").open(encoding="utf-8", newline="") as handle:
        current = {row["kode"]: row["nama"] for row in csv.DictReader(handle)}
    seen: dict[tuple[str, str], list[int]] = {}
    for year in ARCHIVE_YEARS:
        for code, name in read_sql(archive / f"wilayah_{year}.sql").items():
            if code.count(".") >= 2 and code in current:
                seen.setdefault((code, name), []).append(year)
    changed = {code for (code, name) in seen if name.casefold() != current[code].casefold()}
    rows = []
    for (code, name), years in seen.items():
        if code in changed and name.casefold() != current[code].casefold():
            rows.append((code, name, min(years), max(years)))
    for code in changed:
        # Today's name, from the first list after the last one with an old name.
        last_old = max(row[3] for row in rows if row[0] == code)
        first_new = min(y for y in (*ARCHIVE_YEARS, CURRENT_YEAR) if y > last_old)
        rows.append((code, current[code], first_new, CURRENT_YEAR))
    rows.sort(key=lambda row: (row[0], row[2], row[1]))
    with (DATA / "nama_wilayah_historis.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["kode", "nama", "pertama_tercatat", "terakhir_tercatat"])
        writer.writerows(rows)
    print(f"{len(changed)} codes renamed, {len(rows)} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
