"""Writes for meetings: schedule (one-off or a series), edit, cancel and restore them.

Every service is atomic and validates before it saves. Times come in as a local date, local
wall-clock start and end and an IANA zone name; they are stored in UTC. Members are e-mailed (each
their own message with the .ics attached and an unsubscribe link) after the transaction commits.
"""

from __future__ import annotations

from datetime import date, time

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .. import calendars, recurrence
from ..models import Community, Meeting, MeetingSeries
from ..selectors.meetings import series_pattern
from ..selectors.people import meeting_mail_recipients
from ..validators import validate_time_zone
from .locking import lock, lock_meeting
from .notifications import email_send_each
from .preferences import meeting_mail_item
from .rsvps import fill_from_waitlist, going_count

# Fields that, when changed, make calendars update their copy and members get an e-mail.
NOTIFY_FIELDS = ("title", "starts_at", "ends_at", "timezone", "location", "online_url")


SERIES_MAX = 52


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check_zone(zone: str) -> None:
    try:
        validate_time_zone(zone)
    except ValidationError as error:
        raise ValidationError({"timezone": error}) from error


def _input_errors(
    *, day: date, start_time: time, end_time: time, zone: str, online_url: str, new: bool
) -> dict[str, list[ValidationError]]:
    """Every problem with a meeting's times and link at once, keyed by form field, so the form
    can show them all next to their fields in one round."""
    errors: dict[str, list[ValidationError]] = {}
    try:
        _check_zone(zone)
    except ValidationError as error:
        return error.error_dict
    try:
        recurrence.check_year(day)
    except ValidationError as error:
        return {"day": [error]}
    for field, at in (("start_time", start_time), ("end_time", end_time)):
        try:
            recurrence.local_to_utc(day, at, zone)  # a time skipped by a DST change is refused
        except ValidationError as error:
            errors[field] = [error]
    if errors:
        return errors
    if end_time <= start_time:
        errors["end_time"] = [
            ValidationError("The meeting must end after it starts.", code="end_before_start")
        ]
    if new and recurrence.local_to_utc(day, start_time, zone) < timezone.now():
        errors["day"] = [ValidationError("A new meeting cannot be in the past.", code="in_past")]
    if online_url and not online_url.lower().startswith(("http://", "https://")):
        # URLField also accepts ftp://; a meeting link people click must be a web address.
        errors["online_url"] = [
            ValidationError("The online link must start with http:// or https://.", code="scheme")
        ]
    return errors


def _unconvertible(errors: dict[str, list[ValidationError]]) -> bool:
    """True when the local times cannot be turned into instants (bad zone, date, skipped time)."""
    codes = {error.code for field_errors in errors.values() for error in field_errors}
    return bool(codes & {"bad_zone", "out_of_range", "nonexistent_time"})


def _clean(instance, errors: dict[str, list[ValidationError]]) -> None:
    """Run the model's own validation too and raise everything found together."""
    try:
        instance.full_clean(exclude=list(errors), validate_constraints=not errors)
    except ValidationError as error:
        for field, field_errors in error.error_dict.items():
            errors.setdefault(field, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)


def _mail_members(meeting: Meeting, template: str, extra: dict | None = None) -> int:
    """E-mail each member who wants meeting e-mails; returns how many were queued."""
    if meeting.ends_at < timezone.now():
        return 0  # nobody needs to hear about a past meeting
    ics = calendars.meeting_file(meeting, with_link=True).decode()
    context = {"meeting": meeting, "community": meeting.community, **(extra or {})}
    logs = email_send_each(
        template=template,
        items=[
            meeting_mail_item(user, meeting.community, context)
            for user in meeting_mail_recipients(meeting.community)
        ],
        attachments=[("meeting.ics", ics, "text/calendar")],
    )
    return len(logs)


@transaction.atomic
def meeting_schedule(
    *,
    community: Community,
    title: str,
    day: date,
    start_time: time,
    end_time: time,
    timezone_name: str,
    location: str = "",
    online_url: str = "",
    notes: str = "",
    capacity: int | None = None,
    notify: bool = True,
) -> Meeting:
    """Schedule a one-off meeting on local ``day`` from ``start_time`` to ``end_time`` in zone
    ``timezone_name``, then e-mail the members (after commit) unless ``notify`` is False.

    Raises ValidationError keyed by field: ``end_time`` (end_before_start), ``day`` (in_past;
    out_of_range outside 2000..2100), ``start_time``/``end_time`` (nonexistent_time: skipped by
    a DST change; a repeated time is its first occurrence, see recurrence.wall_clock),
    ``online_url`` (scheme), ``timezone`` (bad_zone) and the model's own field errors.
    """
    errors = _input_errors(
        day=day, start_time=start_time, end_time=end_time, zone=timezone_name,
        online_url=online_url, new=True,
    )  # fmt: skip
    if _unconvertible(errors):
        raise ValidationError(errors)
    starts_at = recurrence.local_to_utc(day, start_time, timezone_name)
    ends_at = recurrence.local_to_utc(day, end_time, timezone_name)
    meeting = Meeting(
        community=community,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=timezone_name,
        location=location,
        online_url=online_url,
        notes=notes,
        capacity=capacity,
    )
    _clean(meeting, errors)
    meeting.save()
    if notify:
        _mail_members(meeting, "meeting_scheduled")
    return meeting


@transaction.atomic
def series_schedule(
    *,
    community: Community,
    created_by: AbstractBaseUser | None,
    frequency: str,
    count: int,
    interval: int = 1,
    title: str,
    day: date,
    start_time: time,
    end_time: time,
    timezone_name: str,
    location: str = "",
    online_url: str = "",
    notes: str = "",
    capacity: int | None = None,
) -> MeetingSeries:
    """Schedule a recurring series: ``count`` meetings (2..52) from local ``day``, weekly every
    ``interval`` weeks or monthly on the same weekday of the month (e.g. second Wednesday).

    Every meeting keeps the local ``start_time``/``end_time`` in ``timezone_name`` across DST.
    Members get one e-mail for the whole series with every date in the attached .ics.
    Raises ValidationError as meeting_schedule does, plus ``count`` (range).
    """
    if not 2 <= count <= SERIES_MAX:
        raise _error("count", f"A series holds 2 to {SERIES_MAX} meetings.", "range")
    series = MeetingSeries(
        community=community,
        title=title.strip(),
        frequency=frequency,
        interval=interval if frequency == recurrence.WEEKLY else 1,
        week_of_month=recurrence.week_of_month(day) if frequency == recurrence.MONTHLY else None,
        first_date=day,
        start_time=start_time,
        end_time=end_time,
        timezone=timezone_name,
        count=count,
        created_by=created_by,
    )
    errors = _input_errors(
        day=day, start_time=start_time, end_time=end_time, zone=timezone_name,
        online_url=online_url, new=True,
    )  # fmt: skip
    if "timezone" not in errors:
        _clean(series, errors)
    if errors:
        raise ValidationError(errors)
    series.save()
    dates = recurrence.occurrence_dates(
        frequency=frequency,
        first_date=day,
        count=count,
        interval=series.interval,
        ordinal=series.week_of_month,
    )
    meetings = []
    for occurrence in dates:
        meeting = meeting_schedule(
            community=community,
            title=title,
            day=occurrence,
            start_time=start_time,
            end_time=end_time,
            timezone_name=timezone_name,
            location=location,
            online_url=online_url,
            notes=notes,
            capacity=capacity,
            notify=False,
        )
        meeting.series = series
        meeting.save(update_fields=["series"])
        meetings.append(meeting)
    ics = calendars.calendar_bytes(meetings, name=series.title, with_link=True).decode()
    context = {
        "series": series,
        "pattern": series_pattern(series),
        "meetings": meetings,
        "community": community,
    }
    email_send_each(
        template="series_scheduled",
        items=[
            meeting_mail_item(user, community, context)
            for user in meeting_mail_recipients(community)
        ],
        attachments=[("meetings.ics", ics, "text/calendar")],
    )
    return series


def _apply_update(meeting: Meeting, fields: dict, errors: dict) -> bool:
    """Set ``fields`` on a locked meeting, validate (adding to ``errors`` found earlier), save.
    Returns True when members should hear of the change."""
    before = {name: getattr(meeting, name) for name in NOTIFY_FIELDS}
    for name, value in fields.items():
        setattr(meeting, name, value)
    if meeting.capacity is not None:
        going = going_count(meeting)
        if meeting.capacity < going:
            errors.setdefault("capacity", []).append(
                ValidationError(
                    f"{going} people are already going, so the capacity cannot be lower "
                    f"than {going}.",
                    code="below_going",
                )
            )
    _clean(meeting, errors)
    changed = any(getattr(meeting, name) != before[name] for name in NOTIFY_FIELDS)
    if changed:
        meeting.sequence += 1
    meeting.save()
    fill_from_waitlist(meeting)
    return changed


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    title: str,
    day: date,
    start_time: time,
    end_time: time,
    timezone_name: str,
    location: str = "",
    online_url: str = "",
    notes: str = "",
    capacity: int | None = None,
    following: bool = False,
) -> list[Meeting]:
    """Change a meeting; with ``following`` also every later meeting of its series.

    Later meetings keep their own local dates and take the new local times, zone and details.
    Raising the capacity moves people up from the waitlist. Members are e-mailed (after commit)
    about meetings whose title, time or place changed. Returns the meetings changed.
    Raises ValidationError keyed by field: ``end_time``, ``capacity`` (below_going),
    ``online_url``, ``timezone`` and the model's own errors. Past dates are allowed (corrections).
    """
    errors = _input_errors(
        day=day, start_time=start_time, end_time=end_time, zone=timezone_name,
        online_url=online_url, new=False,
    )  # fmt: skip
    if _unconvertible(errors):
        raise ValidationError(errors)
    targets = [lock_meeting(meeting)]
    if following and targets[0].series_id:
        later = lock(
            Meeting.objects.select_related("community")
            .filter(series_id=targets[0].series_id, starts_at__gt=targets[0].starts_at)
            .order_by("starts_at")
        )
        targets += list(later)
    details = {
        "title": title.strip(),
        "timezone": timezone_name,
        "location": location,
        "online_url": online_url,
        "notes": notes,
        "capacity": capacity,
    }
    changed = []
    for index, target in enumerate(targets):
        local_day = day if index == 0 else target.starts_at.astimezone(target.zone).date()
        starts_at = recurrence.local_to_utc(local_day, start_time, timezone_name)
        ends_at = recurrence.local_to_utc(local_day, end_time, timezone_name)
        times = {"starts_at": starts_at, "ends_at": ends_at}
        if _apply_update(target, {**details, **times}, errors if index == 0 else {}):
            changed.append(target)
    for target in changed:
        _mail_members(target, "meeting_changed")
    return targets


@transaction.atomic
def meeting_cancel(*, meeting: Meeting) -> Meeting:
    """Cancel a meeting (idempotent). It stays listed and in feeds with STATUS:CANCELLED; members
    are e-mailed once, after commit. RSVPs are kept in case it is restored."""
    meeting = lock_meeting(meeting)
    if meeting.cancelled:
        return meeting
    meeting.cancelled = True
    meeting.sequence += 1
    meeting.save()
    _mail_members(meeting, "meeting_cancelled")
    return meeting


@transaction.atomic
def meeting_restore(*, meeting: Meeting) -> Meeting:
    """Put a cancelled meeting back on (idempotent); members are e-mailed that it is on again."""
    meeting = lock_meeting(meeting)
    if not meeting.cancelled:
        return meeting
    meeting.cancelled = False
    meeting.sequence += 1
    meeting.save()
    _mail_members(meeting, "meeting_changed", {"restored": True})
    return meeting


def meetings_cancel_coming(*, community: Community) -> list[Meeting]:
    """Cancel every coming meeting of ``community`` (it is being archived), without the
    per-meeting e-mails: the caller tells the members once (services.communities
    .community_archive). Calendars see each as cancelled (SEQUENCE bumped). The caller holds the
    community lock. Returns the cancelled meetings, soonest first."""
    coming = community.meetings.filter(cancelled=False, ends_at__gte=timezone.now())
    cancelled = list(lock(coming.order_by("starts_at", "pk"), of=("self",)))
    for meeting in cancelled:
        meeting.cancelled = True
        meeting.sequence += 1
        meeting.save(update_fields=["cancelled", "sequence", "updated_at"])
    return cancelled
