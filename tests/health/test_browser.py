"""The health pages in a real headless Chromium, checked with axe-core (no violations)."""

import pytest
from django.test import Client
from django.urls import reverse

from health.models import PulseAnswer
from health.tokens import pulse_token_make

from .conftest import attend

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def session_for(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def axe_violations(new_context, url, session=None):
    """axe-core with all its rules (best practices too, not only WCAG), and the charts' names."""
    context = new_context(bypass_csp=True)  # the strict CSP would block injecting axe
    if session:
        context.add_cookies([{"name": "sessionid", "value": session, "url": url}])
    page = context.new_page()
    response = page.goto(url)
    assert response.status == 200
    assert page.evaluate("() => typeof window.axe") == "object"  # loaded by the context
    violations = page.evaluate(
        "async () => (await axe.run()).violations.map(v => v.id + ': ' + v.nodes.length)"
    )
    svg_names = page.evaluate(
        "() => [...document.querySelectorAll('svg[role=img]')].map(s => s.getAttribute('aria-labelledby'))"
    )
    context.close()
    return violations, svg_names


def test_dashboard_health_and_pulse_pages_have_no_axe_violations(
    new_context, live_server, community, leader, member, coordinator, make_meeting
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
        violations, svgs = axe_violations(new_context, live_server.url + path, session)
        assert violations == [], path
        assert len(svgs) == charts and all(svgs), path
