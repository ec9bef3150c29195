"""The catalogue of reason codes (issue 18 item 1): every code a file's row can get has a
label and a sentence in English and Indonesian; the Indonesian sentence is the one the
intake writes, so the two never drift; pages show labels, never codes."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from ucj.core.messages import reason_label, reason_rows, reason_sentence
from ucj.core.reasons import CATALOGUE, Kind, reason
from ucj.coverage.counts import MESSAGES as COUNTS_MESSAGES
from ucj.membership.extract import MESSAGES as EXTRACT_MESSAGES
from ucj.registry.intake.checks import ALL_REJECTION_CODES, ALL_WARNING_CODES
from ucj.registry.intake.checks import MESSAGES as WORKER_MESSAGES

INDONESIAN = {Kind.WORKERS: WORKER_MESSAGES, Kind.EXTRACT: EXTRACT_MESSAGES,
              Kind.COUNTS: COUNTS_MESSAGES}


def test_every_code_a_row_can_get_is_in_the_catalogue():
    assert set(CATALOGUE[Kind.WORKERS]) == {*ALL_REJECTION_CODES, *ALL_WARNING_CODES}
    assert set(CATALOGUE[Kind.EXTRACT]) == set(EXTRACT_MESSAGES)
    assert set(CATALOGUE[Kind.COUNTS]) == set(COUNTS_MESSAGES)


@pytest.mark.parametrize("kind", list(Kind))
def test_each_code_reads_in_both_languages_and_indonesian_is_what_the_intake_writes(kind):
    for code in CATALOGUE[kind]:
        with translation.override("en"):
            label, sentence = reason_label(code, kind), reason_sentence(code, kind)
        with translation.override("id"):
            label_id, sentence_id = reason_label(code, kind), reason_sentence(code, kind)
        assert sentence_id == INDONESIAN[kind][code], code
        assert label_id != label and sentence_id != sentence, f"{code}: not translated"
        for text in (label, sentence, label_id, sentence_id):
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), f"{code}: a code in {text!r}"


def test_the_same_code_means_what_its_file_means():
    with translation.override("id"):
        assert reason_label("duplicate_in_file") == "NIK ganda dalam berkas"
        assert reason_label("duplicate_in_file", Kind.COUNTS) == "Baris ganda dalam berkas"
    assert reason("no_such_code").label == "Other reason"  # never the code itself


def test_reason_rows_put_the_most_frequent_first_with_label_and_sentence():
    with translation.override("en"):
        rows = reason_rows({"nik_length": 2, "missing_name": 5})
    assert [(code, count) for code, _, count, _ in rows] == [("missing_name", 5),
                                                             ("nik_length", 2)]
    assert rows[0][1] == "Name missing" and rows[0][3].startswith("The name is empty.")
