"""Seed the compliance weights and regulation credits from compliance.DEFAULT_WEIGHTS and
DEFAULT_CREDITS (UNCONFIRMED policy, documented in docs/monitoring.md); province staff
change them afterwards. Existing rows are left alone."""

from decimal import Decimal

from django.db import migrations

# Copied here (not imported) so the migration keeps seeding what it seeded when the
# defaults in code change later.
WEIGHTS = {"regulation": "30", "budget": "25", "non_asn": "15", "bumd": "10", "village": "10",
           "ptsp": "10"}
CREDITS = {"perda": "1", "perkada": "0.6", "other": "0.3"}


def seed(apps, schema_editor):
    weight = apps.get_model("monitoring", "ComplianceWeight")
    for key, value in WEIGHTS.items():
        weight.objects.get_or_create(key=key, defaults={"kind": "criterion",
                                                        "value": Decimal(value)})
    for key, value in CREDITS.items():
        weight.objects.get_or_create(key=key, defaults={"kind": "credit",
                                                        "value": Decimal(value)})


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
