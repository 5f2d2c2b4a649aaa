"""Requests made by other systems with a bearer token, not by people with a session.

The API (the vendor's own systems) and the HTTP mail gate (the MTA) authenticate every
request with a token of their own. A session's second factor means nothing to them, so
the two-factor middleware leaves them alone. tests/mail_inbound/test_mail_gate.py checks
that the URLs really live under these paths.
"""

API_PATH = "/api/"
# The MTA's client posts each received message here (kundcenter.mail.gate). It is
# e-mail ingestion, which the processing log leaves out wherever mail comes in.
MAIL_GATE_PATH = "/epost/grind/"


def is_machine_path(path: str) -> bool:
    """Is `path` one that systems call with a bearer token (no session, no 2FA)?"""
    return path.startswith(API_PATH) or path == MAIL_GATE_PATH


def is_mail_gate_path(path: str) -> bool:
    return path == MAIL_GATE_PATH
