"""Fixtures for the journeys and the accessibility sweep. The browser itself (one Chromium per
test process, ``open_page``, ``axe_check``) comes from tests/browser.py."""

from __future__ import annotations

import pytest

from tests.world import build_world


@pytest.fixture
def world(transactional_db):
    return build_world()


def log_in_with_form(page, username: str, password: str) -> None:
    """Fill the site's login form on the current page and submit it."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
