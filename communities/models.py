"""Domain models: communities, memberships (with leader roles), meetings and proposals.

Rules the database can enforce live here as constraints; every write goes through the services
package. Each model's chainable filters (its manager) are in querysets.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from .names import name_key
from .querysets import CommunityQuerySet, MeetingQuerySet, MembershipQuerySet
from .validators import validate_single_line

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
    category = models.CharField(max_length=120, blank=True, validators=[validate_single_line])
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
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


class Membership(models.Model):
    """One person's relation to one community: their role and the state of their membership.

    One row per person per community (unique constraint). Leaving keeps the row as history
    (state ``left``); joining again reuses it.
    """

    class Role(models.TextChoices):
        LEADER = "leader", "Leader"
        CO_LEADER = "co_leader", "Co-leader"
        MEMBER = "member", "Member"

    class State(models.TextChoices):
        PENDING = "pending", "Pending approval"
        ACTIVE = "active", "Active"
        LEFT = "left", "Left"
        DECLINED = "declined", "Request declined"

    LEADER_ROLES = (Role.LEADER, Role.CO_LEADER)

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(max_length=20, choices=State.choices, default=State.ACTIVE)
    requested_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="membership_one_per_person"),
            # Only active members can hold a leader role: a pending request is never a leader.
            models.CheckConstraint(
                condition=Q(role="member") | Q(state="active"), name="membership_leaders_active"
            ),
        ]
        indexes = [models.Index(fields=["community", "state", "role"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.community} ({self.get_role_display()}, {self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return self.community.get_absolute_url()

    @property
    def is_leader(self) -> bool:
        return self.state == self.State.ACTIVE and self.role in self.LEADER_ROLES


class Meeting(models.Model):
    """One meeting of a community. Times are aware datetimes stored in UTC; ``timezone`` names
    the IANA zone the meeting is held in (used to show local times)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200, validators=[validate_single_line])
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    timezone = models.CharField(max_length=64, default=settings.TIME_ZONE)
    location = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    online_url = models.URLField("online link", max_length=500, blank=True)
    notes = models.TextField("agenda and notes", blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    cancelled = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The series this meeting was generated from (None for a one-off). Its times are its own:
    # editing one occurrence changes only this row.
    series = models.ForeignKey(
        "MeetingSeries", on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    # RFC 5545 SEQUENCE: bumped on every change a calendar should pick up (time, place, status).
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["community", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.community})"

    def get_absolute_url(self) -> str:
        return reverse(
            "communities:meeting_detail", kwargs={"slug": self.community.slug, "pk": self.pk}
        )


class Proposal(models.Model):
    """A request, by any employee, to start a new community; decided by a coordinator."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    name = models.CharField("proposed name", max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMMUNITY)
    category = models.CharField(max_length=120, blank=True, validators=[validate_single_line])
    purpose = models.TextField(help_text="What will members learn or do together?")
    audience = models.TextField("who it is for", help_text="Which roles, units or interests?")
    proposed_co_leaders = models.TextField(
        blank=True, help_text="Names or e-mail addresses of people willing to co-lead (optional)."
    )
    intended_cadence = models.CharField(
        max_length=200, blank=True, help_text='e.g. "Monthly"', validators=[validate_single_line]
    )
    intended_format = models.CharField(
        max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.UNKNOWN
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    coordinator_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decided_proposals",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    community = models.OneToOneField(
        Community, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="submitted")
                | Q(decided_at__isnull=False)
                | Q(status="withdrawn"),
                name="proposal_decision_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("communities:my_proposals") + f"#proposal-{self.pk}"


class EmailMessageLog(models.Model):
    """Every e-mail the site sends, recorded before sending so a failure loses nothing.

    ``status`` is ``pending`` until the backend accepts it (``sent``) or raises (``failed``, with
    the error). Failed rows can be re-sent from admin.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.TextField(help_text="Comma-separated recipients.")
    bcc = models.TextField(blank=True, help_text="Comma-separated blind-copy recipients.")
    headers = models.JSONField(
        default=dict, blank=True, help_text="Extra headers, e.g. List-Unsubscribe."
    )
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "e-mail"
        verbose_name_plural = "e-mail log"

    def __str__(self) -> str:
        return f"{self.subject} → {self.to} ({self.status})"

    def recipients(self) -> list[str]:
        return [a.strip() for a in self.to.split(",") if a.strip()]

    def bcc_recipients(self) -> list[str]:
        return [a.strip() for a in self.bcc.split(",") if a.strip()]


class Rsvp(models.Model):
    """A member's answer for one meeting. ``waitlist`` holds "yes" answers beyond the capacity,
    first come first served by ``created_at``."""

    class Status(models.TextChoices):
        YES = "yes", "Going"
        NO = "no", "Not going"
        WAITLIST = "waitlist", "On the waiting list"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="rsvp_one_per_person"),
        ]
        indexes = [models.Index(fields=["meeting", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.meeting}: {self.get_status_display()}"


class Attendance(models.Model):
    """Who came to a meeting, recorded by a leader afterwards. One row per person per meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances"
    )
    present = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.meeting}: {'present' if self.present else 'absent'}"


class EmailAttachment(models.Model):
    """A file sent with a logged e-mail (e.g. a meeting's .ics), kept so a re-send includes it."""

    log = models.ForeignKey(EmailMessageLog, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    content = models.TextField()
    mimetype = models.CharField(max_length=100, default="text/calendar")

    def __str__(self) -> str:
        return self.filename


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


class MeetingSeries(models.Model):
    """A recurring meeting: a pattern in local wall-clock time plus an IANA zone name.

    Occurrences are stored as Meeting rows (``series`` points here). Keeping the local time and the
    zone name, rather than a UTC offset, is what keeps a 10:00 meeting at 10:00 across DST changes.
    """

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly (every N weeks)"
        MONTHLY = "monthly", "Monthly, on the same weekday (e.g. second Wednesday)"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="series")
    title = models.CharField(max_length=200, validators=[validate_single_line])
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(default=1, help_text="Every N weeks (weekly).")
    # Monthly: which weekday of the month; 1..4, or -1 for the last one. Unused for weekly.
    week_of_month = models.SmallIntegerField(null=True, blank=True)
    first_date = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField()
    timezone = models.CharField(max_length=64, default=settings.TIME_ZONE)
    count = models.PositiveSmallIntegerField(help_text="How many meetings the series holds.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "meeting series"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="series_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(interval__gte=1), name="series_interval_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.community}, {self.get_frequency_display()})"


class MemberMessage(models.Model):
    """A message a leader sent to a community's members: who, what, when, to how many."""

    class Mode(models.TextChoices):
        INDIVIDUAL = "individual", "One e-mail per member"
        BCC = "bcc", "One e-mail, members in blind copy (BCC)"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.CharField(max_length=200, validators=[validate_single_line])
    body = models.TextField()
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.INDIVIDUAL)
    recipient_count = models.PositiveIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["community", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.community} ({self.recipient_count})"


class MemberSettings(models.Model):
    """A user's own settings: the secret of their personal calendar feed and meeting e-mails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="cop_settings",
    )
    calendar_token = models.CharField(max_length=64, unique=True)
    meeting_emails = models.BooleanField(
        "e-mail me about meetings",
        default=True,
        help_text="Scheduled, changed and cancelled meetings.",
    )

    class Meta:
        verbose_name_plural = "member settings"

    def __str__(self) -> str:
        return f"Settings of {self.user}"


class MeetingEmailOptOut(models.Model):
    """A user who wants no meeting e-mails from one community (the global switch is in settings)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="optout_one_per_community"),
        ]

    def __str__(self) -> str:
        return f"{self.user} opted out of {self.community}"
