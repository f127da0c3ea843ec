"""Invitations: the leader's page /c/<slug>/manage/invitations/ (invite, see, revoke, resend) and
the invited person's pages /invitations/<token>/ (see and accept; works before they have an
account), /invitations/<token>/sign-up/ (make a site account for the invited address and
accept) and /invitations/<token>/opt-out/ (never be invited again)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..forms.base import add_service_errors
from ..forms.invitations import InvitationForm, InvitationSignUpForm
from ..permissions import get_led_community
from ..ratelimit import rate_limit_message
from ..selectors.invitations import (
    PROBLEM_STATUS,
    account_exists,
    community_invitations,
    invitation_problem,
)
from ..services.invitations import (
    InvitationReport,
    invitation_accept,
    invitation_from_token,
    invitation_opt_out,
    invitation_resend,
    invitation_revoke,
    invitation_sign_up,
    invitations_send,
)

REPORTED = (
    ("invited", messages.SUCCESS, "Invited"),
    ("already_invited", messages.INFO, "Already invited (use Resend below)"),
    ("already_members", messages.INFO, "Already members"),
    ("duplicates", messages.INFO, "Given twice (invited once)"),
    ("opted_out", messages.WARNING, "Not invited: they asked never to be invited"),
)


def _report(request, report: InvitationReport) -> None:
    for name, level, label in REPORTED:
        addresses = getattr(report, name)
        if addresses:
            messages.add_message(request, level, f"{label}: {', '.join(addresses)}.")
    if report.rate_limited:
        messages.warning(
            request,
            f"Not invited yet: {', '.join(report.rate_limited)}. {rate_limit_message('invite')}",
        )


@login_required
def manage_invitations(request, slug):
    """Invite people by e-mail address; every invitation of the community is listed below."""
    community = get_led_community(slug, request.user)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = invitations_send(community=community, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _report(request, report)
            return redirect("communities:manage_invitations", slug=slug)
    context = {
        "community": community,
        "form": form,
        "invitations": community_invitations(community, now=timezone.now()),
        "days": settings.INVITATION_DAYS,
    }
    return render(request, "communities/leader_tools/invitations.html", context)


def _invitation_action(request, slug, pk, service):
    # The service checks the actor's role again under the community's row lock.
    community = get_led_community(slug, request.user)
    try:
        result = service(community=community, invitation_id=pk, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    return result


@require_POST
@login_required
def manage_invitation_revoke(request, slug, pk):
    """POST: withdraw an invitation (idempotent); its link stops working."""
    invitation = _invitation_action(request, slug, pk, invitation_revoke)
    if invitation is not None:
        messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect("communities:manage_invitations", slug=slug)


@require_POST
@login_required
def manage_invitation_resend(request, slug, pk):
    """POST: e-mail an invitation again with a new expiry (a double click sends one e-mail)."""
    result = _invitation_action(request, slug, pk, invitation_resend)
    if result is not None:
        invitation, sent = result
        text = "sent again" if sent else "was sent a moment ago; nothing more was sent"
        messages.success(request, f"The invitation to {invitation.email} {text}.")
    return redirect("communities:manage_invitations", slug=slug)


def _problem(request, error: ValidationError, invitation=None):
    return render(
        request,
        "communities/invitations/problem.html",
        {"error": error.messages[0], "code": error.code, "invitation": invitation},
        status=PROBLEM_STATUS.get(error.code, 400),
    )


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """GET: the community, who invited whom and their note; signed in with the invited address,
    an Accept button, else a way to sign in that comes back here. POST: accept (sign-in needed).
    A forged, used, revoked or expired link, or another person's account: a page saying so."""
    try:
        found = invitation_from_token(token)
    except ValidationError as error:
        return _problem(request, error)
    problem = invitation_problem(found, request.user, now=timezone.now())
    if problem is not None:
        return _problem(request, problem, found)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            return _problem(request, error, found)
        messages.success(request, f"Welcome: you are now in {found.community.name}.")
        return redirect(found.community)
    may_sign_up = (
        not request.user.is_authenticated
        and settings.INVITATION_SIGN_UP
        and not account_exists(found.email)
    )
    return render(
        request,
        "communities/invitations/invitation.html",
        {"invitation": found, "may_sign_up": may_sign_up, "token": token},
    )


@require_http_methods(["GET", "POST"])
def invitation_sign_up_view(request, token):
    """For an invited person with no account: make a site account for the invited address and
    accept in one step, then they are signed in. Signed-in people and addresses that have an
    account go back to the invitation page; a bad link is the same clear page as there."""
    if not settings.INVITATION_SIGN_UP:
        raise Http404("Accounts are not made here.")
    try:
        found = invitation_from_token(token)
    except ValidationError as error:
        return _problem(request, error)
    problem = invitation_problem(found, request.user, now=timezone.now())
    if problem is not None:
        return _problem(request, problem, found)
    if request.user.is_authenticated or account_exists(found.email):
        return redirect("communities:invitation", token=token)
    form = InvitationSignUpForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, _ = invitation_sign_up(
                token=token, first_name=data["first_name"], last_name=data["last_name"],
                password=data["password1"],
            )  # fmt: skip
        except ValidationError as error:
            return _problem(request, error, found)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, f"Welcome: your account is made and you are in {found.community.name}."
        )
        return redirect(found.community)
    return render(
        request,
        "communities/invitations/sign_up.html",
        {"invitation": found, "form": form, "token": token},
    )


# The signed token is the credential (RFC 8058 one-click POSTs from mail apps carry no CSRF
# cookie); it can only stop invitations to the address the invitation was sent to.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def invitation_opt_out_view(request, token):
    """GET: a page with one button; POST: never invite this address again (idempotent)."""
    try:
        found = invitation_from_token(token)
    except ValidationError as error:
        return _problem(request, error)
    done = False
    if request.method == "POST":
        invitation_opt_out(token=token)
        done = True
    return render(
        request, "communities/invitations/opt_out.html", {"invitation": found, "done": done}
    )
