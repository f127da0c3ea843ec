"""Leader tools under /c/<slug>/manage/ (URL names ``manage_*``): the page, people, messages and
meetings of one community. Every view starts with permissions.get_led_community: leaders and
co-leaders of that community and coordinators get in, other users get 403, anonymous users are
sent to log in, an unknown slug is 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..forms.base import add_service_errors
from ..forms.leader_tools import CoLeaderForm, CommunityPageForm, HandOverForm, MemberMessageForm
from ..forms.meetings import AttendanceForm, MeetingEditForm, MeetingForm, SeriesForm
from ..models import Meeting, Membership
from ..permissions import (
    get_hand_over_community,
    get_led_community,
    leads,
    may_hand_over,
    require_leads,
)
from ..ratelimit import rate_limit_exceeded, rate_limit_message
from ..selectors.communities import community_resources, sent_messages
from ..selectors.meetings import attendance_candidates, leader_meetings, present_user_ids
from ..selectors.people import pending_requests, roster, roster_csv
from ..services.communities import community_page_update
from ..services.meetings import (
    meeting_cancel,
    meeting_restore,
    meeting_schedule,
    meeting_update,
    series_schedule,
)
from ..services.member_messages import members_email
from ..services.memberships import (
    co_leader_add,
    leadership_hand_over,
    membership_approve,
    membership_decline,
    membership_remove,
    membership_set_role,
)
from ..services.rsvps import attendance_record


def _led_meeting(request, slug, pk):
    community = get_led_community(slug, request.user)
    meeting = get_object_or_404(
        Meeting.objects.select_related("community"), pk=pk, community=community
    )
    return community, meeting


def _done(request, text: str, to: str, slug: str):
    messages.success(request, text)
    return redirect(to, slug=slug)


@login_required
def manage(request, slug):
    """The leader's overview: pending requests, upcoming and recent meetings, links to the tools."""
    community = get_led_community(slug, request.user)
    upcoming, recent = leader_meetings(community, now=timezone.now())
    context = {
        "community": community,
        "pending_count": community.memberships.filter(state=Membership.State.PENDING).count(),
        "member_count": community.member_count,
        "upcoming": upcoming,
        "recent": recent,
    }
    return render(request, "communities/leader_tools/home.html", context)


@login_required
def manage_page(request, slug):
    """Edit the community page: summary, purpose (Markdown), category, cadence, links..."""
    community = get_led_community(slug, request.user)
    resources = community_resources(community)
    form = CommunityPageForm(request.POST or None, instance=community, resources=resources)
    if request.method == "POST" and form.is_valid():
        try:
            community_page_update(community=community, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The community page is updated.")
            return redirect(community)
    return render(
        request, "communities/leader_tools/page.html", {"community": community, "form": form}
    )


@login_required
def manage_people(request, slug):
    """Roster, pending requests, co-leaders and hand-over."""
    community = get_led_community(slug, request.user)
    context = {
        "community": community,
        "roster": roster(community),
        "pending": pending_requests(community),
        "co_leader_form": CoLeaderForm(),
        "hand_over_form": HandOverForm(community=community),
        "may_hand_over": may_hand_over(request.user, community),
    }
    return render(request, "communities/leader_tools/people.html", context)


def _people_action(request, slug, service, success: str, **kwargs):
    # The service checks the actor's role again, under the community's row lock: a leader removed
    # a moment ago by another leader gets 403 there (PermissionDenied), as they would here.
    community = get_led_community(slug, request.user)
    try:
        membership = service(community=community, actor=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = membership.user.get_full_name() or membership.user.get_username()
        messages.success(request, success.format(name=name))
    return redirect("communities:manage_people", slug=slug)


@require_POST
@login_required
def manage_approve(request, slug, pk):
    """POST: approve a pending join request (the requester is e-mailed)."""
    return _people_action(
        request,
        slug,
        membership_approve,
        "{name} is now a member.",
        membership_id=pk,
    )


@require_POST
@login_required
def manage_decline(request, slug, pk):
    """POST: decline a pending join request (the requester is e-mailed)."""
    return _people_action(
        request,
        slug,
        membership_decline,
        "You declined {name}'s request.",
        membership_id=pk,
    )


@require_POST
@login_required
def manage_remove(request, slug, pk):
    """POST: remove a member from the community."""
    return _people_action(
        request, slug, membership_remove, "{name} is no longer a member.",
        membership_id=pk,
    )  # fmt: skip


@require_POST
@login_required
def manage_role(request, slug, pk):
    """POST ``role=co_leader|member``: make a member co-leader, or a co-leader a member."""
    return _people_action(
        request, slug, membership_set_role, "{name}'s role is changed.",
        membership_id=pk, role=request.POST.get("role", ""),
    )  # fmt: skip


@require_POST
@login_required
def manage_co_leader_add(request, slug):
    """POST ``identifier``: make an existing user a co-leader."""
    get_led_community(slug, request.user)  # 403 before looking at the input
    form = CoLeaderForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a username or e-mail address.")
        return redirect("communities:manage_people", slug=slug)
    return _people_action(
        request, slug, co_leader_add, "{name} is now a co-leader.",
        identifier=form.cleaned_data["identifier"],
    )  # fmt: skip


@require_POST
@login_required
def manage_hand_over(request, slug):
    """POST ``membership``, ``stay_as_co_leader``: make another member the leader. The same form
    sent twice lands on a page saying it is done (the former leader may now be a plain member:
    then on the community page)."""
    community = get_hand_over_community(slug, request.user)
    form = HandOverForm(request.POST, community=community)
    if not form.is_valid():
        require_leads(request.user, community)  # a plain member's bad form: 403, as elsewhere
        messages.error(request, "Choose an active member to hand over to.")
        return redirect("communities:manage_people", slug=slug)
    try:
        membership, changed = leadership_hand_over(
            community=community, actor=request.user, membership_id=form.cleaned_data["membership"].pk,
            stay_as_co_leader=form.cleaned_data["stay_as_co_leader"],
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("communities:manage_people", slug=slug)
    name = membership.user.get_full_name() or membership.user.get_username()
    if changed:
        messages.success(request, f"{name} is now the leader.")
    else:
        messages.info(request, f"{name} is already the leader: leadership was handed over.")
    if leads(request.user, community):
        return redirect("communities:manage_people", slug=slug)
    return redirect(community)


@login_required
def manage_export(request, slug):
    """The roster as a CSV download that opens correctly in Excel."""
    community = get_led_community(slug, request.user)
    response = HttpResponse(roster_csv(community), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{community.slug}-members.csv"'
    return response


@login_required
def manage_email(request, slug):
    """Write to all members; earlier messages are listed below the form. Each leader may send
    settings.RATE_LIMITS["email_members"] (over it: 429, the form kept), on top of the
    community's MEMBER_MESSAGES_PER_DAY."""
    community = get_led_community(slug, request.user)
    form = MemberMessageForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(request.user, "email_members"):
            # The form comes back filled in: nothing the leader wrote is lost.
            form.add_error(
                None, ValidationError(rate_limit_message("email_members"), code="rate_limited")
            )
            status = 429
        else:
            return _send_members_email(request, community, form)
    return render(
        request,
        "communities/leader_tools/email.html",
        {"community": community, "form": form, "sent": sent_messages(community)},
        status=status,
    )


def _send_members_email(request, community, form):
    try:
        message = members_email(community=community, sender=request.user, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
    else:
        return _done(
            request,
            f"Sent to {message.recipient_count} members.",
            "communities:manage_email",
            community.slug,
        )
    return render(
        request,
        "communities/leader_tools/email.html",
        {"community": community, "form": form, "sent": sent_messages(community)},
    )


@login_required
def manage_meeting_new(request, slug):
    """Schedule a one-off meeting; members are e-mailed with the .ics."""
    community = get_led_community(slug, request.user)
    form = MeetingForm(request.POST or None, submit_label="Schedule the meeting")
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_schedule(community=community, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The meeting is scheduled and members are told.")
            return redirect(meeting)
    return render(
        request,
        "communities/leader_tools/meeting_form.html",
        {"community": community, "form": form, "heading": "Schedule a meeting"},
    )


@login_required
def manage_series_new(request, slug):
    """Schedule a recurring series (weekly, every N weeks, monthly on a weekday)."""
    community = get_led_community(slug, request.user)
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = series_schedule(
                community=community, created_by=request.user, frequency=data["frequency"],
                interval=data["interval"], count=data["count"], **form.service_kwargs(),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request, f"{series.count} meetings are scheduled.", "communities:manage", slug
            )
    return render(
        request,
        "communities/leader_tools/meeting_form.html",
        {"community": community, "form": form, "heading": "Schedule a recurring series"},
    )


@login_required
def manage_meeting_edit(request, slug, pk):
    """Edit a meeting, or it and the rest of its series."""
    community, meeting = _led_meeting(request, slug, pk)
    local = meeting.starts_at.astimezone(meeting.zone)
    initial = {
        "title": meeting.title, "day": local.date(), "start_time": local.time(),
        "end_time": meeting.ends_at.astimezone(local.tzinfo).time(), "timezone": meeting.timezone,
        "location": meeting.location, "online_url": meeting.online_url, "notes": meeting.notes,
        "capacity": meeting.capacity,
    }  # fmt: skip
    form = MeetingEditForm(request.POST or None, initial=initial, in_series=bool(meeting.series_id))
    if request.method == "POST" and form.is_valid():
        try:
            meeting_update(
                meeting=meeting,
                following=form.cleaned_data.get("scope") == "following",
                **form.service_kwargs(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The meeting is updated.")
            return redirect(meeting)
    context = {
        "community": community,
        "form": form,
        "meeting": meeting,
        "heading": f"Edit “{meeting.title}”",
    }
    return render(request, "communities/leader_tools/meeting_form.html", context)


@require_POST
@login_required
def manage_meeting_cancel(request, slug, pk):
    """POST: cancel a meeting (idempotent); members are e-mailed."""
    _, meeting = _led_meeting(request, slug, pk)
    meeting_cancel(meeting=meeting)
    messages.success(request, "The meeting is cancelled and members are told.")
    return redirect(meeting)


@require_POST
@login_required
def manage_meeting_restore(request, slug, pk):
    """POST: put a cancelled meeting back on (idempotent); members are e-mailed."""
    _, meeting = _led_meeting(request, slug, pk)
    meeting_restore(meeting=meeting)
    messages.success(request, "The meeting is on again and members are told.")
    return redirect(meeting)


@login_required
def manage_attendance(request, slug, pk):
    """After a meeting: tick who came."""
    community, meeting = _led_meeting(request, slug, pk)
    candidates = list(attendance_candidates(meeting))
    present = present_user_ids(meeting)
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,  # nobody ticked is an empty POST
        candidates=candidates,
        initial={"present": [str(p) for p in present]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = attendance_record(
                meeting=meeting, recorded_by=request.user, present_user_ids=form.present_ids()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Attendance saved: {count} present.")
            return redirect(meeting)
    return render(
        request,
        "communities/leader_tools/attendance.html",
        {"community": community, "meeting": meeting, "form": form},
    )
