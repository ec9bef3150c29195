import logging
import time

from ucj.core.laps import lap, laps


def test_laps_record_each_stage_and_log_them(caplog):
    lap("outside a job")  # nothing is open: ignored
    with caplog.at_level(logging.DEBUG, logger="ucj.laps"), laps("job") as found:
        time.sleep(0.02)
        lap("first")
        lap("second")
        time.sleep(0.01)
        lap("first")  # a stage met twice adds up
    assert list(found) == ["first", "second", "the rest"]
    assert found["first"] >= 0.03 and found["second"] < 0.01
    [record] = [r for r in caplog.records if r.name == "ucj.laps"]
    assert record.job == "job" and record.laps == found
    lap("after the job")
    assert "after the job" not in found
