"""A coordinator's changes to memberships in admin follow the same rules as every other path
(services.memberships): a community left without a leader is flagged and the coordinators are
told; a membership ended in admin gives its seats to the waitlist."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from communities.models import Community, Membership, Rsvp
from communities.services import rsvps
from tests.conftest import admin_form_data
from tests.meeting_helpers import schedule
from tests.personas import add_member

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-03-14 02:30")]


def _change(client, membership, **values):
    url = reverse("admin:communities_membership_change", args=[membership.pk])
    return client.post(url, {**admin_form_data(client, url), **values})


def test_demoting_the_last_leader_in_admin_tells_the_coordinators(
    client, community, leader, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = _change(client, Membership.objects.get(user=leader), role="member")
    assert response.status_code == 302
    assert Community.objects.with_stats().get(pk=community.pk).leader_count == 0
    assert [m.subject for m in mail.outbox] == [f"{community.name} has no leader"]


def test_demoting_the_last_leader_in_the_community_inline_tells_the_coordinators(
    client, community, leader, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    url = reverse("admin:communities_community_change", args=[community.pk])
    page = client.get(url)
    data = admin_form_data(client, url)
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({f"{management.prefix}-{k}": v for k, v in management.initial.items()})
        for form in formset.formset.forms:
            for name in form.fields:
                value = form[name].value()
                if value is not None and not hasattr(form.fields[name], "fields"):
                    data[form.add_prefix(name)] = value
    membership = Membership.objects.get(user=leader)
    prefix = next(
        f.prefix
        for fs in page.context["inline_admin_formsets"]
        for f in fs.formset.forms
        if f.instance.pk == membership.pk
    )
    data[f"{prefix}-role"] = "member"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert Membership.objects.get(user=leader).role == "member"
    assert f"{community.name} has no leader" in [m.subject for m in mail.outbox]


def test_ending_a_membership_in_admin_gives_the_seat_to_the_waitlist(
    client, community, leader, member, coordinator, make_user
):
    meeting = schedule(community, capacity=1)
    waiting = make_user("waiting")
    add_member(community, waiting)
    rsvps.rsvp_set(meeting=meeting, user=member, going=True)
    rsvps.rsvp_set(meeting=meeting, user=waiting, going=True)
    client.force_login(coordinator)
    response = _change(client, Membership.objects.get(user=member), state="left")
    assert response.status_code == 302
    assert Rsvp.objects.get(meeting=meeting, user=waiting).status == Rsvp.Status.YES
    assert Membership.objects.get(user=member).left_at is not None
