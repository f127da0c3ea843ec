import pytest
from django.urls import reverse

from communities.models import Category, CommunityResources

FORM = {
    "summary": "We make things accessible.",
    "description": "# Why\n\nWe **test** with [real users](https://example.edu).\n\n<script>alert(1)</script>",
    "category": "Digital",
    "meeting_cadence": "Monthly, 2nd Wednesday",
    "meeting_format": "hybrid",
    "usual_location": "Library room 2",
    "membership_policy": "request",
    "joining_instructions": "",
    "mailing_list_url": "mailto:a11y@example.edu",
    "chat_url": "https://chat.example.edu/a11y",
    "shared_folder_url": "https://drive.example.edu/a11y",
}


@pytest.fixture(autouse=True)
def categories(db):
    Category.objects.create(name="Digital")


def test_a_leader_edits_the_page_and_the_description_is_sanitised_markdown(
    client, community, leader
):
    client.force_login(leader)
    response = client.post(reverse("communities:manage_page", args=[community.slug]), FORM)
    assert response.status_code == 302 and response["Location"] == community.get_absolute_url()
    community.refresh_from_db()
    assert (community.summary, community.membership_policy) == (FORM["summary"], "request")
    page = client.get(community.get_absolute_url()).content.decode()
    assert "<h3>Why</h3>" in page and "<strong>test</strong>" in page
    assert 'href="https://example.edu" rel="noopener noreferrer nofollow"' in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "https://chat.example.edu/a11y" in page and "mailto:a11y@example.edu" in page
    assert CommunityResources.objects.get(community=community).shared_folder_url


def test_bad_links_are_refused_next_to_their_field_and_nothing_is_saved(client, community, leader):
    client.force_login(leader)
    response = client.post(
        reverse("communities:manage_page", args=[community.slug]),
        {**FORM, "mailing_list_url": "javascript:alert(1)", "chat_url": "not a url"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "mailto: link" in page and "Enter a valid URL" in page
    community.refresh_from_db()
    assert community.summary != FORM["summary"]
    assert FORM["summary"] in page  # what was typed is kept
