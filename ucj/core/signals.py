"""Signals between apps, so that an app can react to another's writes without the
writer importing it (coverage keeps summaries of the registry and of reconciliations)."""

from django.dispatch import Signal

# Sent after a transaction that changed registered workers or their BPJS status has
# committed (an intake, a reconciliation, a review decision).
registry_changed = Signal()
