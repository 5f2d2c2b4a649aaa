"""Writes the processing-log entries a request collected, once, at its end."""

from kundcenter.privacy import log


class ProcessingLogMiddleware:
    """Flushes `log.record()` entries with a single bulk INSERT after the view ran.

    Entries are written whatever the response status: a staff member who opened a
    ticket page that then failed has still read what was rendered before the failure.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        log.flush(request)
        return response
