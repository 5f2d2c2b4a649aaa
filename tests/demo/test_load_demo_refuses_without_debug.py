"""`manage.py load_demo` refuses with DEBUG off, as a production server runs: demo people
would get real mail and log in with a published password. `--force` overrides it;
`make run` sets DEBUG=1."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command, load_command_class

from kundcenter.accounts.models import Organization, User
from kundcenter.demo import data as demo_data


def demo_customers():
    return Organization.objects.filter(org_number__in=[c.org_number for c in demo_data.CUSTOMERS])


def demo_people():
    return User.objects.filter(email__in=[p.email for p in demo_data.PEOPLE])


@pytest.mark.django_db
def test_with_debug_off_it_refuses_and_creates_nothing(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to load demo data with DEBUG off") as refused:
        call_command("load_demo", stdout=StringIO())
    assert "demo people would get real mail" in str(refused.value)
    assert "--force" in str(refused.value)
    assert not demo_customers().exists()
    assert not demo_people().exists()


def test_the_refusal_goes_to_stderr_with_a_failing_exit_status(settings, capsys):
    settings.DEBUG = False
    command = load_command_class("kundcenter.demo", "load_demo")
    with pytest.raises(SystemExit) as exited:
        command.run_from_argv(["manage.py", "load_demo", "--skip-checks"])
    assert exited.value.code != 0
    output = capsys.readouterr()
    assert "refuses to load demo data with DEBUG off" in output.err
    assert "Demo logins" not in output.out


@pytest.mark.django_db
def test_with_debug_off_and_force_it_loads(settings):
    settings.DEBUG = False
    call_command("load_demo", force=True, stdout=StringIO())
    assert demo_customers().count() == len(demo_data.CUSTOMERS)
    assert demo_people().count() == len(demo_data.PEOPLE)


@pytest.mark.django_db
def test_with_debug_on_it_loads(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert demo_customers().count() == len(demo_data.CUSTOMERS)
    assert "Demo logins" in out.getvalue()
