"""Writes to the managed list of categories: file free text under it, rename, merge, delete.

The rule (models.categories): a community's or proposal's ``category`` is blank or the name of a
Category. Free text from outside (the importer, a curated list file) is filed with
``category_resolve``: the category whose name or one of whose aliases it is, in any case, or a
new category (so nothing imported is lost; coordinators merge it later). Coordinators curate in
admin: renaming a category, or merging one into another by adding its name to the other's
aliases, rewrites every community and proposal filed under it in the same transaction.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Category, Community, Proposal
from ..validators import single_line


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def category_find(text: str) -> Category | None:
    """The category that ``text`` names: its name or one of its aliases, ignoring case and
    spacing. None when no category matches (or ``text`` is blank)."""
    key = _key(text)
    if not key:
        return None
    for category in Category.objects.all():
        if _key(category.name) == key or key in map(_key, category.alias_list()):
            return category
    return None


def category_resolve(text: str) -> tuple[str, bool]:
    """File free text under the managed list.

    Returns ``(name, created)``: the matching category's name (see category_find), or a new
    category named ``text`` (tidied to one line) with ``created`` True; ``("", False)`` for
    blank text.
    """
    text = " ".join(single_line(text).split())
    if not text:
        return "", False
    found = category_find(text)
    if found is not None:
        return found.name, False
    category = Category(name=text)
    category.full_clean()
    category.save()
    return category.name, True


def _refile(old_name: str, new_name: str) -> int:
    """Move communities and proposals from ``old_name`` to ``new_name``; returns the count of
    communities moved. Row by row through save(), so history records the change."""
    moved = 0
    for community in Community.objects.filter(category=old_name):
        community.category = new_name
        community.save(update_fields=["category"])
        moved += 1
    Proposal.objects.filter(category=old_name).update(category=new_name)
    return moved


@transaction.atomic
def category_save(category: Category, *, name: str, aliases: str) -> list[str]:
    """Create or change a category; a new name is copied to everything filed under the old one.

    Any other category whose name now appears among ``aliases`` is merged into this one: its
    communities and proposals move here, its own aliases are added, and it is deleted.
    Returns the names of the categories merged in. Raises ValidationError for a bad name (blank,
    more than one line, already another category's name in any case).
    """
    # From the database: a ModelForm (admin) has already put the new name on the instance.
    old_name = Category.objects.get(pk=category.pk).name if category.pk else None
    category.name = " ".join(name.split())
    category.aliases = aliases
    others = list(Category.objects.exclude(pk=category.pk).select_for_update())
    duplicate = next((o for o in others if _key(o.name) == _key(category.name)), None)
    if duplicate is not None:
        raise ValidationError({"name": f"“{duplicate.name}” is already a category."})
    category.full_clean()
    category.save()
    if old_name is not None and old_name != category.name:
        _refile(old_name, category.name)
    merged = []
    alias_keys = set(map(_key, category.alias_list()))
    for other in others:
        if _key(other.name) in alias_keys:
            _refile(other.name, category.name)
            extra = [a for a in other.alias_list() if _key(a) not in alias_keys]
            category.aliases = "\n".join([*category.alias_list(), *extra])
            merged.append(other.name)
            other.delete()
    if merged:
        category.save(update_fields=["aliases"])
    return merged


@transaction.atomic
def category_delete(category: Category) -> int:
    """Delete a category; what was filed under it becomes "no category". Returns the number of
    communities that lost it."""
    moved = _refile(category.name, "")
    category.delete()
    return moved


@dataclass
class CategoryListReport:
    """What loading a curated list did: categories ``created``, ``updated`` and ``merged``
    (names folded into another), and ``errors`` as (line number, reason)."""

    created: int = 0
    updated: int = 0
    merged: list[str] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def categories_load(text: str) -> CategoryListReport:
    """Load a curated list: CSV with columns ``name`` and ``aliases`` (aliases separated by
    ``;``). Each category is created or its aliases completed (existing aliases are kept), and
    any existing category named by an alias is merged into it (see category_save). Idempotent.
    """
    report = CategoryListReport()
    reader = csv.DictReader(io.StringIO(text))
    for line, row in enumerate(reader, start=2):
        name = (row.get("name") or "").strip()
        aliases = [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
        if not name:
            report.errors.append((line, "the name is empty"))
            continue
        category = category_find(name) or Category()
        existing = category.alias_list() if category.pk else []
        known = set(map(_key, existing))
        wanted = existing + [a for a in aliases if _key(a) not in known]
        if category.pk and category.name == name and wanted == existing:
            continue
        created = category.pk is None
        try:
            report.merged += category_save(category, name=name, aliases="\n".join(wanted))
        except ValidationError as error:  # reported per line; the rest still loads
            report.errors.append((line, "; ".join(error.messages)))
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report
