"""Reads of regions and denominators, always through the user's region scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from ucj.accounts.models import User
from ucj.accounts.selectors import regions_in_scope
from ucj.regions import codebook
from ucj.regions.geometry import rewind_for_d3
from ucj.regions.models import Denominator, Level, Region


def child_regions(user: User, region: Region) -> QuerySet[Region]:
    """The current regions directly under `region` that the user may see, with the
    number of their own current children (kecamatan of a regency, desa of a kecamatan)."""
    children = region.children.filter(is_current=True)
    return regions_in_scope(user, children).annotate(
        child_count=Count("children", filter=Q(children__is_current=True))
    ).prefetch_related("former_names").order_by("code")


def retired_children(user: User, region: Region) -> QuerySet[Region]:
    return regions_in_scope(user, region.children.filter(is_current=False)).order_by("code")


def ancestors(region: Region) -> list[Region]:
    chain = []
    parent = region.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return list(reversed(chain))


@dataclass(frozen=True)
class NameSpell:
    """One name a code carried, over which Kemendagri lists (labels of codebook.LISTS)."""

    name: str
    first_listed: int
    last_listed: int
    first_list: str
    last_list: str
    current: bool


def name_history(region: Region) -> list[NameSpell]:
    """The names the region's code carried, oldest first, today's last; empty when the
    name never changed since the 2016 list (61.02.08: Siantan 2016-2022, Jongkat
    2023-2025)."""
    former = list(region.former_names.all())
    if not former:
        return []
    labels = sorted(codebook.LISTS)
    spells = [NameSpell(name.name, name.first_listed, name.last_listed,
                        codebook.LISTS.get(name.first_listed, ""),
                        codebook.LISTS.get(name.last_listed, ""), False) for name in former]
    if region.is_current:
        since = min((label for label in labels if label > max(n.last_listed for n in former)),
                    default=codebook.CURRENT_LIST_YEAR)
        spells.append(NameSpell(region.name, since, codebook.CURRENT_LIST_YEAR,
                                codebook.LISTS.get(since, ""),
                                codebook.LISTS[codebook.CURRENT_LIST_YEAR], True))
    return spells


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
