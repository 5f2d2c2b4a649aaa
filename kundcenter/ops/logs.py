"""Log lines an operator can follow: time, level, logger and the request's id on every
line, as text or (LOG_FORMAT=json) one JSON object per line for a log collector.

The request id is the incoming X-Request-ID header when a proxy set a sane one (nginx's
$request_id, see contrib/nginx.conf), else a new one; it is echoed in the response's
X-Request-ID header, so a user's error report can be found in every host's log.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="-")
SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if SANE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        # Not reset afterwards: Django logs a failed response (django.request) after the
        # middleware has returned, and that line should carry the id too. The next
        # request in this thread sets its own.
        request_id.set(rid)
        response = self.get_response(request)
        response["X-Request-ID"] = rid
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request's id (or "-") on every record as `request_id`."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request_id, message (and the
    traceback as `exc_info` when there is one)."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
