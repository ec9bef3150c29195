"""What the link-review page shows beside the two records: which NIK digits differ,
the sex a NIK encodes, and why a pair waits for a person instead of being linked.

Pure computation, no Django: the reasons mirror the rules of reconcile._assign (a pair
is linked automatically only at or above the upper threshold, with equal normalised
names and NIKs within two digits); everything else that is kept waits for review."""

from __future__ import annotations

from itertools import zip_longest

# Codes of the reasons a pair waits (the page translates them).
BELOW_UPPER = "below_upper"
NAME_NOT_EQUAL = "name_not_equal"
NIK_FAR = "nik_far"


def nik_differences(first: str, second: str) -> list[int]:
    """The positions (0-based) at which two NIKs differ; a position only one of them
    has counts as different."""
    return [index for index, (a, b) in enumerate(zip_longest(first or "", second or ""))
            if a != b]


def marked_segments(nik: str, differing: list[int]) -> list[tuple[str, bool]]:
    """`nik` cut into runs of (text, differs), for rendering the differing digits with
    <mark>: "6101011234560001" with [7] -> [("6101011", False), ("2", True), ...]."""
    positions = set(differing)
    segments: list[tuple[str, bool]] = []
    for index, char in enumerate(nik or ""):
        differs = index in positions
        if segments and segments[-1][1] == differs:
            segments[-1] = (segments[-1][0] + char, differs)
        else:
            segments.append((char, differs))
    return segments


def sex_from_nik(nik: str) -> str:
    """"L" or "P" as the NIK encodes it (women's day of birth is written plus 40), ""
    when the NIK does not say (too short, not digits, or an impossible day)."""
    day = (nik or "")[6:8]
    if not day.isdigit():
        return ""
    value = int(day)
    if 1 <= value <= 31:
        return "L"
    if 41 <= value <= 71:
        return "P"
    return ""


def review_reasons(*, probability: float, upper: float, evidence: dict[str, str]) -> list[str]:
    """Why a pair kept by reconciliation waits for review rather than being linked: the
    codes above, in this order; none for a pair that would have been linked."""
    reasons = []
    if probability < upper:
        reasons.append(BELOW_UPPER)
    if evidence.get("name") != "exact":
        reasons.append(NAME_NOT_EQUAL)
    if evidence.get("nik") in ("different", "missing", None):
        reasons.append(NIK_FAR)
    return reasons
