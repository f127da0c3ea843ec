"""Shared personas and helpers: a leader, a member, an outsider (employee), a coordinator."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from communities import services
from communities.models import Membership, MembershipPolicy
from tests.world import coordinators_group


@pytest.fixture
def make_user(db):
    counter = {"n": 0}

    def make(username: str | None = None, **fields):
        counter["n"] += 1
        username = username or f"user{counter['n']}"
        fields.setdefault("email", f"{username}@example.edu")
        return get_user_model().objects.create_user(
            username=username, password="pw-12345-long", **fields
        )

    return make


@pytest.fixture
def make_community(db):
    counter = {"n": 0}

    def make(name: str | None = None, **fields):
        counter["n"] += 1
        fields.setdefault("summary", "People who care about a shared topic.")
        return services.community_create(name=name or f"Community {counter['n']}", **fields)

    return make


@pytest.fixture
def community(make_community):
    return make_community(
        "Accessibility Community of Practice", membership_policy=MembershipPolicy.OPEN
    )


def add_member(community, user, role=Membership.Role.MEMBER, state=Membership.State.ACTIVE):
    return Membership.objects.create(
        community=community, user=user, role=role, state=state, joined_at=timezone.now()
    )


@pytest.fixture
def leader(make_user, community):
    user = make_user("leader", first_name="Lee", last_name="Leader")
    add_member(community, user, role=Membership.Role.LEADER)
    return user


@pytest.fixture
def member(make_user, community):
    user = make_user("member")
    add_member(community, user)
    return user


@pytest.fixture
def employee(make_user):
    return make_user("employee")


@pytest.fixture
def coordinator(make_user):
    user = make_user("coordinator", is_staff=True)
    user.groups.add(coordinators_group())
    return user


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    # Rate-limit counters must not leak between tests (nor reach a shared Redis or cache table).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    }
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 makes every test user cost ~100 ms; the hash algorithm is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_terminal_summary(terminalreporter):
    """Print what the harness covered (axe-checked URLs, matrix cells, generated inputs)."""
    from tests.harness_report import summary

    lines = summary()
    if lines:
        terminalreporter.section("harness coverage")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def playwright_session():
    """The one Playwright instance of the test run: its sync API refuses a second one while the
    first is running, so every browser fixture launches Chromium from this."""
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls stay synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_playwright().start()
    yield playwright
    playwright.stop()
