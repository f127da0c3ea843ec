"""Django admin for coordinators: proposals (approve / decline), communities (archive / restore),
offers to lead (accept / decline), e-mail log, meetings and messages."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from . import admin_invitations  # noqa: F401  (registers the invitation admins)
from .admin_import import community_import_view
from .forms.base import use_category_picker
from .models import (
    Community,
    EmailMessageLog,
    FormerSlug,
    LeadOffer,
    Meeting,
    MeetingSeries,
    MemberMessage,
    Membership,
    Proposal,
    ProposalNote,
)
from .recurrence import wall_clock
from .selectors.similar import similar_names
from .services.communities import (
    community_archive,
    community_create,
    community_name_check,
    community_restore,
    community_update,
)
from .services.lead_offers import lead_offer_accept, lead_offer_decline
from .services.memberships import membership_admin_save
from .services.notifications import email_deliver
from .services.proposals import proposal_approve, proposal_decline, proposal_request_changes


class LabelledSplitDateTime(AdminSplitDateTime):
    """Django's split date and time inputs, each with an accessible name (they share one label)."""

    def __init__(self, label: str, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = f"{label}: date"
        self.widgets[1].attrs["aria-label"] = f"{label}: time"


class WallClockSplitDateTimeField(forms.SplitDateTimeField):
    """A date and a time typed in the site's time zone (settings.TIME_ZONE), as an aware datetime.

    Read by recurrence.wall_clock, the one rule for local times: a time that occurs twice is its
    first occurrence; one skipped when the clocks go forward, or a date outside 2000..2100, is
    refused with a message next to the field.
    """

    def compress(self, data_list):
        """``[date, time]`` → aware datetime, or None when both are empty.

        Raises ValidationError for a missing part, a time that does not exist that day or a date
        out of range.
        """
        if data_list and not any(part in self.empty_values for part in data_list):
            return wall_clock(*data_list, timezone.get_current_timezone())
        return super().compress(data_list)


class LabelledDateTimesMixin:
    """Admin date-times: split inputs that each have an accessible name, read in the site's zone
    even in the hour that happens twice (WallClockSplitDateTimeField)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField) and db_field.editable:
            kwargs["widget"] = LabelledSplitDateTime(str(db_field.verbose_name).capitalize())
            kwargs["form_class"] = WallClockSplitDateTimeField
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CommunityAdminForm(forms.ModelForm):
    """Admin's community form: the name rule (services.communities.community_name_check) gives
    its errors next to the name field, before the service is called."""

    class Meta:
        model = Community
        fields = [
            "name", "kind", "category", "summary", "description", "meeting_cadence",
            "meeting_format", "usual_location", "membership_policy", "joining_instructions",
            "host_unit", "external_url", "status",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_category_picker(self)

    def clean_name(self) -> str:
        return community_name_check(self.cleaned_data["name"], exclude=self.instance)


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


class CategoryFilter(admin.SimpleListFilter):
    """The categories in use, without the empty one (a filter link needs visible text)."""

    title = "category"
    parameter_name = "category"

    def lookups(self, request, model_admin):
        categories = (
            Community.objects.exclude(category="")
            .order_by("category")
            .values_list("category", flat=True)
            .distinct()
        )
        return [(c, c) for c in categories] + [("-", "No category")]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(category="" if self.value() == "-" else self.value())


# Stacked, not tabular: a tabular inline's inputs have column headers but no <label> (WCAG 1.3.1).
class MembershipInline(LabelledDateTimesMixin, admin.StackedInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "state", "joined_at", "left_at"]
    readonly_fields = ["joined_at", "left_at"]
    autocomplete_fields = ["user"]
    show_change_link = True

    def has_delete_permission(self, request, obj=None):
        return False  # a membership is history: set its state to "left" instead


class MembershipChangesThroughService:
    """A coordinator's membership change in admin is saved by services.memberships (the rules
    every other path follows: seats released when a membership ends, the coordinators told when
    a community is left without a leader). The admin form has already run the model's checks."""

    def _save_membership(self, request, membership: Membership) -> None:
        membership_admin_save(membership=membership)


class MeetingInline(LabelledDateTimesMixin, admin.StackedInline):
    model = Meeting
    extra = 0
    fields = ["title", "starts_at", "ends_at", "location", "cancelled"]
    ordering = ["-starts_at"]


class FormerSlugInline(admin.TabularInline):
    model = FormerSlug
    extra = 0
    readonly_fields = ["slug", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Community)
class CommunityAdmin(MembershipChangesThroughService, SimpleHistoryAdmin):
    form = CommunityAdminForm
    list_display = ["name", "kind", "category", "status", "membership_policy", "meeting_format"]
    list_filter = ["status", "kind", "meeting_format", "membership_policy", CategoryFilter]
    search_fields = ["name", "summary", "description", "category", "host_unit"]
    readonly_fields = ["slug", "source_url", "created_at", "updated_at"]
    inlines = [MembershipInline, MeetingInline, FormerSlugInline]
    date_hierarchy = "created_at"
    actions = ["archive_communities", "restore_communities"]
    change_list_template = "admin/communities/community/change_list.html"  # "Import a CSV" link

    def get_urls(self):
        view = self.admin_site.admin_view(partial(community_import_view, self))
        return [
            path("import/", view, name="communities_community_import"),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        # Through the service, so names stay unique and a rename keeps the old URL redirecting.
        data = {
            name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data
        }
        if change:
            fresh = Community.objects.get(pk=obj.pk)
            community_update(community=fresh, **data)
            obj.slug = fresh.slug
        else:
            created = community_create(**form.cleaned_data)
            obj.pk, obj.slug = created.pk, created.slug
            obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        for membership in formset.save(commit=False):
            self._save_membership(request, membership)
        return None

    @admin.action(
        description="Archive selected communities (pages stay readable)", permissions=["change"]
    )
    def archive_communities(self, request, queryset):
        archived = sum(community_archive(community=c) for c in queryset)
        self.message_user(
            request,
            f"Archived {archived} communit{'y' if archived == 1 else 'ies'}; they left the "
            "directory and their pages and history are kept. Use “Restore” to bring one back.",
            messages.SUCCESS,
        )

    @admin.action(description="Restore selected archived communities", permissions=["change"])
    def restore_communities(self, request, queryset):
        for community in queryset:
            status = community_restore(community=community)
            if status is None:
                self.message_user(request, f"“{community}” was not archived.", messages.WARNING)
            else:
                self.message_user(request, f"Restored “{community}” as {status}.", messages.SUCCESS)


@admin.register(Membership)
class MembershipAdmin(MembershipChangesThroughService, LabelledDateTimesMixin, SimpleHistoryAdmin):
    list_display = ["user", "community", "role", "state", "joined_at"]
    list_filter = ["role", "state"]
    search_fields = ["user__username", "user__email", "user__last_name", "community__name"]
    autocomplete_fields = ["user", "community"]
    list_select_related = ["user", "community"]

    def save_model(self, request, obj, form, change):
        self._save_membership(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a membership is history: set its state to "left" instead


@admin.register(Meeting)
class MeetingAdmin(LabelledDateTimesMixin, admin.ModelAdmin):
    list_display = ["title", "community", "starts_at", "cancelled"]
    list_filter = ["cancelled"]
    search_fields = ["title", "community__name"]
    autocomplete_fields = ["community"]
    date_hierarchy = "starts_at"
    list_select_related = ["community"]


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


@admin.register(EmailMessageLog)
class EmailMessageLogAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    readonly_fields = [
        "to",
        "bcc",
        "headers",
        "subject",
        "body",
        "status",
        "error",
        "attempts",
        "created_at",
        "sent_at",
    ]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Send selected e-mails again", permissions=["change"])
    def resend(self, request, queryset):
        sent = sum(email_deliver(log) for log in queryset)
        level = messages.SUCCESS if sent == len(queryset) else messages.WARNING
        self.message_user(request, f"Sent {sent} of {len(queryset)}; see each row's error.", level)


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


@admin.register(MemberMessage)
class MemberMessageAdmin(admin.ModelAdmin):
    """Messages leaders sent to their members: a record, not editable."""

    list_display = ["subject", "community", "sender", "recipient_count", "mode", "sent_at"]
    list_filter = ["mode"]
    search_fields = ["subject", "community__name"]
    list_select_related = ["community", "sender"]
    readonly_fields = [
        "community",
        "sender",
        "subject",
        "body",
        "mode",
        "recipient_count",
        "sent_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "frequency", "first_date", "start_time", "timezone"]
    search_fields = ["title", "community__name"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]


from . import category_admin  # noqa: E402, F401  (registers CategoryAdmin)
