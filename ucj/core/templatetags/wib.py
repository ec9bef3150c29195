"""{{ moment|wib }}: a date and time in WIB, written the Indonesian way (3 Des 2026 14.05 WIB)."""

from django import template

from ucj.core import formatting

register = template.Library()


@register.filter
def wib(moment) -> str:
    return formatting.wib(moment)
