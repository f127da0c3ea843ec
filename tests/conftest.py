"""Shared personas and helpers: a leader, a member, an outsider (employee), a coordinator."""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from communities.models import Category, Membership, MembershipPolicy
from communities.services import communities as community_services
from tests.personas import add_member, make_coordinator, make_person

# In CI a falsifying example is printed in full with a @reproduce_failure blob: a CI clone keeps
# no example database, so the log is the only place the input survives.
hypothesis_settings.register_profile("ci", database=None, print_blob=True)
if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
    hypothesis_settings.load_profile("ci")

# One Chromium per worker, the harness counters collected from every xdist worker.
pytest_plugins = ["tests.browser", "tests.harness_report"]


def at_site_time(when: str) -> datetime:
    """``"2026-11-30 12:00"`` → an aware datetime in settings.TIME_ZONE (America/Denver by
    default); a string with its own UTC offset keeps it."""
    moment = datetime.fromisoformat(when)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(django_settings.TIME_ZONE))
    return moment


@pytest.fixture(autouse=True)
def _clock(request):
    """Set the time for tests marked ``@pytest.mark.clock(...)``. Autouse, so it runs before the
    test's other fixtures: the personas, meetings and memberships they make share the instant."""
    marker = request.node.get_closest_marker("clock")
    if marker is None:
        yield None
        return
    with time_machine.travel(at_site_time(marker.args[0]), tick=marker.kwargs.get("tick", True)):
        yield


def admin_form_data(client, url) -> dict:
    """The admin change form's current values, as the browser would post them back."""
    context = client.get(url).context
    form = context["adminform"].form
    data = {}
    # Inlines (e.g. a proposal's notes): their management forms, or admin refuses the post.
    for inline in context.get("inline_admin_formsets", []):
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    for name, field in form.fields.items():
        value = form[name].value()
        if hasattr(field, "fields"):  # split date and time
            for n, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{n}"] = part or ""
        elif value is not None:
            data[name] = value
    return data


@pytest.fixture
def make_user(db):
    """``make_user(username=None, **fields)`` → a person (tests.personas.make_person); without a
    username, user1, user2, ..."""
    counter = {"n": 0}

    def make(username: str | None = None, **fields):
        counter["n"] += 1
        return make_person(username or f"user{counter['n']}", **fields)

    return make


@pytest.fixture
def make_community(db):
    counter = {"n": 0}

    def make(name: str | None = None, **fields):
        counter["n"] += 1
        fields.setdefault("summary", "People who care about a shared topic.")
        if fields.get("category"):  # a category must be on the managed list first
            Category.objects.get_or_create(name=fields["category"])
        return community_services.community_create(
            name=name or f"Community {counter['n']}", **fields
        )

    return make


@pytest.fixture
def community(make_community):
    return make_community(
        "Accessibility Community of Practice", membership_policy=MembershipPolicy.OPEN
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
def coordinator(db):
    return make_coordinator()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # Tasks run inside the process as soon as they are queued (on commit), so mail.outbox shows
    # what a worker would have sent. Tests of the queue itself choose the database backend.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


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


def pytest_terminal_summary(terminalreporter, config):
    """Name the random order of this run (pytest-randomly's header line is hidden by -q)."""
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int) and not hasattr(config, "workerinput"):
        terminalreporter.write_line(f"random test order: replay it with --randomly-seed={seed}")
