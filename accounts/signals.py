"""A user row deleted outright (``user.delete()`` in a shell or a script; the product itself never
deletes a user: it anonymises, accounts.services.account_anonymise) still ends the person's
memberships the one way: services.memberships.memberships_end_all.

No rule lives here: the receiver only routes to the service. It does not run twice with the
product's own paths: they anonymise and keep the row, so nothing is deleted and this never fires;
and memberships_end_all is idempotent (it ends only active memberships and pending requests).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from communities.services.memberships import memberships_end_all


def end_memberships_of_deleted_user(sender, instance: AbstractBaseUser, **kwargs) -> None:
    """pre_delete receiver for the user model: before the row (and, by cascade, its memberships
    and RSVPs) goes, end the memberships as account deletion does: seats at coming meetings go to
    the waitlist, who are told; a community left without a leader is "seeking a leader" and the
    coordinators are e-mailed (after commit)."""
    memberships_end_all(user=instance)
