"""Invitations in Django admin, for coordinators to look up (read-only): who invited whom, where,
and what became of it; and the addresses that asked never to be invited. Leaders and
coordinators invite, resend and withdraw in the leader tools (/c/<slug>/manage/invitations/),
where the rules (services.invitations) apply."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone

from ..models import Invitation, InvitationOptOut


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "community", "role", "status", "invited_by", "sent_at", "expires_at"]
    list_filter = ["role"]
    search_fields = ["email", "community__name"]
    list_select_related = ["community", "invited_by"]
    readonly_fields = [
        "community", "email", "role", "note", "invited_by", "created_at", "sent_at",
        "expires_at", "accepted_at", "accepted_by", "revoked_at",
    ]  # fmt: skip

    @admin.display(description="status")
    def status(self, invitation: Invitation) -> str:
        return Invitation.Status(invitation.status_at(timezone.now())).label

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InvitationOptOut)
class InvitationOptOutAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at"]
    search_fields = ["email"]
    readonly_fields = ["email", "created_at"]

    def has_add_permission(self, request):
        return False
