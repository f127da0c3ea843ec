"""Proposing a community and following one's proposals (/propose/, /me/proposals/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..forms.proposals import ProposalForm
from ..models import Proposal
from ..ratelimit import rate_limit_exceeded, rate_limit_message
from ..selectors import me
from ..services import proposals


@login_required
def propose(request):
    """Propose a new community. Saved first; the e-mails follow and never fail the request."""
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(request.user, "propose"):
            # The form comes back filled in: nothing the user typed is lost.
            form.add_error(
                None, ValidationError(rate_limit_message("propose"), code="rate_limited")
            )
            return render(request, "communities/propose.html", {"form": form}, status=429)
        try:
            proposal = proposals.proposal_submit(proposer=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("communities:proposal_sent", pk=proposal.pk)
    return render(request, "communities/propose.html", {"form": form})


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
