"""Create the Coordinators group with just the permissions a coordinator needs.

Coordinators review proposals, manage communities, memberships and meetings, and read (and re-send)
the e-mail log. They cannot delete communities or proposals: nothing is hard-deleted through the UI.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Coordinators"
PERMISSIONS = {
    "communities": [
        "view_community", "add_community", "change_community",
        "view_membership", "add_membership", "change_membership",
        "view_meeting", "add_meeting", "change_meeting",
        "view_proposal", "change_proposal",
        "view_formerslug",
        "view_emailmessagelog", "change_emailmessagelog",
        "view_historicalcommunity", "view_historicalmembership", "view_historicalproposal",
    ],
    # Needed to pick people in membership inlines (autocomplete).
    "auth": ["view_user"],
}  # fmt: skip


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codenames in PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
