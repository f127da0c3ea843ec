"""Admin for communities, memberships, meetings and series: every membership change goes through services.memberships."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from ..forms.base import use_category_picker
from ..models import (
    Community,
    FormerSlug,
    Meeting,
    MeetingSeries,
    Membership,
)
from ..services.communities import (
    community_archive,
    community_create,
    community_name_check,
    community_restore,
    community_update,
)
from ..services.memberships import membership_admin_save
from .csv_import import community_import_view
from .widgets import LabelledDateTimesMixin


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


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "frequency", "first_date", "start_time", "timezone"]
    search_fields = ["title", "community__name"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
