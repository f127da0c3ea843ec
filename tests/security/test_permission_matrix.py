"""Every URL pattern of the project × every role × GET and POST, against tests/security/url_table.py.

The patterns come from the URL resolver, so a view added without a row in the table fails here.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from communities.services import preferences
from communities.services.invitations import invitation_token
from health.tokens import pulse_token_make
from tests.harness_report import record
from tests.security.url_table import (
    ADMIN_RULE_COORDINATOR,
    ADMIN_RULE_ROLES,
    REGEX_EXAMPLES,
    STATIC_PARAMS,
    URL_TABLE,
)
from tests.world import ROLES, World, build_world

HISTORY_REGEX = r"^([^/]+)/history/([^/]+)/$"
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def url_patterns(patterns=None, prefix: str = ""):
    """Yield the full route string of every URL pattern, walking included resolvers."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _admin_object(route: str):
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    if not match:
        return None
    try:
        model = apps.get_model(match[1], match[2])
    except LookupError:  # admin/password_change/done/ and the like
        return None
    return model._default_manager.order_by("pk").first()


def coordinator_may(route: str, coordinator) -> bool | None:
    """Whether the Coordinators group (communities/permissions.py) grants the permission a model admin
    URL needs: view for the list, an object and its history; add, change (a password) and delete
    for theirs. None when no model permission decides (admin's index, autocomplete without its
    parameters, an object's bare URL that redirects to its page)."""
    match = re.match(r"admin/(\w+)/(\w+)/(.*)", route)
    if not match or match[3] == "<path:object_id>/":
        return None
    try:
        model = apps.get_model(match[1], match[2])
    except LookupError:
        return None
    action = "view"
    if match[3].startswith("add/"):
        action = "add"
    elif match[3].endswith("delete/"):
        action = "delete"
    elif match[3].endswith("password/"):
        action = "change"
    return coordinator.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")


def example_url(route: str, world: World) -> str:
    """A concrete URL for ``route``, its parameters filled from the world."""
    obj = _admin_object(route)
    for regex, example in REGEX_EXAMPLES.items():
        if route.endswith(regex):
            return "/" + route.removesuffix(regex) + example
    if route.endswith(HISTORY_REGEX):
        history = obj.history.order_by("history_id").first()
        return "/" + route.removesuffix(HISTORY_REGEX) + f"{obj.pk}/history/{history.history_id}/"
    values = {
        **STATIC_PARAMS,
        "slug": world.community.slug,
        "pk": str(world.proposal.pk),
        "object_id": str(obj.pk if obj else 1),
        **route_values(route, world),
    }
    return "/" + PARAMETER.sub(lambda m: values[m["name"]], route)


def route_values(route: str, world: World) -> dict[str, str]:
    """Parameters that depend on the route: a meeting's or a membership's pk, and the secret
    tokens of feeds and e-mailed links, made with the app's own functions for the member."""
    member = world.users["member"]
    if "/meetings/<int:pk>/" in route:
        return {"pk": str(world.meeting.pk)}
    if "/invitations/<int:pk>/" in route:
        return {"pk": str(world.invitation.pk)}
    if route.startswith("invitations/"):
        return {"token": invitation_token(world.invitation)}
    if "/people/<int:pk>/" in route:
        pending = world.community.memberships.get(user=world.users["pending"])
        return {"pk": str(pending.pk)}
    if route.startswith("me/calendar/"):
        return {"token": preferences.settings_for(member).calendar_token}
    if route.startswith("me/unsubscribe/"):
        path = preferences.unsubscribe_url(member, world.community)
        return {"token": path.rstrip("/").rsplit("/", 1)[-1]}
    if route.startswith("pulse/"):
        return {"token": pulse_token_make(meeting_id=world.meeting.pk, user_id=member.pk)}
    return {}


def outcome(response) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return "login"
        if location.startswith("/admin/login/"):
            return "admin-login"
        return "302"
    return str(response.status_code)


def sessions(world: World) -> dict[str, str | None]:
    """One logged-in session per role, made once (logging in costs several queries)."""
    cookies = {}
    for role, user in world.users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        cookies[role] = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return {role: cookie.value if cookie else None for role, cookie in cookies.items()}


def request_as(session: str | None, method: str, url: str) -> str:
    """The outcome of one request, in a savepoint rolled back afterwards (cells stay independent:
    even a log-out or a join is undone before the next cell)."""
    with transaction.atomic():
        client = Client()
        if session is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = session
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    return outcome(response)


def test_every_url_pattern_is_in_the_permission_table(db):
    routes = set(url_patterns())
    missing = sorted(r for r in routes if not r.startswith("admin/") and r not in URL_TABLE)
    stale = sorted(set(URL_TABLE) - routes)
    assert missing == [], f"add these patterns to tests/security/url_table.py: {missing}"
    assert stale == [], f"these table rows match no URL pattern any more: {stale}"


@pytest.mark.parametrize("role", ROLES)  # one test a role, so parallel workers share the load
def test_every_role_gets_the_expected_status_on_every_url(db, settings, role):
    settings.RATE_LIMITS = {}
    world = build_world()
    session = sessions(world)
    wrong, cells = [], 0
    for route in url_patterns():
        if route not in URL_TABLE:
            continue
        url = example_url(route, world)
        for method, expected in zip(("GET", "POST"), URL_TABLE[route][role], strict=True):
            got = request_as(session[role], method, url)
            cells += 1
            if got != expected:
                wrong.append(f"{method} {url} as {role}: expected {expected}, got {got}")
    record("permission matrix cells (table patterns × 7 roles × GET/POST)", cells)
    assert wrong == [], "\n".join(wrong)


def test_every_other_admin_url_is_for_coordinators_only(db):
    world = build_world()
    session = sessions(world)
    wrong, cells = [], 0
    routes = [r for r in url_patterns() if r.startswith("admin/") and r not in URL_TABLE]
    for route in routes:
        url = example_url(route, world)
        for role in ADMIN_RULE_ROLES:
            got = request_as(session[role], "GET", url)
            cells += 1
            if got != "admin-login":
                wrong.append(f"GET {url} as {role}: expected admin-login, got {got}")
        got = request_as(session["coordinator"], "GET", url)
        cells += 1
        allowed = coordinator_may(route, world.users["coordinator"])
        if "<path:object_id>" in route and _admin_object(route) is None:
            allowed = None  # admin redirects to its index before asking about permissions
        if got not in ADMIN_RULE_COORDINATOR or (allowed is not None and (got == "403") == allowed):
            wrong.append(f"GET {url} as coordinator (may: {allowed}): got {got}")
    record("permission matrix cells (other admin patterns by rule)", cells)
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize(
    "path",
    ["/c/{slug}/join/", "/c/{slug}/leave/", "/propose/", "/me/proposals/{pk}/withdraw/"],
)
def test_state_changes_without_a_csrf_token_are_refused(db, path):
    world = build_world()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["employee"])
    url = path.format(slug=world.open_community.slug, pk=world.proposal.pk)
    response = client.post(url, {"name": "x"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert not world.open_community.memberships.filter(user=world.users["employee"]).exists()
