"""The pages every benchmark visits, and the people visiting them (call after django.setup()).

Add a page by appending to ``PAGES``: a name, who looks at it, and a function returning its path
(or None when this branch does not have that page yet, e.g. meeting pages before they merge).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse

COORDINATOR = "bench-coordinator"
AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass
class Page:
    name: str
    path: str
    who: str  # "anonymous", "member" or "coordinator"
    directory: bool = False  # counts toward the directory targets


def _url(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


class Fixture:
    """Picks the busiest objects of the database, so the pages show the most data there is."""

    def __init__(self):
        from communities.models import Community, Meeting, Membership

        self.big = Community.objects.listed().with_stats().order_by("-member_count", "pk").first()
        self.member = (
            get_user_model()
            .objects.annotate(n=Count("memberships", filter=Q(memberships__state="active")))
            .order_by("-n", "pk")
            .first()
        )
        self.member_community = (
            Community.objects.filter(memberships__user=self.member, memberships__state="active")
            .with_stats()
            .order_by("-member_count", "pk")
            .first()
        )
        self.meeting = (
            Meeting.objects.filter(community=self.big)
            .upcoming()
            .annotate(n=Count("rsvps"))
            .order_by("-n", "pk")
            .first()
        )
        self.coordinator = self._coordinator()
        self.memberships = Membership.objects.filter(user=self.member, state="active").count()

    def _coordinator(self):
        from communities.permissions import COORDINATORS_GROUP

        user, _ = get_user_model().objects.get_or_create(
            username=COORDINATOR, defaults={"is_staff": True, "email": "bench@example.edu"}
        )
        user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
        return user

    def user(self, who):
        return {"member": self.member, "coordinator": self.coordinator}.get(who)

    def personal_feed(self):
        try:
            from communities.services.preferences import settings_for
        except ImportError:
            return None
        return _url("communities:personal_ics", token=settings_for(self.member).calendar_token)

    def pages(self) -> list[Page]:
        big, mine, meeting = self.big.slug, self.member_community.slug, self.meeting
        campus = _url("communities:meeting_list")
        candidates = [
            Page("directory", "/", "anonymous", True),
            Page("directory, search", "/?q=accessibility+community", "anonymous", True),
            Page("directory, typo search", "/?q=acessibility", "anonymous", True),
            Page("directory, filter", "/?kind=community&meeting_format=virtual", "anonymous", True),
            Page("directory, page 50", "/?page=50", "anonymous", True),
            Page("directory, logged in", "/", "member", True),
            Page("community page", _url("communities:detail", slug=big), "anonymous"),
            Page("community page, member", _url("communities:detail", slug=mine), "member"),
            Page("my communities", _url("communities:my_communities"), "member"),
            Page("admin proposal list", "/admin/communities/proposal/", "coordinator"),
            Page(
                "meeting page",
                meeting and _url("communities:meeting_detail", slug=big, pk=meeting.pk),
                "member",
            ),
            Page(
                "meeting ICS",
                meeting and _url("communities:meeting_ics", slug=big, pk=meeting.pk),
                "anonymous",
            ),
            Page("community ICS", _url("communities:community_ics", slug=big), "anonymous"),
            Page("personal ICS", self.personal_feed(), "anonymous"),
            Page("campus meetings", campus, "anonymous"),
            Page(
                "campus meetings, filtered",
                campus and campus + "?meeting_format=virtual&period=month",
                "anonymous",
            ),
            Page("campus meetings, logged in", campus, "member"),
            Page("campus meetings ICS", _url("communities:campus_ics"), "anonymous"),
            Page("campus meetings Atom", _url("communities:meeting_list_atom"), "anonymous"),
        ]
        return [page for page in candidates if page.path]


def session_cookie(user) -> str:
    """A stored session logging ``user`` in, as the login view would make; returns its key."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = AUTH_BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key
