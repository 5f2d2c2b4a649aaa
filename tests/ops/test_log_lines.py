"""Every log line has time, level, logger and the request id; LOG_FORMAT=json makes one
JSON object per line."""

import json
import logging

from kundcenter.ops.logs import JsonFormatter, RequestIdFilter, request_id


def _record(message="Ärende registrerat"):
    record = logging.LogRecord("kundcenter.tickets", logging.INFO, __file__, 1, message, (), None)
    RequestIdFilter().filter(record)
    return record


def test_text_lines_name_time_level_logger_and_request(settings):
    request_id.set("abc123def456")
    formatter = logging.Formatter(settings.LOGGING["formatters"]["text"]["format"])
    line = formatter.format(_record())
    assert " INFO kundcenter.tickets [abc123def456] Ärende registrerat" in line
    assert line[:4].isdigit()  # begins with the date


def test_json_lines_are_one_object_each():
    request_id.set("abc123def456")
    entry = json.loads(JsonFormatter().format(_record()))
    assert entry["level"] == "INFO"
    assert entry["logger"] == "kundcenter.tickets"
    assert entry["request_id"] == "abc123def456"
    assert entry["message"] == "Ärende registrerat"
    assert entry["time"][:2] == "20"
