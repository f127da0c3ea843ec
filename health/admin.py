"""Admin: renewals and the record of scheduled work, both read-only. (Archiving and restoring a
community are actions of communities.admin.communities.CommunityAdmin.)"""

from __future__ import annotations

from django.contrib import admin

from .models import JobRecord, RenewalRequest


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
