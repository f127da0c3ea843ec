"""Demo accounts and a little activity on top of imported data. Development only."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from communities.models import Community, Meeting, Membership, MembershipPolicy
from communities.permissions import COORDINATORS_GROUP
from communities.services.memberships import member_counts_refresh

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - printed on purpose; refused when DEBUG is off
DEMO_USERS = [
    # username, first, last, role
    ("coordinator", "Casey", "Coordinator", "coordinator"),
    ("leader", "Lee", "Leader", "leader"),
    ("employee", "Emery", "Employee", "employee"),
]
# Communities the demo leader leads (first ones with open or request membership).
LED_COMMUNITIES = 2


class Command(BaseCommand):
    help = "Create demo accounts (coordinator, leader, employee) and upcoming meetings. DEBUG only."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with known passwords: refused when DEBUG=0."
            )
        users = {}
        for username, first, last, role in DEMO_USERS:
            user, created = get_user_model().objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.edu",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
            if role == "coordinator":
                user.is_staff = True
                user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
            user.save()
            users[role] = user
        led = Community.objects.exclude(membership_policy=MembershipPolicy.RESTRICTED).order_by(
            "pk"
        )
        zone = ZoneInfo(settings.TIME_ZONE)
        for index, community in enumerate(led[:LED_COMMUNITIES]):
            Membership.objects.update_or_create(
                user=users["leader"],
                community=community,
                defaults={
                    "role": Membership.Role.LEADER,
                    "state": Membership.State.ACTIVE,
                    "joined_at": timezone.now(),
                },
            )
            if not community.meetings.exists():
                day = timezone.localdate() + timedelta(days=7 * (index + 1))
                starts = datetime.combine(day, time(10, 0), tzinfo=zone)
                Meeting.objects.create(
                    community=community,
                    title="Monthly meeting",
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=1),
                    location="Main Hall 210",
                )
        member_counts_refresh(led[:LED_COMMUNITIES])  # the rows above skip the services
        self.stdout.write("Demo accounts (development only), password for all: " + DEMO_PASSWORD)
        for username, first, last, role in DEMO_USERS:
            self.stdout.write(f"  log in as {username!r:14} ({first} {last}, {role})")
        self.stdout.write(f"The leader leads: {', '.join(c.name for c in led[:LED_COMMUNITIES])}")
