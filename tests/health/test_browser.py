"""The health pages in a real headless Chromium, checked with axe-core (no violations)."""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from health.models import PulseAnswer
from health.tokens import pulse_token_make

from .conftest import attend

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync",
]  # fmt: skip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(request):
    if not (shutil.which(CHROMIUM) and AXE.exists()):
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium and node_modules/axe-core (see .ci/run).")
        pytest.skip("Chromium or axe-core missing.")
    # Playwright's sync API runs an event loop in this thread; the ORM calls are still sync.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    chromium = request.getfixturevalue("playwright_session").chromium.launch(
        executable_path=CHROMIUM, args=FLAGS
    )
    yield chromium
    chromium.close()
    _close_live_server_connections()


def _close_live_server_connections():
    """The live server's threads keep their database connections after the test; on PostgreSQL
    they would stop pytest-django from dropping the test database at the end of the run."""
    connection = connections["default"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle'"
            )


def session_for(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def axe_violations(browser, url, session=None):
    context = browser.new_context(bypass_csp=True)  # the strict CSP would block injecting axe
    if session:
        context.add_cookies([{"name": "sessionid", "value": session, "url": url}])
    page = context.new_page()
    response = page.goto(url)
    assert response.status == 200
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run()).violations.map(v => v.id + ': ' + v.nodes.length)"
    )
    svg_names = page.evaluate(
        "() => [...document.querySelectorAll('svg[role=img]')].map(s => s.getAttribute('aria-labelledby'))"
    )
    context.close()
    return violations, svg_names


def test_dashboard_health_and_pulse_pages_have_no_axe_violations(
    browser, live_server, community, leader, member, coordinator, make_meeting
):
    meeting = make_meeting(community, days_from_now=-2)
    attend(meeting, member)
    PulseAnswer.objects.create(
        community=community, meeting=meeting, user=member, value=4, focus="Demos"
    )
    coordinator_session, leader_session = (session_for(user) for user in (coordinator, leader))
    token = pulse_token_make(meeting_id=meeting.pk, user_id=leader.pk)

    pages = [
        (reverse("health:dashboard"), coordinator_session, 2),
        (reverse("health:community", args=[community.slug]), leader_session, 1),
        (reverse("health:renewal", args=[community.slug]), leader_session, 0),
        (community.get_absolute_url(), leader_session, 0),
        (reverse("health:pulse", args=[token]), None, 0),
    ]
    for path, session, charts in pages:
        violations, svgs = axe_violations(browser, live_server.url + path, session)
        assert violations == [], path
        assert len(svgs) == charts and all(svgs), path
