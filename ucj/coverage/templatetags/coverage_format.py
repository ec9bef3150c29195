from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def percent(value, digits: int = 2) -> str:
    """A fraction as a percentage in the page's language: 0.2405 -> "24,05 %"."""
    if value is None or value == "":
        return "—"
    return f"{floatformat(Decimal(str(value)) * 100, digits)}\u00a0%"  # never "%" alone on a line
