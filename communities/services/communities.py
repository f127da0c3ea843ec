"""Writes to a community itself: create, update (the name rule and former slugs), the page its
leaders edit, and its lifecycle (active, dormant, archived).

The name rule is ``community_name_check``: a name is cleaned by ``names.name_clean`` (refused
when empty) and taken when another community has the same ``names.name_key`` (case, width,
invisible characters and look-alike letters of other scripts ignored). The proposal form, admin,
the importer and these services all call it; the unique ``name_key`` column enforces it against
races.

Lifecycle: health's scheduled job moves listed communities between active and dormant (the rule
is selectors.lifecycle.lifecycle_status); only a coordinator archives and restores (admin). Every
status change goes through community_update, so django-simple-history records who made it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..models import Community, CommunityResources, FormerSlug, slug_candidates
from ..names import name_clean, name_key
from ..selectors.lifecycle import lifecycle_status
from ..selectors.people import community_mail_recipients
from .locking import lock_community
from .meetings import meetings_cancel_coming
from .notifications import email_send_each
from .preferences import community_mail_item

# Fields a Community takes from outside (importer, admin, leader tools). Status and slug are managed.
COMMUNITY_FIELDS = (
    "name", "kind", "category", "summary", "description", "meeting_cadence", "meeting_format",
    "usual_location", "membership_policy", "joining_instructions", "host_unit", "external_url",
    "source_url", "status",
)  # fmt: skip
# What a community's leaders may change on its page (leader tools); the rest is for coordinators.
PAGE_FIELDS = (
    "summary", "description", "category", "meeting_cadence", "meeting_format", "usual_location",
    "membership_policy", "joining_instructions",
)  # fmt: skip
RESOURCE_FIELDS = ("mailing_list_url", "chat_url", "shared_folder_url")


def _slug_is_free(slug: str, community: Community | None = None) -> bool:
    taken = Community.objects.filter(slug=slug)
    if community is not None and community.pk:
        taken = taken.exclude(pk=community.pk)
    former = FormerSlug.objects.filter(slug=slug)
    if community is not None and community.pk:
        former = former.exclude(community=community)
    return not taken.exists() and not former.exists()


def community_name_holder(name: str, *, exclude: Community | None = None) -> Community | None:
    """The other community whose name counts as the same as ``name`` (``names.name_key``), or
    None. ``exclude`` is the community being renamed."""
    others = Community.objects.filter(name_key=name_key(name))
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    return others.first()


def community_name_taken(name: str, *, exclude: Community | None = None) -> bool:
    """True when another community already has ``name`` (see community_name_holder)."""
    return community_name_holder(name, exclude=exclude) is not None


def community_name_check(name: str, *, exclude: Community | None = None) -> str:
    """The name rule for a new or renamed community; returns the name cleaned for storing.

    Raises ValidationError (a plain one, for a form field) with code ``name_empty`` when nothing
    visible is left (names.name_clean), or ``name_taken`` when another community has the same
    name key (case, spacing, invisible characters and cross-script look-alikes ignored).
    """
    cleaned = name_clean(name)
    holder = community_name_holder(cleaned, exclude=exclude)
    if holder is not None and holder.status == Community.Status.ARCHIVED:
        raise ValidationError(
            f"An archived community is called “{holder.name}”. Choose another name, or ask a "
            "coordinator to restore it.",
            code="name_taken",
        )
    if holder is not None:
        raise ValidationError(
            f"“{holder.name}” already exists (names that differ only in case, spacing or "
            "look-alike letters count as the same). Look at its page: you may want to join it.",
            code="name_taken",
        )
    return cleaned


def _checked_name(name: str, *, exclude: Community | None = None) -> str:
    try:
        return community_name_check(name, exclude=exclude)
    except ValidationError as error:
        raise ValidationError({"name": error}) from error


def _name_taken(name: str) -> ValidationError:
    return ValidationError(
        {"name": ValidationError(f"A community called “{name}” already exists.", code="name_taken")}
    )


def _assign_slug(community: Community) -> None:
    for candidate in slug_candidates(community.name):
        if candidate == community.slug or _slug_is_free(candidate, community):
            community.slug = candidate
            return


@transaction.atomic
def community_create(**fields) -> Community:
    """Create a community from COMMUNITY_FIELDS values; its slug is made from the name.

    Raises ValidationError: ``{"name": ...}`` with code ``name_empty`` or ``name_taken``
    (community_name_check), and the model's field errors for bad values.
    """
    community = Community(**{k: v for k, v in fields.items() if k in COMMUNITY_FIELDS})
    community.name = _checked_name(community.name)
    community.name_key = name_key(community.name)  # before full_clean checks it is unique
    _assign_slug(community)
    community.full_clean()
    try:
        with transaction.atomic():
            community.save()
    except IntegrityError as error:  # a concurrent create took the name or slug first
        raise _name_taken(community.name) from error
    return community


@transaction.atomic
def community_update(*, community: Community, **fields) -> Community:
    """Change a community's fields. A new name gives a new slug; the old one keeps redirecting.

    Raises ValidationError (``name_empty``, ``name_taken``: community_name_check) and field errors.
    """
    old_slug = community.slug
    for key, value in fields.items():
        if key in COMMUNITY_FIELDS:
            setattr(community, key, value)
    community.name = _checked_name(community.name, exclude=community)
    community.name_key = name_key(community.name)  # before full_clean checks it is unique
    _assign_slug(community)
    community.full_clean()
    community.save()
    if community.slug != old_slug:
        FormerSlug.objects.filter(slug=community.slug).delete()
        FormerSlug.objects.get_or_create(slug=old_slug, defaults={"community": community})
    return community


@transaction.atomic
def community_page_update(*, community: Community, **fields) -> Community:
    """Change what a leader may change on the page (PAGE_FIELDS) and the resource links
    (RESOURCE_FIELDS). Raises ValidationError for bad values (e.g. a link that is not http(s))."""
    community = community_update(
        community=community, **{k: v for k, v in fields.items() if k in PAGE_FIELDS}
    )
    resources, _ = CommunityResources.objects.get_or_create(community=community)
    for name in RESOURCE_FIELDS:
        if name in fields:
            setattr(resources, name, fields[name].strip())
    if resources.mailing_list_url and not resources.mailing_list_url.lower().startswith(
        ("http://", "https://", "mailto:")
    ):
        raise ValidationError(
            {
                "mailing_list_url": ValidationError(
                    "Give a web address (https://…) or a mailto: link.", code="scheme"
                )
            }
        )
    resources.full_clean()
    resources.save()
    return community


# -- lifecycle ---------------------------------------------------------------------------------


@transaction.atomic
def community_set_lifecycle(*, community: Community, status: str) -> bool:
    """Move a listed community between active and dormant (the scheduled job decides which).

    Never touches an archived community: only a coordinator archives and restores.
    Returns True when the status changed.
    """
    if status not in (Community.Status.ACTIVE, Community.Status.DORMANT):
        raise ValueError(f"Lifecycle status must be active or dormant, not {status!r}.")
    community = lock_community(community)
    if community.status in (status, Community.Status.ARCHIVED):
        return False
    community_update(community=community, status=status)
    return True


@transaction.atomic
def community_archive(*, community: Community) -> bool:
    """Archive a community (coordinators only; the caller checks). Its page stays readable and
    its history is kept; it leaves the directory and takes no members. Its coming meetings are
    cancelled and its members told once, in one e-mail each (within their e-mail choices:
    selectors.people.community_mail_recipients). Idempotent: returns False, and sends nothing,
    when it was archived already."""
    community = lock_community(community)
    if community.status == Community.Status.ARCHIVED:
        return False
    community_update(community=community, status=Community.Status.ARCHIVED)
    cancelled = meetings_cancel_coming(community=community)
    context = {"community": community, "cancelled": cancelled}
    email_send_each(
        template="community_archived",
        items=[
            community_mail_item(user, community, context)
            for user in community_mail_recipients(community)
        ],
    )
    return True


@transaction.atomic
def community_restore(*, community: Community) -> str | None:
    """Bring an archived community back into the directory, as active or dormant according to
    its meetings (see selectors.lifecycle.lifecycle_status). Returns the new status, or None
    when it was not archived (idempotent)."""
    community = lock_community(community)
    if community.status != Community.Status.ARCHIVED:
        return None
    status = lifecycle_status(community)
    community_update(community=community, status=status)
    return status
