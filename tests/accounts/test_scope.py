import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from ucj.accounts.models import Role, User
from ucj.accounts.selectors import (
    can_see_full_nik,
    get_region_for_user,
    region_scope,
    regions_in_scope,
)
from ucj.regions.models import Level

pytestmark = pytest.mark.django_db


def test_province_roles_see_all_fourteen_regencies(provinsi_user, pimpinan_user):
    for user in (provinsi_user, pimpinan_user):
        scope = region_scope(user)
        assert len(scope.regency_codes) == 14
        assert scope.allows("61") and scope.allows("61.12.03") and not scope.allows("62.01")


def test_regency_operator_scope_is_one_regency(sambas_user):
    scope = region_scope(sambas_user)
    assert scope.regency_codes == frozenset({"61.01"})
    assert scope.allows("61.01.01.2001")
    assert not scope.allows("61.02") and not scope.allows("61.010")
    visible = regions_in_scope(sambas_user).filter(level=Level.KABUPATEN_KOTA)
    assert list(visible.values_list("code", flat=True)) == ["61.01"]
    # "61.010..." would match a naive prefix filter on "61.01"; the scope must not.
    assert not regions_in_scope(sambas_user).filter(code__startswith="61.1").exists()


def test_get_region_for_user_answers_404_outside_scope(sambas_user):
    assert get_region_for_user(sambas_user, "61.01.02").name
    with pytest.raises(Http404):
        get_region_for_user(sambas_user, "61.12")
    with pytest.raises(Http404):
        get_region_for_user(sambas_user, "61.01.99")  # in scope but does not exist


def test_bpjs_scope_follows_the_branch(bpjs_user):
    assert region_scope(bpjs_user).regency_codes == frozenset({"61.01", "61.07", "61.72"})


def test_inactive_and_unassigned_users_see_nothing(sambas_user, kalbar):
    sambas_user.is_active = False
    assert region_scope(sambas_user).regency_codes == frozenset()
    assert not region_scope(sambas_user).allows("61")
    loose = User(username="x", role=Role.BPJS)
    assert region_scope(loose).regency_codes == frozenset()


def test_only_working_roles_see_full_niks(provinsi_user, sambas_user, bpjs_user, pimpinan_user):
    assert can_see_full_nik(provinsi_user)
    assert can_see_full_nik(sambas_user)
    assert can_see_full_nik(bpjs_user)
    assert not can_see_full_nik(pimpinan_user)


def test_regency_operator_needs_a_regency_and_bpjs_officer_a_branch(kalbar):
    with pytest.raises(ValidationError, match="regency"):
        User(username="a", role=Role.KABUPATEN).full_clean()
    with pytest.raises(ValidationError, match="branch"):
        User(username="b", role=Role.BPJS).full_clean()
