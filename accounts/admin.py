"""Admin for accounts: profiles, and users, whose "delete" anonymises (accounts.services) so a
coordinator deleting someone gives the same result as the person deleting their own account."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import Profile
from .services import account_anonymise


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "protocol", "unit", "title", "affiliations", "last_sign_in_at"]
    list_filter = ["protocol", "coordinator_from_idp"]
    search_fields = ["user__username", "user__email", "sso_id", "unit", "title"]
    readonly_fields = ["sso_id", "protocol", "idp", "last_sign_in_at", "anonymised_at"]
    autocomplete_fields = ["user"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AnonymisingUserAdmin(UserAdmin):
    """Django's user admin, except that deleting a user anonymises them instead: their
    memberships end as every membership ends (seats released, a leaderless community flagged and
    the coordinators told), their waiting proposals are withdrawn, and the records they are part
    of (memberships, proposals, attendance) are kept, shown as "Former member"."""

    def get_deleted_objects(self, objs, request):
        # Nothing is deleted or cascaded: the confirmation page lists only the accounts themselves
        # (a proposal protecting the user no longer blocks it).
        to_delete = [f"{obj} (anonymised: name, e-mail and sign-in removed)" for obj in objs]
        return to_delete, {}, set(), []

    def delete_model(self, request, obj):
        account_anonymise(user=obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            account_anonymise(user=user)
