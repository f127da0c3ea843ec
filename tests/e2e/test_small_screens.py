"""Defects a careful person finds on a phone, without JavaScript, or with a screen reader (issue 15,
item 4): the menu, reflow at 320 px, control contrast, error and success feedback, and what a
phone's first screen shows.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser import session_cookie
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.clock("2026-11-30 12:00")]

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}

# WCAG's contrast ratio between an element's border colour and its parent's background.
BORDER_CONTRAST_JS = """
el => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let bg = 'rgb(255, 255, 255)';
  for (let p = el.parentElement; p; p = p.parentElement) {
    const c = getComputedStyle(p).backgroundColor;
    if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; }
  }
  const [a, b] = [lum(rgb(getComputedStyle(el).borderTopColor)), lum(rgb(bg))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


@pytest.fixture
def world(transactional_db):
    return build_world()


@pytest.fixture
def phone(browser, live_server):
    """``phone(viewport, user=None, js=True)`` → a page on the live server at that size."""
    contexts = []

    def open_(viewport, *, user=None, js=True):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, java_script_enabled=js
        )
        context.set_default_timeout(10_000)
        if user is not None:
            context.add_cookies([session_cookie(user, live_server.url)])
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def in_first_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] + box["height"] <= page.viewport_size["height"]


@pytest.mark.parametrize("js", [False, True], ids=["without-js", "with-js"])
def test_the_main_menu_opens_on_a_phone(world, phone, js):
    page = phone(PHONE, user=world.users["member"], js=js)
    page.goto("/about/")
    my_communities = page.get_by_role("link", name="My communities")
    assert not my_communities.is_visible()  # folded behind "Menu" below 768 px
    page.get_by_role("button", name="Menu").click()
    my_communities.wait_for(state="visible")
    page.get_by_role("button", name="Log out").wait_for(state="visible")


@pytest.mark.parametrize(
    ("role", "path", "h1"),
    [
        ("leader", "/c/{slug}/manage/people/", "People of"),
        ("coordinator", "/coordination/", "Coordinator's dashboard"),
    ],
)
def test_tables_reflow_at_320_px_without_sideways_scrolling(world, phone, role, path, h1):
    page = phone(NARROW, user=world.users[role])
    page.goto(path.format(slug=world.community.slug))
    assert h1 in page.locator("h1").inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= NARROW["width"]
    # Nothing is cut off inside a scrolling box either: every cell is within the page's width.
    widest = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('td, th')]"
        ".map(c => c.getBoundingClientRect().right))"
    )
    assert widest <= NARROW["width"]
    # Each stacked cell still says which column it belongs to.
    assert page.locator("td[data-label='Members'], td[data-label='E-mail']").first.is_visible()


def test_fields_radio_buttons_and_checkboxes_have_3_to_1_contrast(world, phone):
    page = phone(DESKTOP, user=world.users["member"])
    page.goto("/")
    controls = page.locator("input.form-control, select.form-select")
    assert controls.count() >= 2
    for n in range(controls.count()):
        assert controls.nth(n).evaluate(BORDER_CONTRAST_JS) >= 3
    page.goto("/me/settings/")
    checks = page.locator("input.form-check-input")
    assert checks.count() >= 1
    for n in range(checks.count()):
        checks.nth(n).uncheck()  # unchecked is the faint state: no fill, only the border
        assert checks.nth(n).evaluate(BORDER_CONTRAST_JS) >= 3


def test_a_form_error_is_focused_and_named_in_the_title(world, phone):
    page = phone(DESKTOP, user=world.users["employee"])
    page.goto("/propose/")
    assert not page.title().startswith("Error")
    page.get_by_label("Proposed name").fill(world.community.name.upper())
    page.get_by_label("Purpose").fill("short")
    page.get_by_label("Who it is for").fill("Everyone")
    page.get_by_role("button", name="Send proposal").click()
    page.wait_for_function("() => document.activeElement.id === 'form-errors'")
    assert page.title().startswith("Error: Propose a community")


def test_a_success_message_is_put_in_a_live_region_after_the_page_loads(world, phone):
    page = phone(DESKTOP, user=world.users["employee"])
    # Screen readers announce what changes in a live region, not what it holds on load: record
    # the text that arrives in a live region after the page has loaded.
    page.add_init_script(
        "window.announced = [];"
        "document.addEventListener('DOMContentLoaded', () => {"
        "  for (const region of document.querySelectorAll('[role=status]'))"
        "    new MutationObserver(() => window.announced.push(region.textContent))"
        "      .observe(region, {childList: true, subtree: true, characterData: true});"
        "});"
    )
    page.goto(world.open_community.get_absolute_url())
    page.get_by_role("button", name=f"Join {world.open_community.name}").click()
    page.wait_for_function("() => window.announced.join(' ').includes('You are a member of')")


@pytest.mark.parametrize("js", [False, True], ids=["without-js", "with-js"])
def test_the_directory_shows_results_first_on_a_phone(world, phone, js):
    page = phone(PHONE, js=js)
    page.goto("/")
    assert not page.get_by_label("Kind").is_visible()
    assert in_first_screen(page, page.locator("#results-heading"))
    page.get_by_text("Search and filter").click()
    page.get_by_label("Kind").wait_for(state="visible")
    # A search that is applied keeps the form open, so the person sees what they filtered by.
    page.goto("/?q=access")
    assert page.get_by_label("Search", exact=True).is_visible()
    # On a desktop the filters are always shown.
    desktop = phone(DESKTOP, js=js)
    desktop.goto("/")
    assert desktop.get_by_label("Kind").is_visible()


def test_join_and_rsvp_are_in_a_phones_first_screen(world, phone):
    page = phone(PHONE, user=world.users["employee"])
    page.goto(world.open_community.get_absolute_url())
    assert in_first_screen(
        page, page.get_by_role("button", name=f"Join {world.open_community.name}")
    )
    member = phone(PHONE, user=world.users["member"])
    member.goto(
        reverse("communities:meeting_detail", args=[world.community.slug, world.meeting.pk])
    )
    assert in_first_screen(member, member.get_by_role("button", name="Yes, I'm going"))
