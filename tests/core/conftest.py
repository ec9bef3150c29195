"""The decrees tests' small province (tests/decrees/conftest.py), for the home pages'
work queues."""

from tests.decrees.conftest import (  # noqa: F401 (fixtures)
    adopted,
    budget,
    checker,
    issued,
    kota_user,
    province,
)
