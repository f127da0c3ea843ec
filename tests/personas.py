"""The people tests work with, made one way: accounts with a known password, coordinators in
the Coordinators group, and memberships set up directly (not through the services under test).

The fixtures in tests/conftest.py (``leader``, ``member``, ``employee``, ``coordinator``...) and
the shared world of tests/world.py both make their people here.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.utils import timezone

from communities.models import Membership
from communities.permissions import ensure_coordinators_group
from communities.services.memberships import member_counts_refresh

PASSWORD = "pw-12345-long"


def coordinators_group() -> Group:
    """The Coordinators group with the permissions communities/permissions.py grants.

    Transactional tests flush the database, data migrations included; this puts the group back.
    """
    return ensure_coordinators_group()


def make_person(username: str, **fields) -> AbstractBaseUser:
    """An active account ``username`` with PASSWORD and ``<username>@example.edu`` unless
    ``fields`` says otherwise."""
    fields.setdefault("email", f"{username}@example.edu")
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)


def make_coordinator(username: str = "coordinator", **fields) -> AbstractBaseUser:
    """A staff account in the Coordinators group."""
    user = make_person(username, is_staff=True, **fields)
    user.groups.add(coordinators_group())
    return user


def add_member(community, user, role=Membership.Role.MEMBER, state=Membership.State.ACTIVE):
    """A membership row as it would be after joining now (bypasses the services on purpose; the
    community's stored member count is recounted as the services would keep it)."""
    membership = Membership.objects.create(
        community=community, user=user, role=role, state=state, joined_at=timezone.now()
    )
    member_counts_refresh([community])
    community.refresh_from_db(fields=["member_count"])
    return membership
