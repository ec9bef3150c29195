"""Reads of regions and denominators, always through the user's region scope."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from ucj.accounts.models import User
from ucj.accounts.selectors import regions_in_scope
from ucj.regions.geometry import rewind_for_d3
from ucj.regions.models import Denominator, Level, Region


def child_regions(user: User, region: Region) -> QuerySet[Region]:
    """The current regions directly under `region` that the user may see, with the
    number of their own current children (kecamatan of a regency, desa of a kecamatan)."""
    children = region.children.filter(is_current=True)
    return regions_in_scope(user, children).annotate(
        child_count=Count("children", filter=Q(children__is_current=True))
    ).order_by("code")


def retired_children(user: User, region: Region) -> QuerySet[Region]:
    return regions_in_scope(user, region.children.filter(is_current=False)).order_by("code")


def ancestors(region: Region) -> list[Region]:
    chain = []
    parent = region.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return list(reversed(chain))


def denominators_for(user: User, region: Region) -> QuerySet[Denominator]:
    visible = regions_in_scope(user, Region.objects.filter(code=region.code))
    return Denominator.objects.filter(region__in=visible).order_by("-year", "kind", "source")


def map_features(user: User, region: Region) -> dict:
    """A GeoJSON FeatureCollection of the region's children that have a boundary and lie
    in the user's scope, with their name, code and population as properties."""
    children = child_regions(user, region).filter(boundary__isnull=False)
    features = [
        {
            "type": "Feature",
            "geometry": rewind_for_d3(child.boundary),
            "properties": {
                "kode": child.code,
                "nama": child.name,
                "penduduk": child.population_total,
                "jumlah_wilayah": child.child_count,
            },
        }
        for child in children
    ]
    return {"type": "FeatureCollection", "features": features}


def has_map(region: Region) -> bool:
    return region.level in (Level.PROVINSI, Level.KABUPATEN_KOTA) and region.children.filter(
        boundary__isnull=False).exists()
