"""A year of made-up meeting history on top of the demo data, so health and the dashboard show
real numbers. Development only (DEBUG), deterministic, and refuses to run twice."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from communities.models import Attendance, Community, Meeting, Membership, Proposal, Rsvp
from communities.services.memberships import member_counts_refresh
from health.models import JobRecord, PulseAnswer, RenewalRequest

MEMBERS = 80
COMMUNITIES = 30
# How a community's year went: (share of communities, months since it last met, pulse drift)
PROFILES = {
    "thriving": (0.5, 0, +0.3),
    "slipping": (0.2, 5, -0.8),
    "fading": (0.2, 8, -1.2),
    "new": (0.1, 0, 0.0),
}
FOCUS = [
    "More hands-on examples, please.",
    "Invite someone from another unit to present.",
    "Shorter meetings with a clear agenda.",
    "A session on the new tools everyone is asking about.",
    "Time to share our own work in progress.",
    "Record the talks for those who cannot come.",
    "Pair newcomers with someone experienced.",
    "",
]


def _month_ago(now: datetime, months: int, day: int) -> datetime:
    local = timezone.localtime(now)
    year, month = local.year, local.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return datetime.combine(
        local.replace(year=year, month=month, day=day).date(), time(12, 0), tzinfo=local.tzinfo
    )


class Command(BaseCommand):
    help = (
        "Generate a year of demo meetings, RSVPs, attendance, pulses and members for 30 demo "
        "communities (after import_communities and seed_demo). DEBUG only; runs once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args, seed: int, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo_history makes up data: refused when DEBUG=0.")
        users = get_user_model().objects
        if users.filter(username="demo.member01").exists():
            raise CommandError("Demo history exists already (user demo.member01).")
        rng, now = random.Random(seed), timezone.now()  # noqa: S311 - made-up data
        people = [
            users.create_user(
                username=f"demo.member{i:02d}",
                email=f"demo.member{i:02d}@example.edu",
                first_name=rng.choice(
                    ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana"]
                ),
                last_name=f"Member {i:02d}",
            )
            for i in range(1, MEMBERS + 1)
        ]
        communities = list(Community.objects.listed().order_by("pk")[:COMMUNITIES])
        if not communities:
            raise CommandError("No communities: run import_communities first.")
        names = list(PROFILES)
        weights = [PROFILES[n][0] for n in names]
        totals = {"meetings": 0, "pulses": 0}
        for index, community in enumerate(communities):
            profile = "thriving" if index < 2 else rng.choices(names, weights)[0]
            self._community(rng, now, community, profile, people, totals)
        for i, name in enumerate(["Open Source Program Office", "Climate Action Network"]):
            proposal = Proposal.objects.create(
                proposer=people[i],
                name=name,
                purpose=f"A place for colleagues to work together on {name.lower()} topics.",
                audience="Anyone interested, from any unit.",
                intended_cadence="Monthly",
            )
            Proposal.objects.filter(pk=proposal.pk).update(
                created_at=now - timedelta(days=3 + 9 * i)
            )
        self.stdout.write(
            f"Made {MEMBERS} demo members, {totals['meetings']} meetings and {totals['pulses']} "
            f"pulses in {len(communities)} communities. Now run: manage.py run_due_jobs"
        )

    def _community(self, rng, now, community, profile, people, totals):
        _, stopped, drift = PROFILES[profile]
        age = 3 if profile == "new" else rng.randint(13, 15)
        started = _month_ago(now, age, 1)
        Community.objects.filter(pk=community.pk).update(created_at=started)
        crew = rng.sample(people, rng.randint(10, 24))
        leaders = crew[: 1 if _single_leader(rng) else 2] if rng.random() > 0.1 else []
        memberships = []
        for person in crew:
            joined = started + timedelta(days=rng.randint(0, max(age * 30 - 10, 1)))
            left = joined + timedelta(days=rng.randint(20, 200)) if rng.random() < 0.15 else None
            if person in leaders:
                joined, left = started, None
            if left and left > now:
                left = None
            memberships.append(
                Membership(
                    community=community,
                    user=person,
                    role=Membership.Role.LEADER if person in leaders else Membership.Role.MEMBER,
                    state=Membership.State.LEFT if left else Membership.State.ACTIVE,
                    requested_at=joined,
                    joined_at=joined,
                    left_at=left,
                )
            )
        Membership.objects.bulk_create(memberships)
        member_counts_refresh([community])  # bulk_create skips the services that keep the count
        day = rng.randint(3, 25)
        pulses, records = [], []
        for months_ago in range(age - 1, stopped - 1, -1):
            starts = _month_ago(now, months_ago, day)
            if starts > now - timedelta(hours=2):
                break
            meeting = Meeting.objects.create(
                community=community,
                title=f"{community.name[:150]}: {starts:%B} meeting",
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                location="Main Hall 210",
            )
            totals["meetings"] += 1
            here = [
                m.user
                for m in memberships
                if m.joined_at <= starts and (m.left_at is None or m.left_at > starts)
            ]
            going = [u for u in here if rng.random() < 0.6]
            Rsvp.objects.bulk_create(
                [
                    Rsvp(
                        meeting=meeting,
                        user=u,
                        status=Rsvp.Status.YES,
                        created_at=starts - timedelta(days=3),
                    )
                    for u in going
                ]
            )
            came = [u for u in going if rng.random() < 0.8]
            Attendance.objects.bulk_create(
                [
                    Attendance(
                        meeting=meeting,
                        user=u,
                        present=True,
                        recorded_at=starts + timedelta(hours=2),
                    )
                    for u in came
                ]
            )
            # Pulse drifts over the year: thriving groups rise, fading ones fall.
            mood = 3.6 + drift * (age - months_ago) / age
            for user in came:
                records.append(
                    (f"pulse:meeting:{meeting.pk}:user:{user.pk}", starts + timedelta(hours=3))
                )
                if rng.random() < 0.55:
                    value = max(1, min(5, round(rng.gauss(mood, 0.8))))
                    pulses.append(
                        (
                            PulseAnswer(
                                community=community,
                                meeting=meeting,
                                user=user,
                                value=value,
                                focus=rng.choice(FOCUS),
                            ),
                            starts + timedelta(hours=rng.randint(3, 60)),
                        )
                    )
        if profile != "fading":  # the next meeting is on the calendar
            starts = timezone.localtime(now + timedelta(days=rng.randint(5, 25))).replace(
                hour=12, minute=0, second=0, microsecond=0
            )
            Meeting.objects.create(
                community=community,
                title=f"{community.name[:150]}: {starts:%B} meeting",
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                location="Main Hall 210",
            )
        self._backdated(PulseAnswer, [p for p, _ in pulses], [t for _, t in pulses])
        self._backdated(
            JobRecord,
            [JobRecord(key=k, job="pulse", community=community) for k, _ in records],
            [t for _, t in records],
        )
        totals["pulses"] += len(pulses)
        if profile == "slipping" and leaders:  # a renewal nobody confirmed
            renewal = RenewalRequest.objects.create(
                community=community, year=1, due_on=(now - timedelta(days=40)).date()
            )
            RenewalRequest.objects.filter(pk=renewal.pk).update(asked_at=now - timedelta(days=40))

    @staticmethod
    def _backdated(model, objects, times):
        """bulk_create, then set the auto_now_add ``created_at`` to the made-up times."""
        created = model.objects.bulk_create(objects)
        for obj, moment in zip(created, times, strict=True):
            obj.created_at = moment
        model.objects.bulk_update(created, ["created_at"], batch_size=500)


def _single_leader(rng) -> bool:
    """About a third of the demo communities rely on a single leader."""
    return rng.random() < 0.35
