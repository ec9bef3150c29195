"""{{ fraction|percent }} for the coverage pages: the one helper of ucj/core (see
ucj/core/templatetags/numbers.py)."""

from django import template

from ucj.core.templatetags.numbers import percent

register = template.Library()
register.filter("percent", percent)
