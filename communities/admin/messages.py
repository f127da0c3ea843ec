"""Admin for the e-mail log (re-send) and leaders' messages to members."""

from __future__ import annotations

from django.contrib import admin, messages

from ..models import (
    EmailMessageLog,
    MemberMessage,
)
from ..services.notifications import email_deliver


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
