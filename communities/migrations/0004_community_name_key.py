"""Replace the LOWER(name) unique constraint by a normalised ``name_key`` column.

SQLite's LOWER() folds ASCII only, so "Øresund" and "øresund" slipped past the old constraint;
the key is folded in Python (see models.normalize_name) and works the same on every database.
"""

import unicodedata

from django.db import migrations, models


def normalize_name(name):
    # A frozen copy of communities.models.normalize_name as of this migration.
    text = unicodedata.normalize("NFKC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cf", "Cc"})
    return " ".join(text.split()).casefold()


def fill_keys(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    communities = list(Community.objects.only("pk", "name"))
    for community in communities:
        community.name_key = normalize_name(community.name)
    Community.objects.bulk_update(communities, ["name_key"], batch_size=500)


class Migration(migrations.Migration):
    # Not one transaction: on PostgreSQL the data-version triggers (0005_data_version_triggers,
    # which may run first) queue deferred events for the filled rows, and ALTER TABLE refuses a
    # table with pending trigger events in the same transaction.
    atomic = False

    dependencies = [("communities", "0003_rsvp_attendance")]

    operations = [
        migrations.RemoveConstraint(model_name="community", name="community_name_unique_ci"),
        migrations.AddField(
            model_name="community",
            name="name_key",
            field=models.CharField(editable=False, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="historicalcommunity",
            name="name_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=200),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="community",
            name="name_key",
            field=models.CharField(editable=False, max_length=200, unique=True),
        ),
    ]
