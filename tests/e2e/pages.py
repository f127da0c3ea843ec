"""Every page in every state the accessibility sweep visits, in one table.

A row is (role, label, path, action): the sweep opens ``path(world)`` as ``role`` and, when
``action`` is set, runs it on the page first (to submit a form with errors, open the admin's
decision page...). Every new page gets rows here, with its forms' error states.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.world import World


@dataclass(frozen=True)
class Page:
    role: str
    label: str
    path: Callable[[World], str]
    action: Callable | None = None
    # Django admin's own pages: axe only (their heading and landmark structure is Django's).
    admin: bool = False


def _url(path: str) -> Callable[[World], str]:
    return lambda world: path


def submit_login_with_a_wrong_password(page, world):
    page.get_by_label("Username").fill("member")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()


def fail_to_log_in_until_locked_out(page, world):
    for _ in range(5):  # AXES_FAILURE_LIMIT
        page.get_by_label("Username").fill("pending")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Log in").click()
    assert page.locator("h1").inner_text() == "Too many failed log-in attempts"


def submit_login_empty(page, world):
    page.get_by_role("button", name="Log in").click()


def submit_password_reset_with_a_bad_address(page, world):
    page.get_by_label("Email").fill("not-an-address")
    page.get_by_role("button", name="Reset your password").click()


def submit_a_proposal_with_errors(page, world):
    # Values the browser accepts but the server refuses: a taken name and a too-short purpose.
    page.get_by_label("Proposed name").fill(world.community.name.upper())
    page.get_by_label("Purpose").fill("short")
    page.get_by_label("Who it is for").fill("Everyone")
    page.get_by_role("button", name="Send proposal").click()


def submit_password_change_with_errors(page, world):
    page.locator("#id_old_password").fill("wrong")
    page.locator("#id_new_password1").fill("abc")
    page.locator("#id_new_password2").fill("abd")
    page.get_by_role("button", name="Change your password").click()


def open_the_approve_confirmation(page, world):
    page.locator(f"input[name=_selected_action][value='{world.proposal.pk}']").check()
    page.locator("select[name=action]").select_option("approve")
    page.get_by_role("button", name="Go").click()


# Fields the browser would refuse to send empty: removing the constraints lets the server's own
# validation speak, which is what the sweep checks.
EMPTY_THE_FORM_JS = """
() => {
  for (const form of document.querySelectorAll('main form')) {
    form.noValidate = true;
    for (const el of form.querySelectorAll('input, textarea')) {
      if (['hidden', 'submit', 'button', 'radio'].includes(el.type)) continue;
      if (el.type === 'checkbox') el.checked = false; else el.value = '';
    }
  }
}
"""


def submit_emptied(button: str) -> Callable:
    """An action: empty every field of the page's forms, then press ``button``."""

    def action(page, world):
        page.evaluate(EMPTY_THE_FORM_JS)
        page.get_by_role("button", name=button).click()
        page.locator("#form-errors").wait_for()  # the state the row is about

    action.__name__ = f"submit_emptied({button!r})"
    return action


def submit_a_meeting_ending_before_it_starts(page, world):
    page.get_by_label("Title").fill("Review <b>pages</b>")
    page.get_by_label("Date").fill("2030-03-04")
    page.get_by_label("Starts").fill("11:00")
    page.get_by_label("Ends").fill("10:00")
    page.get_by_label("Online link").fill("javascript:alert(1)")
    page.get_by_role("button", name="Schedule the meeting").click()
    page.locator("#form-errors").wait_for()


def submit_the_page_with_bad_links(page, world):
    page.evaluate("() => document.querySelectorAll('main form').forEach(f => f.noValidate = true)")
    page.get_by_label("Mailing list").fill("javascript:alert(1)")
    page.get_by_label("Chat channel").fill("not a web address")
    page.get_by_role("button", name="Save the page").click()
    page.locator("#form-errors").wait_for()


def _meeting(suffix: str = "") -> Callable[[World], str]:
    return lambda world: f"/c/{world.community.slug}/meetings/{world.meeting.pk}/{suffix}"


def _manage(suffix: str = "") -> Callable[[World], str]:
    return lambda world: f"/c/{world.community.slug}/manage/{suffix}"


def _community(suffix: str) -> Callable[[World], str]:
    return lambda world: f"/c/{world.community.slug}/{suffix}"


def _pulse_link(world: World) -> str:
    from health.tokens import pulse_token_make

    token = pulse_token_make(meeting_id=world.meeting.pk, user_id=world.users["member"].pk)
    return f"/pulse/{token}/"


def _unsubscribe_link(world: World) -> str:
    from communities.member_settings import unsubscribe_url

    return unsubscribe_url(world.users["member"], world.community)


def _detail(attr: str) -> Callable[[World], str]:
    return lambda world: getattr(world, attr).get_absolute_url()


PAGES: list[Page] = [
    # Logged out.
    Page("anonymous", "directory", _url("/")),
    Page("anonymous", "directory, empty search results", _url("/?q=zzzqqq")),
    Page("anonymous", "directory, page 2", _url("/?page=2")),
    Page("anonymous", "directory, filtered and sorted", _url("/?kind=council&sort=members")),
    Page("anonymous", "community on request", _detail("community")),
    Page("anonymous", "open community", _detail("open_community")),
    Page("anonymous", "restricted council", _detail("restricted")),
    Page("anonymous", "archived community", _detail("archived")),
    Page("anonymous", "about", _url("/about/")),
    Page("anonymous", "about: starting one", _url("/about/start/")),
    Page("anonymous", "about: tips", _url("/about/tips/")),
    Page("anonymous", "log in", _url("/accounts/login/")),
    Page("anonymous", "log in, empty form", _url("/accounts/login/"), submit_login_empty),
    Page(
        "anonymous",
        "log in, wrong password",
        _url("/accounts/login/"),
        submit_login_with_a_wrong_password,
    ),
    Page("anonymous", "password reset", _url("/accounts/password_reset/")),
    Page(
        "anonymous",
        "password reset, bad address",
        _url("/accounts/password_reset/"),
        submit_password_reset_with_a_bad_address,
    ),
    Page("anonymous", "password reset sent", _url("/accounts/password_reset/done/")),
    Page("anonymous", "password reset, expired link", _url("/accounts/reset/MQ/bad-token/")),
    Page("anonymous", "password reset complete", _url("/accounts/reset/done/")),
    Page("anonymous", "page not found", _url("/c/no-such-community/")),
    Page(
        "anonymous",
        "log in, locked out",
        _url("/accounts/login/"),
        fail_to_log_in_until_locked_out,
    ),
    # Django admin's login page redirects to the site's own (accessible) login page.
    Page("anonymous", "admin log in", _url("/admin/login/?next=/admin/")),
    Page("anonymous", "meeting", _meeting()),
    Page("anonymous", "pulse by e-mailed link", _pulse_link),
    Page("anonymous", "pulse, no answer chosen", _pulse_link, submit_emptied("Send my answer")),
    Page("anonymous", "pulse, forged link", _url("/pulse/forged/")),
    Page("anonymous", "unsubscribe", _unsubscribe_link),
    Page("anonymous", "unsubscribe, forged link", _url("/me/unsubscribe/forged/")),
    # An employee with no membership and one proposal.
    Page("employee", "directory", _url("/")),
    Page("employee", "community on request: request button", _detail("community")),
    Page("employee", "open community: join button", _detail("open_community")),
    Page("employee", "my communities, none yet", _url("/me/")),
    Page("employee", "my proposals", _url("/me/proposals/")),
    Page("employee", "proposal sent", lambda w: f"/propose/sent/{w.proposal.pk}/"),
    Page("employee", "propose", _url("/propose/")),
    Page("employee", "propose, with errors", _url("/propose/"), submit_a_proposal_with_errors),
    Page("employee", "change password", _url("/accounts/password_change/")),
    Page(
        "employee",
        "change password, with errors",
        _url("/accounts/password_change/"),
        submit_password_change_with_errors,
    ),
    Page("employee", "password changed", _url("/accounts/password_change/done/")),
    Page("employee", "forbidden admin", _url("/admin/")),
    Page("employee", "meeting: not a member", _meeting()),
    Page("employee", "settings", _url("/me/settings/")),
    Page("employee", "delete my account", _url("/me/delete/")),
    Page(
        "employee",
        "delete my account, not confirmed",
        _url("/me/delete/"),
        submit_emptied("Delete my account"),
    ),
    Page("employee", "forbidden: leader tools", _manage()),
    Page("employee", "forbidden: dashboard", _url("/coordination/")),
    Page("pending", "community with a pending request", _detail("community")),
    Page("member", "community: leave button", _detail("community")),
    Page("member", "my communities", _url("/me/")),
    Page("member", "my proposals, none", _url("/me/proposals/")),
    Page("member", "meeting: RSVP buttons", _meeting()),
    Page("member", "settings", _url("/me/settings/")),
    Page("member", "forbidden: community health", _community("health/")),
    Page("leader", "community led", _detail("community")),
    Page("leader", "my communities", _url("/me/")),
    Page("leader", "leader tools", _manage()),
    Page("leader", "edit the page", _manage("page/")),
    Page("leader", "edit the page, bad links", _manage("page/"), submit_the_page_with_bad_links),
    Page("leader", "people", _manage("people/")),
    Page("leader", "e-mail members", _manage("messages/")),
    Page(
        "leader",
        "e-mail members, with errors",
        _manage("messages/"),
        submit_emptied("Send to all members"),
    ),
    Page("leader", "new meeting", _manage("meetings/new/")),
    Page(
        "leader",
        "new meeting, with errors",
        _manage("meetings/new/"),
        submit_emptied("Schedule the meeting"),
    ),
    Page(
        "leader",
        "new meeting, ends before it starts",
        _manage("meetings/new/"),
        submit_a_meeting_ending_before_it_starts,
    ),
    Page("leader", "new series", _manage("meetings/series/new/")),
    Page(
        "leader",
        "new series, with errors",
        _manage("meetings/series/new/"),
        submit_emptied("Schedule the series"),
    ),
    Page("leader", "edit a meeting", lambda w: f"{_manage()(w)}meetings/{w.meeting.pk}/edit/"),
    Page(
        "leader",
        "edit a meeting, with errors",
        lambda w: f"{_manage()(w)}meetings/{w.meeting.pk}/edit/",
        submit_emptied("Save meeting"),
    ),
    Page("leader", "attendance", lambda w: f"{_manage()(w)}meetings/{w.meeting.pk}/attendance/"),
    Page("leader", "meeting: leader's buttons", _meeting()),
    Page("leader", "community health", _community("health/")),
    Page("leader", "renewal", _community("renewal/")),
    Page("leader", "settings", _url("/me/settings/")),
    Page("other_leader", "another leader's community", _detail("community")),
    Page("other_leader", "forbidden: another community's tools", _manage()),
    # Coordinators in Django admin.
    Page("coordinator", "admin index", _url("/admin/"), admin=True),
    Page(
        "coordinator",
        "admin proposal list",
        _url("/admin/communities/proposal/?status__exact=submitted"),
        admin=True,
    ),
    Page(
        "coordinator",
        "admin decision page",
        _url("/admin/communities/proposal/"),
        open_the_approve_confirmation,
        admin=True,
    ),
    Page(
        "coordinator",
        "admin proposal",
        lambda w: f"/admin/communities/proposal/{w.proposal.pk}/change/",
        admin=True,
    ),
    Page(
        "coordinator",
        "admin proposal history",
        lambda w: f"/admin/communities/proposal/{w.proposal.pk}/history/",
        admin=True,
    ),
    Page("coordinator", "admin communities", _url("/admin/communities/community/"), admin=True),
    Page(
        "coordinator",
        "admin community",
        lambda w: f"/admin/communities/community/{w.community.pk}/change/",
        admin=True,
    ),
    Page(
        "coordinator", "admin e-mail log", _url("/admin/communities/emailmessagelog/"), admin=True
    ),
    Page(
        "coordinator",
        "forbidden: deleting a community",
        lambda w: f"/admin/communities/community/{w.community.pk}/delete/",
    ),
    Page("coordinator", "directory", _url("/")),
    Page("coordinator", "community", _detail("community")),
    Page("coordinator", "dashboard", _url("/coordination/")),
    Page("coordinator", "community health", _community("health/")),
    Page("coordinator", "renewal", _community("renewal/")),
    Page("coordinator", "leader tools", _manage()),
]
