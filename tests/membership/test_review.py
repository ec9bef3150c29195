"""The review page's helpers (ucj/membership/review.py): differing NIK digits, the sex a
NIK encodes, and why a pair waits for a person."""

from ucj.membership import review

NIK = "6101015705920004"


def test_nik_differences_names_each_differing_position():
    assert review.nik_differences(NIK, NIK) == []
    assert review.nik_differences(NIK, "6101015705920074") == [14]
    # Two adjacent digits swapped: both positions.
    assert review.nik_differences(NIK, "6101017505920004") == [6, 7]
    # A shorter NIK: the missing positions differ too.
    assert review.nik_differences(NIK, NIK[:14]) == [14, 15]
    assert review.nik_differences("", "12") == [0, 1]


def test_marked_segments_cut_the_nik_into_equal_and_differing_runs():
    assert review.marked_segments(NIK, [14]) == [("61010157059200", False), ("0", True),
                                                 ("4", False)]
    assert review.marked_segments("1234", [0, 1, 3]) == [("12", True), ("3", False),
                                                         ("4", True)]
    assert review.marked_segments("1234", []) == [("1234", False)]
    assert "".join(text for text, _ in review.marked_segments(NIK, [2, 9])) == NIK


def test_sex_from_nik_reads_the_day_plus_forty():
    assert review.sex_from_nik(NIK) == "P"  # day 57: a woman born on the 17th
    assert review.sex_from_nik("6101011705920004") == "L"
    assert review.sex_from_nik("6101013505920004") == ""  # no such day
    assert review.sex_from_nik("61010") == "" and review.sex_from_nik("610101ab05920004") == ""


def test_review_reasons_follow_the_automatic_link_rules():
    close = {"nik": "one serial digit differs", "name": "exact", "birth_date": "exact"}
    assert review.review_reasons(probability=0.9999, upper=0.95, evidence=close) == []
    assert review.review_reasons(probability=0.9, upper=0.95, evidence=close) == [
        review.BELOW_UPPER]
    # Shown as 1.000, above the threshold, and still waiting: the name or the NIK says why.
    assert review.review_reasons(probability=0.99996, upper=0.95, evidence={
        **close, "name": "very similar"}) == [review.NAME_NOT_EQUAL]
    assert review.review_reasons(probability=0.99996, upper=0.95, evidence={
        **close, "nik": "different"}) == [review.NIK_FAR]
    assert review.review_reasons(probability=0.5, upper=0.95, evidence={
        "nik": "missing", "name": "similar"}) == [review.BELOW_UPPER, review.NAME_NOT_EQUAL,
                                                  review.NIK_FAR]
