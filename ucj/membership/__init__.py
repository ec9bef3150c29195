"""BPJS membership extracts, reconciliation with the registry and record linkage."""
