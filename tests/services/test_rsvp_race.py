"""Many people RSVP at the same moment: the capacity holds and the waitlist keeps arrival order.

Real concurrency needs real row locks, so these run on PostgreSQL only (SQLite serialises every
write and has no SELECT ... FOR UPDATE). Each thread has its own database connection.
"""

import threading

import pytest
from django.db import connection, connections

from communities.models import Rsvp
from communities.services import rsvps
from tests.meeting_helpers import schedule
from tests.personas import add_member

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 24
CAPACITY = 5


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (set DATABASE_URL to a postgres:// URL)")


def _run_together(target, args_list):
    barrier = threading.Barrier(len(args_list))
    errors = []

    def run(*args):
        try:
            barrier.wait()
            target(*args)
        except Exception as error:  # collected and re-raised in the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def test_concurrent_rsvps_never_exceed_the_capacity(community, make_user):
    meeting = schedule(community, capacity=CAPACITY)
    people = [make_user(f"racer{n}") for n in range(PEOPLE)]
    for person in people:
        add_member(community, person)

    def answer(person):
        rsvps.rsvp_set(meeting=meeting, user=person, going=True)

    _run_together(answer, [(p,) for p in people])
    assert meeting.rsvps.filter(status=Rsvp.Status.YES).count() == CAPACITY
    assert meeting.rsvps.filter(status=Rsvp.Status.WAITLIST).count() == PEOPLE - CAPACITY


def test_concurrent_cancellations_move_the_waitlist_up_in_arrival_order(community, make_user):
    meeting = schedule(community, capacity=CAPACITY)
    people = [make_user(f"racer{n}") for n in range(CAPACITY + 6)]
    for person in people:  # one by one: the order of arrival is known
        add_member(community, person)
        rsvps.rsvp_set(meeting=meeting, user=person, going=True)
    leaving, waiting = people[:3], people[CAPACITY:]

    def cancel(person):
        rsvps.rsvp_set(meeting=meeting, user=person, going=False)

    _run_together(cancel, [(p,) for p in leaving])
    going = set(meeting.rsvps.filter(status=Rsvp.Status.YES).values_list("user_id", flat=True))
    assert len(going) == CAPACITY
    assert {p.pk for p in waiting[:3]} <= going
    still_waiting = meeting.rsvps.filter(status=Rsvp.Status.WAITLIST).order_by("created_at")
    assert [r.user_id for r in still_waiting] == [p.pk for p in waiting[3:]]
