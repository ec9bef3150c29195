from django.utils import translation

from ucj.registry.intake import headers
from ucj.registry.labels import FIELD_LABELS


def test_field_labels_name_every_field_and_read_as_the_pure_intake_in_indonesian():
    assert set(FIELD_LABELS) == set(headers.FIELDS)
    with translation.override("id"):
        assert {field: str(label) for field, label in FIELD_LABELS.items()} == \
            headers.FIELD_LABELS
    with translation.override("en"):
        assert str(FIELD_LABELS["tanggal_lahir"]) == "Birth date"
