"""Issue 14, item 3: a NIK that another regency already lists.

When Sambas (61.01) uploads a NIK the registry holds for a worker listed only by Kubu
Raya (61.12), the intake must not link the row to that worker nor reveal anything about
them to Sambas, must not change the worker, and queues the case for the province, which
decides: add a listing for Sambas, move the worker to Sambas, or reject."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ucj.accounts.models import AuditEvent, Role
from ucj.core.dates import format_date
from ucj.identity.nik import build_nik
from ucj.regions.models import Level, Region
from ucj.registry import selectors, services
from ucj.registry.intake.checks import MESSAGES
from ucj.registry.models import (
    ConflictDecision,
    ConflictStatus,
    NikConflict,
    SubmissionRow,
    Worker,
    WorkerChange,
    WorkerListing,
)

pytestmark = pytest.mark.django_db

SAMBAS, KUBU_RAYA = "61.01", "61.12"
HEADER = "NIK,NAMA,TANGGAL LAHIR,DESA,KECAMATAN,NO HP,JABATAN,INSTANSI"


@dataclass(frozen=True)
class Person:
    nik: str
    name: str
    born: date


# Listed by Kubu Raya. Sambas sends the first with the same name and birth date, the
# second under another name, the third under another name and birth date.
AHMAD = Person(build_nik("61.12.01", date(1980, 2, 3), "L", 501), "Ahmad Kuburayuji",
               date(1980, 2, 3))
DEWI = Person(build_nik("61.12.01", date(1975, 6, 7), "P", 502), "Dewi Kuburayuji",
              date(1975, 6, 7))
RUDI = Person(build_nik("61.12.01", date(1977, 4, 5), "L", 503), "Rudi Kuburayuji",
              date(1977, 4, 5))
SAMSUL = Person(build_nik("61.01.01", date(1990, 1, 1), "L", 601), "Samsul Sambasuji",
                date(1990, 1, 1))


def _desa(regency: str) -> Region:
    return (Region.objects.filter(level=Level.DESA_KELURAHAN, code__startswith=f"{regency}.")
            .select_related("parent").order_by("code").first())


def _line(person: Person, *, name: str | None = None, born: date | None = None,
          desa: Region | None = None, phone: str = "", position: str = "",
          employer: str = "") -> str:
    return ",".join([person.nik, name or person.name, (born or person.born).isoformat(),
                     desa.name if desa else "", desa.parent.name if desa else "", phone,
                     position, employer])


def upload(regency: str, lines: list[str], *, name: str = "daftar.csv",
           ecosystem: str = "rentan", user=None):
    data = ("\n".join([HEADER, *lines]) + "\n").encode()
    return services.import_file(data=data, file_name=name, regency_code=regency,
                                ecosystem_code=ecosystem, user=user).submission


@pytest.fixture
def kubu_raya_user(make_user):
    return make_user("op_kuburaya", Role.KABUPATEN, regency=KUBU_RAYA)


@pytest.fixture
def listed_by_kubu_raya(kalbar):
    """Ahmad, Dewi and Rudi, listed by Kubu Raya with contact details and a desa."""
    desa = _desa(KUBU_RAYA)
    upload(KUBU_RAYA, [
        _line(AHMAD, desa=desa, phone="081200000001", position="Kader", employer="Puskesmas"),
        _line(DEWI, desa=desa, phone="081200000002", position="Kader", employer="Puskesmas"),
        _line(RUDI, desa=desa, phone="081200000003", position="Kader", employer="Puskesmas"),
    ], name="kubu-raya.csv")
    return {w.nik: w for w in Worker.objects.filter(nik__in=[AHMAD.nik, DEWI.nik, RUDI.nik])}


@pytest.fixture
def sambas_upload(listed_by_kubu_raya, sambas_user):
    """Sambas sends its own Samsul and the three NIKs of Kubu Raya, trying to change
    their phone, position, employer and desa."""
    desa = _desa(SAMBAS)
    change = {"desa": desa, "phone": "081299999999", "position": "Ketua RT",
              "employer": "Kantor Desa"}
    return upload(SAMBAS, [
        _line(SAMSUL, desa=desa),
        _line(AHMAD, **change),
        _line(DEWI, name="Dewi Samaran", **change),
        _line(RUDI, name="Rudi Samaran", born=date(1960, 1, 1), **change),
    ], name="sambas.csv", user=sambas_user)


def _row(submission, person: Person) -> SubmissionRow:
    number = {SAMSUL.nik: 2, AHMAD.nik: 3, DEWI.nik: 4, RUDI.nik: 5}[person.nik]
    return SubmissionRow.objects.get(submission=submission, row_number=number)


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return " ".join(archive.read(name).decode("utf-8", "replace")
                        for name in archive.namelist() if name.endswith(".xml"))


def _stored_traces(person: Person, *, birth_date: bool = True) -> list[str]:
    """What of the stored person must never reach Sambas: the stored name, and the
    birth date in the forms pages and files write it (when Sambas did not send that
    same date itself)."""
    dates = [person.born.isoformat(), person.born.strftime("%d-%m-%Y"),
             person.born.strftime("%d/%m/%Y")]
    return [person.name, *(dates if birth_date else [])]


# The leak -------------------------------------------------------------------------------


def test_a_nik_of_another_regency_is_not_linked_counted_or_listed(sambas_upload,
                                                                 listed_by_kubu_raya):
    submission = sambas_upload
    assert (submission.new_workers, submission.linked_workers) == (1, 0)
    assert submission.warnings.get("nik_other_regency") == 3
    assert "identity_conflict" not in submission.warnings
    for person in (AHMAD, DEWI, RUDI):
        row = _row(submission, person)
        assert row.worker_id is None
        assert row.verdict == "warning" and "nik_other_regency" in row.warnings.split(",")
        assert "identity_conflict" not in row.warnings
        worker = listed_by_kubu_raya[person.nik]
        assert set(worker.listings.values_list("regency_id", flat=True)) == {KUBU_RAYA}
    assert not WorkerListing.objects.filter(regency_id=SAMBAS).exclude(
        worker__nik=SAMSUL.nik).exists()


def test_the_other_regencys_worker_is_not_changed(listed_by_kubu_raya, sambas_upload):
    for nik, before in listed_by_kubu_raya.items():
        after = Worker.objects.get(nik=nik)
        assert (after.name, after.birth_date, after.phone, after.position, after.employer,
                after.desa_id, after.updated_at) == (
            before.name, before.birth_date, before.phone, before.position, before.employer,
            before.desa_id, before.updated_at)
    assert not WorkerChange.objects.exists()


def test_the_uploader_sees_nothing_of_the_other_regencys_worker(
        client_for, sambas_user, listed_by_kubu_raya, sambas_upload):
    client = client_for(sambas_user)
    submission = sambas_upload
    answers = {
        "submission page": client.get(reverse("registry:submission", args=[submission.pk])),
        "workbook": client.get(reverse("registry:error_workbook", args=[submission.pk])),
        "rows API": client.get(f"/api/registry/submissions/{submission.pk}/rows"),
        "submission API": client.get(f"/api/registry/submissions/{submission.pk}"),
        "worker search by name": client.get(reverse("registry:workers"), {"name": "Kuburayuji"}),
        "worker search by NIK": client.get(reverse("registry:workers"), {"nik": DEWI.nik}),
        "API search by name": client.get("/api/registry/workers", {"name": "Kuburayuji"}),
        "API search by NIK": client.get("/api/registry/workers", {"nik": AHMAD.nik}),
    }
    for what, response in answers.items():
        assert response.status_code == 200, what
        text = (_xlsx_text(response.content) if what == "workbook"
                else response.content.decode())
        # Dewi was sent under another name, Rudi under another name and birth date.
        for trace in [*_stored_traces(DEWI, birth_date=False), *_stored_traces(RUDI)]:
            assert trace not in text, f"{what} shows {trace} of the stored worker"
        if what != "workbook":  # the file Sambas sent, as Sambas sent it
            assert AHMAD.nik not in text and AHMAD.name not in text, what
    assert answers["API search by name"].json() == []
    assert answers["API search by NIK"].json() == []
    for person in (AHMAD, DEWI, RUDI):
        worker = listed_by_kubu_raya[person.nik]
        assert client.get(reverse("registry:worker", args=[worker.pk])).status_code == 404
        assert not selectors.workers_for(sambas_user).filter(pk=worker.pk).exists()
    rows = {row["row_number"]: row for row in answers["rows API"].json()}
    assert all(rows[n]["worker_id"] is None for n in (3, 4, 5))


def test_the_verdict_reads_the_same_whatever_name_or_birth_date_was_sent(sambas_upload):
    """Otherwise the wording would tell Sambas whether its guess of the stored name or
    birth date was right."""
    same, other_name = _row(sambas_upload, AHMAD), _row(sambas_upload, DEWI)
    assert (same.verdict, same.warnings, same.reasons) == (
        other_name.verdict, other_name.warnings, other_name.reasons)
    explained = selectors.explain_row(same.verdict, same.warnings, same.message)
    assert explained == selectors.explain_row(other_name.verdict, other_name.warnings,
                                              other_name.message)
    assert MESSAGES["nik_other_regency"] in explained
    other_birth_date = _row(sambas_upload, RUDI)
    # Rudi was sent with a birth date that is not his NIK's: Sambas's own file says so
    # (birth_date_mismatch); nothing is said about the stored person.
    assert set(other_birth_date.warnings.split(",")) == set(same.warnings.split(",")) | {
        "birth_date_mismatch"}


def test_the_message_says_another_regency_and_the_province_and_nothing_else():
    message = MESSAGES["nik_other_regency"]
    assert "kabupaten/kota lain" in message and "provinsi" in message.lower()
    for leak in ("{", "Kubu", "61.12", "nama", "tanggal lahir"):
        assert leak not in message


def test_the_warning_is_explained_on_the_page_and_in_the_workbook(client_for, sambas_user,
                                                                  sambas_upload):
    client = client_for(sambas_user)
    page = client.get(reverse("registry:submission", args=[sambas_upload.pk])).content.decode()
    assert "nik_other_regency" in page
    assert MESSAGES["nik_other_regency"].split(";")[0] in page
    workbook = _xlsx_text(client.get(
        reverse("registry:error_workbook", args=[sambas_upload.pk])).content)
    assert "nik_other_regency" in workbook
    assert MESSAGES["nik_other_regency"].split(";")[0] in workbook


def test_an_identity_conflict_in_the_own_regency_shows_no_stored_value(
        client_for, sambas_user, kalbar):
    """A NIK Sambas itself lists, sent again under another name and birth date: the
    registry keeps its values (identity_conflict), and no answer quotes them."""
    upload(SAMBAS, [_line(SAMSUL)], name="pertama.csv")
    again = upload(SAMBAS, [_line(SAMSUL, name="Samsul Lain", born=date(1990, 1, 2))],
                   name="kedua.csv", ecosystem="guru")
    row = SubmissionRow.objects.get(submission=again)
    assert "identity_conflict" in row.warnings.split(",") and row.worker_id is not None
    assert again.linked_workers == 1 and not NikConflict.objects.exists()
    client = client_for(sambas_user)
    texts = [
        client.get(reverse("registry:submission", args=[again.pk])).content.decode(),
        client.get(f"/api/registry/submissions/{again.pk}/rows").content.decode(),
        _xlsx_text(client.get(reverse("registry:error_workbook", args=[again.pk])).content),
    ]
    for text in texts:
        for trace in _stored_traces(SAMSUL):
            assert trace not in text
    message = MESSAGES["identity_conflict"]
    assert "{" not in message and SAMSUL.name not in message


def test_a_worker_listed_by_both_regencies_is_linked_as_usual(listed_by_kubu_raya, kalbar):
    """Sambas lists Ahmad too (say, after a decision of the province): a later list of
    Sambas links him and brings his phone up to date, as for any worker of its own."""
    ahmad = listed_by_kubu_raya[AHMAD.nik]
    theirs = WorkerListing.objects.get(worker=ahmad)
    WorkerListing.objects.create(worker=ahmad, ecosystem_id="rentan", regency_id=SAMBAS,
                                 first_submission_id=theirs.first_submission_id,
                                 last_submission_id=theirs.last_submission_id)
    again = upload(SAMBAS, [_line(AHMAD, phone="081277777777")], name="bersama.csv",
                   ecosystem="guru")
    assert (again.linked_workers, again.warnings.get("nik_other_regency")) == (1, None)
    assert Worker.objects.get(nik=AHMAD.nik).phone == "081277777777"
    assert not NikConflict.objects.exists()


# The province's queue -------------------------------------------------------------------


def test_each_such_row_is_queued_for_the_province_with_the_values_sent(sambas_upload,
                                                                     listed_by_kubu_raya):
    conflicts = {c.worker.nik: c for c in NikConflict.objects.select_related("worker")}
    assert set(conflicts) == {AHMAD.nik, DEWI.nik, RUDI.nik}
    rudi = conflicts[RUDI.nik]
    assert (rudi.submission_id, rudi.row_number, rudi.regency_id) == (
        sambas_upload.pk, 5, SAMBAS)
    assert (rudi.name, rudi.birth_date, rudi.phone, rudi.position, rudi.employer) == (
        "Rudi Samaran", date(1960, 1, 1), "081299999999", "Ketua RT", "Kantor Desa")
    assert rudi.desa_id == _desa(SAMBAS).code
    assert rudi.status == ConflictStatus.OPEN and rudi.decision == ""
    assert rudi.decided_by is None and rudi.decided_at is None


def test_an_upload_without_conflicts_queues_nothing(kalbar, listed_by_kubu_raya):
    again = upload(KUBU_RAYA, [_line(AHMAD, phone="081211111111")], name="ulang.csv",
                   ecosystem="guru")
    assert again.linked_workers == 1 and not NikConflict.objects.exists()
    assert Worker.objects.get(nik=AHMAD.nik).phone == "081211111111"


def _conflict(nik: str) -> NikConflict:
    return NikConflict.objects.select_related("worker", "submission").get(worker__nik=nik)


def _listings(nik: str) -> set[tuple[str, str]]:
    return set(WorkerListing.objects.filter(worker__nik=nik)
               .values_list("regency_id", "ecosystem_id"))


def test_add_listing_lists_the_worker_for_the_uploader_too(
        sambas_upload, provinsi_user, sambas_user, kubu_raya_user):
    conflict = _conflict(AHMAD.nik)
    decided = services.decide_conflict(user=provinsi_user, conflict=conflict,
                                       decision=ConflictDecision.ADD_LISTING, note="")
    assert (decided.status, decided.decision, decided.decided_by) == (
        ConflictStatus.RESOLVED, ConflictDecision.ADD_LISTING, provinsi_user)
    assert decided.decided_at is not None
    assert _listings(AHMAD.nik) == {(KUBU_RAYA, "rentan"), (SAMBAS, "rentan")}
    worker = conflict.worker
    assert selectors.workers_for(sambas_user).filter(pk=worker.pk).exists()
    assert selectors.workers_for(kubu_raya_user).filter(pk=worker.pk).exists()
    event = AuditEvent.objects.get(object_type="registry.nikconflict", object_id=str(conflict.pk))
    assert event.actor == provinsi_user and event.detail["decision"] == "add_listing"
    assert event.region_code == SAMBAS
    assert "Ahmad" not in str(event.detail) and AHMAD.nik not in str(event.detail)


def test_move_hands_the_worker_to_the_uploader(sambas_upload, provinsi_user, sambas_user,
                                               kubu_raya_user):
    conflict = _conflict(DEWI.nik)
    with pytest.raises(services.ConflictDecisionError, match="[Cc]atatan"):
        services.decide_conflict(user=provinsi_user, conflict=conflict,
                                 decision=ConflictDecision.MOVE, note="  ")
    assert _conflict(DEWI.nik).status == ConflictStatus.OPEN
    services.decide_conflict(user=provinsi_user, conflict=conflict,
                             decision=ConflictDecision.MOVE, note="Pindah domisili ke Sambas")
    assert _listings(DEWI.nik) == {(SAMBAS, "rentan")}
    assert selectors.workers_for(sambas_user).filter(pk=conflict.worker_id).exists()
    assert not selectors.workers_for(kubu_raya_user).filter(pk=conflict.worker_id).exists()
    listing = WorkerListing.objects.get(worker=conflict.worker)
    assert listing.last_submission_id == sambas_upload.pk
    event = AuditEvent.objects.get(object_type="registry.nikconflict", object_id=str(conflict.pk))
    assert event.detail["decision"] == "move" and event.detail["from_regencies"] == [KUBU_RAYA]
    # The worker's own record is untouched: the province decided where it is listed.
    assert Worker.objects.get(pk=conflict.worker_id).name == DEWI.name


def test_move_keeps_every_ecosystem_and_merges_with_the_uploaders_own(
        listed_by_kubu_raya, provinsi_user, kalbar):
    upload(KUBU_RAYA, [_line(AHMAD)], name="kr-guru.csv", ecosystem="guru")
    sent = upload(SAMBAS, [_line(AHMAD)], name="s-guru.csv", ecosystem="guru")
    conflict = NikConflict.objects.get(submission=sent)
    services.decide_conflict(user=provinsi_user, conflict=conflict,
                             decision=ConflictDecision.MOVE, note="Pindah")
    assert _listings(AHMAD.nik) == {(SAMBAS, "rentan"), (SAMBAS, "guru")}


def test_reject_changes_nothing_but_needs_a_note(sambas_upload, provinsi_user, sambas_user):
    conflict = _conflict(RUDI.nik)
    before = _listings(RUDI.nik)
    with pytest.raises(services.ConflictDecisionError):
        services.decide_conflict(user=provinsi_user, conflict=conflict,
                                 decision=ConflictDecision.REJECT, note="")
    services.decide_conflict(user=provinsi_user, conflict=conflict,
                             decision=ConflictDecision.REJECT,
                             note="NIK salah ketik di daftar Sambas")
    assert _listings(RUDI.nik) == before
    assert not selectors.workers_for(sambas_user).filter(pk=conflict.worker_id).exists()
    decided = _conflict(RUDI.nik)
    assert (decided.status, decided.decision, decided.note) == (
        ConflictStatus.RESOLVED, ConflictDecision.REJECT, "NIK salah ketik di daftar Sambas")
    assert AuditEvent.objects.filter(object_type="registry.nikconflict",
                                     object_id=str(conflict.pk)).count() == 1


def test_a_decided_conflict_cannot_be_decided_again(sambas_upload, provinsi_user):
    conflict = _conflict(AHMAD.nik)
    services.decide_conflict(user=provinsi_user, conflict=conflict,
                             decision=ConflictDecision.REJECT, note="Bukan orang yang sama")
    with pytest.raises(services.ConflictAlreadyDecided):
        services.decide_conflict(user=provinsi_user, conflict=conflict,
                                 decision=ConflictDecision.MOVE, note="Berubah pikiran")
    assert _listings(AHMAD.nik) == {(KUBU_RAYA, "rentan")}
    decided = _conflict(AHMAD.nik)
    assert (decided.decision, decided.note) == (ConflictDecision.REJECT, "Bukan orang yang sama")
    assert AuditEvent.objects.filter(object_type="registry.nikconflict").count() == 1


def test_an_unknown_decision_is_refused(sambas_upload, provinsi_user):
    with pytest.raises(services.ConflictDecisionError):
        services.decide_conflict(user=provinsi_user, conflict=_conflict(AHMAD.nik),
                                 decision="merge", note="x")
    assert _conflict(AHMAD.nik).status == ConflictStatus.OPEN


@pytest.mark.parametrize("role", ["sambas", "kubu_raya", "bpjs", "pimpinan"])
def test_only_province_staff_decide(sambas_upload, request, role):
    user = request.getfixturevalue(f"{role}_user")
    with pytest.raises(PermissionDenied):
        services.decide_conflict(user=user, conflict=_conflict(AHMAD.nik),
                                 decision=ConflictDecision.ADD_LISTING, note="")
    assert _conflict(AHMAD.nik).status == ConflictStatus.OPEN
    assert _listings(AHMAD.nik) == {(KUBU_RAYA, "rentan")}


# Pages and API ----------------------------------------------------------------------------


def test_the_province_pages_list_show_both_sides_and_decide(client_for, provinsi_user,
                                                           sambas_upload):
    client = client_for(provinsi_user)
    listing = client.get(reverse("registry:conflicts"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Rudi Samaran" in text and RUDI.name in text
    assert AuditEvent.objects.filter(actor=provinsi_user, action="view_personal").exists()
    assert client.get(reverse("registry:conflicts"), {"status": "resolved"}).context[
        "page"].paginator.count == 0
    assert client.get(reverse("registry:conflicts"), {"regency": KUBU_RAYA}).context[
        "page"].paginator.count == 0
    assert client.get(reverse("registry:conflicts"), {"regency": SAMBAS}).context[
        "page"].paginator.count == 3
    conflict = _conflict(RUDI.nik)
    detail = client.get(reverse("registry:conflict", args=[conflict.pk]))
    page = detail.content.decode()
    assert "Rudi Samaran" in page and RUDI.name in page and "Kabupaten Kubu Raya" in page
    assert "1 Januari 1960" in page and format_date(RUDI.born) in page
    decided = client.post(reverse("registry:conflict_decide", args=[conflict.pk]),
                          {"decision": "move", "note": "Pindah ke Sambas"})
    assert decided.status_code == 302
    assert _listings(RUDI.nik) == {(SAMBAS, "rentan")}
    again = client.post(reverse("registry:conflict_decide", args=[conflict.pk]),
                        {"decision": "add_listing", "note": ""}, follow=True)
    assert "sudah diputuskan" in again.content.decode()
    assert _conflict(RUDI.nik).decision == ConflictDecision.MOVE
    home = client.get(reverse("home")).content.decode()
    assert reverse("registry:conflicts") in home
    submission_page = client.get(reverse("registry:submission", args=[sambas_upload.pk]))
    assert f'{reverse("registry:conflicts")}?regency={SAMBAS}' in submission_page.content.decode()


def test_the_web_form_says_when_the_note_is_missing(client_for, provinsi_user, sambas_upload):
    client = client_for(provinsi_user)
    conflict = _conflict(DEWI.nik)
    answer = client.post(reverse("registry:conflict_decide", args=[conflict.pk]),
                         {"decision": "reject", "note": ""}, follow=True)
    assert "catatan" in answer.content.decode().lower()
    assert _conflict(DEWI.nik).status == ConflictStatus.OPEN


def test_the_api_lists_and_decides(client_for, provinsi_user, sambas_upload):
    client = client_for(provinsi_user)
    listed = client.get("/api/registry/conflicts", {"status": "open", "regency": SAMBAS})
    assert listed.status_code == 200
    found = {row["worker"]["nik"]: row for row in listed.json()}
    assert set(found) == {AHMAD.nik, DEWI.nik, RUDI.nik}
    rudi = found[RUDI.nik]
    assert rudi["uploaded"]["name"] == "Rudi Samaran"
    assert rudi["worker"]["name"] == RUDI.name
    assert rudi["worker"]["regencies"] == [KUBU_RAYA]
    conflict_id = rudi["id"]
    missing_note = client.post(f"/api/registry/conflicts/{conflict_id}/decision",
                               {"decision": "reject", "note": ""}, content_type="application/json")
    assert missing_note.status_code == 422
    done = client.post(f"/api/registry/conflicts/{conflict_id}/decision",
                       {"decision": "add_listing"}, content_type="application/json")
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["decision"]) == ("resolved", "add_listing")
    again = client.post(f"/api/registry/conflicts/{conflict_id}/decision",
                        {"decision": "reject", "note": "x"}, content_type="application/json")
    assert again.status_code == 409
    assert client.get("/api/registry/conflicts", {"status": "resolved"}).json()[0]["id"] == (
        conflict_id)


@pytest.mark.parametrize("role", ["sambas", "kubu_raya", "bpjs", "pimpinan"])
def test_other_roles_get_no_page_no_api_and_change_nothing(client_for, request, sambas_upload,
                                                           role):
    user = request.getfixturevalue(f"{role}_user")
    client = client_for(user)
    conflict = _conflict(AHMAD.nik)
    answers = [
        client.get(reverse("registry:conflicts")),
        client.get(reverse("registry:conflict", args=[conflict.pk])),
        client.post(reverse("registry:conflict_decide", args=[conflict.pk]),
                    {"decision": "add_listing", "note": ""}),
        client.get("/api/registry/conflicts"),
        client.post(f"/api/registry/conflicts/{conflict.pk}/decision",
                    {"decision": "add_listing"}, content_type="application/json"),
    ]
    assert [a.status_code in (403, 404) for a in answers] == [True] * len(answers), [
        a.status_code for a in answers]
    for answer in answers:
        assert AHMAD.name.encode() not in answer.content
    assert _conflict(AHMAD.nik).status == ConflictStatus.OPEN
    assert _listings(AHMAD.nik) == {(KUBU_RAYA, "rentan")}
    for page in (reverse("home"), reverse("registry:submission", args=[sambas_upload.pk])):
        answer = client.get(page)
        assert answer.status_code in (200, 404)
        assert reverse("registry:conflicts") not in answer.content.decode()


@pytest.mark.parametrize("role", ["bpjs", "pimpinan"])
def test_only_regency_operators_and_province_upload_lists(kalbar, request, client_for, role):
    """Sending a NIK is itself a probe of the registry: only those who may upload
    (Action.UPLOAD_WORKERS) can, and the page does not offer it to the others."""
    user = request.getfixturevalue(f"{role}_user")
    with pytest.raises(PermissionDenied):
        upload(SAMBAS, [_line(SAMSUL)], user=user)
    client = client_for(user)
    assert client.get(reverse("registry:upload")).status_code == 404
    data = ("\n".join([HEADER, _line(SAMSUL)]) + "\n").encode()
    answer = client.post("/api/registry/submissions", {
        "regency": SAMBAS, "ecosystem": "rentan",
        "file": SimpleUploadedFile("d.csv", data)})
    assert answer.status_code == 404
    assert reverse("registry:upload") not in client.get(
        reverse("registry:submissions")).content.decode()
    assert not Worker.objects.exists()
