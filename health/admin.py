"""Admin: archive and restore actions on communities, renewals and the job record (read-only).

The actions are attached to communities.admin.CommunityAdmin from here so the two apps can be
changed independently; they call health.services like every other write.
"""

from __future__ import annotations

from django.contrib import admin, messages

from communities.admin import CommunityAdmin

from . import services
from .models import JobRecord, RenewalRequest


@admin.action(
    description="Archive selected communities (pages stay readable)", permissions=["change"]
)
def archive_communities(modeladmin, request, queryset):
    archived = sum(services.community_archive(community=c) for c in queryset)
    modeladmin.message_user(
        request,
        f"Archived {archived} communit{'y' if archived == 1 else 'ies'}; they left the directory "
        "and their pages and history are kept. Use “Restore” to bring one back.",
        messages.SUCCESS,
    )


@admin.action(description="Restore selected archived communities", permissions=["change"])
def restore_communities(modeladmin, request, queryset):
    for community in queryset:
        status = services.community_restore(community=community)
        if status is None:
            modeladmin.message_user(request, f"“{community}” was not archived.", messages.WARNING)
        else:
            modeladmin.message_user(
                request, f"Restored “{community}” as {status}.", messages.SUCCESS
            )


CommunityAdmin.actions = [*(CommunityAdmin.actions or []), archive_communities, restore_communities]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RenewalRequest)
class RenewalRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "community",
        "year",
        "due_on",
        "asked_at",
        "confirmed_at",
        "coordinators_told_at",
    ]
    list_filter = ["year"]
    search_fields = ["community__name"]
    list_select_related = ["community"]


@admin.register(JobRecord)
class JobRecordAdmin(ReadOnlyAdmin):
    list_display = ["key", "job", "community", "created_at"]
    list_filter = ["job"]
    search_fields = ["key"]
    list_select_related = ["community"]
