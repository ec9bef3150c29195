"""Sample values for the path parameters of every page and API operation, for the access
walk in test_access.py. A new URL with parameters fails that test until it has an entry
here: a function of (world, regency) returning the URL's kwargs for an object of that
regency (use `scoped`), or of (world) for an object of the whole province (`shared`).

Objects a new app needs can be made inside the function with world.cached(key, make):
the access test makes them once per test, inside its transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .world import World


@dataclass(frozen=True)
class Sample:
    make: Callable[..., dict[str, Any]]
    per_regency: bool  # the object belongs to one regency: other regencies must get 404/403

    def kwargs(self, world: World, regency: str) -> dict[str, Any]:
        return self.make(world, regency) if self.per_regency else self.make(world)


def scoped(make: Callable[[World, str], dict[str, Any]]) -> Sample:
    return Sample(make, per_regency=True)


def shared(make: Callable[[World], dict[str, Any]]) -> Sample:
    return Sample(make, per_regency=False)


def _obj(kind: str, field: str, attribute: str = "pk") -> Sample:
    return scoped(lambda w, r: {field: getattr(w.objects[r][kind], attribute)})


_regency_code = scoped(lambda w, r: {"code": r})
_submission = _obj("submission", "submission_id")
_extract = shared(lambda w: {"extract_id": w.shared["extract"].pk})
_run = shared(lambda w: {"reconciliation_id": w.shared["reconciliation"].pk})
_conflict = shared(lambda w: {"conflict_id": w.shared["conflict"].pk})

def _visit(world: World, regency: str):
    from datetime import date

    from ucj.monitoring import services

    return world.cached(("visit", regency), lambda: services.schedule_visit(
        user=None, regency_code=regency, date=date(2026, 6, 15), place="Kantor Bupati",
        agenda="Asistensi"))


def _item(world: World, regency: str):
    from datetime import date

    from ucj.monitoring import services

    return world.cached(("item", regency), lambda: services.add_action_item(
        user=None, visit=_visit(world, regency), title="Rancangan Perda",
        owner_office="hukum", due_date=date(2026, 9, 30)))


def _evidence(world: World, regency: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ucj.monitoring import services

    return world.cached(("evidence", regency), lambda: services.add_evidence(
        user=world.users["provinsi"], item=_item(world, regency),
        file=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%%EOF\n"), note="bukti"))


def _mapping(world: World, regency: str):
    """A worker list waiting for its columns to be confirmed: the mapping page shows its
    first rows (NIKs, names and birth dates as written in the file)."""
    def make():
        from ucj.registry import services

        lines = [f"{p.nik};{p.name};{p.born:%d-%m-%Y};{p.born.isoformat()}"
                 for p in world.people[regency]]
        data = ("NIK;NAMA;TGL LAHIR;TANGGAL\n" + "\n".join(lines) + "\n").encode()
        return services.create_submission(user=_maker(world, regency), regency_code=regency,
                                          ecosystem_code="rentan", file_name="kolom.csv",
                                          data=data)
    return world.cached(("mapping", regency), make)


_visit_id = scoped(lambda w, r: {"visit_id": _visit(w, r).pk})
_item_id = scoped(lambda w, r: {"item_id": _item(w, r).pk})

def _maker(world: World, regency: str):
    return world.users[f"kabupaten_{'sambas' if regency == '61.01' else 'kubu_raya'}"]


def _budget(world: World, regency: str):
    """The regency's own budget (APBD kabupaten), with a saved and adopted allocation."""
    def make():
        from datetime import date

        from ucj.budget import services

        budget = services.create_budget(
            user=world.users["provinsi"], name=f"APBD {regency}", fiscal_year=2026,
            programme="rentan", funding_source="apbd_kabupaten", holder=regency,
            amount=10 * 201_600, start_month=date(2026, 1, 1), months=12,
            ecosystems=["rentan"])
        scenario = services.create_scenario(user=world.users["provinsi"], budget=budget,
                                            name="Uji", policy="lowest_first")
        services.adopt_scenario(user=world.users["provinsi"], scenario=scenario)
        budget.refresh_from_db()
        return budget
    return world.cached(("budget", regency), make)


def _proposal(world: World, regency: str):
    def make():
        from ucj.decrees import selectors, services

        budget = _budget(world, regency)
        proposal = services.create_proposal(user=_maker(world, regency), budget=budget,
                                            regency=regency, ecosystem="rentan")
        room = selectors.allocation(budget, regency)
        services.add_workers(user=_maker(world, regency), proposal=proposal, worker_ids=list(
            selectors.candidates(proposal).values_list("pk", flat=True)[:room]))
        return services.submit_proposal(user=_maker(world, regency), proposal=proposal)
    return world.cached(("proposal", regency), make)


def _decree(world: World, regency: str):
    """An issued decree naming the regency's workers not yet active."""
    def make():
        from datetime import date

        from ucj.decrees import services

        proposal = _proposal(world, regency)
        services.decide(user=world.users["provinsi"], proposal=proposal, accept=True)
        decree = services.create_decree(
            user=world.users["provinsi"], budget=proposal.budget,
            number=f"188.44/{regency}/2026", signed_on=date(2026, 1, 2),
            signatory_name="Penandatangan Uji")
        return services.issue_decree(user=world.users["provinsi"], decree=decree)
    return world.cached(("decree", regency), make)


_budget_pk = scoped(lambda w, r: {"pk": _budget(w, r).pk})
_scenario_pk = scoped(lambda w, r: {"pk": _budget(w, r).adopted_scenario_id})
_proposal_id = scoped(lambda w, r: {"proposal_id": _proposal(w, r).pk})
_decree_id = scoped(lambda w, r: {"decree_id": _decree(w, r).pk})


def _correction_row(world: World, regency: str):
    """A proposal row waiting for verification, for the verifier's correction (its own
    proposal: the shared one may be decreed by other samples)."""
    def make():
        from django.utils import timezone

        from ucj.decrees.models import Proposal, ProposalRow, ProposalStatus

        proposal = Proposal.objects.create(
            budget=_budget(world, regency), regency_id=regency, ecosystem_id="rentan",
            status=ProposalStatus.SUBMITTED, created_by=_maker(world, regency),
            submitted_by=_maker(world, regency), submitted_at=timezone.now())
        return ProposalRow.objects.create(proposal=proposal,
                                          worker=world.objects[regency]["worker"])
    return world.cached(("correction_row", regency), make)


_correction_ids = scoped(lambda w, r: {"proposal_id": _correction_row(w, r).proposal_id,
                                       "row_id": _correction_row(w, r).pk})
_rule = shared(lambda w: {"kind": "discount", "pk": __import__(
    "ucj.premiums.models", fromlist=["Discount"]).Discount.objects.first().pk})

# Pages, by URL name ("namespace:name").
PAGES: dict[str, Sample] = {
    "registry:worker": _obj("worker", "worker_id"),
    "registry:worker_correct": _obj("worker", "worker_id"),
    "registry:submission": _submission,
    "registry:mapping": scoped(lambda w, r: {"submission_id": _mapping(w, r).pk}),
    "registry:progress": _submission,
    "registry:retry": _submission,
    "registry:cancel": _submission,
    "registry:error_workbook": _submission,
    "registry:conflict": _conflict,
    "registry:conflict_decide": _conflict,
    "membership:extract": _extract,
    "membership:extract_progress": _extract,
    "membership:reconcile": _extract,
    "membership:reconciliation": _run,
    "membership:reconciliation_progress": _run,
    "membership:review": _run,
    "membership:confirm": _run,
    "membership:download": shared(lambda w: {
        "reconciliation_id": w.shared["reconciliation"].pk, "status": "not_enrolled"}),
    "membership:decide": _obj("candidate", "candidate_id"),
    "membership:undo": _obj("candidate", "candidate_id"),
    "regions:detail": _regency_code,
    "regions:map": _regency_code,
    "coverage:region": _regency_code,
    "coverage:report": _regency_code,
    "coverage:what_if": _regency_code,
    "coverage:area": scoped(lambda w, r: {"code": w.objects[r]["kecamatan"]}),
    "coverage:areas_xlsx": _regency_code,
    "coverage:ecosystems_xlsx": _regency_code,
    "monitoring:compliance_regency": _regency_code,
    "monitoring:regulation": _regency_code,
    "monitoring:socialisation_regency": _regency_code,
    "monitoring:socialisation_map": _regency_code,
    "monitoring:visit": _visit_id,
    "monitoring:visit_edit": _visit_id,
    "monitoring:minutes_pdf": _visit_id,
    "monitoring:item_create": _visit_id,
    "monitoring:item": _item_id,
    "monitoring:evidence": scoped(lambda w, r: {"evidence_id": _evidence(w, r).pk}),
    "premiums:confirm": _rule,
    "premiums:add_rule": shared(lambda w: {"kind": "bracket"}),
    "premiums:edit_rule": _rule,
    "regions:denominator_edit": shared(lambda w: {"pk": __import__(
        "ucj.regions.models", fromlist=["Denominator"]).Denominator.objects.order_by(
        "pk").first().pk}),
    "accounts:branch_delete": shared(lambda w: {"pk": __import__(
        "ucj.accounts.models", fromlist=["BpjsBranch"]).BpjsBranch.objects.order_by(
        "pk").first().pk}),
    "registry:ecosystem_edit": shared(lambda w: {"code": "guru"}),
    "coverage:target_delete": shared(lambda w: {"pk": __import__(
        "ucj.coverage.models", fromlist=["Target"]).Target.objects.order_by("pk").first().pk}),
    "regions:denominator_delete": shared(lambda w: {"pk": __import__(
        "ucj.regions.models", fromlist=["Denominator"]).Denominator.objects.order_by(
        "pk").first().pk}),
    "accounts:branch_edit": shared(lambda w: {"pk": __import__(
        "ucj.accounts.models", fromlist=["BpjsBranch"]).BpjsBranch.objects.order_by(
        "pk").first().pk}),
    "accounts:user_edit": shared(lambda w: {"pk": w.users["pimpinan"].pk}),
    "budget:detail": _budget_pk,
    "budget:compare": _budget_pk,
    "budget:compare_xlsx": _budget_pk,
    "budget:scenario": _scenario_pk,
    "budget:scenario_xlsx": _scenario_pk,
    "budget:adopt": _scenario_pk,
    "budget:delete": _scenario_pk,
    "decrees:decree_create": scoped(lambda w, r: {"budget_id": _budget(w, r).pk}),
    **{f"decrees:{name}": _proposal_id for name in (
        "proposal", "proposal_add", "proposal_remove", "proposal_submit", "proposal_resubmit",
        "proposal_decide")},
    "decrees:proposal_correct": _correction_ids,
    "decrees:text_edit": shared(lambda w: {"clause_id": __import__(
        "ucj.decrees.models", fromlist=["DecreeClause"]).DecreeClause.objects.first().pk}),
    **{f"decrees:{name}": _decree_id for name in (
        "decree", "decree_edit", "decree_delete", "decree_issue", "decree_sent", "decree_amend",
        "decree_removals", "decree_pdf", "decree_xlsx", "decree_csv",
        "decree_registration_xlsx")},
}

# Extra query strings worth asking a page for: searches and filters that show people.
PAGE_QUERIES: dict[str, list[dict[str, str]]] = {
    "registry:workers": [{"name": "uji"}, {"nik": "61"}, {"stage": "not_enrolled"}],
    "registry:workers_export": [{"name": "uji"}, {"stage": "not_enrolled"}],
    "registry:conflicts": [{"status": "all"}],
    "registry:error_workbook": [{"baris": "bermasalah"}],
    "membership:download": [{"wilayah": "61.01"}, {"wilayah": "61.12"}],
}

# API operations, by path template of the OpenAPI document.
_api_submission = _obj("submission", "submission_id")
_api_run = shared(lambda w: {"run_id": w.shared["reconciliation"].pk})
API: dict[str, Sample] = {
    "/api/registry/submissions/{submission_id}": _api_submission,
    "/api/registry/submissions/{submission_id}/confirm": _api_submission,
    "/api/registry/submissions/{submission_id}/rows": _api_submission,
    "/api/registry/submissions/{submission_id}/workbook": _api_submission,
    "/api/registry/submissions/{submission_id}/retry": _api_submission,
    "/api/registry/conflicts/{conflict_id}/decision": _conflict,
    "/api/membership/extracts/{extract_id}": _extract,
    "/api/membership/reconciliations/{run_id}": _api_run,
    "/api/membership/reconciliations/{run_id}/summary": _api_run,
    "/api/membership/reconciliations/{run_id}/diff": _api_run,
    "/api/membership/reconciliations/{run_id}/workers": _api_run,
    "/api/membership/reconciliations/{run_id}/workbook": _api_run,
    "/api/membership/reconciliations/{run_id}/candidates": _api_run,
    "/api/membership/reconciliations/{run_id}/confirm": _api_run,
    "/api/membership/reconciliations/{run_id}/discard": _api_run,
    "/api/membership/candidates/{candidate_id}/decision": _obj("candidate", "candidate_id"),
    "/api/membership/candidates/{candidate_id}/undo": _obj("candidate", "candidate_id"),
    "/api/coverage/regions/{code}/series": _regency_code,
    "/api/coverage/regions/{code}/outlook": _regency_code,
    "/api/monitoring/visits/{visit_id}": _visit_id,
    "/api/monitoring/visits/{visit_id}/action-items": _visit_id,
    "/api/monitoring/action-items/{item_id}": _item_id,
    "/api/monitoring/action-items/{item_id}/status": _item_id,
    "/api/monitoring/action-items/{item_id}/evidence": _item_id,
    "/api/monitoring/compliance/{code}": _regency_code,
    "/api/monitoring/socialisation/{code}/unreached": _regency_code,
    "/api/budget/budgets/{budget_id}": scoped(lambda w, r: {"budget_id": _budget(w, r).pk}),
    "/api/budget/budgets/{budget_id}/scenarios": scoped(
        lambda w, r: {"budget_id": _budget(w, r).pk}),
    "/api/budget/budgets/{budget_id}/allocate": scoped(
        lambda w, r: {"budget_id": _budget(w, r).pk}),
    "/api/budget/scenarios/{scenario_id}": scoped(
        lambda w, r: {"scenario_id": _budget(w, r).adopted_scenario_id}),
    "/api/budget/scenarios/{scenario_id}/adopt": scoped(
        lambda w, r: {"scenario_id": _budget(w, r).adopted_scenario_id}),
    "/api/decrees/budgets/{budget_id}/allocation": scoped(
        lambda w, r: {"budget_id": _budget(w, r).pk}),
    **{path: _proposal_id for path in (
        "/api/decrees/proposals/{proposal_id}", "/api/decrees/proposals/{proposal_id}/rows",
        "/api/decrees/proposals/{proposal_id}/rows/remove",
        "/api/decrees/proposals/{proposal_id}/submit",
        "/api/decrees/proposals/{proposal_id}/resubmit",
        "/api/decrees/proposals/{proposal_id}/decisions")},
    **{path: _decree_id for path in (
        "/api/decrees/decrees/{decree_id}", "/api/decrees/decrees/{decree_id}/issue",
        "/api/decrees/decrees/{decree_id}/sent", "/api/decrees/decrees/{decree_id}/amendments",
        "/api/decrees/decrees/{decree_id}/removals",
        "/api/decrees/decrees/{decree_id}/beneficiaries",
        "/api/decrees/decrees/{decree_id}/pdf", "/api/decrees/decrees/{decree_id}/xlsx",
        "/api/decrees/decrees/{decree_id}/csv",
        "/api/decrees/decrees/{decree_id}/registration.xlsx")},
}

API_QUERIES: dict[str, list[dict[str, str]]] = {
    "/api/registry/workers": [{"name": "uji"}, {"nik": "61"}],
    "/api/registry/conflicts": [{"status": "all"}],
    "/api/membership/reconciliations/{run_id}/workers": [{"regency": "61.12"}],
    "/api/membership/reconciliations/{run_id}/workbook": [{"regency": "61.12"},
                                                          {"regency": "61.01"}],
}
