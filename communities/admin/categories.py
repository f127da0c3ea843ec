"""Admin for the managed list of categories (registered by communities/admin/__init__.py).

Coordinators curate the list here: add, rename (every community filed under the old name follows),
merge (add the other category's name to this one's aliases), delete (its communities keep no
category). Every write goes through services.categories.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ..models import Category, Community
from ..services.categories import category_delete, category_save


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "community_count", "alias_summary"]
    search_fields = ["name", "aliases"]
    fields = ["name", "aliases"]

    def get_queryset(self, request):
        in_use = (
            Community.objects.filter(category=OuterRef("name"))
            .order_by()
            .values("category")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return super().get_queryset(request).annotate(communities=Coalesce(Subquery(in_use), 0))

    @admin.display(description="communities", ordering="communities")
    def community_count(self, category: Category) -> int:
        return category.communities

    @admin.display(description="also filed here")
    def alias_summary(self, category: Category) -> str:
        return "; ".join(category.alias_list())

    def save_model(self, request, obj, form, change):
        try:
            merged = category_save(
                obj, name=form.cleaned_data["name"], aliases=form.cleaned_data["aliases"]
            )
        except ValidationError as error:
            # The form validated already; this is a race with another coordinator's edit.
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
            return
        if merged:
            self.message_user(
                request, f"Merged into “{obj.name}”: {', '.join(merged)}.", messages.SUCCESS
            )

    def delete_model(self, request, obj):
        category_delete(obj)

    def delete_queryset(self, request, queryset):
        for category in queryset:
            category_delete(category)
