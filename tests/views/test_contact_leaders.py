"""Non-members write to a community's leaders (issue 13, item 6): logged-in only, rate limited,
the leaders' addresses never shown, replies to the sender."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from communities.models import Membership

pytestmark = pytest.mark.django_db

MESSAGE = {"subject": "Joining as a student?", "body": "Can students join your meetings?"}


@pytest.fixture
def url(community):
    return reverse("communities:contact", args=[community.slug])


def test_the_leaders_get_the_message_with_reply_to_the_sender(
    client, url, community, leader, employee, django_capture_on_commit_callbacks
):
    client.force_login(employee)
    page = client.get(url).content.decode()
    assert leader.email not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, MESSAGE, follow=True)
    assert response.redirect_chain[-1][0] == community.get_absolute_url()
    assert leader.email not in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [leader.email]
    assert message.extra_headers["Reply-To"] == f"employee <{employee.email}>"
    assert message.subject == f"[{community.name}] Joining as a student?"
    assert "Can students join your meetings?" in message.body


def test_a_community_without_leaders_sends_to_the_coordinators(
    client, url, community, employee, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(employee)
    assert "the coordinators answer for it" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, MESSAGE)
    (message,) = mail.outbox
    assert message.to == [coordinator.email]
    assert "seeking a leader" in message.body


def test_it_requires_login(client, url):
    assert client.post(url, MESSAGE)["Location"].startswith("/accounts/login/")
    assert mail.outbox == []


def test_bad_input_comes_back_with_errors(client, url, leader, employee):
    client.force_login(employee)
    response = client.post(url, {"subject": "two\nlines", "body": "x" * 5001})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="form-errors"' in page and "Please correct 2 problems" in page
    assert mail.outbox == []


def test_it_is_rate_limited(client, url, leader, employee, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contact_leaders": (1, 3600)}
    client.force_login(employee)
    assert client.post(url, MESSAGE).status_code == 302
    response = client.post(url, MESSAGE)
    assert response.status_code == 429
    assert "You can send 1 message to leaders in an hour" in response.content.decode()


def test_the_community_page_offers_it_to_non_leaders_only(client, community, leader, employee):
    link = f'href="/c/{community.slug}/contact/"'
    assert link in client.get(community.get_absolute_url()).content.decode()
    client.force_login(leader)
    assert link not in client.get(community.get_absolute_url()).content.decode()
    assert Membership.objects.filter(user=leader).exists()


def test_a_double_clicked_message_reaches_the_leaders_once(
    client, url, leader, employee, django_capture_on_commit_callbacks
):
    client.force_login(employee)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert client.post(url, MESSAGE).status_code == 302
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**MESSAGE, "body": MESSAGE["body"] + " One more thing."})
    assert len(mail.outbox) == 2
