"""A signed-in person's own pages: my communities and meetings, e-mail and calendar settings,
and the one-click unsubscribe page behind the links in meeting e-mails (/me/...)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..forms.base import add_service_errors
from ..forms.me import SettingsForm
from ..selectors import me
from ..selectors.people import listed_community_ids
from ..services import me as me_services
from ..services import preferences


@login_required
def my_communities(request):
    """The communities the user belongs to, leads, or has asked to join."""
    memberships, upcoming = me.my_communities(request.user)
    return render(
        request,
        "communities/my_communities.html",
        {"memberships": memberships, "meetings": upcoming},
    )


@login_required
def my_settings(request):
    """E-mail preferences (global and per community, the weekly digest), what fellow members see
    (the "ask me about" line, which members pages list me) and the personal calendar feed."""
    current = preferences.settings_for(request.user)
    data = request.POST if request.method == "POST" else None  # an all-unticked form is empty
    form = SettingsForm(data, user=request.user)
    if not form.is_bound:
        form.initial = _settings_initial(request.user, current, form)
    if request.method == "POST" and form.is_valid():
        try:
            me_services.my_settings_save(
                user=request.user,
                meeting_emails=form.cleaned_data["meeting_emails"],
                muted_community_ids=form.muted_ids(),
                member_digest=form.cleaned_data["member_digest"],
                ask_me_about=form.cleaned_data["ask_me_about"],
                listed_community_ids={c.pk for c in form.cleaned_data["listed_in"]},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your settings are saved.")
            return redirect("communities:my_settings")
    feed = request.build_absolute_uri(
        reverse("communities:personal_ics", args=[current.calendar_token])
    )
    return render(request, "communities/me/settings.html", {"form": form, "feed_url": feed})


def _settings_initial(user, current, form) -> dict:
    muted = me.muted_community_ids(user)
    listed = listed_community_ids(user)
    mine = list(form.fields["communities"].queryset)
    return {
        "meeting_emails": current.meeting_emails,
        "member_digest": current.member_digest,
        "ask_me_about": current.ask_me_about,
        "communities": [c for c in mine if c.pk not in muted],
        "listed_in": [c for c in mine if c.pk in listed],
    }


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
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET: confirm page with one button; POST: stop e-mails from one community, from all, or
    the weekly digest (whichever the signed token names)."""
    try:
        user, community, kind = preferences.unsubscribe_target(token)
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
        {"community": community, "done": done, "target": user, "kind": kind},
    )
