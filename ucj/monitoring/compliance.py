"""The Inpres 2/2021 compliance score of a regency, in plain Python (no Django).

Six criteria follow what Inpres 2/2021 and its follow-ups (Permendagri 27/2021,
84/2022) ask of a regional head; each is fulfilled to a degree between 0 and 1:

| criterion   | fulfilment                                                          | Paritrana theme |
|-------------|---------------------------------------------------------------------|-----------------|
| regulation  | credit of the strongest regulation: Perda, Perbup/Perwali, other    | regulation      |
| budget      | 1 when the regional budget of the year allocates money for premiums | budget          |
| non_asn     | share of non-civil-servant staff enrolled                           | enrolment       |
| bumd        | share of regional enterprises (BUMD) registered                     | enrolment       |
| village     | share of village officials and RT/RW covered through village funds  | enrolment       |
| ptsp        | 1 when licensing (PTSP) requires active participation               | innovation      |

score = 100 x sum(weight x fulfilment) / sum(weight). Weights and regulation credits
are UNCONFIRMED policy: the database holds them (monitoring.ComplianceWeight, editable
by province staff); DEFAULT_WEIGHTS and DEFAULT_CREDITS below only seed it. An unknown
fact (not reported) counts as not fulfilled and is listed as missing.
"""

from __future__ import annotations

from dataclasses import dataclass

CRITERIA = ("regulation", "budget", "non_asn", "bumd", "village", "ptsp")
THEMES = {"regulation": "regulation", "budget": "budget", "non_asn": "enrolment",
          "bumd": "enrolment", "village": "enrolment", "ptsp": "innovation"}
REGULATION_TYPES = ("perda", "perkada", "other")

# Seeds of the weights table (points; only their ratios matter). Regulation and budget
# weigh most, as in the Paritrana Award, where a Perda scores highest. UNCONFIRMED.
DEFAULT_WEIGHTS = {"regulation": 30.0, "budget": 25.0, "non_asn": 15.0, "bumd": 10.0,
                   "village": 10.0, "ptsp": 10.0}
# Credit of each kind of regulation towards the regulation criterion (0..1). UNCONFIRMED.
DEFAULT_CREDITS = {"perda": 1.0, "perkada": 0.6, "other": 0.3}


@dataclass(frozen=True)
class Facts:
    """What a regency has done, as recorded; None means not reported."""

    regulation_type: str = ""  # "", "perda", "perkada" or "other"
    budget: int | None = None  # rupiah allocated for premiums in the year scored
    non_asn_total: int | None = None
    non_asn_enrolled: int | None = None
    bumd_total: int | None = None
    bumd_registered: int | None = None
    village_total: int | None = None
    village_covered: int | None = None
    ptsp_required: bool | None = None


@dataclass(frozen=True)
class Part:
    criterion: str
    fulfilment: float  # 0..1
    weight: float
    points: float  # of the 100
    max_points: float
    gap: str  # "" when fulfilled; else a code saying what is missing
    share: float | None = None  # for the share criteria

    @property
    def lost(self) -> float:
        return self.max_points - self.points


@dataclass(frozen=True)
class Score:
    total: float  # 0..100
    parts: tuple[Part, ...]

    @property
    def gaps(self) -> list[Part]:
        """What the regency still lacks, the most points lost first."""
        return sorted((p for p in self.parts if p.gap), key=lambda p: (-p.lost, p.criterion))


def validate(weights: dict[str, float], credits: dict[str, float]) -> None:
    """ValueError when a weight is missing or negative, all are zero, or a credit lies
    outside 0..1."""
    for key in CRITERIA:
        if key not in weights:
            raise ValueError(f"weight missing: {key}")
        if weights[key] < 0:
            raise ValueError(f"weight below zero: {key}")
    if sum(weights[k] for k in CRITERIA) <= 0:
        raise ValueError("all weights are zero")
    for key in REGULATION_TYPES:
        if key not in credits:
            raise ValueError(f"credit missing: {key}")
        if not 0 <= credits[key] <= 1:
            raise ValueError(f"credit outside 0..1: {key}")


def _share(done: int | None, total: int | None) -> float | None:
    if done is None or total is None:
        return None
    if total <= 0:
        return 1.0  # nothing to enrol
    return max(0.0, min(1.0, done / total))


def _fulfilment(criterion: str, facts: Facts, credits: dict[str, float]
                ) -> tuple[float, str, float | None]:
    if criterion == "regulation":
        if not facts.regulation_type:
            return 0.0, "no_regulation", None
        credit = credits.get(facts.regulation_type, 0.0)
        return credit, "" if credit >= 1 else "regulation_not_perda", None
    if criterion == "budget":
        if facts.budget is None:
            return 0.0, "budget_unknown", None
        return (1.0, "", None) if facts.budget > 0 else (0.0, "no_budget", None)
    if criterion == "ptsp":
        return (1.0, "", None) if facts.ptsp_required else (0.0, "no_ptsp", None)
    done, total = {
        "non_asn": (facts.non_asn_enrolled, facts.non_asn_total),
        "bumd": (facts.bumd_registered, facts.bumd_total),
        "village": (facts.village_covered, facts.village_total),
    }[criterion]
    share = _share(done, total)
    if share is None:
        return 0.0, f"{criterion}_unknown", None
    return share, "" if share >= 1 else f"{criterion}_incomplete", share


def score(facts: Facts, *, weights: dict[str, float] | None = None,
          credits: dict[str, float] | None = None) -> Score:
    """The score of one regency (0..100) and how each criterion contributed."""
    weights = DEFAULT_WEIGHTS if weights is None else weights
    credits = DEFAULT_CREDITS if credits is None else credits
    validate(weights, credits)
    total_weight = sum(weights[k] for k in CRITERIA)
    parts = []
    for criterion in CRITERIA:
        fulfilment, gap, share = _fulfilment(criterion, facts, credits)
        max_points = 100 * weights[criterion] / total_weight
        parts.append(Part(criterion=criterion, fulfilment=fulfilment, weight=weights[criterion],
                          points=max_points * fulfilment, max_points=max_points,
                          gap=gap if max_points > 0 else "", share=share))
    return Score(total=round(sum(p.points for p in parts), 6), parts=tuple(parts))


def rank(scores: dict[str, Score]) -> list[tuple[str, Score]]:
    """(region code, score) highest first; ties by code."""
    return sorted(scores.items(), key=lambda item: (-item[1].total, item[0]))
