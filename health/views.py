"""Pages: the pulse (by e-mailed link or from the community page), a community's health for its
leaders, the yearly renewal form, and the coordinator's dashboard with its CSV export."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from communities.models import Community, Meeting
from communities.permissions import (
    MovedCommunity,
    get_led_community,
    get_visible_community,
    is_coordinator,
)

from . import services
from .dashboard import csv_rows, dashboard_context
from .forms import PulseForm, RenewalForm
from .models import PulseAnswer
from .selectors import health_parts, health_summary, with_health
from .tokens import pulse_token_read


def pulse(request, token):
    """The pulse page behind the e-mailed link: works without logging in, once per member and
    meeting. A forged or malformed link is 400, an expired one 410; nothing else is revealed."""
    try:
        claim = pulse_token_read(token)
    except signing.SignatureExpired:
        return render(request, "health/pulse_closed.html", {"reason": "expired"}, status=410)
    except signing.BadSignature:
        return render(request, "health/pulse_closed.html", {"reason": "invalid"}, status=400)
    meeting = Meeting.objects.select_related("community").filter(pk=claim.meeting_id).first()
    if (
        meeting is None
        or meeting.cancelled
        or meeting.community.status == Community.Status.ARCHIVED
    ):
        return render(request, "health/pulse_closed.html", {"reason": "closed"}, status=410)
    if PulseAnswer.objects.filter(meeting=meeting, user_id=claim.user_id).exists():
        return render(request, "health/pulse_done.html", {"meeting": meeting})
    form = PulseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pulse_answer_meeting(claim=claim, **form.cleaned_data)
        except ValidationError as error:
            if error.code != "already_answered":
                form.add_error(None, error)
                return render(request, "health/pulse.html", {"form": form, "meeting": meeting})
        return redirect("health:pulse", token=token)
    return render(request, "health/pulse.html", {"form": form, "meeting": meeting})


@require_POST
@login_required
def pulse_give(request, slug):
    """POST from the community page: an active member's pulse at any time."""
    try:
        community = get_visible_community(slug)
    except MovedCommunity as moved:
        community = moved.community
    form = PulseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Your pulse was not saved: choose a value from 1 to 5.")
        return redirect(community)
    try:
        services.pulse_give(user=request.user, community=community, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Thank you: your pulse reaches the leaders without your name.")
    return redirect(community)


@login_required
def community_health(request, slug):
    """A community's health, pulse and renewal, for its leaders and coordinators (403 others)."""
    community = get_led_community(slug, request.user)
    community = with_health(Community.objects.filter(pk=community.pk)).get()
    parts = health_parts(community)
    label, level = health_summary(parts)
    return render(
        request,
        "health/community_health.html",
        {
            "community": community,
            "parts": parts,
            "health_label": label,
            "health_level": level,
            "renewal": services.renewal_open(community),
        },
    )


@login_required
def renewal(request, slug):
    """The yearly renewal form for a community's leaders (and coordinators)."""
    community = get_led_community(slug, request.user)
    open_renewal = services.renewal_open(community)
    initial = {
        "description": community.description or community.summary,
        "meeting_cadence": community.meeting_cadence,
    }
    form = RenewalForm(request.POST or None, initial=initial)
    if request.method == "POST" and open_renewal and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "leaders_confirmed"}
        try:
            services.renewal_confirm(community=community, user=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Thank you: {community} is renewed for this year.")
            return redirect("health:community", slug=community.slug)
    leaders = community.memberships.leaders().select_related("user").by_rank("joined_at")
    return render(
        request,
        "health/renewal.html",
        {
            "community": community,
            "form": form,
            "renewal": open_renewal,
            "leaders": leaders,
            "last": community.renewals.exclude(confirmed_at=None).first(),
        },
    )


def _coordinator_only(request) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied("The dashboard is for coordinators.")


@login_required
def dashboard(request):
    """The coordinator's dashboard (coordinators only; 403 for other users)."""
    _coordinator_only(request)
    return render(request, "health/dashboard.html", dashboard_context())


class _Echo:
    def write(self, value):
        return value


@login_required
def dashboard_csv(request):
    """The dashboard's community table as CSV, every community and every health part."""
    _coordinator_only(request)
    writer = csv.writer(_Echo())
    stamp = timezone.localdate().isoformat()
    return StreamingHttpResponse(
        (writer.writerow(row) for row in csv_rows(settings.SITE_URL)),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="communities-{stamp}.csv"'},
    )
