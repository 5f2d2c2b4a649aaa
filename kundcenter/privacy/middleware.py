"""Writes the processing-log entries a request collected, once, at its end."""

from kundcenter.lib.machine import is_mail_gate_path
from kundcenter.privacy import log


class ProcessingLogMiddleware:
    """Flushes `log.record()` entries with a single bulk INSERT after the view ran.

    While the view runs the request is `log.current_request()`, so the changes staff
    make are logged from the audit rows they write (kundcenter.privacy.changes) in the
    same INSERT. Entries are written whatever the response status: a staff member who
    opened a ticket page that then failed has still read what was rendered before the
    failure.

    The mail gate is skipped: it is e-mail ingestion, which is not logged however the
    mail comes in (kundcenter.privacy.changes).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_mail_gate_path(request.path_info):
            return self.get_response(request)
        token = log.running(request)
        try:
            response = self.get_response(request)
        finally:
            log.finished(token)
        log.flush(request)
        return response
