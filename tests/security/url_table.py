"""Expected status of every URL pattern for every role, for GET and for POST: the one table the
permission matrix (test_permission_matrix.py) checks. A pattern the resolver has and this table
lacks fails the matrix, so a new view cannot ship without deciding who may use it.

Keys are the patterns' route strings as the resolver builds them. Values say, per role, what GET
and POST return:

    "200", "405", "403", "404"  that status
                                (a GET to a POST-only URL is a "302" to the page above it:
                                cop_site.middleware.PostOnlyReturnMiddleware)
    "302"                       a redirect somewhere other than a log-in page
    "login"                     a redirect to the site's log-in page (/accounts/login/)
    "admin-login"               a redirect to Django admin's log-in URL (itself sent to the site's)

The matrix posts with an empty body (CSRF is checked separately); roles are tests.world.ROLES.
"""

from __future__ import annotations

from tests.world import ROLES

LOGGED_IN = tuple(r for r in ROLES if r != "anonymous")


def same(get: str, post: str | None = None, **per_role: tuple[str, str]) -> dict:
    """Every role gets ``get`` / ``post`` (default: as GET), except those named in ``per_role``."""
    table = dict.fromkeys(ROLES, (get, post or get))
    table.update(per_role)
    return table


def login_required(get: str, post: str | None = None, **per_role: tuple[str, str]) -> dict:
    """Anonymous → log-in redirect for both methods; logged-in roles as ``get`` / ``post``."""
    return same(get, post, anonymous=("login", "login"), **per_role)


OWNER_ONLY = {"employee": ("200", "200")}  # the world's proposal is the employee's
ADMIN_ONLY = same("admin-login", coordinator=("200", "200"))
# Leader tools and health: the community's leaders and coordinators; the other leader is refused.
LEADERS = {"leader": ("200", "200"), "coordinator": ("200", "200")}
LEADER_PAGE = login_required("403", **LEADERS)
LEADER_ACTION = same(
    "302", "403", anonymous=("302", "login"), leader=("302", "302"), coordinator=("302", "302")
)
# A POST-only action any logged-in person may try (refusals are a message on the next page).
LOGGED_IN_ACTION = same("302", "302", anonymous=("302", "login"))
COORDINATOR_PAGE = login_required("403", coordinator=("200", "200"))
# Single sign-on is off by default: its URLs do not exist (the OIDC views only take GET).
SSO_OFF = same("404")
OIDC_OFF = same("404", "405")

URL_TABLE: dict[str, dict[str, tuple[str, str]]] = {
    # For search engines (issue 15): public; the sitemap view takes any method.
    "robots.txt": same("200", "405"),
    "sitemap.xml": same("200"),
    # The site.
    "": same("200"),
    "c/<str:slug>/": same("200"),
    "c/<str:slug>/join/": same("302", "302", anonymous=("302", "login")),
    "c/<str:slug>/leave/": same("302", "302", anonymous=("302", "login")),
    # Members see each other; anyone signed in may write to the leaders (issue 13, item 6).
    # An empty POST to the contact form re-renders it with errors (200).
    "c/<str:slug>/members/": same(
        "403",
        "405",
        anonymous=("login", "405"),
        member=("200", "405"),
        leader=("200", "405"),
        coordinator=("200", "405"),
    ),
    "c/<str:slug>/contact/": login_required("200"),
    # The world's community has a leader: offering to lead it sends people back to its page.
    "c/<str:slug>/offer-to-lead/": login_required("302"),
    "propose/": login_required("200"),
    "propose/sent/<int:pk>/": login_required("404", **OWNER_ONLY),
    # The live "similar names" list of /propose/ (issue 14): GET only, for anyone logged in.
    "propose/similar/": same("200", "405", anonymous=("login", "405")),
    "me/": login_required("200"),
    "me/proposals/": login_required("200"),
    # A proposal's thread and revision (issue 14): its proposer (the employee) and coordinators;
    # 404 for everyone else. The world's proposal waits for a decision, so "edit" redirects.
    "me/proposals/<int:pk>/": same(
        "404",
        "405",
        anonymous=("login", "405"),
        employee=("200", "405"),
        coordinator=("200", "405"),
    ),
    "me/proposals/<int:pk>/edit/": login_required("404", employee=("302", "302")),
    "me/proposals/<int:pk>/notes/": same(
        "302",
        "404",
        anonymous=("302", "login"),
        employee=("302", "200"),
        coordinator=("302", "200"),
    ),
    "me/proposals/<int:pk>/withdraw/": same(
        "302", "404", anonymous=("302", "login"), employee=("302", "302")
    ),
    # Meetings, calendars and personal settings (issue 3). Reads are public; the feeds' and the
    # e-mailed links' secret tokens are the credential (made for the member in example_url).
    "c/<str:slug>/meetings/<int:pk>/": same("200"),
    # Campus-wide meetings and their feeds (issue 14): public reads, no POST handling.
    "meetings/": same("200"),
    "meetings/calendar.ics": same("200"),
    "meetings/feed.atom": same("200"),
    "c/<str:slug>/meetings/<int:pk>/rsvp/": LOGGED_IN_ACTION,
    "c/<str:slug>/meetings/<int:pk>/meeting.ics": same("200"),
    "c/<str:slug>/calendar.ics": same("200"),
    "me/calendar/<str:token>.ics": same("200"),
    "me/settings/": login_required("200", "302"),
    "me/settings/calendar-reset/": LOGGED_IN_ACTION,
    "me/unsubscribe/<str:token>/": same("200"),
    # Leader tools (issue 3): the pk is a meeting of the community, or its pending membership.
    "c/<str:slug>/manage/": LEADER_PAGE,
    "c/<str:slug>/manage/page/": LEADER_PAGE,
    "c/<str:slug>/manage/people/": LEADER_PAGE,
    "c/<str:slug>/manage/people.csv": LEADER_PAGE,
    "c/<str:slug>/manage/people/<int:pk>/approve/": LEADER_ACTION,
    "c/<str:slug>/manage/people/<int:pk>/decline/": LEADER_ACTION,
    "c/<str:slug>/manage/people/<int:pk>/remove/": LEADER_ACTION,
    "c/<str:slug>/manage/people/<int:pk>/role/": LEADER_ACTION,
    "c/<str:slug>/manage/people/co-leaders/": LEADER_ACTION,
    "c/<str:slug>/manage/people/hand-over/": LEADER_ACTION,
    "c/<str:slug>/manage/messages/": LEADER_PAGE,
    "c/<str:slug>/manage/invitations/": LEADER_PAGE,
    "c/<str:slug>/manage/invitations/<int:pk>/revoke/": LEADER_ACTION,
    "c/<str:slug>/manage/invitations/<int:pk>/resend/": LEADER_ACTION,
    "c/<str:slug>/manage/meetings/new/": LEADER_PAGE,
    "c/<str:slug>/manage/meetings/series/new/": LEADER_PAGE,
    "c/<str:slug>/manage/meetings/<int:pk>/edit/": LEADER_PAGE,
    "c/<str:slug>/manage/meetings/<int:pk>/cancel/": LEADER_ACTION,
    "c/<str:slug>/manage/meetings/<int:pk>/restore/": LEADER_ACTION,
    "c/<str:slug>/manage/meetings/<int:pk>/attendance/": LEADER_PAGE,
    # Invitations (issue 13): the signed token is the claim. The world's invitation is for an
    # address no account has, so every signed-in role is told it is for another address (403);
    # making an account from it is for people who are not signed in (the others go back to it).
    "invitations/<str:token>/": same("403", anonymous=("200", "login")),
    "invitations/<str:token>/sign-up/": same("403", anonymous=("200", "200")),
    "invitations/<str:token>/opt-out/": same("200"),
    # Health (issue 6): the pulse link works without logging in (the signed token is the claim).
    "pulse/<str:token>/": same("200"),
    "c/<str:slug>/pulse/": LOGGED_IN_ACTION,
    "c/<str:slug>/health/": LEADER_PAGE,
    "c/<str:slug>/renewal/": LEADER_PAGE,
    "coordination/": COORDINATOR_PAGE,
    "coordination/communities.csv": COORDINATOR_PAGE,
    # Accounts (issue 7): deleting one's own account; SAML and OIDC, off by default.
    "me/delete/": login_required("200"),
    "saml2/login/": SSO_OFF,
    "saml2/acs/": SSO_OFF,
    "saml2/ls/": SSO_OFF,
    "saml2/ls/post/": SSO_OFF,
    "saml2/metadata/": SSO_OFF,
    "oidc/authenticate/": OIDC_OFF,
    "oidc/callback/": OIDC_OFF,
    "about/": same("200", "405"),
    "about/start/": same("200", "405"),
    "about/tips/": same("200", "405"),
    # Django auth, with the site's templates.
    "accounts/login/": same("200"),
    "accounts/logout/": same("302", "302"),
    "accounts/password_change/": login_required("200"),
    "accounts/password_change/done/": login_required("200", "405"),
    "accounts/password_reset/": same("200"),
    "accounts/password_reset/done/": same("200", "405"),
    "accounts/reset/<uidb64>/<token>/": same("200"),
    "accounts/reset/done/": same("200", "405"),
    # Django admin: coordinators only. Admin's login URL sends everyone to the site's log-in page.
    "admin/login/": same("login"),
    "admin/logout/": same("302", coordinator=("302", "302")),
    "admin/": ADMIN_ONLY,
    "admin/communities/proposal/": ADMIN_ONLY,
    "admin/communities/proposal/<path:object_id>/change/": ADMIN_ONLY,
    "admin/communities/proposal/<path:object_id>/history/": ADMIN_ONLY,
    "admin/communities/proposal/<path:object_id>/delete/": same(
        "admin-login", coordinator=("403", "403")
    ),
    "admin/communities/community/": ADMIN_ONLY,
    "admin/communities/community/<path:object_id>/delete/": same(
        "admin-login", coordinator=("403", "403")
    ),
    "admin/communities/emailmessagelog/": ADMIN_ONLY,
    # The CSV upload (issue 13): an empty POST is the form again, with its error.
    "admin/communities/community/import/": ADMIN_ONLY,
    "admin/auth/group/": same("admin-login", coordinator=("403", "403")),
    "admin/axes/accessattempt/": same("admin-login", coordinator=("403", "403")),
}

# Every other admin pattern: anyone but a coordinator is sent to log in (GET), and a coordinator
# never gets a server error. Listed in the matrix's output as "admin (rule)".
ADMIN_RULE_ROLES = ("anonymous", "employee", "leader")
ADMIN_RULE_COORDINATOR = {"200", "302", "403", "404", "405"}

# Values for the route parameters; ``None`` means "computed from the world" in the matrix.
STATIC_PARAMS = {
    "uidb64": "MQ",
    "token": "no-such-token",
    "content_type_id": "1",
    "id": "1",
}
# Regex patterns (admin's and simple-history's) with an example path for their groups.
REGEX_EXAMPLES = {
    r"^(?P<app_label>auth|axes|django_tasks_database|communities|accounts|health)/$": "communities/",
    r"(?P<url>.*)$": "no-such-admin-page/",
}
