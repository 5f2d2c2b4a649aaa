"""A mail poller killed right after its commit (issue 11): the ticket and its outbox row
were committed together, the hand-over to delivery never happened. The same message read
again is a duplicate, and the periodic job sends the ticket's two notification mails
(reporter and the team's specialist) once each; its next run sends nothing more.
"""

import signal
from pathlib import Path

from tests.faults.helpers import SUPERUSER, TEAM_ADDRESS, notification, site_env

MESSAGE = (
    Path(__file__).parents[1] / "mail_inbound" / "corpus" / "01_outlook_new_ticket_sv.eml"
).read_bytes()

# The poller: ingest one message, and die where the hand-over after commit would run.
KILLED_AFTER_COMMIT = """
import os
import signal
import sys

from kundcenter.mail.ingest import ingest
from kundcenter.outbox import events


def die(ids):
    os.kill(os.getpid(), signal.SIGKILL)


events.hand_over = die
ingest(sys.stdin.buffer.read())
print("still alive")
"""


def assert_each_notification_sent_once(sink, number):
    [to_reporter] = sink.to(SUPERUSER)
    assert notification(to_reporter) == "ticket_registered"
    [to_team] = sink.to(TEAM_ADDRESS)
    assert notification(to_team) == "team_new_ticket"
    assert {to_reporter["X-Kundcenter-Ticket"], to_team["X-Kundcenter-Ticket"]} == {number}
    assert len(sink.messages) == 2


def test_the_tickets_mail_goes_out_once_after_the_poller_died(site_db, sink, processes, var_dir):
    env = site_env(site_db.url, var_dir, smtp_port=sink.port)

    poller = processes.script("poller", env, KILLED_AFTER_COMMIT, check=False, stdin=MESSAGE)
    assert poller.popen.returncode == -signal.SIGKILL, poller.output()
    [(number, outcome)] = site_db.rows(
        "SELECT t.number, m.outcome FROM mail_inboundmessage m"
        " JOIN tickets_ticket t ON t.id = m.ticket_id"
    )
    assert outcome == "ticket_created"
    assert site_db.outbox() == [("ticket_registered", "", 0)]
    assert sink.messages == []

    again = processes.manage(env, "ingest_mail", stdin=MESSAGE)
    assert again.output().splitlines()[-1] == "duplicate"
    assert site_db.scalar("SELECT COUNT(*) FROM tickets_ticket") == 1

    processes.manage(env, "run_scheduler", "--once")
    assert_each_notification_sent_once(sink, number)
    assert site_db.outbox() == []

    processes.manage(env, "run_scheduler", "--once")
    assert_each_notification_sent_once(sink, number)
