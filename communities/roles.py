"""The Coordinators group and the permissions it holds, kept in place after every migrate/flush.

The data migration 0002 creates the group once; this post_migrate handler restores it whenever the
tables are emptied and re-populated (``manage.py flush``, transactional tests), so a coordinator
never silently loses their rights. Each app lists its own permissions here.
"""

from __future__ import annotations

from django.apps import AppConfig

COORDINATORS_GROUP = "Coordinators"
# app label -> permission codenames ("app_label.codename" for another app's permission).
COORDINATOR_PERMISSIONS: dict[str, list[str]] = {
    "communities": [
        "view_community", "add_community", "change_community",
        "view_membership", "add_membership", "change_membership",
        "view_meeting", "add_meeting", "change_meeting",
        "view_proposal", "change_proposal",
        "view_formerslug",
        "view_emailmessagelog", "change_emailmessagelog",
        "view_historicalcommunity", "view_historicalmembership", "view_historicalproposal",
        "view_membermessage", "view_meetingseries", "change_meetingseries",
        # Needed to pick people in membership inlines (autocomplete).
        "auth.view_user",
    ],
    "health": ["view_renewalrequest", "view_jobrecord"],
}  # fmt: skip


def _grant(group, app_label: str, entries: list[str], using: str) -> None:
    from django.contrib.auth.models import Permission

    for entry in entries:
        label, _, codename = entry.rpartition(".")
        group.permissions.add(
            *Permission.objects.using(using).filter(
                content_type__app_label=label or app_label, codename=codename
            )
        )


def ensure_coordinators_group(using: str = "default"):
    """The Coordinators group (created if missing) holding every permission listed in
    COORDINATOR_PERMISSIONS that exists in the database. Idempotent; returns the Group."""
    from django.contrib.auth.models import Group

    group, _ = Group.objects.using(using).get_or_create(name=COORDINATORS_GROUP)
    for app_label, entries in COORDINATOR_PERMISSIONS.items():
        _grant(group, app_label, entries, using)
    return group


def grant_coordinator_permissions(sender: AppConfig, using: str = "default", **kwargs) -> None:
    """post_migrate receiver: make sure the Coordinators group holds ``sender``'s permissions.

    Idempotent; does nothing for apps without an entry in COORDINATOR_PERMISSIONS.
    """
    from django.contrib.auth.models import Group

    entries = COORDINATOR_PERMISSIONS.get(sender.label)
    if not entries:
        return
    group, _ = Group.objects.using(using).get_or_create(name=COORDINATORS_GROUP)
    _grant(group, sender.label, entries, using)
