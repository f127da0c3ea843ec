"""A mail server that is down loses nothing: the user sees success, the failure is logged, and a
coordinator can send the e-mail again from admin."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from communities.models import Community, EmailMessageLog, Proposal
from tests.views.test_proposals import FORM

CHANGELIST = reverse("admin:communities_proposal_changelist")
EMAIL_LOG = reverse("admin:communities_emailmessagelog_changelist")


def test_proposing_while_mail_is_down_succeeds_and_can_be_resent(
    client, employee, coordinator, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.failing_mail.FailingBackend"
    client.force_login(employee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/propose/", FORM, follow=True)
    assert response.status_code == 200 and "your proposal is in" in response.content.decode()
    assert Proposal.objects.get().name == FORM["name"]
    failed = EmailMessageLog.objects.filter(status="failed")
    assert failed.count() == 2 and "E-mail" in caplog.text and "failed" in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(coordinator)
    data = {"action": "resend", "_selected_action": [log.pk for log in failed]}
    page = client.post(EMAIL_LOG, data, follow=True).content.decode()
    assert "Sent 2 of 2" in page
    assert not EmailMessageLog.objects.filter(status="failed").exists()
    assert {tuple(m.to) for m in mail.outbox} == {(employee.email,), (coordinator.email,)}


def test_approving_while_mail_is_down_still_creates_the_community(
    client, employee, coordinator, settings, django_capture_on_commit_callbacks
):
    client.force_login(employee)
    client.post("/propose/", FORM)
    settings.EMAIL_BACKEND = "tests.failing_mail.FailingBackend"
    client.force_login(coordinator)
    proposal = Proposal.objects.get()
    data = {"action": "approve", "_selected_action": [proposal.pk], "apply": "1", "note": "Go!"}
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(CHANGELIST, data, follow=True).content.decode()
    assert f"Approved “{FORM['name']}”" in page
    assert Community.objects.get(name=FORM["name"])
    approved = EmailMessageLog.objects.get(subject__icontains="approved")
    assert approved.status == "failed" and "refused" in approved.error and "Go!" in approved.body
