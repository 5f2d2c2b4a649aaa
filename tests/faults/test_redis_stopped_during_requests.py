"""Redis stopped while people register, ask for a new password and register a ticket
(issue 11): every page answers as usual, nothing is lost, and every mail arrives exactly
once, when Redis is back (the worker and its beat) or when the periodic job runs without
it (run_scheduler).

The site runs under `manage.py runserver` with REDIS_URL set, as deployed; rate limiting
is on and counts in the same Redis (CACHE_URL defaults to REDIS_URL), so it must let
people through while Redis is gone.
"""

import re
import time
from dataclasses import dataclass

import pytest

from tests.factories import PASSWORD
from tests.faults.helpers import (
    PYTHON,
    SETTLE_SECONDS,
    SUPERUSER,
    TEAM_ADDRESS,
    Browser,
    Processes,
    body_text,
    celery_worker_args,
    notification,
    site_env,
    wait_until,
)
from tests.mail_outbound.smtp_server import free_port

NEW_PASSWORD = "Nytt-losenord-2026!"
TICKET_TITLE = "Momsrapporten visar fel belopp"


@dataclass
class Site:
    url: str
    env: dict
    processes: Processes


@pytest.fixture(scope="module")
def site(site_db, redis_server, sink_server, var_dir, tmp_path_factory):
    """The site under runserver, with the private Redis as broker and cache."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = site_env(
        site_db.url,
        var_dir,
        smtp_port=sink_server.port,
        REDIS_URL=redis_server.url,
        SITE_URL=url,
    )
    processes = Processes(tmp_path_factory.mktemp("faults-web"))
    try:
        server = processes.start(
            "runserver",
            [PYTHON, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
            env,
        )

        def answers():
            assert server.running(), f"runserver ended\n{server.output()}"
            try:
                return Browser(url).get("/konto/logga-in/").status == 200
            except OSError:
                return False

        wait_until(answers, 60, "the site to answer", processes.logs)
        yield Site(url, env, processes)
    finally:
        processes.stop_all()


def use_the_site(site: Site, newcomer: str) -> str:
    """Register `newcomer`, ask for a new password for the SuperUser, log in as the
    SuperUser and register a ticket in the portal; every page must answer as usual.
    Returns the ticket's number."""
    visitor = Browser(site.url)
    sent = visitor.submit(
        "/konto/registrera/",
        {
            "full_name": "Nils Nykomling",
            "email": newcomer,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert (sent.status, sent.location) == (302, "/konto/registrera/skickat/"), sent.text[:2000]
    assert visitor.follow(sent).status == 200

    forgetful = Browser(site.url)
    asked = forgetful.submit("/konto/glomt-losenord/", {"email": SUPERUSER})
    assert (asked.status, asked.location) == (302, "/konto/glomt-losenord/skickat/"), asked.text
    assert forgetful.follow(asked).status == 200

    superuser = Browser(site.url)
    logged_in = superuser.submit(
        "/konto/logga-in/", {"username": SUPERUSER, "password": PASSWORD, "next": ""}
    )
    assert logged_in.status == 302, logged_in.text[:2000]
    form = superuser.get("/arenden/nytt/")
    assert form.status == 200, form.text[:2000]
    module = re.search(r'<option value="(\d+)"[^>]*>\s*Ekonomi\s*<', form.text)
    assert module, form.text[:3000]
    registered = superuser.submit(
        "/arenden/nytt/",
        {
            "module": module.group(1),
            "category": "support",
            "title": TICKET_TITLE,
            "description": "Utgående moms blir 0 kr för mars trots att vi har fakturerat.",
            "kb_log": "",
        },
        form=form,
    )
    assert registered.status == 302, registered.text[:3000]
    assert superuser.follow(registered).status == 200
    number = re.fullmatch(r"/arenden/(\d{4}-\d{6})/", registered.location)
    assert number, registered.location

    pages = visitor.pages + forgetful.pages + superuser.pages
    assert [p for p in pages if p.status not in (200, 302)] == []
    slowest = max(pages, key=lambda p: p.seconds)
    assert slowest.seconds < 10, f"{slowest.url} took {slowest.seconds:.1f} s"
    return number.group(1)


def assert_recorded_and_waiting(site_db, sink, newcomer):
    """Nothing sent, nothing lost: the three requests' outbox rows wait, untried."""
    assert sink.messages == []
    assert site_db.outbox() == [
        ("registration_requested", newcomer, 0),
        ("password_reset_requested", SUPERUSER, 0),
        ("ticket_registered", "", 0),
    ]


def assert_every_mail_arrives_once(site_db, sink, newcomer, number, logs):
    def all_arrived():
        return (
            len(sink.to(newcomer)) >= 1
            and len(sink.to(SUPERUSER)) >= 2
            and len(sink.to(TEAM_ADDRESS)) >= 1
        )

    wait_until(all_arrived, 60, "the four mails", logs)
    wait_until(lambda: not site_db.outbox(), 10, "an empty outbox", logs)
    time.sleep(SETTLE_SECONDS)  # a second copy would arrive now

    [confirmation] = sink.to(newcomer)
    assert "/konto/registrera/bekrafta/" in body_text(confirmation)
    to_superuser = sink.to(SUPERUSER)
    assert sorted(notification(m) for m in to_superuser) == ["", "ticket_registered"]
    [reset] = [m for m in to_superuser if not notification(m)]
    assert "/konto/aterstall/" in body_text(reset)
    [ticket_mail] = [m for m in to_superuser if notification(m)]
    assert number in ticket_mail["Subject"]
    [to_team] = sink.to(TEAM_ADDRESS)
    assert notification(to_team) == "team_new_ticket"
    assert number in to_team["Subject"]
    assert len(sink.messages) == 4
    assert site_db.outbox() == []


def test_every_mail_goes_out_once_when_redis_is_back_and_a_worker_starts(
    site, site_db, redis, sink, processes, tmp_path
):
    redis.kill()
    newcomer = "nils.nykomling@exempel.se"
    number = use_the_site(site, newcomer)
    assert_recorded_and_waiting(site_db, sink, newcomer)

    redis.start()
    worker_env = {**site.env, "OUTBOX_INTERVAL_SECONDS": "1"}
    processes.start("worker", celery_worker_args(tmp_path / "beat"), worker_env)

    assert_every_mail_arrives_once(
        site_db, sink, newcomer, number, lambda: site.processes.logs() + processes.logs()
    )


def test_every_mail_goes_out_once_when_redis_is_back_under_the_worker_that_kept_running(
    site, site_db, redis, sink, processes, tmp_path
):
    worker_env = {**site.env, "OUTBOX_INTERVAL_SECONDS": "1"}
    worker = processes.start("worker", celery_worker_args(tmp_path / "beat"), worker_env)
    wait_until(lambda: " ready." in worker.output(), 60, "the worker", processes.logs)

    redis.kill()  # the worker and its beat lose the broker, and try again
    newcomer = "nisse.nykomling@exempel.se"
    number = use_the_site(site, newcomer)
    assert_recorded_and_waiting(site_db, sink, newcomer)

    redis.start()

    assert_every_mail_arrives_once(
        site_db, sink, newcomer, number, lambda: site.processes.logs() + processes.logs()
    )


def test_every_mail_goes_out_once_when_the_periodic_job_runs_with_redis_still_down(
    site, site_db, redis, sink, processes
):
    redis.kill()
    newcomer = "nora.nykomling@exempel.se"
    number = use_the_site(site, newcomer)
    assert_recorded_and_waiting(site_db, sink, newcomer)

    # The periodic job with the broker still down: run_scheduler, as cron or a site
    # without its worker runs it. Its own hand-over of the mails a notification fans out
    # into fails too, so those go on its next run.
    processes.start(
        "run_scheduler",
        [PYTHON, "manage.py", "run_scheduler"],
        {**site.env, "OUTBOX_INTERVAL_SECONDS": "1"},
    )

    assert_every_mail_arrives_once(
        site_db, sink, newcomer, number, lambda: site.processes.logs() + processes.logs()
    )
