"""Communities: the community itself, its kind and policies, former slugs (old URLs keep working) and its resource links.

Rules the database can enforce live here as constraints; every write goes through the services
package.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from ..names import name_key
from ..querysets import CommunityQuerySet
from ..validators import validate_single_line
from .categories import CATEGORY_MAX_LENGTH, validate_category

# Slugs that would read as one of the site's own words. Community URLs live under /c/<slug>/ so they
# cannot collide with site paths, but a slug such as "new" or "manage" would still confuse people.
RESERVED_SLUGS = frozenset({"admin", "accounts", "about", "c", "me", "new", "propose", "static"})
SLUG_MAX_LENGTH = 80


class Kind(models.TextChoices):
    COMMUNITY = "community", "Community of practice"
    COUNCIL = "council", "Council"


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in-person", "In person"
    VIRTUAL = "virtual", "Virtual"
    HYBRID = "hybrid", "Hybrid"
    UNKNOWN = "unknown", "Not stated"


class MembershipPolicy(models.TextChoices):
    OPEN = "open", "Open: join directly"
    REQUEST = "request", "On request: leaders approve"
    RESTRICTED = "restricted", "Restricted: appointed or elected"


class Community(models.Model):
    """A community of practice or a council listed in the directory."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        DORMANT = "dormant", "Dormant"
        ARCHIVED = "archived", "Archived"

    name = models.CharField(max_length=200)
    # names.name_key of the name: unique, so two names that differ only in case, spacing,
    # invisible characters or look-alike letters of another script cannot coexist.
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True, editable=False
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMMUNITY)
    category = models.CharField(
        max_length=CATEGORY_MAX_LENGTH, blank=True, validators=[validate_category]
    )
    summary = models.CharField(
        max_length=300, blank=True, help_text="One sentence for the directory."
    )
    description = models.TextField(
        "purpose", blank=True, help_text="What the community is for and what members do together."
    )
    meeting_cadence = models.CharField(
        max_length=200,
        blank=True,
        help_text='e.g. "Monthly, 2nd Wednesday"',
        validators=[validate_single_line],
    )
    meeting_format = models.CharField(
        max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.UNKNOWN
    )
    usual_location = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    membership_policy = models.CharField(
        max_length=20, choices=MembershipPolicy.choices, default=MembershipPolicy.OPEN
    )
    joining_instructions = models.TextField(
        blank=True, help_text="For restricted communities: how one becomes a member."
    )
    host_unit = models.CharField(
        "host unit or institution", max_length=200, blank=True, validators=[validate_single_line]
    )
    external_url = models.URLField("external link", max_length=500, blank=True)
    source_url = models.URLField("source page", max_length=500, blank=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    # Active memberships, leaders included: kept by services.memberships under the community's
    # lock with every change of state, so no page counts a community's memberships per request.
    member_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "member_count"])
    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "communities"
        ordering = [Lower("name")]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="community_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Derived, not business logic: the key must always match the name it was made from.
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("communities:detail", kwargs={"slug": self.slug})

    @property
    def is_listed(self) -> bool:
        return self.status != self.Status.ARCHIVED

    @property
    def seeking_leader(self) -> bool:
        """The one rule for "Seeking a leader": a community not archived with no active leader
        or co-leader. Uses the ``leader_count`` annotation (CommunityQuerySet.with_stats) when
        present, else one query."""
        count = getattr(self, "leader_count", None)
        if count is None:
            count = self.memberships.leaders().count()
        return count == 0 and self.status != self.Status.ARCHIVED


def slug_candidates(name: str):
    """Yield slugs for ``name``: its Unicode slug, then ``-2``, ``-3``... for collisions.

    Names in any script keep their letters (Django's ``allow_unicode``); a name with no letters or
    digits at all, or one equal to a reserved word, starts from "community" / "<word>-community".
    """
    base = slugify(name, allow_unicode=True)[: SLUG_MAX_LENGTH - 6].strip("-") or "community"
    if base in RESERVED_SLUGS:
        base = f"{base}-community"
    yield base
    n = 2
    while True:
        yield f"{base}-{n}"
        n += 1


class FormerSlug(models.Model):
    """A slug a community used before a rename; its old URLs redirect to the current one."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="former_slugs")
    slug = models.SlugField(max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.slug} → {self.community.slug}"


class CommunityResources(models.Model):
    """A community's external resources, edited by its leaders: mailing list, chat, shared folder."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, primary_key=True, related_name="resources"
    )
    mailing_list_url = models.CharField(
        "mailing list", max_length=500, blank=True, help_text="A web address or a mailto: link."
    )
    chat_url = models.URLField("chat channel", max_length=500, blank=True)
    shared_folder_url = models.URLField("shared folder", max_length=500, blank=True)

    class Meta:
        verbose_name_plural = "community resources"

    def __str__(self) -> str:
        return f"Resources of {self.community}"
