"""Where the seconds of a long job go. A job opens `laps(name)`; code on its path calls
`lap(stage)`, which records the time since the previous lap. When the job ends the laps
are logged at DEBUG on the `ucj.laps` logger (record attribute `laps`: stage -> seconds),
which bench/intake.py prints. `lap` outside an open job does nothing."""

from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager

logger = logging.getLogger("ucj.laps")
_current = threading.local()


@contextmanager
def laps(job: str):
    found: dict[str, float] = {}
    _current.laps, _current.last = found, time.perf_counter()
    try:
        yield found
    finally:
        lap("the rest")
        _current.laps = None
        logger.debug("%s: %s", job, ", ".join(f"{k} {v:.2f} s" for k, v in found.items()),
                     extra={"job": job, "laps": found})


def lap(stage: str) -> None:
    found = getattr(_current, "laps", None)
    if found is None:
        return
    now = time.perf_counter()
    found[stage] = found.get(stage, 0.0) + now - _current.last
    _current.last = now
