"""The role-rights table (ucj/accounts/rights.py) and its copy in docs/security.md."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from ucj.accounts import rights
from ucj.accounts.models import Role
from ucj.accounts.rights import Action

DOCS = Path(__file__).resolve().parents[2] / "docs" / "security.md"
DOC_CELLS = {"provinsi": rights.PROVINCE, "sendiri": rights.OWN, "—": "-"}


def test_leaders_may_do_nothing(pimpinan_user):
    assert not any(rights.may(pimpinan_user, action) for action in Action)
    assert not any(rights.may(pimpinan_user, action, "61.01") for action in Action)
    with pytest.raises(PermissionDenied):
        rights.require(pimpinan_user, Action.FOLLOW_UP, "61.01")


def test_a_regency_operator_acts_in_its_own_regency_only(sambas_user):
    assert rights.may(sambas_user, Action.UPLOAD_WORKERS, "61.01")
    assert rights.may(sambas_user, Action.UPLOAD_WORKERS, "61.01.01.2001")  # below it
    assert not rights.may(sambas_user, Action.UPLOAD_WORKERS, "61.12")
    assert not rights.may(sambas_user, Action.VERIFY_AND_DECREE, "61.01")
    assert not rights.may(sambas_user, Action.MANAGE_MEMBERSHIP)


def test_a_bpjs_officer_acts_in_the_branch_regencies(bpjs_user):
    assert rights.may(bpjs_user, Action.MANAGE_MEMBERSHIP, "61.07")
    assert not rights.may(bpjs_user, Action.MANAGE_MEMBERSHIP, "61.12")
    assert not rights.may(bpjs_user, Action.UPLOAD_WORKERS, "61.01")
    assert rights.may(bpjs_user, Action.IMPORT_COUNTS)


def test_province_staff_act_in_the_province_not_beyond(provinsi_user):
    assert all(rights.may(provinsi_user, action, "61.12") for action in Action)
    assert not rights.may(provinsi_user, Action.UPLOAD_WORKERS, "62.01")


def test_nobody_signed_out_or_inactive_may_act(sambas_user):
    from django.contrib.auth.models import AnonymousUser

    assert not rights.may(None, Action.UPLOAD_WORKERS)
    assert not rights.may(AnonymousUser(), Action.UPLOAD_WORKERS)
    sambas_user.is_active = False
    assert not rights.may(sambas_user, Action.UPLOAD_WORKERS, "61.01")


def test_the_security_guide_shows_the_table_the_code_asks():
    rows = re.findall(r"^\| `(\w+)` — [^|]*\|([^\n]*)\|\s*$", DOCS.read_text(), re.M)
    documented = {action: [DOC_CELLS[cell.strip()] for cell in cells.split("|")]
                  for action, cells in rows}
    in_code = {action: [reach[role] for role in Role.values] for action, reach in rights.table()}
    assert documented == in_code, "update the table in docs/security.md (section 1a)"
