"""E-mail: the outbox log and its attachments, leaders' messages to members, members' e-mail settings.

Rules the database can enforce live here as constraints; every write goes through the services
package.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..validators import validate_single_line
from .communities import Community


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


class EmailAttachment(models.Model):
    """A file sent with a logged e-mail (e.g. a meeting's .ics), kept so a re-send includes it."""

    log = models.ForeignKey(EmailMessageLog, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    content = models.TextField()
    mimetype = models.CharField(max_length=100, default="text/calendar")

    def __str__(self) -> str:
        return self.filename


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
    """A user's own settings: the secret of their personal calendar feed, which community e-mails
    they get, and the "ask me about" line their fellow members see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="cop_settings",
    )
    calendar_token = models.CharField(max_length=64, unique=True)
    # The global switch for every bulk e-mail from communities (meetings, reminders, leaders'
    # messages, the member digest...): the name is kept from when it covered meetings only.
    meeting_emails = models.BooleanField(
        "e-mail me from my communities",
        default=True,
        help_text="Meetings, reminders, leaders' messages and other news of my communities.",
    )
    member_digest = models.BooleanField(
        "weekly digest",
        default=False,
        help_text="Once a week: new meetings and new members of my communities.",
    )
    ask_me_about = models.CharField(
        '"ask me about"',
        max_length=140,
        blank=True,
        validators=[validate_single_line],
        help_text="A short line your fellow members see on a community's members page.",
    )

    class Meta:
        verbose_name_plural = "member settings"

    def __str__(self) -> str:
        return f"Settings of {self.user}"


class MeetingEmailOptOut(models.Model):
    """A user who wants no bulk e-mail from one community: meetings, reminders, leaders'
    messages, its part of the digest (the global switch is MemberSettings.meeting_emails)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="optout_one_per_community"),
        ]

    def __str__(self) -> str:
        return f"{self.user} opted out of {self.community}"
