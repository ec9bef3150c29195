"""Extract versions and reconciliation on the real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from ucj.membership import selectors, services
from ucj.membership.models import (
    CandidateState,
    Extract,
    ExtractRow,
    JobStatus,
    LinkCandidate,
    LinkDecision,
    Reconciliation,
    WorkerMembership,
)

from .conftest import extract_csv, filler_participants, participant, person, register

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 6, 30)
SITI = person(1, "Siti Aminah", date(1990, 7, 1), sex="P")
BUDI = person(2, "Budi Santoso", date(1985, 3, 12))
AHMAD = person(3, "Ahmad Fauzi", date(1979, 11, 23))
RINA = person(4, "Rina Marlina", date(1992, 5, 17), sex="P")
JOKO = person(5, "Joko Susilo", date(1970, 8, 9))
DEWI = person(6, "Dewi Lestari", date(1995, 1, 30), sex="P")
RIZKI = person(7, "Muhammad Rizki", date(1991, 4, 4))
TONO = person(8, "Tono Sugiarto", date(1982, 2, 2), regency="61.72")
PEOPLE = [SITI, BUDI, AHMAD, RINA, JOKO, DEWI, RIZKI, TONO]


def typo(nik: str, position: int) -> str:
    """One digit changed."""
    digit = str((int(nik[position]) + 3) % 10)
    return nik[:position] + digit + nik[position + 1:]


def swap(nik: str, position: int) -> str:
    """Two neighbouring digits exchanged (they must differ)."""
    assert nik[position] != nik[position + 1]
    return nik[:position] + nik[position + 1] + nik[position] + nik[position + 2:]


def decoy_nik() -> str:
    """Another man born the same day as RIZKI: another kecamatan and serial."""
    return person(4321, "x", RIZKI.born).nik.replace("610101", "610104", 1)


def june_rows() -> list[tuple]:
    return [
        participant(SITI, "10000000001"),
        participant(SITI, "10000000002", category="PU", status="NONAKTIF", paid="2024-01"),
        participant(BUDI, "10000000003", status="NONAKTIF", paid="2026-06"),
        participant(AHMAD, "10000000004", paid="2026-04"),  # two months behind: lapsed
        participant(RINA, "10000000005", nik=typo(RINA.nik, 14)),
        participant(JOKO, "10000000006", nik=swap(JOKO.nik, 14)),
        participant(RIZKI, "10000000007", nik=decoy_nik(), name="M. Rizky"),
        participant(TONO, "10000000008", paid="2026-05"),  # one month behind: still active
        *filler_participants(3000),
    ]


@pytest.fixture
def workers(kalbar):
    return register(PEOPLE)


def import_june(**options) -> Extract:
    return services.import_extract(data=extract_csv(june_rows()), file_name="juni.csv",
                                   as_of=AS_OF, **options)


def statuses(run: Reconciliation, workers) -> dict[str, tuple[str, str]]:
    by_id = {w.pk: nik for nik, w in workers.items()}
    return {by_id[m.worker_id]: (m.status, m.method)
            for m in WorkerMembership.objects.filter(reconciliation=run)}


def test_import_keeps_a_version_with_its_participants_and_rejected_rows(kalbar):
    rows = june_rows() + [participant(DEWI, "KPJ?")]
    extract = services.import_extract(data=extract_csv(rows), file_name="juni.csv", as_of=AS_OF)
    assert extract.status == JobStatus.DONE
    assert (extract.rows, extract.accepted, extract.rejected) == (len(rows), len(rows) - 1, 1)
    assert extract.reasons == {"kpj_format": 1}
    assert extract.by_category == {"BPU": len(rows) - 2, "PU": 1}
    [bad] = ExtractRow.objects.filter(extract=extract)
    assert (bad.row_number, bad.reasons, bad.kpj_input) == (len(rows) + 3, "kpj_format", "KPJ?")
    import polars as pl

    stored = pl.read_parquet(extract.participants.path)
    assert stored.height == len(rows) - 1
    assert stored.filter(pl.col("kpj") == "10000000001")["name_key"].to_list() == ["SITI AMINAH"]
    # A second version never overwrites the first; the same file again is refused.
    second = services.import_extract(data=extract_csv(rows[:5]), file_name="juli.csv",
                                     as_of=date(2026, 7, 31))
    assert Extract.objects.count() == 2 and second.accepted == 5
    with pytest.raises(services.MembershipError, match=f"ekstrak #{extract.pk}"):
        services.import_extract(data=extract_csv(rows), file_name="lagi.csv", as_of=AS_OF)
    assert Extract.objects.count() == 2


def test_an_unreadable_extract_fails_and_stores_nothing(kalbar):
    with pytest.raises(services.MembershipError, match="KPJ"):
        services.import_extract(data=b"NIK,NAMA\n6101010101900001,Budi\n", file_name="x.csv",
                                as_of=AS_OF)
    extract = Extract.objects.get()
    assert extract.status == JobStatus.FAILED and "KPJ" in extract.error
    assert not extract.participants and not ExtractRow.objects.exists()


def test_only_bpjs_and_province_staff_import(sambas_user, bpjs_user):
    with pytest.raises(PermissionDenied):
        services.create_extract(user=sambas_user, file_name="x.csv", data=b"x", as_of=AS_OF)
    extract = services.create_extract(user=bpjs_user, file_name="x.csv",
                                      data=extract_csv([participant(SITI, "12345678901")]),
                                      as_of=AS_OF)
    assert extract.status == JobStatus.QUEUED


def test_reconciliation_statuses_and_methods(workers):
    import_june()
    run = services.reconcile()
    found = statuses(run, workers)
    assert found[SITI.nik] == ("active", "exact")  # the active one of her two KPJ
    assert found[BUDI.nik] == ("lapsed", "exact")  # NONAKTIF
    assert found[AHMAD.nik] == ("lapsed", "exact")  # paid up to April: two months behind
    assert found[TONO.nik] == ("active", "exact")  # paid up to May: one month behind
    assert found[RINA.nik] == ("active", "probabilistic")  # one digit typed wrong
    assert found[JOKO.nik] == ("active", "probabilistic")  # two digits swapped
    assert found[DEWI.nik] == ("not_enrolled", "none")
    assert found[RIZKI.nik][0] == "not_enrolled"  # the look-alike is not linked
    assert found[RIZKI.nik][1] in ("none", "review")
    siti = WorkerMembership.objects.get(reconciliation=run, worker=workers[SITI.nik])
    assert (siti.kpj, siti.category, siti.last_paid) == ("10000000001", "BPU", date(2026, 6, 1))
    rina = LinkCandidate.objects.get(reconciliation=run, worker=workers[RINA.nik])
    assert rina.state == CandidateState.LINKED and rina.participant_nik == typo(RINA.nik, 14)
    assert rina.match_probability >= run.upper_threshold
    assert (run.workers, run.active, run.lapsed, run.not_enrolled) == (8, 4, 2, 2)
    assert (run.linked_exact, run.linked_probabilistic) == (4, 2)
    assert run.model and run.timings


def test_rerun_replaces_the_result_of_the_same_extract(workers):
    extract = import_june()
    first = services.reconcile()
    second = services.reconcile(extract_id=extract.pk)
    assert not Reconciliation.objects.filter(pk=first.pk).exists()
    assert WorkerMembership.objects.filter(reconciliation=second).count() == len(PEOPLE)


def test_no_extract_yet_is_a_clear_error(kalbar):
    with pytest.raises(services.MembershipError, match="Impor ekstrak"):
        services.reconcile()
    with pytest.raises(services.MembershipError, match="#999"):
        services.reconcile(extract_id=999)


def test_review_decisions_apply_at_once_and_survive_reruns(workers, provinsi_user):
    import_june()
    # Thresholds so strict that even the typo links wait for a reviewer.
    run = services.reconcile(upper=0.999999999, lower=0.05)
    waiting = {c.worker_id: c for c in LinkCandidate.objects.filter(reconciliation=run,
                                                                    state=CandidateState.REVIEW)}
    rina, joko = workers[RINA.nik], workers[JOKO.nik]
    assert {rina.pk, joko.pk} <= set(waiting)
    assert statuses(run, workers)[RINA.nik] == ("not_enrolled", "review")

    services.decide(user=provinsi_user, candidate=waiting[rina.pk], decision="confirmed")
    services.decide(user=provinsi_user, candidate=waiting[joko.pk], decision="rejected")
    run.refresh_from_db()
    assert statuses(run, workers)[RINA.nik] == ("active", "reviewed")
    assert statuses(run, workers)[JOKO.nik] == ("not_enrolled", "none")
    assert run.linked_reviewed == 1 and run.active == 3
    assert LinkDecision.objects.count() == 2

    again = services.reconcile(upper=0.999999999, lower=0.05)
    found = statuses(again, workers)
    assert found[RINA.nik] == ("active", "reviewed")
    assert found[JOKO.nik] == ("not_enrolled", "none")
    assert not LinkCandidate.objects.filter(reconciliation=again, worker=joko,
                                            state=CandidateState.REVIEW).exists()


def test_kabupaten_users_see_only_their_regency(workers, sambas_user, make_user):
    import_june()
    run = services.reconcile()
    singkawang = make_user("skw", "kabupaten", regency="61.72")
    assert {r.regency for r in selectors.summary(sambas_user, run)} == {"61.01"}
    assert {r.regency for r in selectors.summary(singkawang, run)} == {"61.72"}
    assert [m.worker.nik for m in selectors.memberships_for(singkawang, run)] == [TONO.nik]
    assert selectors.memberships_for(sambas_user, run).count() == 7
    assert not selectors.candidates_for_review(sambas_user, run).exists()


def test_difference_between_two_extracts(workers, provinsi_user):
    import_june()
    june = services.reconcile()
    july_rows = [
        participant(SITI, "10000000001", status="NONAKTIF", paid="2026-06"),  # newly lapsed
        participant(BUDI, "10000000003", paid="2026-07"),  # covered again
        participant(DEWI, "10000000009", paid="2026-07"),  # newly covered
        participant(TONO, "10000000008", paid="2026-07"),
        *filler_participants(3000),
    ]
    services.import_extract(data=extract_csv(july_rows), file_name="juli.csv",
                            as_of=date(2026, 7, 31))
    july = services.reconcile()
    assert selectors.previous_reconciliation(july) == june
    rows = {(r.regency, r.ecosystem): r for r in selectors.diff(provinsi_user, july, june)}
    sambas = rows[("61.01", "rentan")]
    assert (sambas.newly_covered, sambas.newly_lapsed) == (2, 1)  # BUDI, DEWI; SITI
    # AHMAD, RINA and JOKO are absent in July but were covered or lapsed in June.
    assert sambas.still_not_enrolled == 1  # RIZKI
    assert rows[("61.72", "rentan")].newly_covered == 0


def test_demo_extract_is_drawn_from_the_registry_and_reconciled_once(workers):
    from ucj.membership.demo import create_demo_reconciliation

    extract = create_demo_reconciliation(as_of=AS_OF)
    assert extract.rejected == 0 and 0 < extract.accepted <= len(PEOPLE)
    run = Reconciliation.objects.get(extract=extract)
    assert run.workers == len(PEOPLE) and run.active + run.lapsed > 0
    assert create_demo_reconciliation(as_of=AS_OF) is None
