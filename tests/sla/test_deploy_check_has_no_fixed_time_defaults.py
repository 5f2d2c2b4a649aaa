"""`manage.py check --deploy` says nothing about fixed time defaults (fields.W161), even
when run within seconds of one of the opening-hours defaults (08:00, 12:00, 13:00, 16:00)."""

import contextlib
import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core import checks
from django.core.management import call_command

from kundcenter.sla.models import CalendarSettings


@pytest.mark.parametrize("hour", [8, 12, 13, 16])
def test_no_w161_at_the_default_opening_times(hour):
    near = datetime.datetime(2026, 1, 12, hour, 0, 3)
    with mock.patch("django.db.models.fields._get_naive_now", return_value=near):
        found = [m.id for m in checks.run_checks(include_deployment_checks=True)]
    assert "fields.W161" not in found


def test_check_deploy_prints_no_w161_at_one_oclock():
    out, err = StringIO(), StringIO()
    near = datetime.datetime(2026, 1, 12, 13, 0, 2)
    # Deploy warnings in the test settings may make the command fail: only W161 counts.
    with (
        mock.patch("django.db.models.fields._get_naive_now", return_value=near),
        contextlib.suppress(Exception),
    ):
        call_command("check", "--deploy", stdout=out, stderr=err)
    assert "W161" not in out.getvalue() + err.getvalue()


def test_the_defaults_are_still_the_brochures_hours():
    fresh = CalendarSettings()
    assert (fresh.opens, fresh.closes) == (datetime.time(8), datetime.time(16))
    assert (fresh.lunch_starts, fresh.lunch_ends) == (datetime.time(12), datetime.time(13))
    assert fresh.half_day_closes == datetime.time(13)
