"""BPJS Ketenagakerjaan membership reconciliation: pure computation (no Django)."""
