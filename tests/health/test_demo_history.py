import io

import pytest
from django.core.management import CommandError, call_command

from communities.models import Meeting
from health.activity import monthly_activity
from health.models import PulseAnswer


def test_demo_history_gives_the_dashboard_real_numbers_once(make_community, settings):
    settings.DEBUG = True
    for i in range(4):
        make_community(f"Demo Group {i}")
    call_command("seed_demo_history", stdout=io.StringIO())
    months = monthly_activity()
    assert sum(m.meetings for m in months) >= 12 and months[-1].members > 0
    assert PulseAnswer.objects.exists()
    assert Meeting.objects.filter(pulses__isnull=False).exists()
    with pytest.raises(CommandError, match="exists already"):
        call_command("seed_demo_history")


def test_demo_history_is_refused_in_production(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=0"):
        call_command("seed_demo_history")
