from django.utils import translation

from ucj.membership import extract
from ucj.membership.services import EXTRACT_FIELD_LABELS


def test_extract_field_labels_read_as_the_pure_reader_in_indonesian():
    assert set(EXTRACT_FIELD_LABELS) == set(extract.FIELDS)
    with translation.override("id"):
        assert {f: str(label) for f, label in EXTRACT_FIELD_LABELS.items()} == \
            extract.FIELD_LABELS
