"""A large, deterministic data set for benchmarks: thousands of communities, tens of thousands of
people, memberships, meetings and RSVPs, written with bulk inserts.

The same ``--seed`` always gives the same rows (names, sizes, states, times relative to a fixed
anchor date). Sizes follow a long tail: a few very large communities, many small ones. Some
communities are dormant or archived; a few have no leader. Users get an unusable password (no
hashing), so nobody can log in as them; benchmarks log them in by creating sessions directly.

Bulk inserts skip ``save()``: no history rows are written and no e-mail is sent. Development and
benchmarks only: the bench app is installed with DEBUG=1 or by bench.settings, so a production
process has no seed_scale command at all.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from communities.models import (
    Attendance,
    Community,
    FormerSlug,
    Kind,
    Meeting,
    MeetingFormat,
    Membership,
    MembershipPolicy,
    Proposal,
    Rsvp,
    slug_candidates,
)
from communities.names import name_key
from communities.services.memberships import member_counts_refresh

BATCH = 5000
USERNAME_PREFIX = "scale"
TOPICS = [
    "Accessibility", "Data Science", "Research Computing", "Teaching", "Sustainability",
    "Open Source", "Web Design", "User Experience", "Project Management", "Plain Language",
    "Cybersecurity", "Machine Learning", "Grant Writing", "Mentoring", "Wellbeing",
    "Diversity and Inclusion", "Library Services", "Student Success", "Finance", "Communications",
    "Cloud Infrastructure", "Assessment", "Digital Humanities", "Lab Safety", "Procurement",
    "Writing", "Statistics", "GIS Mapping", "Video Production", "Public Health",
]  # fmt: skip
QUALIFIERS = [
    "Campus", "Applied", "Early Career", "Advanced", "Regional", "Practical", "Emerging",
    "Inclusive", "Digital", "Collaborative", "Northern", "Southern", "Evening", "Global",
]  # fmt: skip
SUFFIXES = ["Community of Practice", "Network", "Circle", "Guild", "Forum", "Working Group"]
COUNCIL_SUFFIXES = ["Council", "Advisory Board", "Senate"]
UNITS = ["Central IT", "Library", "Provost Office", "Human Resources", "Research Office",
         "Facilities", "Student Affairs", "School of Medicine", "College of Engineering"]  # fmt: skip
CADENCES = ["Weekly", "Every other week", "Monthly, 2nd Wednesday", "Monthly", "Quarterly", ""]
FIRST_NAMES = ["Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Avery", "Quinn",
               "Jamie", "Rowan", "Dana", "Kai", "Noor", "Mei", "Ana", "Ibrahim", "Zoe"]  # fmt: skip
LAST_NAMES = ["Smith", "Garcia", "Nguyen", "Khan", "Okafor", "Müller", "Rossi", "Tanaka",
              "Kowalski", "Silva", "Johansson", "Haddad", "Cohen", "Murphy", "Lee"]  # fmt: skip


class Command(BaseCommand):
    help = "Bulk-create a large deterministic data set for benchmarks (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--communities", type=int, default=2000)
        parser.add_argument("--users", type=int, default=50000)
        parser.add_argument("--memberships", type=int, default=100000)
        parser.add_argument("--meetings", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete all communities, meetings, memberships and non-staff users first.",
        )

    def handle(self, *args, **opts):
        if not settings.DEBUG and not opts["reset"]:
            self.stdout.write("Note: DEBUG is off; seed_scale is meant for benchmark databases.")
        if opts["memberships"] > opts["communities"] * opts["users"]:
            raise CommandError("More memberships than community × user pairs.")
        started = time.monotonic()
        rng = random.Random(opts["seed"])
        with transaction.atomic():
            if opts["reset"]:
                self._reset()
            elif Community.objects.exists():
                raise CommandError("The database has communities already: use --reset.")
            self._version_triggers("DISABLE")
            communities, weights = self._communities(rng, opts["communities"])
            users = self._users(opts["users"])
            members = self._memberships(rng, communities, weights, users, opts["memberships"])
            meetings = self._meetings(rng, communities, weights, opts["meetings"])
            rsvps = self._rsvps(rng, meetings, members)
            proposals = self._proposals(rng, users, max(1, opts["communities"] // 20))
            self._version_triggers("ENABLE")
        if connection.vendor == "postgresql":
            # Fresh statistics, visibility maps and flushed GIN pending lists: without them the
            # planner skips the search indexes and counts cannot use index-only scans.
            with connection.cursor() as cursor:
                # VACUUM cannot run inside a transaction (a caller's atomic block, tests).
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            f"Created {len(communities)} communities, {len(users)} users, "
            f"{Membership.objects.count()} memberships, {len(meetings)} meetings, "
            f"{rsvps} RSVPs, {proposals} proposals in {time.monotonic() - started:.1f} s."
        )

    def _version_triggers(self, action):
        """Switch the data-version triggers (migration 0005) off for the bulk load, which would
        otherwise queue one trigger event per row, and bump the version once when done."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            if action == "ENABLE":
                # Run the deferred foreign-key checks now: ALTER TABLE refuses pending events.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in (Community, Membership, Meeting):
                name = table._meta.db_table
                cursor.execute(f"ALTER TABLE {name} {action} TRIGGER {name}_data_version")
            if action == "ENABLE":
                cursor.execute(
                    "UPDATE communities_dataversion SET version = version + 1 WHERE id = 0"
                )

    def _reset(self):
        """Empty the domain tables with plain SQL: ORM deletes would write a history row (one
        INSERT) per deleted community and membership, which takes many minutes at this size."""
        models = [Rsvp, Attendance, Meeting, Membership, FormerSlug, Proposal, Community]
        models += [Membership.history.model, Community.history.model, Proposal.history.model]
        tables = [model._meta.db_table for model in models]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
            else:
                for table in tables:
                    cursor.execute(f"DELETE FROM {table}")  # our own table names, not input
            user_table = get_user_model()._meta.db_table
            cursor.execute(
                f"DELETE FROM {user_table} WHERE username LIKE %s",  # as above
                [f"{USERNAME_PREFIX}%"],
            )

    def _communities(self, rng, count):
        """Unique names from topic × qualifier × suffix; a Zipf-like weight per community."""
        names, seen = [], set()
        while len(names) < count:
            council = rng.random() < 0.1
            suffix = rng.choice(COUNCIL_SUFFIXES if council else SUFFIXES)
            topic = rng.choice(TOPICS)
            name = f"{rng.choice(QUALIFIERS)} {topic} {suffix}"
            if name.lower() in seen:
                name = f"{name} {len(names) + 1}"
            seen.add(name.lower())
            names.append((name, topic, council))
        slugs, rows = set(), []
        for index, (name, topic, council) in enumerate(names):
            slug = next(s for s in slug_candidates(name) if s not in slugs)
            slugs.add(slug)
            status = rng.choices(["active", "dormant", "archived"], [85, 10, 5])[0]
            policy = (
                MembershipPolicy.RESTRICTED
                if council
                else rng.choices([MembershipPolicy.OPEN, MembershipPolicy.REQUEST], [75, 25])[0]
            )
            rows.append(
                Community(
                    name=name,
                    # bulk_create skips save(), which derives the key from the name.
                    name_key=name_key(name),
                    slug=slug,
                    kind=Kind.COUNCIL if council else Kind.COMMUNITY,
                    category=topic,
                    summary=f"Colleagues working on {topic.lower()} who meet to share practice.",
                    description=(
                        f"The {name} brings together people across the organisation who care "
                        f"about {topic.lower()}. We share what works, review each other's "
                        f"projects and invite speakers. Group number {index + 1}."
                    ),
                    meeting_cadence=rng.choice(CADENCES),
                    meeting_format=rng.choice(MeetingFormat.values),
                    usual_location=f"Building {rng.randint(1, 40)}, room {rng.randint(100, 499)}",
                    membership_policy=policy,
                    host_unit=rng.choice(UNITS),
                    status=status,
                )
            )
        communities = Community.objects.bulk_create(rows, batch_size=BATCH)
        order = list(range(count))
        rng.shuffle(order)  # the largest communities are not simply the first created
        weights = [0.0] * count
        for rank, index in enumerate(order):
            weights[index] = 1 / (rank + 1) ** 1.1
        return communities, weights

    def _users(self, count):
        model = get_user_model()
        rows = []
        for n in range(count):
            first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[n % len(LAST_NAMES)]
            rows.append(
                model(
                    username=f"{USERNAME_PREFIX}{n}",
                    email=f"{USERNAME_PREFIX}{n}@example.edu",
                    first_name=first,
                    last_name=last,
                    # Unusable (starts with "!"), so no hashing: nobody logs in with a password.
                    password=f"{UNUSABLE_PASSWORD_PREFIX}scale",
                )
            )
        return model.objects.bulk_create(rows, batch_size=BATCH)

    def _memberships(self, rng, communities, weights, users, total):
        """``total`` memberships split by weight (at least one per community, capped at the
        number of users); the first one or two are leaders, unless the community seeks one."""
        scale = total / sum(weights)
        sizes = [max(1, min(len(users), int(w * scale))) for w in weights]
        # Hand the rounding remainder to the communities that lost the most to rounding down.
        by_remainder = sorted(
            range(len(weights)), key=lambda i: int(weights[i] * scale) - weights[i] * scale
        )
        for index in by_remainder[: max(0, total - sum(sizes))]:
            sizes[index] = min(len(users), sizes[index] + 1)
        members, rows = {}, []
        now = datetime(2026, 1, 1, tzinfo=UTC)
        for community, size in zip(communities, sizes, strict=True):
            picked = rng.sample(range(len(users)), size)
            seeking = rng.random() < 0.05
            leaders = 0 if seeking else rng.choice([1, 1, 2])
            active = []
            for position, index in enumerate(picked):
                leader = position < leaders
                state = (
                    Membership.State.ACTIVE
                    if leader
                    else rng.choices(["active", "pending", "left"], [90, 4, 6])[0]
                )
                joined = now - timedelta(days=rng.randint(1, 1500))
                rows.append(
                    Membership(
                        community=community,
                        user=users[index],
                        role=(
                            Membership.Role.LEADER if position == 0 else Membership.Role.CO_LEADER
                        )
                        if leader
                        else Membership.Role.MEMBER,
                        state=state,
                        requested_at=joined,
                        joined_at=None if state == "pending" else joined,
                        left_at=joined + timedelta(days=30) if state == "left" else None,
                    )
                )
                if state == Membership.State.ACTIVE:
                    active.append(users[index])
            members[community.pk] = active
        Membership.objects.bulk_create(rows, batch_size=BATCH)
        member_counts_refresh()  # bulk_create skips the services that keep the count
        return members

    def _meetings(self, rng, communities, weights, total):
        """Meetings spread over a year either side of today; busier communities meet more."""
        anchor = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        live = [i for i, c in enumerate(communities) if c.status != Community.Status.ARCHIVED]
        live_weights = [weights[i] ** 0.5 for i in live]
        picks = rng.choices(live, live_weights, k=total)
        rows = []
        for n, index in enumerate(picks):
            community = communities[index]
            # Dormant communities only have past meetings.
            days = rng.randint(-365, -1 if community.status == "dormant" else 365)
            starts = anchor + timedelta(days=days, hours=rng.randint(14, 22))
            rows.append(
                Meeting(
                    community=community,
                    title=f"{community.category} session {n + 1}",
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=rng.choice([30, 60, 90])),
                    timezone=settings.TIME_ZONE,
                    location=community.usual_location,
                    capacity=rng.choice([None, None, 20, 50]),
                    cancelled=rng.random() < 0.03,
                )
            )
        return Meeting.objects.bulk_create(rows, batch_size=BATCH)

    def _rsvps(self, rng, meetings, members):
        """Up to 12 RSVPs per meeting from the community's active members."""
        rows, created = [], 0
        for meeting in meetings:
            people = members.get(meeting.community_id, [])
            for user in rng.sample(people, min(len(people), rng.randint(0, 12))):
                rows.append(
                    Rsvp(
                        meeting=meeting,
                        user=user,
                        status=rng.choices(["yes", "no", "waitlist"], [70, 25, 5])[0],
                    )
                )
            if len(rows) >= BATCH:
                Rsvp.objects.bulk_create(rows, batch_size=BATCH)
                created, rows = created + len(rows), []
        Rsvp.objects.bulk_create(rows, batch_size=BATCH)
        return created + len(rows)

    def _proposals(self, rng, users, count):
        """Proposals in every state, by random people; decided ones carry a decision time."""
        rows = []
        for n in range(count):
            status = rng.choices(["submitted", "approved", "declined", "withdrawn"], [4, 3, 2, 1])[
                0
            ]
            topic = rng.choice(TOPICS)
            rows.append(
                Proposal(
                    proposer=rng.choice(users),
                    name=f"Proposed {topic} group {n + 1}",
                    category=topic,
                    purpose=f"Bring together people who work on {topic.lower()}.",
                    audience="Anyone interested, across units.",
                    status=status,
                    decided_at=None
                    if status in ("submitted", "withdrawn")
                    else datetime(2026, 1, 1, tzinfo=UTC),
                )
            )
        return len(Proposal.objects.bulk_create(rows, batch_size=BATCH))
