"""Let coordinators read renewal requests and the job record in admin (view only)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Coordinators"
CODENAMES = ["view_renewalrequest", "view_jobrecord"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("health")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="health", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("health", "0001_pulse_renewal_jobrecord"),
        ("communities", "0002_coordinators_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
