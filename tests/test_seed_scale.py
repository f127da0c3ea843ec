from django.contrib.auth import get_user_model
from django.core.management import call_command

from communities.models import Community, Meeting, Membership, Proposal, Rsvp

SIZES = ["--communities", "12", "--users", "40", "--memberships", "90", "--meetings", "30"]


def _snapshot():
    return (
        list(Community.objects.order_by("slug").values_list("slug", "status", "membership_policy")),
        list(Membership.objects.order_by("community__slug", "user__username").values_list(
            "community__slug", "user__username", "role", "state"
        )),
    )  # fmt: skip


def test_it_builds_the_requested_sizes(db):
    call_command("seed_scale", *SIZES, "--seed", "3", stdout=None)
    assert Community.objects.count() == 12
    assert get_user_model().objects.filter(username__startswith="scale").count() == 40
    assert Membership.objects.count() == 90
    assert Meeting.objects.count() == 30
    assert Rsvp.objects.exists() and Proposal.objects.exists()
    assert Community.objects.filter(memberships__role="leader").exists()


def test_the_same_seed_gives_the_same_data(db):
    call_command("seed_scale", *SIZES, "--seed", "3")
    first = _snapshot()
    call_command("seed_scale", *SIZES, "--seed", "3", "--reset")
    assert _snapshot() == first
