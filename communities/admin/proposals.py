"""Admin for proposals (approve, decline, request changes, with similar names shown) and offers to lead."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from ..models import (
    LeadOffer,
    Proposal,
    ProposalNote,
)
from ..selectors.similar import similar_names
from ..services.communities import (
    community_name_check,
)
from ..services.lead_offers import lead_offer_accept, lead_offer_decline
from ..services.proposals import proposal_approve, proposal_decline, proposal_request_changes


class ProposalAdminForm(forms.ModelForm):
    """Admin's proposal form: a changed name follows the one name rule
    (services.communities.community_name_check), as on the proposal form, so a coordinator's edit
    cannot store a name the site would refuse. An unchanged name is left alone: an approved
    proposal's name is its own community's, which the check would call taken."""

    class Meta:
        model = Proposal
        fields = [
            "name", "kind", "category", "purpose", "audience", "proposed_co_leaders",
            "intended_cadence", "intended_format", "coordinator_note",
        ]  # fmt: skip

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if self.instance.pk and name == self.instance.name:
            return name
        return community_name_check(name)


class DecisionForm(forms.Form):
    note = forms.CharField(
        label="Note to the proposer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="Sent with the decision and shown under “My proposals”.",
    )


def similar_names_html(proposal: Proposal) -> str:
    """Communities (any status) and other open proposals with a name like ``proposal``'s, as an
    HTML list with links (the community's page, the other proposal's admin page), for the
    coordinator deciding on it (selectors.similar)."""
    matches = [
        match
        for match in similar_names(proposal.name, exclude_proposal=proposal)
        if match.community is None or match.community.pk != proposal.community_id
    ]
    if not matches:
        return format_html("{}", "No community or open proposal has a similar name.")
    rows = []
    for match in matches:
        if match.community:
            what = f"community, {match.community.get_status_display().lower()}"
            url = match.community.get_absolute_url()
        else:
            what = "another open proposal"
            url = reverse("admin:communities_proposal_change", args=[match.proposal.pk])
        rows.append((url, match.name, what, f"{match.score:.0%}"))
    items = format_html_join("", '<li><a href="{}">{}</a> ({}; {} alike)</li>', rows)
    return format_html('<ul class="similar-names">{}</ul>', items)


class ProposalNoteInline(admin.TabularInline):
    """The thread, read-only here: notes are written on the proposal's page (services send the
    e-mails)."""

    model = ProposalNote
    fields = ["created_at", "author", "from_coordinator", "body"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    form = ProposalAdminForm
    list_display = ["name", "proposer", "status", "created_at", "decided_by", "community"]
    list_filter = ["status", "kind", "intended_format"]
    search_fields = ["name", "purpose", "audience", "proposer__username", "proposer__email"]
    date_hierarchy = "created_at"
    list_select_related = ["proposer", "decided_by", "community"]
    readonly_fields = [
        "proposer",
        "status",
        "decided_by",
        "decided_at",
        "community",
        "created_at",
        "similar",
        "thread",
    ]
    actions = ["approve", "request_changes", "decline"]
    inlines = [ProposalNoteInline]

    @admin.display(description="Notes")
    def thread(self, proposal: Proposal) -> str:
        if not proposal.pk:
            return "-"
        return format_html(
            '<a href="{}">Read the thread and add a note</a> (the proposer is e-mailed)',
            proposal.get_absolute_url(),
        )

    @admin.display(description="Similar names")
    def similar(self, proposal: Proposal) -> str:
        return similar_names_html(proposal) if proposal.pk else "-"

    def _decide(self, request, queryset, *, verb, service, done_status, done, success):
        """Ask for a note on an intermediate page, then apply ``service`` to each proposal.
        ``verb`` names the action ("approve"), ``done`` the state ("approved"), ``success``
        starts the message ("Approved")."""
        form = DecisionForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/communities/proposal/decide.html",
                {
                    **self.admin_site.each_context(request),
                    "title": f"{verb.capitalize()} proposals",
                    "verb": verb,
                    "action": request.POST.get("action"),
                    "proposals": [(p, similar_names_html(p)) for p in queryset],
                    "form": form,
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for proposal in queryset:
            if proposal.status == done_status:
                self.message_user(
                    request,
                    f"“{proposal.name}” was already {done}; nothing changed.",
                    messages.INFO,
                )
                continue
            try:
                service(proposal=proposal, coordinator=request.user, note=form.cleaned_data["note"])
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, f"{success} “{proposal.name}”.", messages.SUCCESS)
        return None

    @admin.action(
        description="Approve selected proposals (creates the communities)", permissions=["change"]
    )
    def approve(self, request, queryset):
        return self._decide(
            request, queryset, verb="approve", service=proposal_approve,
            done_status=Proposal.Status.APPROVED, done="approved", success="Approved",
        )  # fmt: skip

    @admin.action(description="Decline selected proposals", permissions=["change"])
    def decline(self, request, queryset):
        return self._decide(
            request, queryset, verb="decline", service=proposal_decline,
            done_status=Proposal.Status.DECLINED, done="declined", success="Declined",
        )  # fmt: skip

    @admin.action(
        description="Request changes to selected proposals (with a note)", permissions=["change"]
    )
    def request_changes(self, request, queryset):
        return self._decide(
            request, queryset, verb="request changes to", service=proposal_request_changes,
            done_status=Proposal.Status.CHANGES_REQUESTED, done="sent back for changes",
            success="Requested changes to",
        )  # fmt: skip


@admin.register(LeadOffer)
class LeadOfferAdmin(admin.ModelAdmin):
    """Offers to lead communities seeking a leader: coordinators accept or decline them with the
    actions (services.lead_offers); the rows themselves are not edited."""

    list_display = ["community", "user", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["community__name", "user__username", "user__email", "note"]
    list_select_related = ["community", "user", "decided_by"]
    readonly_fields = [
        "community",
        "user",
        "note",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
    ]
    actions = ["accept", "decline"]

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, service, verb: str) -> None:
        for offer in queryset.select_related("community", "user"):
            try:
                service(offer=offer, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{offer}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request, f"{verb} {offer.user}'s offer to lead “{offer.community}”."
                )

    @admin.action(description="Accept: make the person the leader", permissions=["change"])
    def accept(self, request, queryset):
        self._decide(request, queryset, lead_offer_accept, "Accepted")

    @admin.action(description="Decline selected offers", permissions=["change"])
    def decline(self, request, queryset):
        self._decide(request, queryset, lead_offer_decline, "Declined")
