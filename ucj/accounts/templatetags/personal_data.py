"""Personal data in templates, as the page's user may see it (ucj/accounts/personal_data.py):
{% nik value %}, {% birth_date value %}, {% phone value %}, {% mother_name value %} and
{% personal_text value %}. Without a user
(no request in the context) everything is shown as to a role that sees masked NIKs."""

from django import template
from django.contrib.auth.models import AnonymousUser

from ucj.accounts import personal_data

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or AnonymousUser()


@register.simple_tag(takes_context=True)
def nik(context, value: str | None) -> str:
    """The NIK as this page's user may see it: whole for roles that work with it,
    masked (6101********0001) for the others."""
    return personal_data.shown_nik(_user(context), value)


@register.simple_tag(takes_context=True)
def birth_date(context, value, fmt: str = "d-m-Y") -> str:
    """The birth date as this page's user may see it: 01-07-1990 for roles that see full
    NIKs, the year (1990) for the others."""
    return personal_data.birth_date_text(_user(context), value, fmt)


@register.simple_tag(takes_context=True)
def personal_text(context, value: str | None) -> str:
    """Text that may quote a NIK or a date as typed (a row's message, a file's cell): whole
    for roles that see full data, dates cut to the year and digit runs masked otherwise."""
    return personal_data.shown_text(_user(context), value)


@register.simple_tag(takes_context=True)
def phone(context, value: str | None) -> str:
    """The phone number: whole for roles that see full NIKs, 0812******90 otherwise."""
    return personal_data.shown_phone(_user(context), value)


@register.simple_tag(takes_context=True)
def mother_name(context, value: str | None) -> str:
    """The mother's maiden name: whole for roles that see full NIKs, S*** A***** otherwise."""
    return personal_data.shown_mother_name(_user(context), value)


@register.simple_tag(takes_context=True)
def birth_heading(context) -> str:
    """"Birth date", or "Birth year" for a user who sees the year only."""
    return personal_data.birth_heading(_user(context))
