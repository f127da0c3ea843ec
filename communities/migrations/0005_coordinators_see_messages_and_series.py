"""Coordinators may read what leaders sent their members and the meeting series (admin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Coordinators"
CODENAMES = ["view_membermessage", "view_meetingseries", "change_meetingseries"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="communities", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("communities", "0004_meetings_series_messages_settings")]

    operations = [migrations.RunPython(grant, revoke)]
