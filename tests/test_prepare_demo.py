"""`manage.py prepare_demo`: what `make run` does before serving, in one process."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from communities.models import Community, Meeting, Membership


def prepare() -> str:
    out = io.StringIO()
    call_command("prepare_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_imports_the_demo_communities_and_seeds_the_accounts_and_twice_changes_nothing(
    db, settings
):
    settings.DEBUG = True
    first = prepare()
    assert "96 created" in first
    assert "log in as 'coordinator'" in first
    counts = (
        Community.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        Meeting.objects.count(),
    )
    assert counts[0] == 96

    second = prepare()

    assert "0 created, 0 updated, 96 unchanged" in second
    assert counts == (
        Community.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        Meeting.objects.count(),
    )


def test_with_debug_off_it_refuses_the_demo_accounts(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=0"):
        prepare()
    assert not get_user_model().objects.exists()
