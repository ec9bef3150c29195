from django import template

from ucj.accounts.selectors import can_see_full_nik
from ucj.identity.masking import mask_nik

register = template.Library()


@register.simple_tag(takes_context=True)
def nik(context, value: str | None) -> str:
    """The NIK as this page's user may see it: whole for roles that work with it,
    masked (6101********0001) for the others."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is not None and can_see_full_nik(user):
        return value or ""
    return mask_nik(value)
