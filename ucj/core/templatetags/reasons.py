"""{{ row.reasons|reason_labels }}: reason codes ("nik_length,duplicate_in_file" or a list)
as their labels in the reader's language (ucj.core.reasons); `|reason_labels:"counts"` for
the codes of another kind of file. Codes never stand as the text people read."""

from django import template

from ucj.core.messages import reason_label
from ucj.core.reasons import Kind

register = template.Library()


@register.filter
def reason_labels(codes, kind: str = Kind.WORKERS) -> str:
    if isinstance(codes, str):
        codes = codes.split(",")
    return "; ".join(reason_label(code.strip(), Kind(kind)) for code in codes or () if code.strip())
