from django.contrib import admin

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "protocol", "unit", "title", "affiliations", "last_sign_in_at"]
    list_filter = ["protocol", "coordinator_from_idp"]
    search_fields = ["user__username", "user__email", "sso_id", "unit", "title"]
    readonly_fields = ["sso_id", "protocol", "idp", "last_sign_in_at", "anonymised_at"]
    autocomplete_fields = ["user"]
