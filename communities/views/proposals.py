"""Proposing a community and following one's proposals (/propose/, /me/proposals/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from ..forms.base import add_service_errors
from ..forms.proposals import ProposalForm, ProposalNoteForm, ProposalRevisionForm
from ..models import Proposal
from ..permissions import is_coordinator
from ..ratelimit import rate_limit_exceeded, rate_limit_message
from ..selectors import me
from ..selectors.similar import NAME_LIMIT, similar_names
from ..services import proposals


@login_required
def propose(request):
    """Propose a new community. Saved first; the e-mails follow and never fail the request.

    When communities or open proposals with a similar name exist (selectors.similar), the first
    submit shows them instead ("did you mean ... ?"); sending the same name again passes.
    """
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        similar = [] if form.passed_similar() else similar_names(form.cleaned_data["name"])
        if similar:
            data = request.POST.copy()
            data["distinct_from"] = form.cleaned_data["name"]
            form = ProposalForm(data)
            form.is_valid()
            form.ask_to_confirm()
            context = {"form": form, **_public_matches(similar), "similar_step": True}
            return render(request, "communities/propose.html", context)
        if rate_limit_exceeded(request.user, "propose"):
            # The form comes back filled in: nothing the user typed is lost.
            form.add_error(
                None, ValidationError(rate_limit_message("propose"), code="rate_limited")
            )
            return render(request, "communities/propose.html", {"form": form}, status=429)
        try:
            proposal = proposals.proposal_submit(proposer=request.user, **form.proposal_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("communities:proposal_sent", pk=proposal.pk)
    return render(request, "communities/propose.html", {"form": form})


def _public_matches(similar: list) -> dict:
    """What a proposer may see of the similar names: communities (with their pages) and only how
    many open proposals match (those belong to other people and have no page)."""
    return {
        "similar_communities": [match for match in similar if match.community],
        "similar_proposals": sum(1 for match in similar if match.proposal),
    }


@require_GET
@login_required
def propose_similar(request):
    """GET ``name``: the similar-names list as an HTML fragment, for the propose form's script
    (static/js/similar-names.js). Rate limited (429 with an empty body when over)."""
    if rate_limit_exceeded(request.user, "similar_names"):
        return HttpResponse("", status=429)
    similar = similar_names(request.GET.get("name", "")[:NAME_LIMIT])
    context = _public_matches(similar)
    return render(request, "communities/includes/similar_names.html", context)


@login_required
def proposal_sent(request, pk):
    """Confirmation after proposing; only the proposer sees it (404 for anyone else)."""
    proposal = get_object_or_404(Proposal, pk=pk, proposer=request.user)
    return render(request, "communities/proposal_sent.html", {"proposal": proposal})


@login_required
def my_proposals(request):
    """The user's proposals and what became of them."""
    context = {"proposals": me.my_proposals(request.user)}
    return render(request, "communities/my_proposals.html", context)


@require_POST
@login_required
def proposal_withdraw(request, pk):
    """POST: the proposer withdraws a proposal still waiting for a decision."""
    proposal = get_object_or_404(Proposal, pk=pk, proposer=request.user)
    try:
        proposals.proposal_withdraw(proposal=proposal, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You withdrew “{proposal.name}”.")
    return redirect("communities:my_proposals")


def _proposal_for(user, pk: int) -> Proposal:
    """The proposal, for its proposer or a coordinator; 404 for anyone else (no hint it exists)."""
    proposals_seen = Proposal.objects.select_related("proposer", "community")
    if not is_coordinator(user):
        proposals_seen = proposals_seen.filter(proposer=user)
    return get_object_or_404(proposals_seen, pk=pk)


def _detail(request, proposal: Proposal, note_form: ProposalNoteForm, status: int = 200):
    context = {
        "proposal": proposal,
        "notes": me.proposal_notes(proposal),
        "note_form": note_form,
        "is_proposer": proposal.proposer_id == request.user.pk,
    }
    return render(request, "communities/proposal_detail.html", context, status=status)


@require_GET
@login_required
def proposal_detail(request, pk):
    """One proposal with its thread of notes (the proposer and coordinators only)."""
    return _detail(request, _proposal_for(request.user, pk), ProposalNoteForm())


@require_POST
@login_required
def proposal_note(request, pk):
    """POST ``body``: add a note to the proposal's thread; the other side is e-mailed."""
    proposal = _proposal_for(request.user, pk)
    form = ProposalNoteForm(request.POST)
    if form.is_valid():
        try:
            proposals.proposal_note_add(
                proposal=proposal, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your note is added; the other side is told by e-mail.")
            return redirect(proposal)
    return _detail(request, proposal, form)


@login_required
def proposal_edit(request, pk):
    """The proposer revises a proposal a coordinator sent back, and sends it again."""
    proposal = get_object_or_404(Proposal, pk=pk, proposer=request.user)
    if proposal.status != Proposal.Status.CHANGES_REQUESTED:
        messages.info(request, "This proposal is not waiting for changes.")
        return redirect(proposal)
    form = ProposalRevisionForm(request.POST or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            proposals.proposal_revise(
                proposal=proposal,
                user=request.user,
                note=form.cleaned_data["note"],
                **form.proposal_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{proposal.name}” is sent again to the coordinators.")
            return redirect(proposal)
    return render(request, "communities/proposal_edit.html", {"form": form, "proposal": proposal})
