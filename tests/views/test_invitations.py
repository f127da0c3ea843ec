"""Invitations end to end through the views: a leader invites addresses; the invited person
opens the link, signs in and accepts; every bad link is a clear 4xx page and creates nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from communities.models import (
    Invitation,
    InvitationOptOut,
    MemberSettings,
    Membership,
    MembershipPolicy,
)
from communities.services.invitations import invitation_path, invitations_send

pytestmark = pytest.mark.clock("2026-11-30 12:00")


@pytest.fixture
def url(community):
    return reverse("communities:manage_invitations", args=[community.slug])


@pytest.fixture
def invite(community, leader):
    """``invite(email, role="member")`` → the pending invitation the leader sent to ``email``."""

    def make(email: str, role: str = Invitation.Role.MEMBER) -> Invitation:
        invitations_send(
            community=community, emails=[email], role=role, note="Come along!", actor=leader
        )
        return Invitation.objects.get(email=email.lower())

    return make


def post_invite(client, url, emails, **extra):
    data = {"emails": emails, "role": "member", "note": "We meet monthly.", **extra}
    return client.post(url, data, follow=True)


def test_a_leader_invites_several_pasted_addresses_and_each_gets_a_link(
    client, url, leader, member, community, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_invite(
            client, url, "Ann@Example.edu, bob@example.edu\nann@example.edu; member@example.edu"
        )
    text = response.content.decode()
    assert "Invited: ann@example.edu, bob@example.edu." in text
    assert "Given twice (invited once): ann@example.edu." in text
    assert "Already members: member@example.edu." in text
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.edu", "bob@example.edu"]
    message = mail.outbox[0]
    assert message.extra_headers["Reply-To"] == leader.email
    assert message.extra_headers["List-Unsubscribe"].endswith("opt-out/>")
    assert "We meet monthly." in message.body and "Lee Leader invites you" in message.subject
    link = re.search(r"http\S+/invitations/\S+/", message.body)[0]
    assert Invitation.objects.get(email=message.to[0]).community == community
    assert "/invitations/" in link
    assert text.count("Pending until") == 2  # listed for the leader


def test_an_invalid_address_is_a_form_error_and_nothing_is_sent(client, url, leader):
    client.force_login(leader)
    response = post_invite(client, url, "ann@example.edu, not-an-address")
    assert response.status_code == 200
    assert "Not e-mail addresses: “not-an-address”" in response.content.decode()
    assert not Invitation.objects.exists() and mail.outbox == []


def test_a_too_long_note_is_refused(client, url, leader):
    client.force_login(leader)
    response = post_invite(client, url, "ann@example.edu", note="x" * 1001)
    assert "at most 1000 characters" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_member_cannot_open_the_invitations_page(client, url, member):
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert post_invite(client, url, "ann@example.edu").status_code == 403
    assert not Invitation.objects.exists()


def test_the_rate_limit_stops_further_addresses_and_says_so(client, url, leader, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invite": (2, 86400)}
    client.force_login(leader)
    text = post_invite(client, url, "a@example.edu b@example.edu c@example.edu").content.decode()
    assert "Not invited yet: c@example.edu. You can send 2 invitations in a day." in text
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "a@example.edu",
        "b@example.edu",
    ]


def test_an_address_that_opted_out_is_not_invited_again(
    client, url, leader, invite, django_capture_on_commit_callbacks
):
    first = invite("ann@example.edu")
    opt_out = invitation_path(first) + "opt-out/"
    assert client.post(opt_out).status_code == 200  # one click, no log-in, no CSRF cookie
    assert InvitationOptOut.objects.filter(email="ann@example.edu").exists()
    first.refresh_from_db()
    assert first.revoked_at is not None  # its open invitation is withdrawn
    client.force_login(leader)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        text = post_invite(client, url, "ANN@example.edu").content.decode()
    assert "Not invited: they asked never to be invited: ann@example.edu." in text
    assert mail.outbox == []


def test_someone_without_an_account_sees_the_invitation_and_is_asked_to_sign_in(client, invite):
    invitation = invite("newcomer@example.edu")
    response = client.get(invitation_path(invitation))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Lee Leader invited <strong>newcomer@example.edu</strong>" in text
    assert "Come along!" in text
    sign_in = re.search(r'href="(/accounts/login/\?next=[^"]+)">Sign in to accept', text)[1]
    assert unquote(sign_in.partition("next=")[2]) == invitation_path(invitation)
    # Accepting needs a sign-in first; nothing is created.
    response = client.post(invitation_path(invitation))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert Invitation.objects.get().accepted_at is None


def test_the_invited_person_accepts_after_signing_in_and_becomes_a_member(
    client, invite, make_user, community
):
    community.membership_policy = MembershipPolicy.REQUEST  # the invitation is the approval
    community.save()
    invitation = invite("Newcomer@Example.edu")
    person = make_user("newcomer", email="NEWCOMER@example.edu")  # any case matches
    client.force_login(person)
    assert "Accept and join" in client.get(invitation_path(invitation)).content.decode()
    response = client.post(invitation_path(invitation), follow=True)
    assert "Welcome: you are now in" in response.content.decode()
    membership = Membership.objects.get(user=person)
    assert (membership.state, membership.role) == ("active", "member")
    invitation.refresh_from_db()
    assert invitation.accepted_by == person
    # A double click changes nothing.
    assert client.post(invitation_path(invitation)).status_code == 302
    assert Membership.objects.filter(user=person).count() == 1


def test_a_co_leader_invitation_makes_a_co_leader(client, invite, make_user):
    invitation = invite("helper@example.edu", role=Invitation.Role.CO_LEADER)
    person = make_user("helper")
    client.force_login(person)
    client.post(invitation_path(invitation))
    assert Membership.objects.get(user=person).role == Membership.Role.CO_LEADER


def test_another_signed_in_person_is_told_it_is_for_another_address(client, invite, employee):
    invitation = invite("newcomer@example.edu")
    client.force_login(employee)
    for response in (
        client.get(invitation_path(invitation)),
        client.post(invitation_path(invitation)),
    ):
        assert response.status_code == 403
        assert "This invitation is for another address" in response.content.decode()
    assert not Membership.objects.filter(user=employee).exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_forged_link_is_a_clear_400(client, employee):
    client.force_login(employee)
    for token in ("forged", "MQ:1vABCD:xxxxxxxxxxxxxxxxxxxxxxxxxxx"):
        response = client.post(f"/invitations/{token}/")
        assert response.status_code == 400
        assert "This invitation link is not valid" in response.content.decode()
    assert not Membership.objects.filter(user=employee).exists()


def test_a_link_to_a_deleted_invitation_is_a_400(client, invite, employee):
    invitation = invite("employee@example.edu")
    path = invitation_path(invitation)
    invitation.delete()
    client.force_login(employee)
    assert client.post(path).status_code == 400
    assert not Membership.objects.filter(user=employee).exists()


def test_an_expired_link_is_a_410_and_creates_nothing(client, invite, employee, time_machine):
    invitation = invite("employee@example.edu")
    time_machine.move_to(timezone.now() + timedelta(days=15))
    client.force_login(employee)
    response = client.post(invitation_path(invitation))
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert not Membership.objects.filter(user=employee).exists()


def test_a_used_link_is_a_410_for_anyone_else(client, invite, employee, make_user):
    invitation = invite("employee@example.edu")
    client.force_login(employee)
    client.post(invitation_path(invitation))
    other = make_user("other", email="employee@example.edu")  # even one with the same address
    client.force_login(other)
    response = client.post(invitation_path(invitation))
    assert response.status_code == 410
    assert "already used" in response.content.decode()
    assert not Membership.objects.filter(user=other).exists()


def test_a_revoked_link_is_a_410(client, url, leader, invite, employee):
    invitation = invite("employee@example.edu")
    client.force_login(leader)
    revoke = reverse(
        "communities:manage_invitation_revoke", args=[invitation.community.slug, invitation.pk]
    )
    client.post(revoke)
    assert "is withdrawn" in client.post(revoke, follow=True).content.decode()  # idempotent
    client.force_login(employee)
    response = client.post(invitation_path(invitation))
    assert response.status_code == 410
    assert "withdrawn by the community" in response.content.decode()
    assert not Membership.objects.filter(user=employee).exists()
    client.force_login(leader)
    assert "Withdrawn" in client.get(url).content.decode()


def test_resend_mails_the_same_link_once_per_double_click(
    client, leader, invite, time_machine, django_capture_on_commit_callbacks
):
    invitation = invite("ann@example.edu")
    resend = reverse(
        "communities:manage_invitation_resend", args=[invitation.community.slug, invitation.pk]
    )
    client.force_login(leader)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        text = client.post(resend, follow=True).content.decode()
    assert "was sent a moment ago; nothing more was sent" in text and mail.outbox == []
    time_machine.move_to(timezone.now() + timedelta(days=20))  # expired by now
    client.force_login(leader)  # the session itself has expired too
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend)
        client.post(resend)
    assert len(mail.outbox) == 1
    assert invitation_path(invitation) in mail.outbox[0].body  # the same link works again
    invitation.refresh_from_db()
    assert invitation.status_at(timezone.now()) == Invitation.Status.PENDING


def test_resending_a_withdrawn_or_accepted_invitation_is_refused_with_a_message(
    client, leader, invite, employee
):
    invitation = invite("employee@example.edu")
    client.force_login(employee)
    client.post(invitation_path(invitation))
    client.force_login(leader)
    resend = reverse(
        "communities:manage_invitation_resend", args=[invitation.community.slug, invitation.pk]
    )
    assert "already accepted" in client.post(resend, follow=True).content.decode()
    revoke = reverse(
        "communities:manage_invitation_revoke", args=[invitation.community.slug, invitation.pk]
    )
    assert (
        "remove the person on the People page" in client.post(revoke, follow=True).content.decode()
    )


def test_another_leader_cannot_revoke_this_communitys_invitation(
    client, invite, make_user, make_community
):
    invitation = invite("ann@example.edu")
    other = make_community("Other")
    someone = make_user("someone")
    Membership.objects.create(community=other, user=someone, role="leader", state="active")
    client.force_login(someone)
    revoke = reverse("communities:manage_invitation_revoke", args=[other.slug, invitation.pk])
    assert "no such invitation" in client.post(revoke, follow=True).content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


SIGN_UP = {
    "first_name": "Nia",
    "last_name": "Newcomer",
    "password1": "a-long-pass-9281",
    "password2": "a-long-pass-9281",
}


def test_someone_without_an_account_makes_one_from_the_invitation_and_is_in(
    client, invite, django_user_model
):
    invitation = invite("Newcomer@example.edu")
    page = client.get(invitation_path(invitation)).content.decode()
    sign_up = invitation_path(invitation) + "sign-up/"
    assert f'href="{sign_up}"' in page
    response = client.post(sign_up, SIGN_UP, follow=True)
    assert "your account is made and you are in" in response.content.decode()
    user = django_user_model.objects.get(email="newcomer@example.edu")
    assert user.username == "newcomer@example.edu" and user.check_password(SIGN_UP["password1"])
    assert Membership.objects.get(user=user).state == Membership.State.ACTIVE
    assert response.context["user"] == user  # signed in
    # The link is used up: a second sign-up with it makes nothing.
    client.logout()
    assert client.post(sign_up, SIGN_UP).status_code == 410
    assert django_user_model.objects.filter(email="newcomer@example.edu").count() == 1


def test_sign_up_form_errors_keep_the_page_and_make_nothing(client, invite, django_user_model):
    invitation = invite("newcomer@example.edu")
    sign_up = invitation_path(invitation) + "sign-up/"
    response = client.post(sign_up, {**SIGN_UP, "password2": "something-else-1"})
    assert response.status_code == 200 and "The passwords differ." in response.content.decode()
    response = client.post(sign_up, {**SIGN_UP, "password1": "password", "password2": "password"})
    assert "too common" in response.content.decode()
    response = client.post(sign_up, {**SIGN_UP, "first_name": "\x1b[31mred"})
    assert response.status_code == 200 and "control character" in response.content.decode()
    assert not django_user_model.objects.filter(email="newcomer@example.edu").exists()


def test_an_address_with_an_account_is_sent_to_sign_in_instead(client, invite, employee):
    invitation = invite("EMPLOYEE@example.edu")
    page = client.get(invitation_path(invitation)).content.decode()
    assert "sign-up/" not in page
    response = client.post(invitation_path(invitation) + "sign-up/", SIGN_UP)
    assert response.status_code == 302 and response["Location"] == invitation_path(invitation)
    assert not Membership.objects.filter(user=employee).exists()


def test_sign_up_can_be_turned_off(client, invite, settings):
    settings.INVITATION_SIGN_UP = False
    invitation = invite("newcomer@example.edu")
    assert "sign-up/" not in client.get(invitation_path(invitation)).content.decode()
    assert client.get(invitation_path(invitation) + "sign-up/").status_code == 404


def test_a_person_who_switched_off_all_community_email_is_not_invited(
    client, url, leader, make_user, django_capture_on_commit_callbacks
):
    quiet = make_user("quiet", email="quiet@example.edu")
    MemberSettings.objects.update_or_create(user=quiet, defaults={"meeting_emails": False})
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        text = post_invite(client, url, "Quiet@example.edu").content.decode()
    assert "Not invited: they asked never to be invited: quiet@example.edu." in text
    assert mail.outbox == []
