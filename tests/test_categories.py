"""Categories are a managed list that coordinators curate; free text is filed under it."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from communities.importing import import_communities
from communities.models import Category, Community, Proposal
from communities.services.categories import categories_load
from tests.conftest import admin_form_data

CURATED = (
    "name,aliases\nData and analytics,Data;Analytics\nTeaching and learning,Faculty development\n"
)


def _category_of(name):
    return Community.objects.get(name=name).category


def test_imported_spellings_are_filed_under_the_curated_category(db):
    categories_load(CURATED)
    report = import_communities(
        b"name,kind,category\n"
        b"Open Data,community,DATA\n"
        b"Web Stats,community,analytics\n"
        b"New Faculty Circle,community,Faculty development\n"
        b"Bird Watchers,community,Birds\n"
    )
    assert report.created == 4 and report.errors == []
    assert _category_of("Open Data") == _category_of("Web Stats") == "Data and analytics"
    assert _category_of("New Faculty Circle") == "Teaching and learning"
    # Unknown text is kept as a new category (nothing is lost) and the import says so.
    assert _category_of("Bird Watchers") == "Birds"
    assert any("Birds" in note for note in report.notes)
    assert Category.objects.count() == 3


def test_loading_a_curated_list_merges_the_categories_already_in_use(make_community):
    make_community("Open Data", category="Data")
    make_community("Web Stats", category="Analytics")
    proposal_category = Category.objects.get(name="Data")
    assert proposal_category.pk
    report = categories_load(CURATED)
    assert sorted(report.merged) == ["Analytics", "Data"]
    assert _category_of("Open Data") == _category_of("Web Stats") == "Data and analytics"
    assert not Category.objects.filter(name__in=["Data", "Analytics"]).exists()
    # Again: nothing changes.
    again = categories_load(CURATED)
    assert (again.created, again.updated, again.merged) == (0, 0, [])


def test_the_shipped_list_files_every_category_of_the_demo_file(db):
    data = Path(settings.BASE_DIR) / "data"
    categories_load((data / "categories.csv").read_text())
    curated = Category.objects.count()
    report = import_communities((data / "demo_communities.csv").read_bytes())
    assert report.errors == [] and report.created == 96
    assert Category.objects.count() == curated, report.notes  # no free text left over
    in_use = set(Community.objects.values_list("category", flat=True))
    assert len(in_use) <= 20


def test_a_coordinator_renames_and_merges_in_admin(admin_client, make_community):
    make_community("Open Data", category="Data")
    make_community("Web Stats", category="Analytics")
    data = Category.objects.get(name="Data")
    url = reverse("admin:communities_category_change", args=[data.pk])
    form = {
        **admin_form_data(admin_client, url),
        "name": "Data and analytics",
        "aliases": "Analytics",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302
    assert _category_of("Open Data") == _category_of("Web Stats") == "Data and analytics"
    assert list(Category.objects.values_list("name", flat=True)) == ["Data and analytics"]


def test_a_name_taken_in_another_case_is_refused_next_to_the_field(admin_client, db):
    Category.objects.create(name="Data")
    url = reverse("admin:communities_category_add")
    response = admin_client.post(url, {"name": "DATA", "aliases": ""})
    assert response.status_code == 200
    assert "already a category with this name" in response.content.decode()
    assert Category.objects.count() == 1


def test_deleting_a_category_leaves_its_communities_without_one(admin_client, make_community):
    make_community("Open Data", category="Data")
    data = Category.objects.get(name="Data")
    url = reverse("admin:communities_category_delete", args=[data.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert _category_of("Open Data") == ""


def test_a_leader_picks_from_the_list_and_cannot_invent_one(client, community, leader):
    Category.objects.create(name="Accessibility")
    client.force_login(leader)
    url = reverse("communities:manage_page", args=[community.slug])
    page = client.get(url).content.decode()
    assert '<select name="category"' in page and ">Accessibility</option>" in page
    response = client.post(
        url,
        {"summary": "S", "category": "Made-up topic", "meeting_format": "hybrid",
         "membership_policy": "open"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    community.refresh_from_db()
    assert community.category == ""


def test_a_proposal_outside_the_list_is_refused_by_the_model(employee):
    proposal = Proposal(proposer=employee, name="X", purpose="p" * 30, category="Nope")
    with pytest.raises(Exception, match="Choose a category from the list"):
        proposal.full_clean()
