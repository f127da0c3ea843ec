"""Search engines and link previews (issue 15, item 3): robots.txt, sitemap.xml, meta description,
canonical link, Open Graph, schema.org JSON-LD, and noindex on every page that is not public."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from communities.models import Meeting
from communities.seo import INDEXABLE_VIEWS
from tests.security.test_permission_matrix import example_url, sessions, url_patterns
from tests.world import build_world

pytestmark = pytest.mark.clock("2026-11-30 12:00")


def json_ld(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_pages(db, settings):
    response = Client().get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text
    for private in ("/admin/", "/me/", "/accounts/", "/c/*/manage/"):
        assert f"Disallow: {private}\n" in text


def test_the_sitemap_lists_listed_communities_coming_meetings_and_info_pages(db):
    world = build_world()
    xml = Client().get("/sitemap.xml").content.decode()
    for path in ("/", "/about/", "/about/start/", "/about/tips/"):
        assert f"<loc>http://testserver{path}</loc>" in xml
    assert world.community.get_absolute_url() in xml
    assert world.open_community.get_absolute_url() in xml
    assert world.archived.get_absolute_url() not in xml
    assert world.meeting.get_absolute_url() in xml
    Meeting.objects.filter(pk=world.meeting.pk).update(cancelled=True)
    assert world.meeting.get_absolute_url() not in Client().get("/sitemap.xml").content.decode()


@pytest.mark.parametrize("page", ["/", "/about/", "/about/start/", "/about/tips/", "community"])
def test_every_public_page_has_a_description_canonical_link_and_open_graph(db, settings, page):
    world = build_world()
    path = world.community.get_absolute_url() if page == "community" else page
    html = Client().get(path).content.decode()
    assert re.search(r'<meta name="description" content="[^"]{30,160}">', html)
    assert f'<link rel="canonical" href="{settings.SITE_URL}{path}">' in html
    for prop in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
        assert f'<meta property="{prop}" content="' in html


def test_a_community_page_describes_itself_as_an_organization(db):
    world = build_world()
    html = Client().get(world.community.get_absolute_url()).content.decode()
    data = json_ld(html)
    assert data["@type"] == "Organization" and data["name"] == world.community.name
    assert data["description"] == world.community.summary
    assert f'<meta property="og:title" content="{world.community.name}">' in html


def test_a_meeting_page_describes_the_event_without_its_online_link(db):
    world = build_world()
    Meeting.objects.filter(pk=world.meeting.pk).update(
        location="Main Hall 210", online_url="https://meet.example.edu/secret"
    )
    html = Client().get(world.meeting.get_absolute_url()).content.decode()
    data = json_ld(html)
    assert data["@type"] == "Event" and data["name"] == world.meeting.title
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert {place["@type"] for place in data["location"]} == {"Place", "VirtualLocation"}
    assert "secret" not in json.dumps(data)
    assert data["startDate"].endswith(("-07:00", "-06:00"))  # in the meeting's zone (Denver)
    Meeting.objects.filter(pk=world.meeting.pk).update(cancelled=True, online_url="")
    data = json_ld(Client().get(world.meeting.get_absolute_url()).content.decode())
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"


def test_json_ld_cannot_be_closed_by_a_communitys_text(db):
    world = build_world()
    world.community.summary = "</script><script>alert(1)</script>"
    world.community.save()
    html = Client().get(world.community.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert json_ld(html)["description"] == world.community.summary


@pytest.mark.parametrize("role", ["anonymous", "member", "leader", "coordinator"])
def test_every_private_url_in_the_permission_matrix_is_noindex(db, role):
    """Walks every URL pattern (the matrix's, admin's included): only INDEXABLE_VIEWS answering
    200 may be indexed; every other answer carries X-Robots-Tag: noindex."""
    world = build_world()
    session = sessions(world)[role]
    wrong, indexable = [], 0
    for route in url_patterns():
        url = example_url(route, world)
        client = Client()
        if session:
            client.cookies["sessionid"] = session
        response = client.get(url)
        match = response.resolver_match
        public = (
            response.status_code == 200 and match is not None and match.view_name in INDEXABLE_VIEWS
        )
        indexable += public
        if public == ("noindex" in response.get("X-Robots-Tag", "")):
            wrong.append(
                f"{url} ({response.status_code}): X-Robots-Tag {response.get('X-Robots-Tag')}"
            )
    assert wrong == []
    assert indexable >= 6  # the directory, a community, a meeting, the three info pages
