"""HTML is compressed only where BREACH has nothing to steal (cop_site.middleware.PublicGZipMiddleware):
anonymous pages without a CSRF token. A logged-in person's pages and any form with a token stay
uncompressed."""

from __future__ import annotations

import gzip

import pytest
from django.test import Client

from tests.world import build_world

pytestmark = pytest.mark.clock("2026-11-30 12:00")


def fetch(client, url):
    return client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")


def test_public_pages_are_gzipped_for_visitors(db):
    world = build_world()
    client = Client()
    for url in (
        "/",
        world.community.get_absolute_url(),
        world.meeting.get_absolute_url(),
        "/about/",
    ):
        response = fetch(client, url)
        assert response["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content).decode()
        assert "</html>" in html and "csrfmiddlewaretoken" not in html, url


def test_pages_with_a_csrf_token_are_not_compressed(db):
    response = fetch(Client(), "/accounts/login/")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_a_logged_in_persons_pages_are_not_compressed(db):
    world = build_world()
    client = Client()
    client.force_login(world.users["member"])
    for url in ("/", "/me/settings/", world.community.get_absolute_url()):
        response = fetch(client, url)
        assert response.status_code == 200
        assert not response.has_header("Content-Encoding"), url
