from datetime import date

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied

from ucj.accounts.models import AuditEvent
from ucj.registry import services
from ucj.registry.models import (
    Submission,
    SubmissionRow,
    SubmissionStatus,
    Worker,
    WorkerChange,
    WorkerListing,
)

pytestmark = pytest.mark.django_db


def run_file(path, *, regency="61.01", ecosystem="perangkat_desa", user=None):
    return services.import_file(data=path.read_bytes(), file_name=path.name,
                                regency_code=regency, ecosystem_code=ecosystem, user=user)


def test_a_clean_list_enters_the_registry_with_links(kalbar, people, people_file):
    summary = run_file(people_file())
    submission = summary.submission
    assert not summary.duplicate
    assert submission.status == SubmissionStatus.DONE
    assert (submission.rows, submission.accepted, submission.rejected) == (30, 30, 0)
    assert submission.rows == submission.accepted + submission.rejected
    assert Worker.objects.count() == 30
    # Clean rows keep no result row of their own: the counts and the listings tell them.
    assert SubmissionRow.objects.filter(submission=submission).count() == submission.warned
    assert WorkerListing.objects.filter(regency_id="61.01", ecosystem_id="perangkat_desa").count() == 30
    first = people.row(0, named=True)
    stored = Worker.objects.get(nik=first["nik"])
    assert (stored.name, stored.birth_date, stored.sex) == (
        first["nama"], first["tanggal_lahir"], first["jenis_kelamin"])
    assert stored.desa_id == first["desa_kode"]
    assert stored.phone == first["no_hp"]
    assert AuditEvent.objects.filter(action="import", object_id=str(submission.pk)).exists()


def test_the_same_file_twice_adds_nothing_and_says_so(kalbar, people_file):
    path = people_file()
    first = run_file(path).submission
    again = run_file(path)
    assert again.duplicate and again.submission.duplicate_of == first
    assert again.submission.status == SubmissionStatus.DUPLICATE
    assert Worker.objects.count() == 30
    assert SubmissionRow.objects.count() == first.warned


def test_a_worker_already_registered_is_linked_never_duplicated(kalbar, people, people_file):
    run_file(people_file())
    more = pl.concat([people.head(10), generate_more(5)])
    second = run_file(people_file(more, "guru.xlsx"), ecosystem="guru").submission
    assert (second.new_workers, second.linked_workers) == (5, 10)
    assert Worker.objects.count() == 35
    worker = Worker.objects.get(nik=people["nik"][0])
    assert set(worker.listings.values_list("ecosystem_id", flat=True)) == {"perangkat_desa", "guru"}


def generate_more(count):
    from ucj.core.demo import generate_people

    return generate_people(seed=99, persons=count, regency="61.01")


def test_identity_conflict_keeps_the_registry_and_warns(kalbar, people, people_file):
    run_file(people_file())
    changed = people.head(3).with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("Nama Lain Sekali"))
        .otherwise(pl.col("nama")).alias("nama"))
    submission = run_file(people_file(changed, "ulang.xlsx"), ecosystem="rt_rw").submission
    assert submission.warnings.get("identity_conflict") == 1
    assert submission.accepted == 3 and submission.warned >= 1
    kept = Worker.objects.get(nik=people["nik"][0])
    assert kept.name == people["nama"][0]
    row = SubmissionRow.objects.get(submission=submission, worker=kept)
    assert "identity_conflict" in row.warnings and row.verdict == "warning"


def test_new_contact_details_update_the_worker_and_keep_history(kalbar, people, people_file):
    run_file(people_file())
    updated = people.head(1).with_columns(no_hp=pl.lit("081299998888"),
                                          jabatan=pl.lit("Sekretaris Desa"))
    submission = run_file(people_file(updated, "baru.xlsx"), ecosystem="honorer").submission
    worker = Worker.objects.get(nik=people["nik"][0])
    assert (worker.phone, worker.position) == ("081299998888", "Sekretaris Desa")
    fields = dict(WorkerChange.objects.filter(worker=worker).values_list("field", "new_value"))
    assert fields == {"phone": "081299998888", "position": "Sekretaris Desa"}
    assert WorkerChange.objects.filter(worker=worker, submission=submission,
                                       old_value=people["no_hp"][0]).exists()


def test_a_failure_midway_stores_nothing(kalbar, people_file, monkeypatch):
    def broken(submission, **ids):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_upsert_listings", broken)
    with pytest.raises(RuntimeError):
        run_file(people_file())
    assert Worker.objects.count() == 0
    assert SubmissionRow.objects.count() == 0
    failed = Submission.objects.get()
    assert failed.status == SubmissionStatus.FAILED
    assert "tidak ada data yang disimpan" in failed.error
    # Run again once the cause is gone: it succeeds.
    monkeypatch.undo()
    failed.status = SubmissionStatus.QUEUED
    failed.save()
    assert services.run_intake(submission_id=failed.pk).status == SubmissionStatus.DONE
    assert Worker.objects.count() == 30


def test_bad_rows_get_verdicts_and_good_rows_still_enter(kalbar, people, people_file):
    bad = people.head(4).with_columns(
        nik=pl.Series(["6.10101E+15", "61010112345", people["nik"][2], people["nik"][2]]),
        nama=pl.Series(["Ani", "Budi", "", "Citra"]),
    )
    submission = run_file(people_file(pl.concat([bad, people.slice(4, 3)]), "campur.xlsx")).submission
    assert submission.rows == 7
    # The first row with a NIK is the one kept, even when it is itself rejected for
    # another reason (here a missing name): the later row is still a duplicate.
    assert submission.rejected == 4 and submission.accepted == 3
    assert submission.reasons == {"duplicate_in_file": 1, "missing_name": 1, "nik_length": 1,
                                  "nik_scientific": 1}
    rows = {r.row_number: r for r in SubmissionRow.objects.filter(submission=submission)}
    assert sum(1 for r in rows.values() if r.verdict == "rejected") == 4
    assert Worker.objects.count() == 3


def test_regency_operators_submit_only_for_their_regency(kalbar, sambas_user, people_file):
    path = people_file()
    with pytest.raises(PermissionDenied):
        services.create_submission(user=sambas_user, regency_code="61.02",
                                   ecosystem_code="guru", file_name=path.name,
                                   data=path.read_bytes())
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(("regency", "ecosystem", "message"), [
    ("61.99", "guru", "Kabupaten/kota '61.99' tidak dikenal"),
    ("61.01", "nelayan", "Ekosistem 'nelayan' tidak dikenal"),
])
def test_unknown_regency_or_ecosystem_is_refused_clearly(kalbar, people_file, regency, ecosystem,
                                                         message):
    with pytest.raises(services.IntakeError, match=message):
        run_file(people_file(), regency=regency, ecosystem=ecosystem)


def test_an_unreadable_file_is_refused_and_nothing_is_kept(kalbar, tmp_path):
    junk = tmp_path / "daftar.xlsx"
    junk.write_bytes(b"this is not a workbook")
    with pytest.raises(services.IntakeError):
        run_file(junk)
    assert Submission.objects.count() == 0


def test_mapping_validation_names_the_problem():
    columns = {"c0": "NO", "c1": "NIK", "c2": "NAMA"}
    assert services.validate_mapping(columns, {"nik": "c1", "nama": "c2", "jabatan": ""}) == {
        "nik": "c1", "nama": "c2"}
    with pytest.raises(services.IntakeError, match="dua isian"):
        services.validate_mapping(columns, {"nik": "c1", "nama": "c1"})
    with pytest.raises(services.IntakeError, match="isian wajib: Nama lengkap"):
        services.validate_mapping(columns, {"nik": "c1"})
    with pytest.raises(services.IntakeError, match="tidak ada di berkas"):
        services.validate_mapping(columns, {"nik": "c1", "nama": "c9"})


def test_birth_date_column_wins_and_mismatch_is_flagged(kalbar, people, people_file):
    shifted = people.head(1).with_columns(tanggal_lahir=pl.lit(date(1970, 1, 1)))
    submission = run_file(people_file(shifted, "tgl.xlsx")).submission
    assert submission.warnings.get("birth_date_mismatch") == 1
    assert Worker.objects.get().birth_date == date(1970, 1, 1)


def test_warning_rows_are_explained_from_their_codes():
    from ucj.registry.intake.checks import MESSAGES
    from ucj.registry.selectors import explain_row

    assert explain_row("warning", "region_mismatch,identity_conflict", "") == (
        MESSAGES["region_mismatch"] + " " + MESSAGES["identity_conflict"])
    assert explain_row("rejected", "sex_mismatch", "NIK kosong.") == "NIK kosong."
    assert explain_row("accepted", "", "") == ""
