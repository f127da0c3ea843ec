"""Categories: the managed list of topics communities are filed under, curated by coordinators.

A community's (and a proposal's) ``category`` field holds the *name* of one of these, or is blank;
``validate_category`` on those fields refuses any other text, so every path (forms, admin,
importer, services) keeps to the list. The name is copied rather than linked with a foreign key
because the search indexes (PostgreSQL's GIN expressions, SQLite's FTS5 table) index the
community row's own text; services.categories renames and merges categories and rewrites the
copies in the same transaction.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from ..validators import validate_single_line

CATEGORY_MAX_LENGTH = 120


def validate_category(value: str) -> None:
    """Refuse a category that is not in the managed list (blank is allowed: "no category").

    Raises ValidationError (code ``unknown_category``) shown next to the field.
    """
    if value and not apps.get_model("communities", "Category").objects.filter(name=value).exists():
        raise ValidationError(
            "Choose a category from the list (coordinators keep it).", code="unknown_category"
        )


class Category(models.Model):
    """One topic of the managed list, with the other spellings that mean it (``aliases``)."""

    name = models.CharField(
        max_length=CATEGORY_MAX_LENGTH, unique=True, validators=[validate_single_line]
    )
    aliases = models.TextField(
        blank=True,
        help_text="Other spellings that mean this category, one per line. Imported rows and "
        "merged categories with these names are filed here. Add another category's name to "
        "merge it into this one.",
    )

    class Meta:
        ordering = [Lower("name")]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="category_name_unique_any_case",
                violation_error_message="There is already a category with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def alias_list(self) -> list[str]:
        """The aliases, one per non-blank line, stripped."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]
