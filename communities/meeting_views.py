"""Meeting pages, RSVP, calendar files and feeds, and the user's own settings. Thin views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import calendars
from .manage_forms import SettingsForm
from .models import Meeting, MeetingEmailOptOut, MemberSettings, Membership, Rsvp
from .permissions import MovedCommunity, get_visible_community, is_coordinator, membership_for
from .ratelimit import rate_limit_exceeded, rate_limit_message
from .selectors.meetings import series_pattern
from .services import preferences, rsvps


def _meeting(slug: str, pk: int) -> Meeting:
    """The meeting ``pk`` of community ``slug``; an old slug raises MovedCommunity, others 404."""
    community = get_visible_community(slug)
    return get_object_or_404(
        Meeting.objects.select_related("community", "series"), pk=pk, community=community
    )


def _viewer(request, meeting: Meeting) -> tuple[Membership | None, bool, bool]:
    """(membership, is_member, can_manage) of the request's user for the meeting's community."""
    membership = membership_for(request.user, meeting.community)
    is_member = membership is not None and membership.state == Membership.State.ACTIVE
    can_manage = is_coordinator(request.user) or (membership is not None and membership.is_leader)
    return membership, is_member, can_manage


def meeting_detail(request, slug, pk):
    """A meeting: its time in its own zone, place, agenda, who is going and the RSVP buttons.

    Everyone sees how many are going; members see who; the online link only members and leaders.
    """
    try:
        meeting = _meeting(slug, pk)
    except MovedCommunity as moved:
        return redirect(
            "communities:meeting_detail", slug=moved.community.slug, pk=pk, permanent=True
        )
    membership, is_member, can_manage = _viewer(request, meeting)
    answers = list(
        meeting.rsvps.exclude(status=Rsvp.Status.NO)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    going = [r for r in answers if r.status == Rsvp.Status.YES]
    context = {
        "meeting": meeting,
        "community": meeting.community,
        "membership": membership,
        "is_member": is_member,
        "can_manage": can_manage,
        "show_link": is_member or can_manage,
        "going": going,
        "waitlist": [r for r in answers if r.status == Rsvp.Status.WAITLIST],
        "places_left": None if meeting.capacity is None else max(meeting.capacity - len(going), 0),
        "my_rsvp": meeting.rsvps.filter(user=request.user).first() if is_member else None,
        "pattern": series_pattern(meeting.series) if meeting.series else "",
    }
    return render(request, "communities/meetings/detail.html", context)


@require_POST
@login_required
def meeting_rsvp(request, slug, pk):
    """POST ``answer=yes|no``: RSVP for a meeting (members only). Idempotent; rate limited per
    user (settings.RATE_LIMITS["rsvp"]), a repeated answer counting once: over it, a 429 page."""
    try:
        meeting = _meeting(slug, pk)
    except MovedCommunity as moved:
        meeting = get_object_or_404(Meeting, pk=pk, community=moved.community)
    going = request.POST.get("answer") == "yes"
    # Repeating the same answer to the same meeting (a double click) counts once.
    if rate_limit_exceeded(request.user, "rsvp", target=f"{meeting.pk}:{going}"):
        context = {"message": rate_limit_message("rsvp"), "back": meeting}
        return render(request, "429.html", context, status=429)
    try:
        rsvp = rsvps.rsvp_set(meeting=meeting, user=request.user, going=going)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = {
            Rsvp.Status.YES: "You are going. See you there!",
            Rsvp.Status.WAITLIST: "The meeting is full: you are on the waitlist and will move up "
            "if someone cancels.",
            Rsvp.Status.NO: "You are not going.",
        }[rsvp.status]
        messages.success(request, text)
    return redirect(meeting)


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=calendars.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_ics(request, slug, pk):
    """Download one meeting as .ics (with the online link for members and leaders)."""
    try:
        meeting = _meeting(slug, pk)
    except MovedCommunity as moved:
        meeting = get_object_or_404(Meeting, pk=pk, community=moved.community)
    _, is_member, can_manage = _viewer(request, meeting)
    return _ics(
        calendars.meeting_file(meeting, with_link=is_member or can_manage),
        f"meeting-{meeting.pk}.ics",
    )


def community_ics(request, slug):
    """The community's public feed (no online links)."""
    try:
        community = get_visible_community(slug)
    except MovedCommunity as moved:
        return redirect("communities:community_ics", slug=moved.community.slug, permanent=True)
    response = _ics(calendars.community_feed(community), f"{community.slug}.ics")
    response["Content-Disposition"] = "inline"
    return response


def personal_ics(request, token):
    """A user's personal feed at a secret URL; an unknown or reset token is 404."""
    found = MemberSettings.objects.select_related("user").filter(calendar_token=token).first()
    if found is None or not found.user.is_active:
        raise Http404("No such calendar.")
    response = _ics(calendars.personal_feed(found.user), "my-meetings.ics")
    response["Content-Disposition"] = "inline"
    return response


@login_required
def my_settings(request):
    """E-mail preferences (global and per community) and the personal calendar feed."""
    current = preferences.settings_for(request.user)
    muted = set(
        MeetingEmailOptOut.objects.filter(user=request.user).values_list("community_id", flat=True)
    )
    data = request.POST if request.method == "POST" else None  # an all-unticked form is empty
    form = SettingsForm(data, user=request.user)
    if not form.is_bound:
        form.initial = {
            "meeting_emails": current.meeting_emails,
            "communities": [c for c in form.fields["communities"].queryset if c.pk not in muted],
        }
    if request.method == "POST" and form.is_valid():
        preferences.meeting_emails_set(
            user=request.user,
            enabled=form.cleaned_data["meeting_emails"],
            muted_community_ids=form.muted_ids(),
        )
        messages.success(request, "Your settings are saved.")
        return redirect("communities:my_settings")
    feed = request.build_absolute_uri(
        reverse("communities:personal_ics", args=[current.calendar_token])
    )
    return render(request, "communities/me/settings.html", {"form": form, "feed_url": feed})


@require_POST
@login_required
def calendar_reset(request):
    """POST: give the user a new secret feed URL; the old one stops working."""
    preferences.calendar_token_reset(user=request.user)
    messages.success(
        request, "Your calendar link is new. Subscribe again with it: the old one no longer works."
    )
    return redirect("communities:my_settings")


# The signed token is the credential (links in e-mail, RFC 8058 one-click POSTs from mail apps),
# so the POST needs no CSRF cookie; it can only turn e-mails off for the token's own user.
@csrf_exempt
def unsubscribe(request, token):
    """GET: confirm page with one button; POST: stop meeting e-mails (one community or all)."""
    try:
        user, community = preferences.unsubscribe_target(token)
    except ValidationError as error:
        return render(
            request, "communities/me/unsubscribe.html", {"error": error.messages[0]}, status=400
        )
    done = False
    if request.method == "POST":
        preferences.unsubscribe_apply(token=token)
        done = True
    return render(
        request,
        "communities/me/unsubscribe.html",
        {"community": community, "done": done, "target": user},
    )
