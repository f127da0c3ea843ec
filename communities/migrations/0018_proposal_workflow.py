"""Issue 14's proposal changes, in one migration.

- Duplicate detection: trigram indexes on community and proposal names
  (communities/selectors/similar.py: ``%`` and ``%>`` on ``name``). PostgreSQL only: on other
  databases (SQLite) that step does nothing, and similar.py scores every name in Python.
- Workflow: the "changes requested" status (the decision-dated constraint allows it undated) and
  the notes thread between proposer and coordinators (ProposalNote).
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

INDEXES = {
    "community_name_trigram": "communities_community",
    "proposal_name_trigram": "communities_proposal",
}


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, table in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (name gin_trgm_ops)")


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0017_people_and_mail"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        TrigramExtension(),  # already there since 0004; repeated so this migration stands alone
        migrations.RunPython(add_indexes, remove_indexes),
        migrations.CreateModel(
            name="ProposalNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("from_coordinator", models.BooleanField(default=False)),
                ("body", models.TextField(max_length=2000)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="proposal",
            name="proposal_decision_dated",
        ),
        migrations.AlterField(
            model_name="historicalproposal",
            name="status",
            field=models.CharField(
                choices=[
                    ("submitted", "Submitted"),
                    ("changes_requested", "Changes requested"),
                    ("approved", "Approved"),
                    ("declined", "Declined"),
                    ("withdrawn", "Withdrawn"),
                ],
                default="submitted",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="proposal",
            name="status",
            field=models.CharField(
                choices=[
                    ("submitted", "Submitted"),
                    ("changes_requested", "Changes requested"),
                    ("approved", "Approved"),
                    ("declined", "Declined"),
                    ("withdrawn", "Withdrawn"),
                ],
                default="submitted",
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="proposal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["submitted", "changes_requested", "withdrawn"]),
                    ("decided_at__isnull", False),
                    _connector="OR",
                ),
                name="proposal_decision_dated",
            ),
        ),
        migrations.AddField(
            model_name="proposalnote",
            name="author",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="proposalnote",
            name="proposal",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notes",
                to="communities.proposal",
            ),
        ),
    ]
