"""The coordinators' CSV upload in admin: a preview that changes nothing, then the import."""

from __future__ import annotations

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.models import Community, Invitation, Membership

URL = "/admin/communities/community/import/"
CSV = (
    b"name,kind,status,leader_emails\r\n"
    b"Known Lead,community,,lead@example.edu\r\n"
    b"Unknown Lead,community,,new@example.edu\r\n"
    b"Old Group,community,archived,\r\n"
    b"Bad Status,community,closed,\r\n"
)


def upload(client, content: bytes = CSV):
    return client.post(URL, {"csv_file": SimpleUploadedFile("c.csv", content, "text/csv")})


def test_the_communities_list_links_to_the_upload(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("admin:communities_community_changelist")).content.decode()
    assert f'href="{URL}"' in page


def test_the_preview_shows_the_changes_and_saves_nothing_then_import_applies_them(
    client, coordinator, make_user, django_capture_on_commit_callbacks
):
    lead = make_user("lead", email="lead@example.edu")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client)
    text = response.content.decode()
    assert "If you import this file: 3 created, 0 updated, 0 unchanged, 1 skipped" in text
    assert "lead@example.edu leads it" in text and "new@example.edu is invited to lead it" in text
    assert "unknown status “closed”" in text
    assert not Community.objects.exists() and not Invitation.objects.exists()
    assert mail.outbox == []

    key = response.context["key"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"confirm": "1", "key": key})
    assert "Imported: 3 created" in response.content.decode()
    assert Community.objects.get(name="Old Group").status == Community.Status.ARCHIVED
    leader = Membership.objects.get(community__name="Known Lead")
    assert (leader.user, leader.role) == (lead, Membership.Role.LEADER)
    assert Invitation.objects.get().email == "new@example.edu"
    assert [m.to for m in mail.outbox] == [["new@example.edu"]]
    # The same preview cannot be imported twice.
    response = client.post(URL, {"confirm": "1", "key": key}, follow=True)
    assert "too old or was already imported" in response.content.decode()
    assert Community.objects.count() == 3


def test_a_file_without_the_required_columns_is_an_error_on_the_form(client, coordinator):
    client.force_login(coordinator)
    response = upload(client, b"title,summary\r\nx,y\r\n")
    assert "Missing required column(s): name, kind" in response.content.decode()
    assert not Community.objects.exists()


def test_people_without_the_permissions_cannot_upload(client, leader):
    client.force_login(leader)
    response = upload(client)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Community.objects.filter(name="Known Lead").exists()
