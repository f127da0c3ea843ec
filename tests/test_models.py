import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from communities.models import Community, Meeting, Membership, slug_candidates


def test_community_names_are_unique_ignoring_case(community):
    with pytest.raises(IntegrityError), transaction.atomic():
        Community.objects.create(name=community.name.upper(), slug="other")


def test_one_membership_row_per_person_per_community(community, member):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(community=community, user=member)


def test_a_pending_request_cannot_hold_a_leader_role(community, employee):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            community=community, user=employee, role="leader", state=Membership.State.PENDING
        )


def test_a_meeting_must_end_after_it_starts(community):
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(community=community, title="Backwards", starts_at=now, ends_at=now)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Accessibility CoP", "accessibility-cop"),
        ("Группа практики", "группа-практики"),
        ("東京プロジェクト", "東京プロジェクト"),
        ("Café ☕ Club", "café-club"),
        ("☕☕", "community"),
        ("Admin", "admin-community"),
        ("propose", "propose-community"),
    ],
)
def test_slugs_keep_letters_of_any_script_and_avoid_site_words(name, slug):
    assert next(slug_candidates(name)) == slug


def test_str_and_urls_read_naturally(community, member):
    membership = Membership.objects.get(user=member)
    assert str(community) == "Accessibility Community of Practice"
    assert community.get_absolute_url() == "/c/accessibility-community-of-practice/"
    assert "Member" in str(membership)
