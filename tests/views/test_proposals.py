import pytest
from django.core import mail
from django.urls import reverse

from communities.models import EmailMessageLog, Proposal

PROPOSE = reverse("communities:propose")
FORM = {
    "name": "Plain Language Writers",
    "kind": "community",
    "purpose": "Share techniques for writing clear web content and forms.",
    "audience": "Anyone who writes for the public.",
    "intended_format": "virtual",
}


def test_proposing_requires_login(client, db):
    response = client.get(PROPOSE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post(PROPOSE, FORM).status_code == 302
    assert not Proposal.objects.exists()


def test_a_proposal_is_saved_and_confirmed(
    client, employee, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(employee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROPOSE, FORM, follow=True)
    assert "your proposal is in" in response.content.decode()
    assert Proposal.objects.get().proposer == employee
    assert {tuple(m.to) for m in mail.outbox} == {(employee.email,), (coordinator.email,)}


def test_bad_input_is_explained_next_to_the_field(client, employee, community):
    client.force_login(employee)
    response = client.post(PROPOSE, {**FORM, "name": community.name.lower(), "purpose": "short"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "already exists" in page and "20+ characters" in page
    assert not Proposal.objects.exists()


def test_mail_failure_still_shows_success(
    client, employee, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.failing_mail.FailingBackend"
    client.force_login(employee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROPOSE, FORM, follow=True)
    assert response.status_code == 200 and "your proposal is in" in response.content.decode()
    assert Proposal.objects.count() == 1
    assert EmailMessageLog.objects.filter(status="failed").exists()


def test_my_proposals_shows_status_and_note(client, employee):
    Proposal.objects.create(
        proposer=employee,
        status="declined",
        coordinator_note="Try the WLI group.",
        decided_at="2026-01-01T00:00Z",
        **{k: FORM[k] for k in ("name", "purpose", "audience")},
    )
    client.force_login(employee)
    page = client.get(reverse("communities:my_proposals")).content.decode()
    assert "Declined" in page and "Try the WLI group." in page


def test_nobody_sees_another_persons_proposal_confirmation(client, employee, make_user):
    proposal = Proposal.objects.create(
        proposer=employee, **{k: FORM[k] for k in ("name", "purpose", "audience")}
    )
    client.force_login(make_user())
    assert client.get(reverse("communities:proposal_sent", args=[proposal.pk])).status_code == 404
    assert (
        client.post(reverse("communities:proposal_withdraw", args=[proposal.pk])).status_code == 404
    )


@pytest.mark.parametrize("url_name", ["my_communities", "my_proposals"])
def test_my_pages_require_login(client, db, url_name):
    assert client.get(reverse(f"communities:{url_name}")).status_code == 302


def test_my_communities_lists_memberships(client, community, member):
    client.force_login(member)
    assert community.name in client.get(reverse("communities:my_communities")).content.decode()
