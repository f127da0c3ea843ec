"""Writes for accounts: signing in through an identity provider, and anonymising an account."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import IntegrityError, transaction
from django.utils import timezone

from communities.permissions import COORDINATORS_GROUP
from communities.services.locking import lock
from communities.services.memberships import memberships_end_all
from communities.services.proposals import proposals_withdraw_all

from .identity import Identity, check_eligibility
from .models import Profile

FORMER_MEMBER = "Former member"
_USERNAME_UNSAFE = re.compile(r"[^\w.@+-]")


def _free_username(identity: Identity) -> str:
    """A readable, unused username: the eduPersonPrincipalName, else the e-mail, else the
    subject. Only a label: people are matched by ``Profile.sso_id``, never by username."""
    User = get_user_model()
    base = identity.subject if identity.protocol == Profile.Protocol.SAML else identity.email
    base = _USERNAME_UNSAFE.sub("-", base or identity.subject)[:140] or "person"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _apply_coordinator_group(user, profile: Profile, identity: Identity) -> None:
    group_name = settings.SSO_COORDINATOR_GROUP
    if not group_name:
        return
    coordinators = Group.objects.get_or_create(name=COORDINATORS_GROUP)[0]
    if group_name in identity.groups:
        user.groups.add(coordinators)
        if not user.is_staff:
            user.is_staff = True
        profile.coordinator_from_idp = True
    elif profile.coordinator_from_idp:
        # Only rights the IdP granted are taken away: a coordinator appointed in admin stays one.
        user.groups.remove(coordinators)
        user.is_staff = False
        profile.coordinator_from_idp = False


@transaction.atomic
def sso_sign_in(*, identity: Identity) -> AbstractBaseUser:
    """Return the user for ``identity``, creating them on first sign-in, and copy the IdP's
    current name, e-mail, unit, title and affiliation onto them.

    Matched by ``identity.sso_id`` only; an existing local account with the same e-mail is
    never taken over. Raises ``SignInRefused`` (nothing is written) when ``check_eligibility``
    refuses the person. Coordinator rights follow ``SSO_COORDINATOR_GROUP`` when it is set.
    """
    check_eligibility(identity)
    User = get_user_model()
    # Lock the profile row so two simultaneous first sign-ins cannot create two users.
    profile = lock(Profile.objects.select_related("user").filter(sso_id=identity.sso_id)).first()
    if profile is None:
        try:
            with transaction.atomic():
                user = User(username=_free_username(identity))
                user.set_unusable_password()
                user.save()
                profile = Profile.objects.create(
                    user=user, sso_id=identity.sso_id, protocol=identity.protocol
                )
        except IntegrityError:
            # The other request won the race: use the profile it created.
            profile = Profile.objects.select_related("user").get(sso_id=identity.sso_id)
    user = profile.user
    user.email = identity.email
    user.first_name = identity.given_name[:150]
    user.last_name = identity.family_name[:150]
    if not (user.first_name or user.last_name) and identity.display_name:
        user.first_name = identity.display_name[:150]
    profile.idp = identity.idp[:500]
    profile.display_name = identity.display_name[:200]
    profile.unit = identity.unit[:200]
    profile.title = identity.title[:200]
    profile.affiliations = ",".join(identity.affiliations)[:300]
    profile.last_sign_in_at = timezone.now()
    _apply_coordinator_group(user, profile, identity)
    user.full_clean(exclude=["password"])
    user.save()
    profile.full_clean()
    profile.save()
    return user


@transaction.atomic
def account_anonymise(*, user: AbstractBaseUser) -> AbstractBaseUser:
    """Delete what identifies ``user`` while keeping the community records they are part of.

    Name, e-mail, IdP identifier, unit, title and affiliations are removed; the account is
    deactivated with no usable password and loses staff rights and groups. Their proposals still
    waiting are withdrawn. Memberships stay as history: active ones and requests end through
    services.memberships.memberships_end_all, as any membership ends (seats at coming meetings go
    to the waitlist; a community left without a leader is "seeking a leader" and the coordinators
    are told), so the person shows as "Former member" wherever their name used to be.
    The person's own deletion and a coordinator's in admin both come here. Idempotent.
    """
    # Lock order (services.locking): their proposals, then the user, the profile, communities.
    proposals_withdraw_all(proposer=user)
    user = lock(get_user_model().objects.filter(pk=user.pk)).get()
    profile, _ = lock(Profile.objects.filter(user=user)).get_or_create(user=user)
    if profile.is_anonymised:
        return user
    now = timezone.now()
    memberships_end_all(user=user)
    user.username = f"former-member-{user.pk}"
    user.first_name, user.last_name, user.email = FORMER_MEMBER, "", ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    profile.sso_id = None
    profile.protocol = profile.idp = profile.display_name = ""
    profile.unit = profile.title = profile.affiliations = ""
    profile.coordinator_from_idp = False
    profile.anonymised_at = now
    profile.save()
    return user
