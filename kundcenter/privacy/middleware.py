"""Writes the processing-log entries a request collected, once, at its end."""

from kundcenter.privacy import log


class ProcessingLogMiddleware:
    """Flushes `log.record()` entries with a single bulk INSERT after the view ran.

    While the view runs the request is `log.current_request()`, so the changes staff
    make are logged from the audit rows they write (kundcenter.privacy.changes) in the
    same INSERT. Entries are written whatever the response status: a staff member who
    opened a ticket page that then failed has still read what was rendered before the
    failure.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = log.running(request)
        try:
            response = self.get_response(request)
        finally:
            log.finished(token)
        log.flush(request)
        return response
