"""GeoJSON helpers (plain Python)."""

from __future__ import annotations


def _depth(coordinates: list) -> int:
    depth = 0
    while isinstance(coordinates, list) and coordinates:
        coordinates, depth = coordinates[0], depth + 1
    return depth


def repair(geometry: dict) -> dict:
    """Some features of the vendored boundaries are labelled MultiPolygon but nest only
    one polygon's rings (one level short); wrap them so they are valid GeoJSON."""
    if geometry["type"] == "MultiPolygon" and _depth(geometry["coordinates"]) == 3:
        return {"type": "MultiPolygon", "coordinates": [geometry["coordinates"]]}
    return geometry


def _signed_area(ring: list[list[float]]) -> float:
    """Shoelace area in lon/lat: positive when the ring runs counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


def _oriented(ring: list[list[float]], clockwise: bool) -> list[list[float]]:
    is_clockwise = _signed_area(ring) < 0
    return ring if is_clockwise == clockwise else ring[::-1]


def rewind_for_d3(geometry: dict) -> dict:
    """Orient rings the way d3-geo (and so Vega) expects: outer rings clockwise, holes
    counter-clockwise. Standard GeoJSON (RFC 7946) uses the opposite order, and d3 reads
    a counter-clockwise outer ring as "the whole globe except this area"."""

    def polygon(rings: list) -> list:
        return [_oriented(ring, clockwise=index == 0) for index, ring in enumerate(rings)]

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(geometry["coordinates"])}
    if geometry["type"] == "MultiPolygon":
        return {"type": "MultiPolygon",
                "coordinates": [polygon(rings) for rings in geometry["coordinates"]]}
    return geometry
