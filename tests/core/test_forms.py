"""Forms (issue 18 item 2): every button has a role class and destructive ones are
styled danger and set apart; every form with errors opens with a summary that links each
error to its field; the empty choice of a drop-down list is translated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from ucj.core.choices import EMPTY_CHOICE

TEMPLATES = Path(__file__).resolve().parents[2] / "ucj" / "templates"
ROLES = {"primary", "secondary", "danger", "link"}
# What a destructive action is called in a button's test id, name or value, or its text.
WORDS = r"reject|delete|cancel|discard|revoke|undo|remove|return"
DESTRUCTIVE_ATTRIBUTE = re.compile(rf"\b(?:{WORDS})(?:ed|s)?\b", re.I)
DESTRUCTIVE_TEXT = re.compile(rf"\b(?:{WORDS})\b", re.I)
BUTTON = re.compile(r"<button\b[^>]*>.*?</button>", re.S)
SUBMIT = re.compile(r"<input\b[^>]*type=\"(?:submit|button|reset)\"[^>]*>", re.S)
FORM = re.compile(r"<form\b.*?</form>", re.S)


def _classes(tag: str) -> set[str]:
    opening = tag[: tag.index(">") + 1]
    found = re.search(r'class="([^"]*)"', opening)
    # A class chosen by a template tag ({% if %}active{% endif %}) is split off as words.
    return set(re.findall(r"[\w-]+", found.group(1))) if found else set()


def buttons(text: str) -> list[str]:
    return BUTTON.findall(text) + SUBMIT.findall(text)


def without_role(text: str) -> list[str]:
    return [tag for tag in buttons(text) if not _classes(tag) & ROLES]


def is_destructive(tag: str) -> bool:
    opening = tag[: tag.index(">") + 1]
    attributes = " ".join(re.findall(r'(?:data-testid|name|value)="([^"]*)"', opening))
    return bool(DESTRUCTIVE_ATTRIBUTE.search(attributes)
                or DESTRUCTIVE_TEXT.search(tag[len(opening):]))


def destructive_not_danger(text: str) -> list[str]:
    return [tag for tag in buttons(text) if is_destructive(tag) and "danger" not in _classes(tag)]


def danger_beside_primary(text: str) -> list[str]:
    """Forms where a danger button sits in one row with the primary one, not set apart."""
    found = []
    for form in FORM.findall(text):
        tags = buttons(form)
        if any("primary" in _classes(t) for t in tags):
            found += [t for t in tags if "danger" in _classes(t) and "apart" not in _classes(t)]
    return found


def templates() -> list[Path]:
    found = sorted(TEMPLATES.rglob("*.html"))
    assert len(found) > 60
    return found


def test_the_checks_catch_what_they_look_for():
    """Each check fails on a template that breaks its rule."""
    assert without_role('<button type="submit">Simpan</button>')
    assert without_role('<input type="submit" value="Simpan">')
    assert not without_role('<button class="secondary {% if x %}active{% endif %}">A</button>')
    assert destructive_not_danger('<button class="secondary" data-testid="reject">Tolak</button>')
    assert destructive_not_danger('<button class="primary">{% translate "Delete" %}</button>')
    assert not destructive_not_danger('<button class="danger" name="decision" value="reject">'
                                      'X</button>')
    assert destructive_not_danger('<button class="primary" value="rejected">X</button>')
    assert not destructive_not_danger('<button class="primary">Send the returned back</button>')
    assert danger_beside_primary('<form><button class="primary">Ya</button>'
                                 '<button class="danger">Tolak</button></form>')
    assert not danger_beside_primary('<form><button class="primary">Ya</button>'
                                     '<button class="danger apart">Tolak</button></form>')


def test_every_button_in_every_template_has_a_role_class():
    offenders = {str(path.relative_to(TEMPLATES)): without_role(path.read_text())
                 for path in templates()}
    assert {name: tags for name, tags in offenders.items() if tags} == {}
    assert sum(len(buttons(path.read_text())) for path in templates()) > 50


def test_destructive_buttons_are_danger_and_set_apart_from_the_accept_button():
    offenders = {}
    for path in templates():
        text = path.read_text()
        tags = destructive_not_danger(text) + danger_beside_primary(text)
        if tags:
            offenders[str(path.relative_to(TEMPLATES))] = tags
    assert offenders == {}
    candidate = (TEMPLATES / "membership" / "_candidate.html").read_text()
    assert re.search(r'class="danger apart"[^>]*data-testid="reject"', candidate)
    proposal = (TEMPLATES / "decrees" / "proposal.html").read_text()
    assert re.search(r'class="danger apart"[^>]*data-testid="return"', proposal)


def test_the_css_styles_each_role():
    css = (TEMPLATES.parent / "static" / "ucj" / "ucj.css").read_text()
    for selector in ("button.primary", "button.secondary", "button.danger", ".actions .apart",
                     ".error-summary", "input[type=checkbox]"):
        assert selector in css


def test_every_form_rendered_field_by_field_includes_the_error_summary():
    """Templates that print a form's errors themselves (not through as_div/as_p, which
    carry the summary) include it."""
    missing = [str(path.relative_to(TEMPLATES)) for path in templates()
               if path.parent.name != "forms" and re.search(r"\bform\.(?:non_field_errors|\w+\.errors)", path.read_text())
               and "forms/error_summary.html" not in path.read_text()]
    assert missing == []


# --- on a real view ---------------------------------------------------------------------

def _summary(html: str) -> str:
    found = re.search(r'<div class="error-summary"[^>]*>.*?</div>', html, re.S)
    assert found, "no error summary"
    return found.group(0)


@pytest.mark.django_db
def test_an_upload_with_errors_opens_with_a_summary_linking_each_field(client_for, sambas_user,
                                                                       tmp_path):
    old = tmp_path / "daftar.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    client = client_for(sambas_user)
    with old.open("rb") as handle:
        page = client.post(reverse("registry:upload"),
                           {"regency": "61.01", "ecosystem": "tidak-ada", "file": handle})
    assert page.status_code == 200
    html = page.content.decode()
    summary = _summary(html)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert re.search(r"<h2 id=\"form-error-summary-title\">Perbaiki hal berikut</h2>", summary)
    assert 'aria-labelledby="form-error-summary-title"' in summary
    assert '<a href="#id_file">Daftar pekerja (XLSX atau CSV): ' in summary
    assert "Excel Workbook (.xlsx)" in summary
    assert '<a href="#id_ecosystem">' in summary
    # The links lead to fields that are on the page, and the summary comes before them.
    assert 'id="id_file"' in html and 'id="id_ecosystem"' in html
    assert html.index("error-summary") < html.index('id="id_file"')
    # A form without errors has no summary.
    assert "error-summary" not in client.get(reverse("registry:upload")).content.decode()


@pytest.mark.django_db
def test_an_upload_is_refused_to_a_role_without_the_right(client_for, pimpinan_user, tmp_path):
    old = tmp_path / "daftar.xls"
    old.write_bytes(b"x")
    with old.open("rb") as handle:
        page = client_for(pimpinan_user).post(reverse("registry:upload"),
                                              {"regency": "61.01", "file": handle})
    assert page.status_code == 404
    assert "error-summary" not in page.content.decode()


@pytest.mark.django_db
def test_a_non_field_error_is_in_the_summary(client_for, provinsi_user):
    """Evidence with neither a file nor a link: the form's own error, listed unlinked,
    in the summary of the prefixed evidence form."""
    from datetime import date

    from ucj.monitoring import services
    from ucj.monitoring.models import Office

    visit = services.schedule_visit(user=provinsi_user, regency_code="61.01",
                                    date=date(2026, 6, 20), place="Aula")
    item = services.add_action_item(user=provinsi_user, visit=visit, title="Perda",
                                    owner_office=Office.HUKUM, due_date=date(2026, 7, 10))
    page = client_for(provinsi_user).post(reverse("monitoring:item", args=[item.pk]),
                                          {"action": "evidence", "bukti-note": "rapat"})
    assert page.status_code == 200
    summary = _summary(page.content.decode())
    assert 'aria-labelledby="bukti-error-summary-title"' in summary
    assert "<li>Lampirkan berkas atau isi tautan.</li>" in summary


def test_the_empty_choice_is_translated():
    from ucj.monitoring.forms import AttendeeForm

    with translation.override("id"):
        assert str(EMPTY_CHOICE[1]) == "- Pilih -"
        assert '<option value="" selected>- Pilih -</option>' in str(AttendeeForm())
    with translation.override("en"):
        assert '<option value="" selected>- Select an option -</option>' in str(AttendeeForm())


@pytest.mark.django_db
def test_a_model_forms_empty_choice_is_translated(kalbar):
    """Django's own empty choice (a model field's blank choice, a foreign key's empty label)
    has no Indonesian in Django; ucj/locale/id gives it."""
    from ucj.budget.forms import BudgetForm

    with translation.override("id"):
        html = str(BudgetForm())
    empty = re.findall(r'<option value=""[^>]*>([^<]*)</option>', html)
    assert "- Pilih -" in empty
    assert "- Select an option -" not in html and "---------" not in html


@pytest.mark.django_db
def test_the_calculator_page_shows_the_checkbox_before_its_label(client_for, provinsi_user):
    html = client_for(provinsi_user).get(reverse("premiums:calculator")).content.decode()
    assert re.search(r'<div class="check"><input type="checkbox" name="include_jht"[^>]*> '
                     r'<label for="id_include_jht" class="beside">Termasuk JHT</label></div>', html)
    assert '<option value="" selected>- Pilih -</option>' in html
