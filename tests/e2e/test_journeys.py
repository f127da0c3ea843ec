"""What people do on the site, end to end in a real browser, under the real Content-Security-Policy.

Journey 2 ends with the proposer, now leader, editing the new community's page in the leader
tools; journey 3 (a leader schedules a meeting, a member RSVPs, the meeting is in the member's ICS
feed) is in test_meeting_journey.py.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from communities.models import Community, Membership, Proposal
from tests.e2e.conftest import log_in_with_form
from tests.personas import PASSWORD

pytestmark = pytest.mark.browser

# The element that has keyboard focus, and whether that focus can be seen: an outline of at least
# 2px that is not transparent, or a focus ring drawn with box-shadow.
FOCUSED_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
    && !/rgba\\(.*, 0\\)$/.test(style.outlineColor);
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || '').trim(),
    name: el.getAttribute('name') || '',
    href: el.getAttribute('href') || '',
    visible: outline || (style.boxShadow && style.boxShadow !== 'none'),
  };
}
"""


def at(path: str):
    """A wait_for_url predicate: the page's path (not its query string) is ``path``."""
    return lambda url: urlsplit(url).path == path


def tab_to(page, matches, *, limit: int = 60) -> dict:
    """Press Tab until the focused element ``matches`` (a predicate on FOCUSED_JS's dict).

    Every element the focus passes through must show visible focus. Fails after ``limit`` presses.
    """
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None:
            continue
        assert focused["visible"], f"focus is not visible on {focused}"
        passed.append(focused["text"] or focused["name"] or focused["href"])
        if matches(focused):
            return focused
    raise AssertionError(f"never reached the element; focus went through {passed}")


def test_a_visitor_finds_joins_and_leaves_a_community(world, open_page):
    page = open_page()
    page.goto("/")
    page.get_by_label("Search", exact=True).fill("plain language")
    page.get_by_label("Membership").select_option("open")
    page.get_by_role("button", name="Show communities").click()
    results = page.locator("main ul[aria-labelledby=results-heading] h3")
    assert results.all_inner_texts() == ["Plain Language Writers"]
    assert "1 community" in page.locator("#results-heading").inner_text()

    page.get_by_role("link", name="Plain Language Writers").click()
    page.get_by_role("link", name="Log in to join").click()
    log_in_with_form(page, "employee", PASSWORD)
    assert page.url.endswith(world.open_community.get_absolute_url())

    page.get_by_role("button", name="Join Plain Language Writers").click()
    assert "You are a member of Plain Language Writers" in page.locator("main").inner_text()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My communities").click()
    page.get_by_role("link", name="Plain Language Writers").click()
    page.get_by_role("button", name="Leave Plain Language Writers").click()
    assert "no longer a member" in page.locator("main").inner_text()
    membership = Membership.objects.get(user=world.users["employee"])
    assert membership.state == Membership.State.LEFT
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My communities").click()
    assert "You are not a member of any community right now" in page.locator("main").inner_text()
    assert page.csp_errors == []


PROPOSAL = {
    "Proposed name": "Digital Humanities Makers",
    "Purpose": "Build and share small tools for research in the humanities.",
    "Who it is for": "Librarians, researchers and developers.",
}


def test_a_proposal_is_approved_in_admin_and_its_proposer_leads_the_new_community(world, open_page):
    proposer = open_page()
    proposer.goto("/propose/")
    log_in_with_form(proposer, "employee", PASSWORD)
    for label, value in PROPOSAL.items():
        proposer.get_by_label(label).fill(value)
    proposer.get_by_role("button", name="Send proposal").click()
    assert "your proposal is in" in proposer.locator("h1").inner_text()

    coordinator = open_page()
    coordinator.goto("/admin/")
    log_in_with_form(coordinator, "coordinator", PASSWORD)
    coordinator.get_by_role("link", name="Proposals", exact=True).click()
    proposal = Proposal.objects.get(name=PROPOSAL["Proposed name"])
    coordinator.locator(f"input[name=_selected_action][value='{proposal.pk}']").check()
    coordinator.locator("select[name=action]").select_option("approve")
    coordinator.get_by_role("button", name="Go").click()
    coordinator.get_by_label("Note to the proposer").fill("Welcome aboard: start with a kickoff.")
    coordinator.get_by_role("button", name="Yes, approve").click()
    assert (
        "Approved “Digital Humanities Makers”" in coordinator.locator(".messagelist").inner_text()
    )

    visitor = open_page()
    visitor.goto("/")
    visitor.get_by_label("Search", exact=True).fill("humanities")
    visitor.get_by_role("button", name="Show communities").click()
    visitor.get_by_role("link", name="Digital Humanities Makers").click()
    leaders = visitor.locator("dt:text-is('Leaders') + dd").inner_text()
    assert leaders == "Emery Employee (leader)"

    proposer.get_by_role("navigation", name="Main").get_by_role("link", name="My proposals").click()
    card = proposer.locator(f"#proposal-{proposal.pk}").inner_text()
    assert "Approved" in card and "Welcome aboard" in card
    community = Community.objects.get(name=PROPOSAL["Proposed name"])
    assert Membership.objects.leaders().get(community=community).user == world.users["employee"]

    # The new leader writes the community's page through the leader tools.
    nav = proposer.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="My communities").click()
    proposer.get_by_role("link", name="Leader tools for Digital Humanities Makers").click()
    proposer.get_by_role("navigation", name="Leader tools").get_by_role(
        "link", name="Edit page"
    ).click()
    proposer.get_by_label("Summary").fill("Build things with texts, maps and code, monthly.")
    proposer.get_by_label("Purpose").fill("We **make** tools together.\n\n- bring a project")
    proposer.get_by_label("Meeting cadence").fill("Monthly, 1st Thursday")
    proposer.get_by_role("button", name="Save the page").click()
    proposer.wait_for_url(at(community.get_absolute_url()))
    assert "The community page is updated." in proposer.locator("main").inner_text()
    assert proposer.locator("main strong", has_text="make").count() == 1  # Markdown rendered
    visitor.reload()
    text = visitor.locator("main").inner_text()
    assert "Build things with texts, maps and code, monthly." in text
    assert "Monthly, 1st Thursday" in text and "bring a project" in text
    assert proposer.csp_errors == [] and visitor.csp_errors == []


def test_joining_and_proposing_work_with_the_keyboard_alone(world, open_page):
    page = open_page()
    page.goto(world.open_community.get_absolute_url())
    first = tab_to(page, lambda f: True)
    assert first["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    tab_to(page, lambda f: f["text"] == "Log in to join")
    page.keyboard.press("Enter")
    page.wait_for_url(at("/accounts/login/"))
    tab_to(page, lambda f: f["name"] == "username")
    page.keyboard.type("employee")
    tab_to(page, lambda f: f["name"] == "password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(at(world.open_community.get_absolute_url()))

    tab_to(page, lambda f: f["text"] == "Join Plain Language Writers")
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert "You are a member" in page.locator("main").inner_text()
    assert Membership.objects.get(user=world.users["employee"]).state == Membership.State.ACTIVE

    tab_to(page, lambda f: f["text"] == "Propose a community")
    page.keyboard.press("Enter")
    page.wait_for_url(at("/propose/"))
    fields = {
        "name": PROPOSAL["Proposed name"],
        "purpose": PROPOSAL["Purpose"],
        "audience": PROPOSAL["Who it is for"],
    }
    for name, value in fields.items():
        tab_to(page, lambda f, name=name: f["name"] == name)
        page.keyboard.type(value)
    tab_to(page, lambda f: f["text"] == "Send proposal")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: re.fullmatch(r"/propose/sent/\d+/", urlsplit(url).path))
    assert Proposal.objects.get(name=PROPOSAL["Proposed name"]).proposer == world.users["employee"]
    assert page.csp_errors == []


def test_a_proposer_sees_a_similar_community_while_typing_and_goes_to_it(world, open_page):
    page = open_page(world.users["employee"])
    page.goto("/propose/")
    page.get_by_label("Proposed name").press_sequentially("Accessibility Comunity of Practise")
    similar = page.locator("#similar-names").get_by_role(
        "link", name="Accessibility Community of Practice"
    )
    similar.wait_for()  # shown before anything is submitted
    assert not Proposal.objects.filter(name__startswith="Accessibility").exists()
    similar.click()
    page.wait_for_url(at(world.community.get_absolute_url()))
    assert page.csp_errors == []


def test_without_javascript_the_similar_community_comes_after_submitting(
    world, browser, live_server
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/propose/")
        log_in_with_form(page, "employee", PASSWORD)
        page.get_by_label("Proposed name").fill("Accessibility Comunity of Practise")
        page.get_by_label("Purpose").fill(PROPOSAL["Purpose"])
        page.get_by_label("Who it is for").fill(PROPOSAL["Who it is for"])
        page.get_by_role("button", name="Send proposal").click()
        step = page.locator("#similar-step")
        assert "Did you mean" in step.inner_text()
        assert step.get_by_role("link", name="Accessibility Community of Practice").is_visible()
        assert not Proposal.objects.filter(name__startswith="Accessibility").exists()
        page.get_by_role("button", name="Send my proposal anyway").click()
        page.wait_for_url(lambda url: re.fullmatch(r"/propose/sent/\d+/", urlsplit(url).path))
        assert Proposal.objects.filter(name="Accessibility Comunity of Practise").exists()
    finally:
        context.close()


def test_a_coordinator_requests_changes_the_proposer_revises_and_it_is_approved(world, open_page):
    proposal = world.proposal
    coordinator = open_page(world.users["coordinator"])
    coordinator.goto("/admin/communities/proposal/")
    coordinator.locator(f"input[name=_selected_action][value='{proposal.pk}']").check()
    coordinator.locator("select[name=action]").select_option("request_changes")
    coordinator.get_by_role("button", name="Go").click()
    coordinator.get_by_label("Note to the proposer").fill("Please name a co-leader.")
    coordinator.get_by_role("button", name="Yes, request changes to").click()
    assert "Requested changes to" in coordinator.locator(".messagelist").inner_text()

    proposer = open_page(world.users["employee"])
    proposer.goto("/me/proposals/")
    proposer.get_by_role("link", name=f"Edit and send “{proposal.name}” again").click()
    assert proposer.locator("h1").inner_text() == "Revise your proposal"
    proposer.get_by_label("Proposed co-leaders").fill("Robin Reviewer")
    proposer.get_by_label("Note to the coordinators (optional)").fill("Robin agreed to co-lead.")
    proposer.get_by_role("button", name="Send the revised proposal").click()
    proposer.wait_for_url(at(proposal.get_absolute_url()))
    thread = proposer.locator("main").inner_text()
    assert "Please name a co-leader." in thread and "Robin agreed to co-lead." in thread

    coordinator.goto("/admin/communities/proposal/")
    coordinator.locator(f"input[name=_selected_action][value='{proposal.pk}']").check()
    coordinator.locator("select[name=action]").select_option("approve")
    coordinator.get_by_role("button", name="Go").click()
    coordinator.get_by_role("button", name="Yes, approve").click()
    assert f"Approved “{proposal.name}”" in coordinator.locator(".messagelist").inner_text()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.proposed_co_leaders) == ("approved", "Robin Reviewer")
    assert proposer.csp_errors == [] and coordinator.csp_errors == []
