"""Every page in every state the accessibility sweep visits, in one table.

A row is (role, label, path, action, h1, status): the sweep opens ``path(world)`` as ``role``,
checks the HTTP status, runs ``action`` when set (to submit a form with errors, open the admin's
decision page...), checks the page's <h1>, then runs axe. Every new page gets rows here, with its
forms' error states.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from communities.models import Category
from tests.world import World


@dataclass(frozen=True)
class Page:
    role: str
    label: str
    path: Callable[[World], str]
    action: Callable | None = None
    # Django admin's own pages: axe only (their heading and landmark structure is Django's).
    admin: bool = False
    # What the person must see before axe runs: the page's one <h1> (after the action, if any)
    # and the HTTP status of opening ``path``. A page that turned into an error page fails here
    # instead of being swept as the error page.
    h1: str = ""
    status: int = 200


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


def submit_a_name_like_an_existing_community(page, world):
    # Without the live list in the way: the "did you mean ...?" step after submitting.
    page.get_by_label("Proposed name").fill("Accessibility Comunity of Practise")
    page.get_by_label("Purpose").fill("Review pages together and share what we learn.")
    page.get_by_label("Who it is for").fill("Everyone")
    page.get_by_role("button", name="Send proposal").click()
    page.locator("#similar-step").wait_for()


def type_a_name_like_an_existing_community(page, world):
    page.get_by_label("Proposed name").press_sequentially("Accessibility Comunity")
    page.locator("#similar-names a").first.wait_for()


def open_the_request_changes_confirmation(page, world):
    page.locator(f"input[name=_selected_action][value='{world.proposal.pk}']").check()
    page.locator("select[name=action]").select_option("request_changes")
    page.get_by_role("button", name="Go").click()


def _proposal(attr: str, suffix: str = "") -> Callable[[World], str]:
    return lambda world: f"/me/proposals/{getattr(world, attr).pk}/{suffix}"


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


def submit_a_too_long_ask_me_about(page, world):
    # maxlength stops typing at 140; a value set by script reaches the server, which refuses it.
    page.evaluate("() => { document.getElementById('id_ask_me_about').value = 'x'.repeat(141); }")
    page.get_by_role("button", name="Save settings").click()
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
    from communities.services.preferences import unsubscribe_url

    return unsubscribe_url(world.users["member"], world.community)


def _invitation(suffix: str = "", attr: str = "invitation") -> Callable[[World], str]:
    def path(world: World) -> str:
        from communities.services.invitations import invitation_path

        return invitation_path(getattr(world, attr)) + suffix

    return path


def submit_invitations_with_a_bad_address(page, world):
    page.get_by_label("E-mail addresses").fill("ann@example.edu, not-an-address")
    page.get_by_role("button", name="Send invitations").click()
    page.locator("#form-errors").wait_for()


def upload_a_csv_for_preview(page, world):
    csv = "name,kind,status,leader_emails\r\nNew Group,community,archived,\r\nBad,club,,\r\n"
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "c.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.get_by_role("button", name="Preview the import").click()


def submit_the_import_without_a_file(page, world):
    page.get_by_role("button", name="Preview the import").click()


def _detail(attr: str) -> Callable[[World], str]:
    return lambda world: getattr(world, attr).get_absolute_url()


PAGES: list[Page] = [
    # Logged out.
    Page("anonymous", "directory", _url("/"), h1="Communities of practice and councils"),
    Page(
        "anonymous",
        "directory, empty search results",
        _url("/?q=zzzqqq"),
        h1="Communities of practice and councils",
    ),
    Page(
        "anonymous",
        "directory, page 2",
        _url("/?page=2"),
        h1="Communities of practice and councils",
    ),
    Page(
        "anonymous",
        "directory, filtered and sorted",
        _url("/?kind=council&sort=members"),
        h1="Communities of practice and councils",
    ),
    Page(
        "anonymous",
        "community on request",
        _detail("community"),
        h1="Accessibility Community of Practice",
    ),
    Page("anonymous", "open community", _detail("open_community"), h1="Plain Language Writers"),
    Page("anonymous", "restricted council", _detail("restricted"), h1="Staff Senate"),
    Page("anonymous", "archived community", _detail("archived"), h1="Old Web Group"),
    Page("anonymous", "about", _url("/about/"), h1="What is a community of practice?"),
    Page(
        "anonymous",
        "about: starting one",
        _url("/about/start/"),
        h1="What you need to start a community",
    ),
    Page("anonymous", "about: tips", _url("/about/tips/"), h1="Tips for running a community"),
    Page("anonymous", "log in", _url("/accounts/login/"), h1="Log in"),
    Page(
        "anonymous", "log in, empty form", _url("/accounts/login/"), submit_login_empty, h1="Log in"
    ),
    Page(
        "anonymous",
        "log in, wrong password",
        _url("/accounts/login/"),
        submit_login_with_a_wrong_password,
        h1="Log in",
    ),
    Page(
        "anonymous", "password reset", _url("/accounts/password_reset/"), h1="Reset your password"
    ),
    Page(
        "anonymous",
        "password reset, bad address",
        _url("/accounts/password_reset/"),
        submit_password_reset_with_a_bad_address,
        h1="Reset your password",
    ),
    Page(
        "anonymous",
        "password reset sent",
        _url("/accounts/password_reset/done/"),
        h1="Check your e-mail",
    ),
    Page(
        "anonymous",
        "password reset, expired link",
        _url("/accounts/reset/MQ/bad-token/"),
        h1="Choose a new password",
    ),
    Page("anonymous", "password reset complete", _url("/accounts/reset/done/"), h1="Password set"),
    Page(
        "anonymous",
        "page not found",
        _url("/c/no-such-community/"),
        h1="Page not found",
        status=404,
    ),
    Page(
        "anonymous",
        "log in, locked out",
        _url("/accounts/login/"),
        fail_to_log_in_until_locked_out,
        h1="Too many failed log-in attempts",
    ),
    # Django admin's login page redirects to the site's own (accessible) login page.
    Page("anonymous", "admin log in", _url("/admin/login/?next=/admin/"), h1="Log in"),
    Page("anonymous", "meeting", _meeting(), h1="Monthly review"),
    Page("anonymous", "upcoming meetings", _url("/meetings/"), h1="Upcoming meetings"),
    Page(
        "anonymous",
        "upcoming meetings, filtered to nothing",
        _url("/meetings/?meeting_format=in-person&period=week"),
        h1="Upcoming meetings",
    ),
    Page("anonymous", "pulse by e-mailed link", _pulse_link, h1="How was “Monthly review”?"),
    Page(
        "anonymous",
        "pulse, no answer chosen",
        _pulse_link,
        submit_emptied("Send my answer"),
        h1="How was “Monthly review”?",
    ),
    Page(
        "anonymous",
        "pulse, forged link",
        _url("/pulse/forged/"),
        h1="This pulse link cannot be used",
        status=400,
    ),
    Page("anonymous", "unsubscribe", _unsubscribe_link, h1="Unsubscribe"),
    Page(
        "anonymous",
        "unsubscribe, forged link",
        _url("/me/unsubscribe/forged/"),
        h1="Unsubscribe",
        status=400,
    ),
    Page(
        "anonymous",
        "invitation: sign in or make an account",
        _invitation(),
        h1="You are invited to Accessibility Community of Practice",
    ),
    Page(
        "anonymous",
        "invitation: make an account",
        _invitation("sign-up/"),
        h1="Make an account to join Accessibility Community of Practice",
    ),
    Page(
        "anonymous",
        "invitation: make an account, with errors",
        _invitation("sign-up/"),
        submit_emptied("Create my account and accept"),
        h1="Make an account to join Accessibility Community of Practice",
    ),
    Page(
        "anonymous",
        "invitation, forged link",
        _url("/invitations/forged/"),
        h1="This invitation cannot be used",
        status=400,
    ),
    Page("anonymous", "invitation: opt out", _invitation("opt-out/"), h1="No more invitations"),
    # An employee with no membership and one proposal.
    Page(
        "employee",
        "invitation: accept button",
        _invitation(attr="employee_invitation"),
        h1="You are invited to Accessibility Community of Practice",
    ),
    Page(
        "employee",
        "invitation for another address",
        _invitation(),
        h1="This invitation is for another address",
        status=403,
    ),
    Page("employee", "directory", _url("/"), h1="Communities of practice and councils"),
    Page(
        "employee",
        "community on request: request button",
        _detail("community"),
        h1="Accessibility Community of Practice",
    ),
    Page(
        "employee",
        "open community: join button",
        _detail("open_community"),
        h1="Plain Language Writers",
    ),
    Page("employee", "my communities, none yet", _url("/me/"), h1="My communities"),
    Page("employee", "upcoming meetings", _url("/meetings/"), h1="Upcoming meetings"),
    Page("employee", "my proposals", _url("/me/proposals/"), h1="My proposals"),
    Page(
        "employee",
        "proposal and its notes",
        _proposal("proposal"),
        h1="Proposal: Research Software Engineers",
    ),
    Page(
        "employee",
        "proposal, empty note",
        _proposal("proposal"),
        submit_emptied("Add the note"),
        h1="Proposal: Research Software Engineers",
    ),
    Page(
        "employee",
        "proposal sent back for changes",
        _proposal("sent_back"),
        h1="Proposal: Campus Gardeners",
    ),
    Page(
        "employee", "revise a proposal", _proposal("sent_back", "edit/"), h1="Revise your proposal"
    ),
    Page(
        "employee",
        "revise a proposal, with errors",
        _proposal("sent_back", "edit/"),
        submit_emptied("Send the revised proposal"),
        h1="Revise your proposal",
    ),
    Page(
        "employee",
        "proposal sent",
        lambda w: f"/propose/sent/{w.proposal.pk}/",
        h1="Thank you: your proposal is in",
    ),
    Page("employee", "propose", _url("/propose/"), h1="Propose a community"),
    Page(
        "employee",
        "propose, with errors",
        _url("/propose/"),
        submit_a_proposal_with_errors,
        h1="Propose a community",
    ),
    Page(
        "employee",
        "propose, similar names while typing",
        _url("/propose/"),
        type_a_name_like_an_existing_community,
        h1="Propose a community",
    ),
    Page(
        "employee",
        "propose, did you mean…? step",
        _url("/propose/"),
        submit_a_name_like_an_existing_community,
        h1="Propose a community",
    ),
    Page(
        "employee", "change password", _url("/accounts/password_change/"), h1="Change your password"
    ),
    Page(
        "employee",
        "change password, with errors",
        _url("/accounts/password_change/"),
        submit_password_change_with_errors,
        h1="Change your password",
    ),
    Page(
        "employee",
        "password changed",
        _url("/accounts/password_change/done/"),
        h1="Password changed",
    ),
    Page("employee", "forbidden admin", _url("/admin/"), h1="Log in"),
    Page("employee", "meeting: not a member", _meeting(), h1="Monthly review"),
    Page("employee", "settings", _url("/me/settings/"), h1="My settings"),
    Page("employee", "delete my account", _url("/me/delete/"), h1="Delete my account"),
    Page(
        "employee",
        "contact the leaders",
        _community("contact/"),
        h1="Write to the leaders of Accessibility Community of Practice",
    ),
    Page(
        "employee",
        "contact the leaders, with errors",
        _community("contact/"),
        submit_emptied("Send to the leaders"),
        h1="Write to the leaders of Accessibility Community of Practice",
    ),
    Page(
        "employee",
        "contact the coordinators (no leader)",
        lambda world: f"/c/{world.open_community.slug}/contact/",
        h1="Write to the coordinators of Plain Language Writers",
    ),
    Page(
        "employee",
        "offer to lead",
        lambda world: f"/c/{world.open_community.slug}/offer-to-lead/",
        h1="Offer to lead Plain Language Writers",
    ),
    Page(
        "employee",
        "offer to lead, with errors",
        lambda world: f"/c/{world.open_community.slug}/offer-to-lead/",
        submit_emptied("Offer to lead"),
        h1="Offer to lead Plain Language Writers",
    ),
    Page(
        "employee",
        "forbidden: members page",
        _community("members/"),
        h1="You cannot do that",
        status=403,
    ),
    Page(
        "employee",
        "delete my account, not confirmed",
        _url("/me/delete/"),
        submit_emptied("Delete my account"),
        h1="Delete my account",
    ),
    Page("employee", "forbidden: leader tools", _manage(), h1="You cannot do that", status=403),
    Page(
        "employee",
        "forbidden: dashboard",
        _url("/coordination/"),
        h1="You cannot do that",
        status=403,
    ),
    Page(
        "pending",
        "community with a pending request",
        _detail("community"),
        h1="Accessibility Community of Practice",
    ),
    Page(
        "member",
        "community: leave button",
        _detail("community"),
        h1="Accessibility Community of Practice",
    ),
    Page("member", "my communities", _url("/me/"), h1="My communities"),
    Page("member", "my proposals, none", _url("/me/proposals/"), h1="My proposals"),
    Page("member", "meeting: RSVP buttons", _meeting(), h1="Monthly review"),
    Page("member", "settings", _url("/me/settings/"), h1="My settings"),
    Page(
        "member",
        "settings, with errors",
        _url("/me/settings/"),
        submit_a_too_long_ask_me_about,
        h1="My settings",
    ),
    Page(
        "member",
        "members page",
        _community("members/"),
        h1="Members of Accessibility Community of Practice",
    ),
    Page(
        "member",
        "forbidden: community health",
        _community("health/"),
        h1="You cannot do that",
        status=403,
    ),
    Page("leader", "community led", _detail("community"), h1="Accessibility Community of Practice"),
    Page("leader", "my communities", _url("/me/"), h1="My communities"),
    Page(
        "leader", "leader tools", _manage(), h1="Leader tools: Accessibility Community of Practice"
    ),
    Page(
        "leader",
        "edit the page",
        _manage("page/"),
        h1="Edit the page of Accessibility Community of Practice",
    ),
    Page(
        "leader",
        "edit the page, bad links",
        _manage("page/"),
        submit_the_page_with_bad_links,
        h1="Edit the page of Accessibility Community of Practice",
    ),
    Page(
        "leader", "people", _manage("people/"), h1="People of Accessibility Community of Practice"
    ),
    Page(
        "leader",
        "e-mail members",
        _manage("messages/"),
        h1="E-mail the members of Accessibility Community of Practice",
    ),
    Page(
        "leader",
        "e-mail members, with errors",
        _manage("messages/"),
        submit_emptied("Send to all members"),
        h1="E-mail the members of Accessibility Community of Practice",
    ),
    Page(
        "leader",
        "invitations",
        _manage("invitations/"),
        h1="Invite people to Accessibility Community of Practice",
    ),
    Page(
        "leader",
        "invitations, with errors",
        _manage("invitations/"),
        submit_emptied("Send invitations"),
        h1="Invite people to Accessibility Community of Practice",
    ),
    Page(
        "leader",
        "invitations, a bad address",
        _manage("invitations/"),
        submit_invitations_with_a_bad_address,
        h1="Invite people to Accessibility Community of Practice",
    ),
    Page("leader", "new meeting", _manage("meetings/new/"), h1="Schedule a meeting"),
    Page(
        "leader",
        "new meeting, with errors",
        _manage("meetings/new/"),
        submit_emptied("Schedule the meeting"),
        h1="Schedule a meeting",
    ),
    Page(
        "leader",
        "new meeting, ends before it starts",
        _manage("meetings/new/"),
        submit_a_meeting_ending_before_it_starts,
        h1="Schedule a meeting",
    ),
    Page("leader", "new series", _manage("meetings/series/new/"), h1="Schedule a recurring series"),
    Page(
        "leader",
        "new series, with errors",
        _manage("meetings/series/new/"),
        submit_emptied("Schedule the series"),
        h1="Schedule a recurring series",
    ),
    Page(
        "leader",
        "edit a meeting",
        lambda w: f"{_manage()(w)}meetings/{w.meeting.pk}/edit/",
        h1="Edit “Monthly review”",
    ),
    Page(
        "leader",
        "edit a meeting, with errors",
        lambda w: f"{_manage()(w)}meetings/{w.meeting.pk}/edit/",
        submit_emptied("Save meeting"),
        h1="Edit “Monthly review”",
    ),
    Page(
        "leader",
        "attendance",
        lambda w: f"{_manage()(w)}meetings/{w.meeting.pk}/attendance/",
        h1="Who came to Monthly review?",
    ),
    Page("leader", "meeting: leader's buttons", _meeting(), h1="Monthly review"),
    Page(
        "leader",
        "community health",
        _community("health/"),
        h1="Health of Accessibility Community of Practice",
    ),
    Page(
        "leader",
        "renewal",
        _community("renewal/"),
        h1="Yearly renewal of Accessibility Community of Practice",
    ),
    Page("leader", "settings", _url("/me/settings/"), h1="My settings"),
    Page(
        "other_leader",
        "another leader's community",
        _detail("community"),
        h1="Accessibility Community of Practice",
    ),
    Page(
        "other_leader",
        "forbidden: another community's tools",
        _manage(),
        h1="You cannot do that",
        status=403,
    ),
    # Coordinators in Django admin.
    Page("coordinator", "admin index", _url("/admin/"), admin=True, h1="Site administration"),
    Page(
        "coordinator",
        "admin proposal list",
        _url("/admin/communities/proposal/?status__exact=submitted"),
        admin=True,
        h1="Select proposal to change",
    ),
    Page(
        "coordinator",
        "admin decision page",
        _url("/admin/communities/proposal/"),
        open_the_approve_confirmation,
        admin=True,
        h1="Approve proposals",
    ),
    Page(
        "coordinator",
        "admin request changes page",
        _url("/admin/communities/proposal/"),
        open_the_request_changes_confirmation,
        admin=True,
        h1="Request changes to proposals",
    ),
    Page(
        "coordinator",
        "proposal thread, as coordinator",
        _proposal("sent_back"),
        h1="Proposal: Campus Gardeners",
    ),
    Page(
        "coordinator",
        "admin proposal sent back, with its notes",
        lambda w: f"/admin/communities/proposal/{w.sent_back.pk}/change/",
        admin=True,
        h1="Change proposal",
    ),
    Page(
        "coordinator",
        "admin proposal",
        lambda w: f"/admin/communities/proposal/{w.proposal.pk}/change/",
        admin=True,
        h1="Change proposal",
    ),
    Page(
        "coordinator",
        "admin proposal history",
        lambda w: f"/admin/communities/proposal/{w.proposal.pk}/history/",
        admin=True,
        h1="Change history: Research Software Engineers (Submitted)",
    ),
    Page(
        "coordinator",
        "admin categories",
        _url("/admin/communities/category/"),
        admin=True,
        h1="Select category to change",
    ),
    Page(
        "coordinator",
        "admin category",
        lambda w: (
            f"/admin/communities/category/{Category.objects.get(name='Accessibility').pk}/change/"
        ),
        admin=True,
        h1="Change category",
    ),
    Page(
        "coordinator",
        "admin communities",
        _url("/admin/communities/community/"),
        admin=True,
        h1="Select community to change",
    ),
    Page(
        "coordinator",
        "admin community",
        lambda w: f"/admin/communities/community/{w.community.pk}/change/",
        admin=True,
        h1="Change community",
    ),
    # The add and change forms coordinators fill in (split date/time inputs, autocomplete boxes).
    Page(
        "coordinator",
        "admin membership add",
        _url("/admin/communities/membership/add/"),
        admin=True,
        h1="Add membership",
    ),
    Page(
        "coordinator",
        "admin membership",
        lambda w: f"/admin/communities/membership/{w.community.memberships.first().pk}/change/",
        admin=True,
        h1="Change membership",
    ),
    Page(
        "coordinator",
        "admin meeting add",
        _url("/admin/communities/meeting/add/"),
        admin=True,
        h1="Add meeting",
    ),
    Page(
        "coordinator",
        "admin meeting",
        lambda w: f"/admin/communities/meeting/{w.meeting.pk}/change/",
        admin=True,
        h1="Change meeting",
    ),
    Page(
        "coordinator",
        "admin community add",
        _url("/admin/communities/community/add/"),
        admin=True,
        h1="Add community",
    ),
    Page(
        "coordinator",
        "admin e-mail log",
        _url("/admin/communities/emailmessagelog/"),
        admin=True,
        h1="Select e-mail to change",
    ),
    Page(
        "coordinator",
        "admin CSV import",
        _url("/admin/communities/community/import/"),
        admin=True,
        h1="Import communities from a CSV file",
    ),
    Page(
        "coordinator",
        "admin CSV import, no file",
        _url("/admin/communities/community/import/"),
        submit_the_import_without_a_file,
        admin=True,
        h1="Import communities from a CSV file",
    ),
    Page(
        "coordinator",
        "admin CSV import preview",
        _url("/admin/communities/community/import/"),
        upload_a_csv_for_preview,
        admin=True,
        h1="Preview of the CSV import",
    ),
    Page(
        "coordinator",
        "forbidden: deleting a community",
        lambda w: f"/admin/communities/community/{w.community.pk}/delete/",
        h1="You cannot do that",
        status=403,
    ),
    Page("coordinator", "directory", _url("/"), h1="Communities of practice and councils"),
    Page(
        "coordinator", "community", _detail("community"), h1="Accessibility Community of Practice"
    ),
    Page("coordinator", "dashboard", _url("/coordination/"), h1="Coordinator's dashboard"),
    Page(
        "coordinator",
        "admin: offers to lead",
        _url("/admin/communities/leadoffer/"),
        admin=True,
        h1="Select offer to lead to change",
    ),
    Page(
        "coordinator",
        "community health",
        _community("health/"),
        h1="Health of Accessibility Community of Practice",
    ),
    Page(
        "coordinator",
        "renewal",
        _community("renewal/"),
        h1="Yearly renewal of Accessibility Community of Practice",
    ),
    Page(
        "coordinator",
        "leader tools",
        _manage(),
        h1="Leader tools: Accessibility Community of Practice",
    ),
]
