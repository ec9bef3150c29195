from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from ucj.core.demo import generate_people, write_people


@pytest.fixture
def people() -> pl.DataFrame:
    """Thirty deterministic people of Sambas."""
    return generate_people(seed=7, persons=30, regency="61.01")


@pytest.fixture
def people_file(tmp_path, people):
    def write(frame: pl.DataFrame | None = None, name: str = "daftar.xlsx") -> Path:
        path = tmp_path / name
        write_people(people if frame is None else frame, path)
        return path

    return write
